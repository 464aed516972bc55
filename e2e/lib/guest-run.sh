#!/bin/bash
# Runs inside the guest (chroot of the host root overlay), started by job.sh that
# run.sh writes into the results share. Runs one test script with the helpers of
# guest-lib.sh and writes its exit status to $E2E_RESULTS/status.
exec > >(tee "$E2E_RESULTS/output.log") 2>&1
cd "$E2E_REPO" || { echo 2 > "$E2E_RESULTS/status"; exit 2; }
echo "== $E2E_TEST on $(uname -r) ($E2E_TOPOLOGY), guest up $(cut -d' ' -f1 /proc/uptime)s"
start=$(date +%s.%N)
bash -c '. "$E2E_DIR/lib/guest-lib.sh"; . "$E2E_TEST_FILE"'
rc=$?
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f\n", e - s}' > "$E2E_RESULTS/test-seconds"
echo "== exit $rc after $(cat "$E2E_RESULTS/test-seconds")s"
# give tee a moment to flush before init syncs and powers off
exec >&- 2>&-
sleep 0.2
echo "$rc" > "$E2E_RESULTS/status"
