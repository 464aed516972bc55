#!/usr/bin/env bash
# Checks the Debian package the build made (dist/target/numa-agent_<version>_all.deb, or the file
# given) with Debian's own tools:
#   - dpkg-deb --info: name, version (the POM's), architecture, Depends, the conffile, the
#     maintainer scripts (executable, valid sh);
#   - dpkg-deb --contents: exactly the expected paths, owners and modes (lib/ exactly the
#     distribution's lib/), no class-data archive (it fits only the JVM that wrote it);
#   - the config it installs is the dry-run one from configs/;
#   - systemd-analyze verify on the unit, with the package's files visible at their installed
#     paths (a read-only overlay of /usr in a private mount namespace: nothing on this machine
#     changes); any message it prints fails the check, since it exits 0 on unknown keys.
# Needs the package (./mvnw package or verify). Prints "N passed, M failed" and exits non-zero on
# a failure. systemd-analyze is installed (Debian's systemd) when missing; the unit check is
# skipped, saying why, only where it cannot run (no root for apt-get or the overlay).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$repo/pom.xml" | head -1)
debversion=${version/-SNAPSHOT/\~SNAPSHOT} # jdeb's spelling: ~ sorts before the release
deb=${1:-$repo/dist/target/numa-agent_${debversion}_all.deb}
dist=$repo/dist/target/numa-agent
[ -f "$deb" ] || { echo "check-deb: no $deb (build it: ./mvnw -B -DskipTests package)"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { echo "PASS $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; printf '    %s\n' "$@"; failed=$((failed + 1)); }
# check NAME EXPECTED ACTUAL
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected:" "$2" "got:" "$3"; fi; }

field() { dpkg-deb --field "$deb" "$1"; }
check "package name" "numa-agent" "$(field Package)"
check "version (the POM's $version)" "$debversion" "$(field Version)"
check "architecture" "all" "$(field Architecture)"
check "depends on a Java 17 runtime" "default-jre-headless (>= 2:1.17) | java17-runtime-headless" "$(field Depends)"
check "file name" "numa-agent_${debversion}_all.deb" "$(basename "$deb")"

dpkg-deb --control "$deb" "$work/control"
check "conffiles" "/etc/numa-agent/numa-agent.yaml" "$(cat "$work/control/conffiles")"
check "control archive members" "conffiles control md5sums postinst postrm prerm" "$(ls "$work/control" | sort | xargs)"
scripts_ok=1
for s in postinst prerm postrm; do
    [ -x "$work/control/$s" ] && sh -n "$work/control/$s" || { scripts_ok=0; bad "maintainer script $s" "not executable or not valid sh"; }
done
[ $scripts_ok = 1 ] && ok "maintainer scripts executable, valid sh"

# contents: "mode owner path" per entry, sorted
dpkg-deb --contents "$deb" | awk '{print $1, $2, $6}' | sort > "$work/contents"
{
    d="drwxr-xr-x root/root" f="-rw-r--r-- root/root" x="-rwxr-xr-x root/root"
    for p in ./etc/ ./etc/numa-agent/ ./etc/numa-agent/plugins.d/ ./lib/ ./lib/systemd/ ./lib/systemd/system/ \
        ./usr/ ./usr/bin/ ./usr/share/ ./usr/share/doc/ ./usr/share/doc/numa-agent/ ./usr/share/numa-agent/ \
        ./usr/share/numa-agent/bin/ ./usr/share/numa-agent/cds/ ./usr/share/numa-agent/lib/ \
        ./usr/share/numa-agent/plugins/ ./var/ ./var/lib/; do echo "$d $p"; done
    echo "drwxr-x--- root/root ./var/lib/numa-agent/"
    for p in ./etc/numa-agent/numa-agent.yaml ./lib/systemd/system/numa-agent.service \
        ./usr/share/doc/numa-agent/README.md ./usr/share/numa-agent/agent-runner.jar \
        ./usr/share/numa-agent/cds/training.yaml ./usr/share/numa-agent/plugins/numa-allocator.jar \
        ./usr/share/numa-agent/plugins/tier-mover.jar ./usr/share/numa-agent/plugins/topology-aware.jar; do echo "$f $p"; done
    for jar in "$dist"/lib/*.jar; do echo "$f ./usr/share/numa-agent/lib/$(basename "$jar")"; done
    echo "$x ./usr/bin/numa-agent"
    echo "$x ./usr/share/numa-agent/bin/numa-agent"
} | sort > "$work/expected"
if diff -u "$work/expected" "$work/contents" > "$work/contents.diff"; then
    ok "contents: $(wc -l < "$work/contents") entries, paths, owners and modes as expected"
else
    bad "contents" "$(cat "$work/contents.diff")"
fi

dpkg-deb -x "$deb" "$work/root"
check "conffile is configs/numa-agent.yaml" "" "$(diff "$repo/configs/numa-agent.yaml" "$work/root/etc/numa-agent/numa-agent.yaml")"
check "conffile is dry-run" "  apply: false               # dry-run: print decisions, write nothing" \
    "$(grep -m1 '^  apply:' "$work/root/etc/numa-agent/numa-agent.yaml")"
check "launcher is bin/numa-agent" "" "$(diff "$repo/bin/numa-agent" "$work/root/usr/share/numa-agent/bin/numa-agent")"
check "unit runs the installed launcher" "ExecStart=/usr/bin/numa-agent run --state-dir /var/lib/numa-agent" \
    "$(grep '^ExecStart=' "$work/root/lib/systemd/system/numa-agent.service")"

# systemd-analyze verify: it checks that ExecStart's file exists, hence the overlay of the package's /usr
unit=$work/root/lib/systemd/system/numa-agent.service
if ! command -v systemd-analyze > /dev/null && [ "$(id -u)" = 0 ]; then
    echo "check-deb: installing systemd-analyze (apt-get install systemd)"
    apt-get install -y -q --no-install-recommends systemd > "$work/apt.log" 2>&1 \
        || { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q --no-install-recommends systemd > "$work/apt.log" 2>&1; } || true
fi
if ! command -v systemd-analyze > /dev/null; then
    echo "SKIP systemd-analyze verify: systemd-analyze is not installed and cannot be (not root)"
elif ! unshare -m true 2> /dev/null; then
    echo "SKIP systemd-analyze verify: no private mount namespace here (unshare -m needs root) to show the package's /usr"
else
    rc=0
    unshare -m sh -c 'mount -t overlay overlay -o "lowerdir=$1/usr:/usr" /usr && systemd-analyze verify --man=no "$2"' \
        sh "$work/root" "$unit" > "$work/verify.log" 2>&1 || rc=$?
    if [ $rc = 0 ] && [ ! -s "$work/verify.log" ]; then
        ok "systemd-analyze verify numa-agent.service: no message"
    else
        bad "systemd-analyze verify numa-agent.service (exit $rc)" "$(cat "$work/verify.log")"
    fi
fi

echo "check-deb: $(basename "$deb"), $(stat -c %s "$deb") bytes: $passed passed, $failed failed"
[ $failed = 0 ]
