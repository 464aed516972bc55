#!/usr/bin/env bash
# Lays out the root file system of the numa-agent container image (the build runs it before Jib
# packs the directory onto an empty `scratch` base; no daemon, no registry, no base image):
#
#   /opt/java                 a Java 17 runtime made by jlink with only the modules the agent's JARs
#                             use (jdeps over the distribution) plus the ones loaded by name (below)
#   /opt/numa-agent           the distribution: agent-runner.jar, lib/, plugins/ (bundled plugins)
#   /opt/numa-agent/native    JNA's libjnidispatch.so, unpacked here so the agent needs no writable
#                             temporary directory to load it
#   /lib, /lib64              the shared libraries the JVM and JNA link against (glibc, libz,
#                             libstdc++, libgcc_s, the dynamic loader), copied from this build host:
#                             `ldd` lists them; the image carries the build host's glibc
#   /etc/numa-agent/numa-agent.yaml  a dry-run config (Kubernetes mounts its own over it)
#   /etc/passwd, /etc/group   root only, so that the JVM finds a user name and home directory
#   /tmp, /var/lib/numa-agent, /proc, /sys, /dev  empty directories (mount points)
#
# Usage: build-root.sh JDK_HOME DIST_DIR CONFIG OUT_DIR EXTRA_MODULES
#   EXTRA_MODULES  comma-separated modules jdeps cannot see because they are loaded by name
set -euo pipefail
jdk=$1 dist=$(readlink -f "$2") config=$(readlink -f "$3") out=$(readlink -m "$4") extra_modules=$5

fail() { echo "build-root: $*" >&2; exit 1; }
version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$jdk/release" 2>/dev/null || true)
case "$version" in
  17|17.*) ;;
  *) fail "$jdk is not a Java 17 JDK (JAVA_VERSION=${version:-none}); set -Dimage.jdk.home=/usr/lib/jvm/java-17-openjdk-amd64" ;;
esac
[ -f "$dist/agent-runner.jar" ] || fail "no distribution at $dist (the dist module builds it first)"
command -v ldd >/dev/null || fail "ldd not found (Debian: apt-get install libc-bin)"
command -v strip >/dev/null || fail "strip not found (Debian: apt-get install binutils)"

rm -rf "$out"
mkdir -p "$out"

# 1. The modules: every module a class of the distribution refers to. Multi-release JARs are read as
#    Java 17 sees them; references into JARs that are not there (optional dependencies) are ignored.
modules=$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
  "$dist/agent-runner.jar" "$dist"/lib/*.jar "$dist"/plugins/*.jar 2>/dev/null | tail -n 1)
[ -n "$modules" ] || fail "jdeps found no modules"
modules="$modules,$extra_modules"
echo "build-root: modules $modules"

# 2. The runtime. Without a class-data (CDS) archive: the JDK 17 dump is not byte-for-byte the same
#    from one build to the next, which would change the image digest of an unchanged agent, and it
#    saves only ~0.05 s of CPU per start (0.20-0.23 s user for `version` with it, 0.27 s without).
"$jdk/bin/jlink" --add-modules "$modules" --output "$out/opt/java" \
  --strip-debug --no-header-files --no-man-pages --compress=2
printf '%s\n' "${modules//,/$'\n'}" | sort >"$out/opt/java/numa-agent-modules.txt"
# Debian's libjvm.so keeps its symbol table (a fifth of its size)
find "$out/opt/java" -name '*.so' -exec strip --strip-unneeded {} +

# 3. The distribution, without the class-data archive of the build's JVM.
mkdir -p "$out/opt/numa-agent/native"
cp "$dist/agent-runner.jar" "$out/opt/numa-agent/"
cp -r "$dist/lib" "$dist/plugins" "$out/opt/numa-agent/"
jna_jar=$(ls "$dist"/lib/jna-*.jar)
(cd "$out/opt/numa-agent/native" && "$jdk/bin/jar" xf "$jna_jar" com/sun/jna/linux-x86-64/libjnidispatch.so \
  && mv com/sun/jna/linux-x86-64/libjnidispatch.so . && rm -r com)

# 4. Shared libraries. The runtime's own libraries that only AWT loads (java.desktop is in for
#    java.beans; the agent never opens a window or a font) are left out of the search, so no X11
#    library is pulled in; every other library must resolve.
roots=("$out/opt/java/bin/java" "$out/opt/numa-agent/native/libjnidispatch.so")
for lib in "$out"/opt/java/lib/*.so "$out"/opt/java/lib/server/*.so; do
  case "$(basename "$lib")" in
    libawt*|libjawt.so|libsplashscreen.so|libfontmanager.so|liblcms.so|libjavajpeg.so|libmlib_image.so) continue ;;
  esac
  roots+=("$lib")
done
needed=$(for f in "${roots[@]}"; do
  # "name => /path (addr)", "/lib64/ld-linux-x86-64.so.2 (addr)", "name => not found"
  LD_LIBRARY_PATH="$out/opt/java/lib:$out/opt/java/lib/server" ldd "$f" | while read -r a b c _; do
    if [ "$b" = "=>" ] && [ "$c" = not ]; then echo "MISSING $a needed by $f"
    elif [ "$b" = "=>" ] && [ "${c#/}" != "$c" ]; then echo "$c"
    elif [ "${a#/}" != "$a" ]; then echo "$a"
    fi
  done
done | sort -u)
if grep -q '^MISSING' <<<"$needed"; then fail "$(grep '^MISSING' <<<"$needed")"; fi
# glibc loads libgcc_s by name when a thread is cancelled or unwinds; ldd of the JVM lists it too,
# but say so here in case a JVM build links it statically.
needed+=$'\n'$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ {print $NF; exit}')
for lib in $(sort -u <<<"$needed"); do
  case "$lib" in "$out"/*) continue ;; esac # the runtime's own
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done
ls "$out/lib64/ld-linux-x86-64.so.2" >/dev/null || fail "the dynamic loader was not copied"

# 5. Configuration and the few files a process expects.
# mount points the runtime (or the test's chroot) mounts over
mkdir -p "$out/etc/numa-agent" "$out/tmp" "$out/var/lib/numa-agent" "$out/root" "$out/proc" "$out/sys" "$out/dev"
cp "$config" "$out/etc/numa-agent/numa-agent.yaml"
echo 'root:x:0:0:root:/root:/sbin/nologin' >"$out/etc/passwd"
echo 'root:x:0:' >"$out/etc/group"
echo "build-root: $(du -sh "$out" | cut -f1) in $out"
