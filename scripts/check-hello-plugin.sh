#!/usr/bin/env bash
# The plugin developer's path, as examples/hello-plugin/README.md walks it, run for real:
#   1. install plugin-api (and the parent POM) into a Maven repository,
#   2. build the example plugin on its own (`mvn package`, with its unit tests),
#   3. drop its JAR into a plugins directory and run the agent in dry-run over a fixture tree,
#      once finding it by name and once by class,
# and check that its decision lines come out. So that nothing leaks into the developer's own
# ~/.m2 (a SNAPSHOT there would shadow the reactor's), the repository is a temporary one, which
# takes everything else from ~/.m2 through a mirror (so it works offline, after ./mvnw verify).
# Needs the distribution (./mvnw package or verify); CI runs it after the golden check.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
m2="${MAVEN_USER_HOME:-$HOME/.m2}/repository"
cat > "$work/settings.xml" <<XML
<settings>
  <localRepository>$work/repo</localRepository>
  <mirrors><mirror><id>user-m2</id><mirrorOf>*</mirrorOf><url>file://$m2</url></mirror></mirrors>
</settings>
XML
mvn=("$repo/mvnw" -q -B -s "$work/settings.xml")

echo "hello-plugin: 1. plugin-api into a temporary Maven repository"
(cd "$repo" && "${mvn[@]}" install -pl plugin-api -am -DskipTests)
echo "hello-plugin: 2. mvn package of examples/hello-plugin"
cp -r "$repo/examples/hello-plugin" "$work/hello-plugin"
(cd "$work/hello-plugin" && "${mvn[@]}" package)
jar="$work/hello-plugin/target/hello-plugin-1.0.0.jar"
[ -f "$jar" ] || { echo "hello-plugin: no $jar"; exit 1; }
mkdir -p "$work/plugins" && cp "$jar" "$work/plugins/"

tree="$repo/agent-runner/src/test/resources/fixtures/twoSocketFourNode"
# /batch/a's memory.numa_stat: anon+file 2 GiB + 256 MiB on node 0, 512 MiB on node 1, 128 MiB on node 2:
# 2415919104 / 3087007744 = 78.3 % at home (node 0), below min_share 0.9
expected='{"plugin":"hello","task":"/batch/a","action":"migrate-memory","node":0,"reason":"hello: 78.3 % of /batch/a is on node 0, its home; gathering the rest there"}'
failed=0
for how in name class; do
  cfg="$work/hello-$how.yaml"
  if [ $how = name ]; then cp "$repo/examples/hello-plugin/hello.yaml" "$cfg"
  else sed 's/  - name: hello/  - class: com.example.hello.HelloPluginFactory/' "$repo/examples/hello-plugin/hello.yaml" > "$cfg"; fi
  echo "hello-plugin: 3. run --once --dry-run, the plugin found by $how"
  NUMA_AGENT_REBUILD=0 "$repo/bin/numa-agent" run --once --dry-run -c "$cfg" --plugins-dir "$work/plugins" \
    --path.sysfs="$tree/sys" --path.procfs="$tree/proc" --path.cgroupfs="$tree/cgroup" \
    --state-dir "$work/state" > "$work/out-$how" 2> "$work/err-$how" || { cat "$work/err-$how"; failed=1; continue; }
  sed 's/^/    /' "$work/out-$how"
  grep -qxF "$expected" "$work/out-$how" || { echo "hello-plugin: missing line: $expected"; cat "$work/err-$how"; failed=1; }
done
NUMA_AGENT_REBUILD=0 "$repo/bin/numa-agent" plugins --plugins-dir "$work/plugins" | grep -A6 '^hello ' | sed 's/^/    /'
[ $failed = 0 ] && echo "hello-plugin: 2 passed, 0 failed" || { echo "hello-plugin: failed"; exit 1; }
