# Shared by the agent-tier-mover-* tests (sourced by them): the tier-mover plugin over the
# memes of task /e2e/a, with a memtierd policy config as memtierd takes it. Every wait is
# for what the kernel shows (numa_maps, VmSwap) with a scaled bound that only catches a
# hang; the agent must stay alive throughout.

# tier_setup: cgroup v2 task /e2e/a; AutoNUMA off (only the agent moves pages, and its
# hinting faults would clear accessed bits too).
tier_setup() {
    require_agent
    echo 0 > /proc/sys/kernel/numa_balancing
    cgroup2_setup
    cgroup2_task /e2e/a
}

# tier_meme NODE MEME_OPTIONS...: meme in /e2e/a, its pages first touched on NODE (its CPUs
# only while it allocates: no memory policy is left behind, so every page is free to move).
tier_meme() {
    local node=$1; shift
    local saved; saved=$(taskset -pc $$ | sed 's/.*: //')
    taskset -pc "$(node_cpus "$node")" $$ > /dev/null
    MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start "$@"
    taskset -pc "$saved" $$ > /dev/null
    taskset -pc "$saved" "$MEME_PID" > /dev/null
}

# tier_config FILE INTERVAL POLICY_CONFIG_YAML: one tier-mover plugin whose memtierd policy
# watches /e2e/a; the executor applies (move_pages). The plugin's interval is the policy's
# intervalms: it is also the deadline of its decide() call, and a round over a few hundred
# ranges took 1.3-2.2 s under TCG at load ~30 (a 1 s interval dropped most rounds' decisions).
tier_config() {
    agent_config "$1" /e2e/a "{name: tier-mover, interval: $2, config: {heatmap_dump: true, policy: $3}}" \
        "{apply: true, migration: move_pages, owners: {memory: tier-mover}}"
}

# tier_start CONFIG: the agent's loop in the background (stdout: outcomes as JSON lines).
tier_start() {
    TIER_OUT=/tmp/tier.out
    agent_bg "$TIER_OUT" run -c "$1" --state-dir /tmp/numa-agent-state --record /tmp/tier-rec.jsonl
    TIER_START=$(date +%s.%N)
}

# tier_wait WHAT BOUND_S COMMAND...: polls COMMAND until it succeeds; fails when the agent
# exits first or the (scaled) bound passes. Sets TIER_WAITED (seconds since tier_start).
# Every 30 s it prints what $TIER_PROGRESS (a command, if set) says, to follow a slow guest.
tier_wait() {
    local what=$1 bound; bound=$(scaled "$2"); shift 2
    local deadline=$(( $(date +%s) + bound )) next=$(( $(date +%s) + 30 ))
    until "$@"; do
        kill -0 "$AGENT_PID" 2>/dev/null || { tier_dump; fail "agent exited while waiting for $what"; }
        [ "$(date +%s)" -lt $deadline ] || { tier_dump; fail "$what: not within ${bound}s"; }
        if [ "$(date +%s)" -ge $next ]; then
            next=$(( $(date +%s) + 30 ))
            note "waiting ($(seconds_since "$TIER_START")s): $what; $(grep -c '^{' "$TIER_OUT" || true) outcome(s)${TIER_PROGRESS:+; $($TIER_PROGRESS)}"
        fi
        sleep 1
    done
    TIER_WAITED=$(seconds_since "$TIER_START")
    note "after ${TIER_WAITED}s: $what"
}

tier_dump() {
    sed 's/^/    out: /' "$TIER_OUT" | tail -15
    sed 's/^/    err: /' "$TIER_OUT.err" | tail -25
}

# pages_by_node PID LO HI: "node:pages ..." of the range [LO, HI) (hex), from pagemap PFNs
# ("swap:N" swapped, "none:N" not present): numa_maps cannot tell meme's parts apart, as
# its adjacent mappings merge into one VMA.
pages_by_node() { python3 "$E2E_DIR/lib/pagetool.py" nodes "$1" "$2" "$3"; }
# pages_of KEY PID LO HI: the pages of [LO, HI) on node KEY (or KEY swap, none).
pages_of() { pages_by_node "$2" "$3" "$4" | tr ' ' '\n' | awk -F: -v k="$1" '$1 == k {n = $2} END {print n + 0}'; }

# share_at_least PID LO HI NODE PERCENT: PERCENT % or more of the pages of [LO, HI) are on NODE.
share_at_least() {
    pages_by_node "$1" "$2" "$3" | tr ' ' '\n' | awk -F: -v n="$4" -v p="$5" \
        '{all += $2} $1 == n {on = $2} END {exit !(all > 0 && on * 100 >= p * all)}'
}

# windows_after LINE PID N: the recording has N snapshots after LINE with tracker counters of PID.
windows_after() {
    python3 - "$@" <<'PY'
import json, sys
after, pid, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
seen = 0
with open("/tmp/tier-rec.jsonl") as f:
    for k, line in enumerate(f, 1):
        if k > after and line.strip():
            s = json.loads(line)
            seen += any(c["pid"] == pid and c["scans"] > 0 for c in s.get("accessCounters", []))
sys.exit(0 if seen >= n else 1)
PY
}

# tier_stop: SIGTERM, a normal exit (0, or 143 from the JVM after its shutdown hook), and no
# exception logged.
tier_stop() {
    kill -TERM "$AGENT_PID"
    local rc=0; wait "$AGENT_PID" || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 143 ] || { tier_dump; fail "agent exited $rc after SIGTERM"; }
    if grep -q "Exception" "$TIER_OUT.err"; then grep -m5 -A3 "Exception" "$TIER_OUT.err"; fail "the agent logged an exception"; fi
    note "agent stopped (exit $rc); $(outcomes count "$TIER_OUT" status=applied) applied, $(outcomes count "$TIER_OUT" status=failed) failed outcome(s)"
}

# tier_zram_swap SIZE: swap on a zram device of SIZE (the stock kernel has zram as a module;
# the guest has no disk, and its root is a tmpfs overlay, on which swap files cannot be made).
tier_zram_swap() {
    [ -e /sys/block/zram0 ] || stock_modprobe zram num_devices=1
    echo "$1" > /sys/block/zram0/disksize
    mkswap /dev/zram0 > /dev/null || fail "mkswap /dev/zram0 failed"
    swapon /dev/zram0 || fail "swapon /dev/zram0 failed"
    note "swap: $(tail -n +2 /proc/swaps | awk '{print $1, $3 " KiB"}')"
}
