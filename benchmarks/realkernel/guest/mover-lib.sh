# Sourced by the mover benchmarks inside an e2e guest (after e2e/lib/guest-lib.sh), once
# meme_start has started the task (MEME_PID, MEME_OUT).

# stall_now: prints the task's longest 256-page write chunk since the last call (meme SIGUSR2)
stall_now() {  # prints the longest 256-page chunk since the last call
    local seen deadline
    seen=$(grep -c '^stalls' "$MEME_OUT" || true)
    kill -USR2 "$MEME_PID"
    deadline=$(( $(date +%s) + $(scaled 60) ))
    while [ "$(grep -c '^stalls' "$MEME_OUT" || true)" -le "$seen" ]; do
        [ "$(date +%s)" -lt $deadline ] || fail "meme did not report its stalls"
        sleep 0.2
    done
    grep '^stalls' "$MEME_OUT" | tail -1 | cut -d' ' -f2
}
