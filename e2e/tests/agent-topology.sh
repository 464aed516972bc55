# e2e-topology: twoNode twoNodePlusTwoCpuless fourNodeTwoSocket
# e2e-agent: yes
# e2e-timeout: 180
# `numa-agent topology` inside the guest agrees with numactl -H: the same "available"
# line, the same CPUs per node, sizes within 4 MB, the same distance table; and its
# tree section after the table names every node.
require_agent
agent topology > /tmp/agent.txt 2> /tmp/agent.err || { cat /tmp/agent.err; fail "numa-agent topology exited non-zero"; }
numactl -H > /tmp/numactl.txt
sed 's/^/    agent: /' /tmp/agent.txt
nodes=$(expected 'len(d["nodes"])')
assert_eq "available line" "$(head -1 /tmp/numactl.txt)" "$(grep -m1 '^available:' /tmp/agent.txt)"
trim() { sed 's/[[:space:]]*$//'; }
for n in $(seq 0 $((nodes - 1))); do
    assert_eq "node $n cpus" "$(grep "^node $n cpus:" /tmp/numactl.txt | trim)" "$(grep "^node $n cpus:" /tmp/agent.txt | trim)"
    want=$(sed -n "s/^node $n size: \([0-9]*\) MB$/\1/p" /tmp/numactl.txt)
    got=$(sed -n "s/^node $n size: \([0-9]*\) MB$/\1/p" /tmp/agent.txt)
    [ -n "$got" ] || fail "no 'node $n size: N MB' line in the agent's output"
    diff=$((got > want ? got - want : want - got))
    [ $diff -le 4 ] || fail "node $n size: agent $got MB, numactl $want MB"
    note "ok: node $n size agent $got MB, numactl $want MB"
    grep -q "^node $n free: [0-9]* MB$" /tmp/agent.txt || fail "no 'node $n free: N MB' line in the agent's output"
done
# the distance table: header plus one row per node, compared with whitespace squeezed
table() { sed -n '/^node distances:/,$p' "$1" | head -$((nodes + 2)) | tr -s ' \t' ' ' | trim; }
assert_eq "distance table" "$(table /tmp/numactl.txt)" "$(table /tmp/agent.txt)"
tree=$(sed -n '/^node distances:/,$p' /tmp/agent.txt | tail -n +$((nodes + 3)))
[ -n "$(echo "$tree" | tr -d '[:space:]')" ] || fail "no tree section after the distance table"
for n in $(seq 0 $((nodes - 1))); do
    echo "$tree" | grep -qiE "node[ -]?$n\b" || fail "tree section does not name node $n"
done
note "ok: tree section names all $nodes nodes"
