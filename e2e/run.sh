#!/bin/bash
# numa-agent real-kernel end-to-end suite. Usage: e2e/run.sh [-l] [TEST...]
#   TEST: a test name (file e2e/tests/NAME.sh), NAME[topology], or a glob such as
#         'kernel-*'; default: all.
#   -l    list the test instances and exit.
# Every test instance boots its own QEMU guest (topology from e2e/topologies/*.json,
# host root over read-only 9p + tmpfs overlay) and runs the test script inside it.
# Prints "PASS|FAIL|SKIP name (seconds) [reason]" per instance, then a summary;
# exits non-zero when any instance failed.
# Environment:
#   NUMA_AGENT_E2E_CUSTOM_KERNEL    tests that need the custom kernel (idle page tracking,
#                                   cgroup v1): auto (default) runs them when the kernel is
#                                   cached, else skips them with the reason; 1 builds it
#                                   first when missing (installing the build packages; a
#                                   few minutes on 2 cores, see e2e/README.md; cached in
#                                   /var/cache/numa-agent-e2e) and fails them when the
#                                   build fails (CI sets 1); 0 skips them
#   NUMA_AGENT_E2E_AGENT=PATH       numa-agent launcher to test (default: bin/numa-agent of
#                                   this checkout; its dist/ is built on the host if missing)
#   NUMA_AGENT_E2E_ACCEL=tcg        force TCG even where KVM is usable
#   NUMA_AGENT_E2E_TESTS=DIR        take the test scripts from DIR instead of e2e/tests
#                                   (benchmarks/realkernel/guest holds recorded benchmarks
#                                   that run with this harness)
#   NUMA_AGENT_E2E_TIMEOUT_SCALE=N  multiply every time bound by N (a whole number): each
#                                   test's VM timeout and the bounds of the waits inside
#                                   the tests. Bounds only stop a hung test; no test
#                                   asserts how much work fits in a time (see README.md)
set -uo pipefail
export PATH="$PATH:/usr/sbin:/sbin"   # depmod
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$E2E_DIR/.." && pwd)
OUT="$E2E_DIR/out"
TESTS_DIR=$(cd "${NUMA_AGENT_E2E_TESTS:-$E2E_DIR/tests}" && pwd) \
    || { echo "e2e: no test directory ${NUMA_AGENT_E2E_TESTS:-}" >&2; exit 2; }
. "$E2E_DIR/lib/kernel.sh"
. "$E2E_DIR/lib/vm.sh"

E2E_QEMU_PID=
cleanup() {
    if [ -n "${E2E_QEMU_PID:-}" ]; then kill -TERM "$E2E_QEMU_PID" 2>/dev/null; wait "$E2E_QEMU_PID" 2>/dev/null; fi
}
trap cleanup EXIT
trap 'echo "e2e: interrupted" >&2; exit 130' INT TERM HUP

# Reads "# e2e-KEY: value" from a test file's header.
test_header() { sed -n "s/^# e2e-$2: *//p" "$1" | head -1; }

# All test instances as "name topology file".
list_instances() {
    local file name topo
    for file in "$TESTS_DIR"/*.sh; do
        name=$(basename "$file" .sh)
        for topo in $(test_header "$file" topology); do
            echo "$name $topo $file"
        done
    done
}

instance_label() {
    local name=$1 topo=$2 count=$3
    if [ "$count" -gt 1 ]; then echo "$name[$topo]"; else echo "$name"; fi
}

# selected LABEL NAME [PATTERN...]: exact label or name, or a shell glob over them
matches_any() {
    local label=$1 name=$2 s; shift 2
    for s in "$@"; do
        if [ "$s" = "$label" ] || [ "$s" = "$name" ]; then return 0; fi
        # shellcheck disable=SC2053
        if [[ $name == $s ]] || [[ $label == $s ]]; then return 0; fi
    done
    return 1
}
selected() { [ ${#SELECT[@]} -eq 0 ] || matches_any "$1" "$2" "${SELECT[@]}"; }

# instance_devices TEST_FILE TOPOLOGY_FILE DIR: sets DEVICE_SPEC (the test's "# e2e-device:"
# header) and DEVICE_ARGS (its QEMU arguments, files in DIR); DEVICE_ERROR and status 1
# when the header is wrong.
instance_devices() {
    local nodes
    DEVICE_SPEC=$(test_header "$1" device); DEVICE_ARGS=(); DEVICE_ERROR=
    [ -n "$DEVICE_SPEC" ] || return 0
    nodes=$(python3 "$E2E_DIR/lib/topology2qemu.py" --summary "$2" \
        | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["nodes"]))') || nodes=0
    mapfile -t DEVICE_ARGS < <(e2e_device_args "$DEVICE_SPEC" "$3" "$nodes" 2> "$3/device.err")
    if [ ${#DEVICE_ARGS[@]} = 0 ]; then
        DEVICE_ERROR="$(basename "$1"): $(cat "$3/device.err")"
        return 1
    fi
}

TIMEOUT_SCALE=${NUMA_AGENT_E2E_TIMEOUT_SCALE:-1}
[[ $TIMEOUT_SCALE =~ ^[1-9][0-9]*$ ]] \
    || { echo "e2e: NUMA_AGENT_E2E_TIMEOUT_SCALE must be a whole number >= 1, not '$TIMEOUT_SCALE'" >&2; exit 2; }

LIST_ONLY=0
SELECT=()
for arg in "$@"; do
    case "$arg" in
        -l) LIST_ONLY=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 0 ;;
        *) SELECT+=("$arg") ;;
    esac
done

mapfile -t INSTANCES < <(list_instances)
PLAN=()
for inst in "${INSTANCES[@]}"; do
    read -r name topo file <<< "$inst"
    count=$(test_header "$file" topology | wc -w)
    label=$(instance_label "$name" "$topo" "$count")
    selected "$label" "$name" && PLAN+=("$label $name $topo $file")
done
for s in "${SELECT[@]}"; do
    found=0
    for entry in "${PLAN[@]}"; do
        read -r label name _ <<< "$entry"
        matches_any "$label" "$name" "$s" && { found=1; break; }
    done
    [ $found = 1 ] || { echo "e2e: no test matches $s (see e2e/run.sh -l)" >&2; exit 2; }
done
if [ $LIST_ONLY = 1 ]; then printf '%s\n' "${PLAN[@]}" | awk '{print $1}'; exit 0; fi
[ ${#PLAN[@]} -gt 0 ] || { echo "e2e: no tests selected" >&2; exit 2; }

suite_start=$(date +%s)
"$E2E_DIR/lib/setup.sh" || { echo "e2e: setup failed" >&2; exit 2; }
mkdir -p "$OUT/bin"
gcc -O2 -Wall -Wextra -Werror -o "$OUT/bin/meme" "$E2E_DIR/meme/meme.c" || { echo "e2e: building meme failed" >&2; exit 2; }
e2e_prepare_stock_kernel || { echo "e2e: cannot prepare the stock kernel" >&2; exit 2; }
e2e_build_initramfs "$OUT/initramfs-stock.cpio.gz" "$STOCK_MODDIR" || { echo "e2e: initramfs failed" >&2; exit 2; }

CUSTOM_BZIMAGE=
CUSTOM_FAILS=0   # 1: a test without its custom kernel fails (the build was asked for) instead of skipping
CUSTOM_MODE=${NUMA_AGENT_E2E_CUSTOM_KERNEL:-auto}
needs_custom=0
for entry in "${PLAN[@]}"; do
    read -r _ _ _ file <<< "$entry"
    [ "$(test_header "$file" kernel)" = custom ] && needs_custom=1
done
if [ $needs_custom = 1 ]; then
    case "$CUSTOM_MODE" in
        1)
            build_start=$(date +%s)
            CUSTOM_BZIMAGE=$("$E2E_DIR/kernel/build-custom-kernel.sh") || CUSTOM_BZIMAGE=
            echo "e2e: custom kernel ready after $(( $(date +%s) - build_start ))s: ${CUSTOM_BZIMAGE:-none}"
            CUSTOM_FAILS=1
            CUSTOM_REASON="custom kernel build failed (see the build output above)" ;;
        auto)
            CUSTOM_BZIMAGE=$("$E2E_DIR/kernel/build-custom-kernel.sh" --cached-only 2>/dev/null) || CUSTOM_BZIMAGE=
            CUSTOM_REASON="custom kernel (idle page tracking, cgroup v1) not built on this machine; NUMA_AGENT_E2E_CUSTOM_KERNEL=1 builds it (minutes, cached in $E2E_CACHE)" ;;
        *)
            CUSTOM_REASON="custom-kernel tests disabled by NUMA_AGENT_E2E_CUSTOM_KERNEL=$CUSTOM_MODE" ;;
    esac
    if [ -n "$CUSTOM_BZIMAGE" ]; then
        e2e_build_initramfs "$OUT/initramfs-custom.cpio.gz" || { echo "e2e: initramfs failed" >&2; exit 2; }
    fi
fi

# Tests marked "# e2e-agent: yes" run bin/numa-agent inside the guest, from the
# distribution built on the host (building it inside a TCG guest would take ages).
AGENT=${NUMA_AGENT_E2E_AGENT:-$REPO/bin/numa-agent}
AGENT_BUILD_FAILED=0
needs_agent=0
for entry in "${PLAN[@]}"; do
    read -r _ _ _ file <<< "$entry"
    [ "$(test_header "$file" agent)" = yes ] && needs_agent=1
done
if [ $needs_agent = 1 ] && [ -x "$AGENT" ]; then
    agent_repo=$(cd "$(dirname "$AGENT")/.." && pwd)
    if [ ! -f "$agent_repo/dist/target/numa-agent/agent-runner.jar" ]; then
        echo "e2e: building the agent distribution on the host (./mvnw -q -B -DskipTests package)"
        (cd "$agent_repo" && ./mvnw -q -B -DskipTests package) || AGENT_BUILD_FAILED=1
    fi
fi

echo "e2e: kernel $STOCK_KVER${CUSTOM_BZIMAGE:+ (custom: $CUSTOM_BZIMAGE)}, accel: $(e2e_accel_args | paste -sd' '), timeout scale $TIMEOUT_SCALE, ${#PLAN[@]} test instance(s)"
passed=0; failed=0; skipped=0
RESULTS_TABLE=()
for entry in "${PLAN[@]}"; do
    read -r label name topo file <<< "$entry"
    kind=$(test_header "$file" kernel); kind=${kind:-stock}
    timeout_s=$(test_header "$file" timeout); timeout_s=${timeout_s:-120}
    timeout_s=$(( timeout_s * TIMEOUT_SCALE ))
    safe=$(echo "$label" | tr '[]' '__')
    dir="$OUT/$safe"
    rm -rf "$dir"; mkdir -p "$dir/results"
    topology_file="$E2E_DIR/topologies/$topo.json"
    start=$(date +%s.%N)
    verdict=; reason=
    if [ ! -f "$topology_file" ]; then
        verdict=FAIL; reason="no topology file $topology_file"
    elif [ "$kind" = custom ] && [ -z "$CUSTOM_BZIMAGE" ]; then
        verdict=SKIP; reason=$CUSTOM_REASON
        [ $CUSTOM_FAILS = 1 ] && verdict=FAIL
    elif ! instance_devices "$file" "$topology_file" "$dir"; then
        verdict=FAIL; reason=$DEVICE_ERROR
    elif [ "$(test_header "$file" agent)" = yes ] && [ ! -x "$AGENT" ]; then
        # decided on the host so that no VM boots just to skip
        verdict=SKIP; reason="numa-agent CLI not there: $AGENT is missing (agent not on this branch yet)"
    else
        if [ "$kind" = custom ]; then
            kernel=$CUSTOM_BZIMAGE; initrd="$OUT/initramfs-custom.cpio.gz"
        else
            kernel=$STOCK_VMLINUZ; initrd="$OUT/initramfs-stock.cpio.gz"
        fi
        python3 "$E2E_DIR/lib/topology2qemu.py" --summary "$topology_file" > "$dir/results/topology.json"
        cat > "$dir/results/job.sh" <<JOB
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
export E2E_REPO=$(printf %q "$REPO") E2E_DIR=$(printf %q "$E2E_DIR")
export E2E_TEST=$(printf %q "$label") E2E_TEST_FILE=$(printf %q "$file")
export E2E_TOPOLOGY=$(printf %q "$topo") E2E_KERNEL_KIND=$kind
export E2E_MEME=$(printf %q "$OUT/bin/meme") E2E_RESULTS=/e2e-results
export E2E_AGENT=$(printf %q "$AGENT") E2E_AGENT_BUILD_FAILED=$AGENT_BUILD_FAILED
export E2E_TIMEOUT_SCALE=$TIMEOUT_SCALE E2E_STOCK_MODDIR=$(printf %q "$STOCK_MODDIR")
export E2E_DEVICE=$(printf %q "$DEVICE_SPEC")
export E2E_BENCH_ROUNDS=${NUMA_AGENT_E2E_BENCH_ROUNDS:-} E2E_BENCH_SECONDS=${NUMA_AGENT_E2E_BENCH_SECONDS:-}
exec /bin/bash "\$E2E_DIR/lib/guest-run.sh"
JOB
        # A guest that dies before its init reaches the job (seen: an int3 oops while
        # the kernel patches its own code early in boot under multi-threaded TCG) is an
        # infrastructure failure, not the test's: boot again, up to twice, and say so.
        boot_retries=0
        while :; do
            e2e_vm_run "$kernel" "$initrd" "$topology_file" "$dir/results" "$dir/qemu.log" "$timeout_s" "${DEVICE_ARGS[@]}"
            qrc=$?
            [ $qrc = 124 ] || [ $qrc = 137 ] || [ -s "$dir/results/status" ] && break
            grep -q 'e2e-init: guest up' "$dir/qemu.log" && break
            [ $boot_retries -lt 2 ] || break
            boot_retries=$((boot_retries + 1))
            mv "$dir/qemu.log" "$dir/qemu.log.boot-failure-$boot_retries"
            echo "e2e: $label: guest died while booting ($(grep -m1 -E 'Oops|Kernel panic|BUG' "$dir/qemu.log.boot-failure-$boot_retries" | sed 's/^\[ *[0-9.]*\] //')), booting again"
        done
        status=$(head -1 "$dir/results/status" 2>/dev/null)
        if [ $qrc = 124 ] || [ $qrc = 137 ]; then
            verdict=FAIL; reason="timeout after ${timeout_s}s (VM killed)"
        elif [ "$status" = 0 ]; then
            verdict=PASS
        elif [ "$status" = 77 ]; then
            verdict=SKIP; reason=$(sed -n 's/^SKIP: //p' "$dir/results/output.log" | tail -1)
            reason=${reason:-test reported skip without a reason}
        elif [ -z "$status" ]; then
            crash=$(grep -m1 -E 'Kernel panic|Oops|BUG:' "$dir/qemu.log" | sed 's/^\[ *[0-9.]*\] //')
            verdict=FAIL; reason="guest wrote no status (qemu exit $qrc${crash:+; kernel: $crash}), see $dir/qemu.log"
        else
            reason=$(grep -a -E '^FAIL' "$dir/results/output.log" 2>/dev/null | head -1)
            [ -n "$reason" ] || reason=$(grep -a -v '^== exit' "$dir/results/output.log" 2>/dev/null | tail -1)
            verdict=FAIL; reason="status $status: $reason"
        fi
        boot=$(sed -n 's/.*guest up after \([0-9.]*\)s.*/\1/p' "$dir/qemu.log" | head -1)
        [ -n "$boot" ] && echo "$boot" > "$dir/boot-seconds"
    fi
    secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
    case $verdict in PASS) passed=$((passed+1)) ;; FAIL) failed=$((failed+1)) ;; SKIP) skipped=$((skipped+1)) ;; esac
    retried=
    [ "${boot_retries:-0}" -gt 0 ] && retried=", boot retried ${boot_retries}x"
    line="$verdict $label (${secs}s${boot:+, boot ${boot}s}$retried)${reason:+ - $reason}"
    echo "$line"
    RESULTS_TABLE+=("$line")
    boot=; boot_retries=0
    if [ $verdict = FAIL ] && [ -f "$dir/results/output.log" ]; then
        sed 's/^/    | /' "$dir/results/output.log" | tail -25
    fi
done
printf '%s\n' "${RESULTS_TABLE[@]}" > "$OUT/summary.txt"
echo "e2e: suite took $(( $(date +%s) - suite_start ))s; logs in $OUT"
echo "e2e: $passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
