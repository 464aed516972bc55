#!/usr/bin/env bash
# Tests the container image deploy/image/target/numa-agent-image.tar (built by `./mvnw package`)
# the way a container runtime would use it, with no daemon and no registry:
#   - skopeo (Debian's, installed when missing) reads it as a Docker archive (what `docker load`
#     and `ctr images import` take) tagged with the version, and copies it to an OCI archive that
#     it reads back;
#   - its layers, unpacked in order into a root directory, run the image's own entrypoint and
#     environment under chroot, in a private mount namespace with the host's /proc and /sys
#     mounted as the DaemonSet mounts them: `version`, `topology` (equal to the distribution's
#     output on this host), `check` and `run --once --dry-run` of the image's config over the
#     host, and every dry-run golden case (scripts/golden) over the fixture trees, byte for byte;
#   - JNA loads its library from the image (/opt/numa-agent/native), not from /tmp.
# Prints the image size and "image: N passed, N failed". Needs root (chroot, mount).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tarball=${1:-$here/target/numa-agent-image.tar}
dist="$repo/dist/target/numa-agent"
[ -f "$tarball" ] || { echo "test-image: no image at $tarball (./mvnw package builds it)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "test-image: needs root (chroot and mounts)" >&2; exit 1; }

need() { # command, Debian package
  command -v "$1" >/dev/null && return 0
  echo "test-image: installing $2" >&2
  apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
}
need skopeo skopeo
need jq jq

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -z "${2:-}" ] || sed 's/^/     /' "$2" | head -40; }

# --- the archive ----------------------------------------------------------------------------------
if skopeo inspect "docker-archive:$tarball" >"$work/inspect.json" 2>"$work/inspect.err" \
   && [ "$(jq -r '.Os + "/" + .Architecture' "$work/inspect.json")" = linux/amd64 ] \
   && [ "$(tar -xOf "$tarball" manifest.json | jq -r '.[0].RepoTags[0]')" = "numa-agent:$(sed 's/.* \([^ ]*\) (.*/\1/' <<<"$(java -jar "$dist/agent-runner.jar" version)")" ]; then
  ok "skopeo inspect docker-archive: linux/amd64, $(jq '.Layers | length' "$work/inspect.json") layers, tagged $(tar -xOf "$tarball" manifest.json | jq -r '.[0].RepoTags[0]')"
else bad "skopeo inspect docker-archive" "$work/inspect.err"; fi

if skopeo copy -q "docker-archive:$tarball" "oci-archive:$work/oci.tar:numa-agent:test" 2>"$work/copy.err" \
   && skopeo inspect "oci-archive:$work/oci.tar" >"$work/oci.json" 2>>"$work/copy.err" \
   && [ "$(jq -r '.Layers | length' "$work/oci.json")" = "$(jq -r '.Layers | length' "$work/inspect.json")" ]; then
  ok "copies to an OCI archive with the same layers"
else bad "copy to oci-archive" "$work/copy.err"; fi

# --- unpack: manifest -> config and layers, in order, as a runtime does -------------------------------
mkdir -p "$work/archive" "$work/root"
tar -xf "$tarball" -C "$work/archive"
config="$work/archive/$(jq -r '.[0].Config' "$work/archive/manifest.json")"
for layer in $(jq -r '.[0].Layers[]' "$work/archive/manifest.json"); do
  tar -xzf "$work/archive/$layer" -C "$work/root" 2>/dev/null
done
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
mapfile -t image_env < <(jq -r '.config.Env[]' "$config")
root="$work/root"

# Runs the image's entrypoint with arguments inside the root, stdout and stderr to files; the host's
# /proc and /sys (with its cgroup file system) are mounted in a mount namespace of its own, so
# nothing stays mounted when it ends. Extra environment: IMAGE_EXTRA_ENV.
in_image() { # name, args...
  local name=$1; shift
  mkdir -p "$root/proc" "$root/sys"
  # the environment is the image's alone (plus PATH, which container runtimes set too)
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${image_env[@]}" ${IMAGE_EXTRA_ENV:-} \
    unshare --mount --propagation private -- bash -c '
      root=$1; shift
      mount -t proc proc "$root/proc"
      mount --rbind /sys "$root/sys"
      exec chroot "$root" "$@"' _ "$root" \
    "${entrypoint[@]}" "$@" >"$work/$name.out" 2>"$work/$name.err"
}

# --- commands inside the image ------------------------------------------------------------------
version=$(java -jar "$dist/agent-runner.jar" version)
if in_image version version && [ "$(cat "$work/version.out")" != "" ] \
   && [ "$(sed 's/ (.*//' "$work/version.out")" = "$(sed 's/ (.*//' <<<"$version")" ]; then
  ok "version: $(cat "$work/version.out")"
else bad "version (expected $version)" "$work/version.err"; fi

# free memory changes from one second to the next; everything else must be equal
java -jar "$dist/agent-runner.jar" topology | grep -v ' free: ' >"$work/topology.host"
if in_image topology topology && grep -v ' free: ' "$work/topology.out" | diff -u "$work/topology.host" - >"$work/topology.diff"; then
  ok "topology over the host's /sys and /proc equals the distribution's ($(head -n1 "$work/topology.out"))"
else cat "$work/topology.err" >>"$work/topology.diff"; bad "topology" "$work/topology.diff"; fi

if in_image check check; then ok "check of the image's config (as root: its files pass the trust check)"
else bad "check" "$work/check.err"; fi

IMAGE_EXTRA_ENV="JAVA_TOOL_OPTIONS=-Djna.debug_load.jna=true" in_image run-host run --once --dry-run --state-dir /tmp/state-host \
  && rc=0 || rc=$?
if [ $rc = 0 ] && grep -q "Found jnidispatch at /opt/numa-agent/native/libjnidispatch.so" "$work/run-host.err" \
   && ! grep -q "Extracting library" "$work/run-host.err"; then
  ok "run --once --dry-run over the host, JNA loaded from /opt/numa-agent/native ($(wc -l <"$work/run-host.out") decision lines)"
else echo "exit $rc" >>"$work/run-host.err"; bad "run --once --dry-run over the host" "$work/run-host.err"; fi

# --- a running agent serves its metrics ---------------------------------------------------------------
# the image's config on a free port (other agents may hold 9464 on a shared machine)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed "s/port: 9464/port: $port/" "$root/etc/numa-agent/numa-agent.yaml" >"$root/tmp/served.yaml"
in_image served run -c /tmp/served.yaml --state-dir /tmp/state-served &
served=$!
healthy="" metrics=""
for _ in $(seq 1 120); do
  healthy=$(curl -sf "http://127.0.0.1:$port/-/healthy" || true)
  metrics=$(curl -sf "http://127.0.0.1:$port/metrics" || true)
  grep -q '^numa_agent_node_memory_total_bytes' <<<"$metrics" && break
  sleep 1
done
# env, unshare, bash and chroot each exec the next: the background job's one child is the agent's JVM
agent_pid=$(pgrep -P "$served" || true)
[ -z "$agent_pid" ] || kill -TERM "$agent_pid"
wait "$served" 2>/dev/null || true
if [ -n "$healthy" ] && grep -q '^numa_agent_node_memory_total_bytes' <<<"$metrics"; then
  ok "a running agent answers /-/healthy and /metrics with the host's nodes ($(grep -c '^numa_agent' <<<"$metrics") numa_agent samples)"
else bad "metrics endpoint of a running agent on port $port" "$work/served.err"; fi

# --- the dry-run golden cases: the image decides exactly as the distribution -----------------------
cp -r "$repo/agent-runner/src/test/resources/fixtures" "$root/fixtures"
cp -r "$repo/scripts/golden" "$root/golden"
for cfg in "$repo"/scripts/golden/*.yaml; do
  for tree in "$root"/fixtures/*/; do
    t=$(basename "$tree") c=$(basename "$cfg" .yaml) name="$c.$(basename "$tree")"
    in_image "$name" run --once --dry-run -c "/golden/$c.yaml" --path.sysfs="/fixtures/$t/sys" \
      --path.procfs="/fixtures/$t/proc" --path.cgroupfs="/fixtures/$t/cgroup" --state-dir "/tmp/state-$name" \
      && rc=0 || rc=$?
    echo "exit $rc" >>"$work/$name.out"
    if diff -u "$repo/scripts/golden/$name.out" "$work/$name.out" >"$work/$name.diff"; then ok "golden $name"
    else cat "$work/$name.err" >>"$work/$name.diff"; bad "golden $name" "$work/$name.diff"; fi
  done
done

# --- size ------------------------------------------------------------------------------------------
rm -rf "$root/fixtures" "$root/golden" "$root/tmp"/state-*
echo "image size: archive $(du -m "$tarball" | cut -f1) MiB (compressed layers);" \
  "unpacked $(du -sm --exclude=proc --exclude=sys "$root" | cut -f1) MiB: runtime $(du -sm "$root/opt/java" | cut -f1) MiB," \
  "agent $(du -sm "$root/opt/numa-agent" | cut -f1) MiB, shared libraries $(du -cm "$root/lib" "$root/lib64" | tail -n1 | cut -f1) MiB;" \
  "modules $(paste -sd, "$root/opt/java/numa-agent-modules.txt")"
echo "image: $passed passed, $failed failed"
[ "$failed" = 0 ]
