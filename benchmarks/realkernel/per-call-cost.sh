#!/bin/bash
# The fixed cost of one move_pages(2) call that moves pages, on this machine, without a
# guest: movebench over a 512 MiB meme whose pages are all on node 0 already, moved "to"
# node 0 in batches of 512 and 4096 pages (the kernel looks up and skips every page, and
# drains every CPU's LRU caches once per call: lru_cache_disable), and the query alone.
# ROUNDS rounds (default 5), the ways taking turns. Needs gcc; run as root.
#
#   benchmarks/realkernel/per-call-cost.sh [ROUNDS]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
rounds=${1:-5}
mkdir -p "$REPO/benchmarks/out"
gcc -O2 -Wall -o "$REPO/benchmarks/out/movebench" "$HERE/movebench.c"
mkdir -p "$REPO/e2e/out/bin"
[ -x "$REPO/e2e/out/bin/meme" ] || gcc -O2 -Wall -o "$REPO/e2e/out/bin/meme" "$REPO/e2e/meme/meme.c"
out=$(mktemp)
"$REPO/e2e/out/bin/meme" -s 512 -a 512 -r 0 > "$out" 2>&1 &
meme=$!
trap 'kill $meme 2>/dev/null; rm -f "$out"' EXIT
until grep -q '^ready' "$out"; do sleep 0.2; done
read -r lo hi <<< "$(awk '$1 == "range" && $2 == "active" {print $3, $4}' "$out")"
echo "# $(uptime)"
for r in $(seq 1 "$rounds"); do
    for way in "query-move 512" "move 512" "move 4096"; do
        "$REPO/benchmarks/out/movebench" "$meme" "$lo" "$hi" 0 $way
    done
done
echo "# $(uptime)"
