# Helpers for e2e test scripts; sourced inside the guest before the test file.
# Tests run under bash with `set -euo pipefail`; exit 0 = PASS, 77 = SKIP (print
# "SKIP: reason" first), anything else = FAIL (print "FAIL: what" first).
set -euo pipefail


fail() { echo "FAIL: $*"; exit 1; }
# scaled SECONDS: a wait's bound times NUMA_AGENT_E2E_TIMEOUT_SCALE (run.sh passes it in).
# Bounds only stop a test that hangs; no assertion depends on how much work fits in one.
scaled() { echo $(( $1 * ${E2E_TIMEOUT_SCALE:-1} )); }
# seconds_since START (from date +%s.%N), two decimals
seconds_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}'; }
skip() { echo "SKIP: $*"; exit 77; }
note() { echo "  $*"; }
# Records a measured figure; run.sh collects figures.txt into the report.
figure() { echo "$1=$2" >> "$E2E_RESULTS/figures.txt"; echo "  figure $1=$2"; }

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
    if [ "$2" != "$3" ]; then fail "$1: expected '$2', got '$3'"; fi
    note "ok: $1 = '$3'"
}

# Skips the test unless the agent's launcher and its built distribution are there
# (the guest never builds it: run.sh builds it on the host first).
require_agent() {
    [ "${E2E_AGENT_BUILD_FAILED:-0}" = 0 ] || fail "building the agent distribution on the host failed (see run.sh output)"
    [ -x "$E2E_AGENT" ] || skip "numa-agent CLI not there: $E2E_AGENT is missing (agent not on this branch yet)"
    local jar; jar="$(cd "$(dirname "$E2E_AGENT")/.." && pwd)/dist/target/numa-agent/agent-runner.jar"
    [ -f "$jar" ] || skip "numa-agent distribution not built ($jar missing)"
    command -v java >/dev/null || skip "no java in the guest"
}
# Runs the agent's CLI (never rebuilding; JIT options that start faster under TCG).
agent() {
    NUMA_AGENT_REBUILD=0 NUMA_AGENT_JAVA_OPTS="${NUMA_AGENT_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}" \
        "$E2E_AGENT" "$@"
}
# agent_bg OUT ARGS...: the agent's CLI in the background, stdout to OUT, stderr to
# OUT.err; AGENT_PID is the JVM itself (the launcher execs java), so a kill reaches it.
agent_bg() {
    local out=$1; shift
    (
        export NUMA_AGENT_REBUILD=0 NUMA_AGENT_JAVA_OPTS="${NUMA_AGENT_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
        exec "$E2E_AGENT" "$@"
    ) > "$out" 2> "$out.err" &
    AGENT_PID=$!
}
# agent_once CONFIG OUT: one cycle (`run --once`); stdout (JSON lines) to OUT, stderr to
# OUT.err; sets AGENT_SECONDS. Fails the test when the agent exits non-zero.
agent_once() {
    local start rc=0
    start=$(date +%s.%N)
    agent run --once -c "$1" --state-dir /tmp/numa-agent-state > "$2" 2> "$2.err" || rc=$?
    AGENT_SECONDS=$(seconds_since "$start")
    note "numa-agent run --once: exit $rc after ${AGENT_SECONDS}s, $(grep -c '^{' "$2" || true) JSON line(s)"
    sed 's/^/    out: /' "$2" | head -40
    sed 's/^/    err: /' "$2.err" | tail -20
    [ $rc = 0 ] || fail "numa-agent run --once -c $1 exited $rc"
}
# agent_until_migrated CONFIG OUT TASK [BOUND_S]: runs the agent's loop (`run`, one cycle
# per plugin interval) until a migrate-memory outcome of TASK says the move is done
# (outcomes.py migration-done: a move_pages walk that ran out of the cycle's
# max_migration_per_cycle resumes next cycle, so a busy machine only needs more cycles),
# then stops it. Stdout (JSON lines of every cycle) to OUT, stderr to OUT.err; sets
# AGENT_SECONDS and AGENT_CYCLES. Fails when the agent exits first or the move is not
# done within the scaled bound (default 600 s), which only catches a hang.
agent_until_migrated() {
    local cfg=$1 out=$2 task=$3 bound start pid rc=0
    bound=$(scaled "${4:-600}")
    start=$(date +%s.%N)
    agent_bg "$out" run -c "$cfg" --state-dir /tmp/numa-agent-state
    pid=$AGENT_PID
    while ! outcomes migration-done "$out" "$task" > /dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid" || rc=$?
            sed 's/^/    out: /' "$out" | tail -20; sed 's/^/    err: /' "$out.err" | tail -20
            fail "numa-agent run exited $rc before the migration of $task was done"
        fi
        if awk -v s="$start" -v e="$(date +%s.%N)" -v b="$bound" 'BEGIN {exit !(e - s > b)}'; then
            kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
            sed 's/^/    out: /' "$out" | tail -20; sed 's/^/    err: /' "$out.err" | tail -20
            fail "migration of $task not done after ${bound}s of the agent's loop"
        fi
        sleep 0.5
    done
    kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    AGENT_SECONDS=$(seconds_since "$start")
    AGENT_CYCLES=$(outcomes cycles "$out" type=migrate-memory task="$task")
    note "numa-agent run: migration of $task done after ${AGENT_SECONDS}s, in $AGENT_CYCLES cycle(s) with a migrate-memory outcome"
    sed 's/^/    out: /' "$out" | head -40
    sed 's/^/    err: /' "$out.err" | tail -20
}
# outcomes SUBCOMMAND FILE ...: see lib/outcomes.py
outcomes() { python3 "$E2E_DIR/lib/outcomes.py" "$@"; }
# agent_config FILE TASK_CGROUPS_CSV PLUGIN_YAML EXECUTOR_YAML: a minimal config
# (static task source, one plugin, executor settings, telemetry off).
agent_config() {
    local file=$1 tasks="" c
    for c in ${2//,/ }; do tasks+="{cgroup: $c}, "; done
    cat > "$file" <<CFG
paths: {sysfs: /sys, procfs: /proc, cgroupfs: /sys/fs/cgroup}
task_sources: [{type: static, tasks: [${tasks%, }]}]
plugins: [$3]
executor: $4
telemetry: {prometheus: {enabled: false}}
CFG
    sed 's/^/    config: /' "$file"
}
# stock_modprobe MODULE [PARAM=VALUE...]: loads a module of the stock kernel (with its
# dependencies) from the unpacked kernel tree, which run.sh depmod-ed; fails the test when
# it cannot.
stock_modprobe() {
    local base=${E2E_STOCK_MODDIR%/lib/modules/*}
    [ -n "${E2E_STOCK_MODDIR:-}" ] && [ -d "$E2E_STOCK_MODDIR" ] || fail "stock kernel modules not found (E2E_STOCK_MODDIR='${E2E_STOCK_MODDIR:-}')"
    [ "$(basename "$E2E_STOCK_MODDIR")" = "$(uname -r)" ] || fail "modules in $E2E_STOCK_MODDIR are not for $(uname -r)"
    modprobe -d "$base" "$@" || fail "modprobe $1 from $base failed"
}

# Node ids and CPU lists from the kernel (for comparisons).
node_cpus() { cat "/sys/devices/system/node/node$1/cpulist"; }
proc_status() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

# Expected topology (from the topology JSON) as written by run.sh.
expected() { python3 -c "import json,sys; d=json.load(open('$E2E_RESULTS/topology.json')); print(eval(sys.argv[1]))" "$1"; }

# Pages of PID per node from /proc/PID/numa_maps, for mappings whose start address
# is in [LO, HI) (hex, no 0x); prints "node pages" lines (N0=.. fields summed).
numa_maps_pages() {
    local pid=$1 lo=${2:-0} hi=${3:-ffffffffffffffff}
    awk -v lo="$lo" -v hi="$hi" '
        function hex(s,   i, c, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c } return v }
        { a = hex($1); if (a < hex(lo) || a >= hex(hi)) next
          for (i = 2; i <= NF; i++) if ($i ~ /^N[0-9]+=/) { split(substr($i, 2), kv, "="); pages[kv[1]] += kv[2] } }
        END { for (n in pages) print n, pages[n] }' "/proc/$pid/numa_maps" | sort -n
}

# Starts meme in the background: [MEME_CGROUPS="dir..."] meme_start [meme options];
# sets MEME_PID and MEME_OUT (meme's output: "range" lines etc.). Waits until meme
# has printed "ready". With MEME_CGROUPS (cgroup directories, e.g. the v1 cpuset and
# memory ones) meme joins them before it allocates, so its memory is charged there
# (memcg charges do not follow a task that moves later: memory.numa_stat would miss it).
meme_start() {
    local out
    out=$(mktemp /tmp/meme.XXXXXX)
    MEME_CGROUPS="${MEME_CGROUPS:-}" bash -c \
        'for c in $MEME_CGROUPS; do echo $$ > "$c/cgroup.procs" || exit 1; done; exec "$@"' \
        meme "$E2E_MEME" "$@" > "$out" 2>&1 &
    MEME_PID=$!
    local deadline=$(( $(date +%s) + $(scaled 120) ))
    until grep -q '^ready' "$out"; do
        kill -0 "$MEME_PID" 2>/dev/null || { cat "$out"; fail "meme exited before it was ready"; }
        [ "$(date +%s)" -lt $deadline ] || { cat "$out"; fail "meme not ready after $(scaled 120) s"; }
        sleep 0.1
    done
    MEME_OUT=$out
    note "meme pid $MEME_PID: $(grep -c '^range' "$out") range(s)"
}
# meme_range NAME -> "start end" (hex without 0x) of meme's range called NAME.
meme_range() { awk -v n="$1" '$1 == "range" && $2 == n {print $3, $4}' "$MEME_OUT"; }

# cgroup v2 at /sys/fs/cgroup with cpuset and memory enabled for children.
cgroup2_setup() {
    mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup
    echo "+cpuset +memory" > /sys/fs/cgroup/cgroup.subtree_control
}
# cgroup v1: cpuset and memory hierarchies under /sys/fs/cgroup/{cpuset,memory}.
cgroup1_setup() {
    mountpoint -q /sys/fs/cgroup || mount -t tmpfs cgroup_root /sys/fs/cgroup
    local c
    for c in cpuset memory; do
        mkdir -p "/sys/fs/cgroup/$c"
        mountpoint -q "/sys/fs/cgroup/$c" || mount -t cgroup -o "$c" "$c" "/sys/fs/cgroup/$c"
    done
    [ -f /sys/fs/cgroup/cpuset/cpuset.cpus ] || skip "this kernel has no cgroup v1 cpuset files (CONFIG_CPUSETS_V1 off)"
}

# cgroup2_task /e2e/a: creates the cgroup (and its parents) with cpuset and memory
# enabled on the way down.
cgroup2_task() {
    local path="" part
    for part in $(echo "$1" | tr '/' ' '); do
        echo "+cpuset +memory" > "/sys/fs/cgroup$path/cgroup.subtree_control"
        path="$path/$part"
        mkdir -p "/sys/fs/cgroup$path"
    done
}
# Pages of meme's range [LO, HI) on NODE (0 when none).
pages_on() { numa_maps_pages "$MEME_PID" "$2" "$3" | awk -v n="$1" '$1 == n {p = $2} END {print p + 0}'; }
# wait_pages_on NODE LO HI MIN BOUND_S: waits until at least MIN pages are on NODE
# (the bound is scaled; returns 1 when it passes).
wait_pages_on() {
    local deadline=$(( $(date +%s) + $(scaled "$5") ))
    while [ "$(pages_on "$1" "$2" "$3")" -lt "$4" ]; do
        [ "$(date +%s)" -lt $deadline ] || return 1
        sleep 0.2
    done
}
