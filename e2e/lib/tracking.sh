# Shared flow of the agent-tracker-* tests (sourced by them): the agent's loop runs a plugin
# that tracks the pages of task /e2e/a (the track-all-test plugin of agent-runner's tests,
# packed into a JAR here as a third party would ship it) with tracker $1, records every
# snapshot, and the test reads the counters back:
#  - two memes in the task are tracked; meme A (bound to node 1) has an active and an idle part;
#  - meme B is killed while the tracker scans: later windows carry A's counters and none of B's;
#  - A's active part shows more accesses per page than its idle part, and its ranges are
#    said to be on node 1;
#  - after SIGTERM the agent has exited 0 (a clean stop: trackers stopped, kdamonds off).
# Waits are for outcomes in the recording; the bounds only catch a hang.
track_pages_e2e() {
    local kind=$1 tc jar deadline lines
    require_agent
    tc="$E2E_REPO/agent-runner/target/test-classes"
    [ -f "$tc/io/numaagent/runner/testplugin/TrackAllTestPluginFactory.class" ] \
        || fail "agent-runner test classes not built ($tc): run ./mvnw -DskipTests package"
    jar=/tmp/plugins/track-all-test.jar
    mkdir -p /tmp/plugins /tmp/tp/META-INF/services /tmp/tp/io/numaagent/runner/testplugin
    cp "$tc"/io/numaagent/runner/testplugin/TrackAllTestPluginFactory*.class /tmp/tp/io/numaagent/runner/testplugin/
    echo io.numaagent.runner.testplugin.TrackAllTestPluginFactory > /tmp/tp/META-INF/services/io.numaagent.api.plugin.PluginFactory
    (cd /tmp/tp && jar cf "$jar" .) || fail "cannot pack the test plugin"
    echo 0 > /proc/sys/kernel/numa_balancing  # its hinting faults would clear accessed bits too
    cgroup2_setup
    cgroup2_task /e2e/a
    MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 16 -a 8 -r 20000 -F
    B_PID=$MEME_PID
    MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 96 -a 16 -r 100000 -F -n 1
    A_PID=$MEME_PID
    read -r alo ahi <<< "$(meme_range active)"
    read -r ilo ihi <<< "$(meme_range idle0)"
    agent_config /tmp/cfg.yaml /e2e/a "{name: track-all-test, interval: 1s, config: {tracker: $kind}}" "{apply: false}"
    agent_bg /tmp/run.out run -c /tmp/cfg.yaml --plugins-dir /tmp/plugins --record /tmp/rec.jsonl \
        --state-dir /tmp/numa-agent-state
    wait_recorded() {  # wait_recorded WHAT COUNTERS-ARGS...
        local what=$1; shift
        deadline=$(( $(date +%s) + $(scaled 300) ))
        until python3 "$E2E_DIR/lib/counters.py" "$@"; do
            kill -0 "$AGENT_PID" 2>/dev/null || { tail -20 /tmp/run.out.err; fail "agent exited while waiting for $what"; }
            [ "$(date +%s)" -lt $deadline ] || { tail -20 /tmp/run.out.err; fail "$what not recorded within $(scaled 300) s"; }
            sleep 1
        done
        note "recorded: $what"
    }
    wait_recorded "counters of meme A" seen /tmp/rec.jsonl "$A_PID"
    wait_recorded "counters of meme B" seen /tmp/rec.jsonl "$B_PID"
    kill -9 "$B_PID"; wait "$B_PID" 2>/dev/null || true
    lines=$(wc -l < /tmp/rec.jsonl)
    wait_recorded "a window with meme A and without the exited meme B" only /tmp/rec.jsonl "$A_PID" "$B_PID" "$lines"
    # let a few more windows of A accumulate, then read its access pattern
    lines=$(wc -l < /tmp/rec.jsonl)
    deadline=$(( $(date +%s) + $(scaled 300) ))
    while pattern=$(python3 "$E2E_DIR/lib/counters.py" pattern /tmp/rec.jsonl "$A_PID" "$alo" "$ahi" "$ilo" "$ihi" "$lines"); \
          [ "$(echo "$pattern" | sed 's/.*windows=\([0-9]*\).*/\1/')" -lt 5 ] \
          || ! awk -v p="$pattern" 'BEGIN {split(p, f, /[ =]/); exit !(f[2] > f[4])}'; do
        kill -0 "$AGENT_PID" 2>/dev/null || fail "agent exited"
        [ "$(date +%s)" -lt $deadline ] || { note "$pattern"; fail "active part never more accessed than the idle part"; }
        sleep 2
    done
    note "meme A: $pattern"
    kill -TERM "$AGENT_PID"
    local rc=0; wait "$AGENT_PID" || rc=$?
    tail -5 /tmp/run.out.err | sed 's/^/    err: /'
    [ "$rc" = 0 ] || fail "agent exited $rc after SIGTERM (a clean stop exits 0)"
    grep -q "Exception" /tmp/run.out.err && { grep -m5 -A3 "Exception" /tmp/run.out.err; fail "the agent logged an exception"; }
    share=$(echo "$pattern" | sed -n 's/.*nodes=.*1:\([0-9.]*\).*/\1/p')
    awk -v s="${share:-0}" 'BEGIN {exit !(s >= 0.9)}' || fail "meme A's tracked pages not on node 1 ($pattern)"
    figure "${kind}_active_accesses_per_page" "$(echo "$pattern" | sed 's/.*active=\([0-9.]*\).*/\1/')"
    figure "${kind}_idle_accesses_per_page" "$(echo "$pattern" | sed 's/.*idle=\([-0-9.]*\).*/\1/')"
    figure "${kind}_node1_share" "$share"
    figure "${kind}_snapshots_recorded" "$(wc -l < /tmp/rec.jsonl)"
}
