#!/usr/bin/env bash
# Guards refactors: `numa-agent run --once --dry-run` over every fixture tree, with each config in
# golden/*.yaml, must print exactly the recorded lines in golden/<config>.<tree>.out (stdout only;
# logs go to stderr and are not compared). `--update` records the current output instead.
# Needs the distribution (./mvnw package or verify); CI runs it after `./mvnw -B verify`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
fixtures="$repo/agent-runner/src/test/resources/fixtures"
update=0; [ "${1:-}" = --update ] && update=1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failed=0; checked=0
for cfg in "$here"/golden/*.yaml; do
  for tree in "$fixtures"/*/; do
    tree=${tree%/}; name="$(basename "$cfg" .yaml).$(basename "$tree")"
    out="$work/$name.out"
    set +e
    NUMA_AGENT_REBUILD=0 "$repo/bin/numa-agent" run --once --dry-run -c "$cfg" \
      --path.sysfs="$tree/sys" --path.procfs="$tree/proc" --path.cgroupfs="$tree/cgroup" \
      --state-dir "$work/state-$name" >"$out" 2>"$work/$name.err"
    rc=$?
    set -e
    echo "exit $rc" >>"$out"
    expected="$here/golden/$name.out"
    if [ $update = 1 ]; then cp "$out" "$expected"; continue; fi
    checked=$((checked + 1))
    if ! diff -u "$expected" "$out"; then
      echo "golden: $name differs (stderr below)"; cat "$work/$name.err"; failed=$((failed + 1))
    fi
  done
done
[ $update = 1 ] && { echo "golden: recorded $(ls "$here"/golden/*.out | wc -l) outputs"; exit 0; }
echo "golden: $((checked - failed)) passed, $failed failed"
[ $failed = 0 ]
