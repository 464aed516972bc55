# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 1200
# The Debian package (dist/target/numa-agent_<version>_all.deb) installed with dpkg -i into the
# guest's root (a tmpfs overlay on the host's: nothing of the host changes) works from its installed
# paths: postinst made a class-data archive for this java; `numa-agent topology` agrees with
# numactl; `numa-agent check` accepts the installed dry-run config; `numa-agent plugins` finds the
# bundled plugins and a JAR dropped into /etc/numa-agent/plugins.d; the unit's ExecStart serves
# /metrics, and SIGTERM stops it with status 0, its control socket removed. The guest does not boot
# systemd (PID 1 is the e2e init), so the unit's command is run as systemd would run it, without its
# sandbox (scripts/check-deb.sh verifies the unit with systemd-analyze). Then dpkg --purge removes it all.
require_agent
deb=$(ls "$E2E_REPO"/dist/target/numa-agent_*_all.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no numa-agent_*_all.deb in $E2E_REPO/dist/target (./mvnw -B -DskipTests package builds it)"
[ ! -e /usr/bin/numa-agent ] || fail "/usr/bin/numa-agent is there before the install"
note "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

start=$(date +%s.%N)
dpkg -i "$deb" > /tmp/dpkg.log 2>&1 || { sed 's/^/    dpkg: /' /tmp/dpkg.log; fail "dpkg -i exited non-zero"; }
figure dpkg_install_seconds "$(seconds_since "$start")"
sed 's/^/    dpkg: /' /tmp/dpkg.log
assert_eq "package state" "install ok installed" "$(dpkg-query -W -f='${Status}' numa-agent)"
dpkg-query -W -f='${Conffiles}\n' numa-agent | grep -q '^ /etc/numa-agent/numa-agent.yaml ' \
    || fail "dpkg does not list /etc/numa-agent/numa-agent.yaml as a conffile"
note "ok: /etc/numa-agent/numa-agent.yaml is a conffile"
for p in /usr/bin/numa-agent /usr/share/numa-agent/bin/numa-agent; do [ -x "$p" ] || fail "$p not executable"; done
for d in /usr/share/numa-agent/plugins /etc/numa-agent/plugins.d /var/lib/numa-agent; do
    [ -d "$d" ] || fail "$d not installed"
done

# postinst's class-data archive names the JVM that wrote it: this guest's java (the host's)
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
java_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$java_home/release")
[ -s /var/cache/numa-agent/numa-agent.jsa ] || fail "postinst made no class-data archive"
assert_eq "class-data archive's JVM" "$java_version" "$(cat /var/cache/numa-agent/numa-agent.jsa.jvm)"

# the commands from the installed paths, as an administrator types them (PATH finds /usr/bin)
cd /
numa-agent topology > /tmp/topology.txt 2> /tmp/topology.err || { cat /tmp/topology.err; fail "numa-agent topology exited non-zero"; }
assert_eq "topology: available line" "$(numactl -H | head -1)" "$(grep -m1 '^available:' /tmp/topology.txt)"
for n in 0 1; do
    assert_eq "topology: node $n cpus" "$(numactl -H | grep "^node $n cpus:" | sed 's/[[:space:]]*$//')" \
        "$(grep "^node $n cpus:" /tmp/topology.txt | sed 's/[[:space:]]*$//')"
done
rc=0; numa-agent check > /tmp/check.txt 2> /tmp/check.err || rc=$?
[ $rc = 0 ] || { cat /tmp/check.err; fail "numa-agent check exited $rc"; }
assert_eq "check of the installed config" "/etc/numa-agent/numa-agent.yaml: ok (1 plugin(s): numa-allocator; dry-run)" \
    "$(cat /tmp/check.txt)"

# a drop-in plugin JAR (agent-runner's test plugin, packed as a third party would ship it)
tc="$E2E_REPO/agent-runner/target/test-classes"
[ -f "$tc/io/numaagent/runner/testplugin/TrackAllTestPluginFactory.class" ] \
    || fail "agent-runner test classes not built ($tc): run ./mvnw -DskipTests package"
mkdir -p /tmp/tp/META-INF/services /tmp/tp/io/numaagent/runner/testplugin
cp "$tc"/io/numaagent/runner/testplugin/TrackAllTestPluginFactory*.class /tmp/tp/io/numaagent/runner/testplugin/
echo io.numaagent.runner.testplugin.TrackAllTestPluginFactory > /tmp/tp/META-INF/services/io.numaagent.api.plugin.PluginFactory
(cd /tmp/tp && jar cf /etc/numa-agent/plugins.d/track-all-test.jar .) || fail "cannot pack the test plugin"
chmod 0644 /etc/numa-agent/plugins.d/track-all-test.jar
numa-agent plugins > /tmp/plugins.txt 2> /tmp/plugins.err || { cat /tmp/plugins.err; fail "numa-agent plugins exited non-zero"; }
for line in "numa-allocator  (/usr/share/numa-agent/plugins/numa-allocator.jar)" \
    "tier-mover  (/usr/share/numa-agent/plugins/tier-mover.jar)" \
    "topology-aware  (/usr/share/numa-agent/plugins/topology-aware.jar)" \
    "track-all-test  (/etc/numa-agent/plugins.d/track-all-test.jar)"; do
    grep -qxF "$line" /tmp/plugins.txt || { cat /tmp/plugins.txt; fail "numa-agent plugins does not list: $line"; }
    note "ok: $line"
done

# the service: its ExecStart as the unit says, from /, with systemd's view of a service's environment,
# over the cgroup v2 hierarchy a systemd host has mounted
cgroup2_setup
unit=/lib/systemd/system/numa-agent.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
note "ExecStart: $exec_start"
[ ! -d /run/systemd/system ] || note "systemd runs here, but the test runs the command itself (the same way in every guest)"
# shellcheck disable=SC2086 # the unit's command line, split into words as systemd does
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 $exec_start \
    > /tmp/service.out 2> /tmp/service.err &
pid=$!
start=$(date +%s.%N)
deadline=$(( $(date +%s) + $(scaled 600) ))
until curl -sf http://127.0.0.1:9464/metrics > /tmp/metrics.txt 2> /dev/null; do
    kill -0 $pid 2> /dev/null || { tail -20 /tmp/service.err; fail "the service exited before serving /metrics"; }
    [ "$(date +%s)" -lt "$deadline" ] || { kill -KILL $pid; fail "no /metrics on 127.0.0.1:9464 within $(scaled 600) s"; }
    sleep 1
done
figure service_metrics_seconds "$(seconds_since "$start")"
grep -q '^numa_agent_' /tmp/metrics.txt || fail "/metrics answered without numa_agent_ series"
# the first cycle has run once the loop counts one (then SIGTERM meets a running loop, not a starting JVM)
until curl -sf http://127.0.0.1:9464/metrics | grep -qE '^numa_agent_loop_duration_seconds_count(\{[^}]*\})? [1-9]'; do
    kill -0 $pid 2> /dev/null || { tail -20 /tmp/service.err; fail "the service exited before its first cycle"; }
    [ "$(date +%s)" -lt "$deadline" ] || { kill -KILL $pid; fail "no cycle counted within $(scaled 600) s"; }
    sleep 1
done
curl -sf http://127.0.0.1:9464/metrics > /tmp/metrics.txt || fail "/metrics stopped answering"
grep -q '^numa_agent_node_' /tmp/metrics.txt || fail "no numa_agent_node_ series after a cycle"
note "ok: /metrics after a cycle: $(grep -c '^numa_agent_' /tmp/metrics.txt) numa_agent_ samples, e.g. $(grep -m1 '^numa_agent_node_' /tmp/metrics.txt)"
[ -S /var/lib/numa-agent/control.sock ] || fail "no control socket in /var/lib/numa-agent"
kill -TERM $pid
rc=0; wait $pid || rc=$?
tail -5 /tmp/service.err | sed 's/^/    err: /'
assert_eq "service exit status after SIGTERM" 0 "$rc"
[ ! -e /var/lib/numa-agent/control.sock ] || fail "the control socket is still there after the stop"
note "ok: control socket removed"

rm /etc/numa-agent/plugins.d/track-all-test.jar # the administrator's file: dpkg would leave it, and its directory
dpkg --purge numa-agent > /tmp/purge.log 2>&1 || { cat /tmp/purge.log; fail "dpkg --purge exited non-zero"; }
for p in /usr/bin/numa-agent /usr/share/numa-agent /etc/numa-agent /var/lib/numa-agent /var/cache/numa-agent; do
    [ ! -e "$p" ] || fail "$p left after dpkg --purge"
done
note "ok: dpkg --purge removed the files, the config, the state and the cache"
