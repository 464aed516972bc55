# e2e-topology: twoNode
# e2e-timeout: 120
# Tier-mover kernel interface: soft-dirty tracking. Writing 4 to /proc/PID/clear_refs
# clears pagemap bit 55 of every page; afterwards exactly the pages meme keeps
# writing (its active part) get the bit back, the idle part stays clean.
meme_start -s 48 -a 16 -r 40000
read -r alo ahi <<< "$(meme_range active)"
read -r ilo ihi <<< "$(meme_range idle0)"
softdirty() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['soft_dirty'])" \
    "$(python3 "$E2E_DIR/lib/pagetool.py" scan "$MEME_PID" "$1" "$2")"; }
assert_eq "idle pages soft-dirty after first touch" 8192 "$(softdirty "$ilo" "$ihi")"
echo 4 > "/proc/$MEME_PID/clear_refs"
after_clear_idle=$(softdirty "$ilo" "$ihi")
assert_eq "idle pages soft-dirty right after clear_refs 4" 0 "$after_clear_idle"
# meme rewrites its 4096 active pages at 40000 pages/s (0.1 s per round): wait until
# it has (the bound only catches a meme that stopped)
deadline=$(( $(date +%s) + $(scaled 120) ))
while dirty=$(softdirty "$alo" "$ahi"); [ "$dirty" != 4096 ] && [ "$(date +%s)" -lt $deadline ]; do
    sleep 0.5
done
assert_eq "active pages soft-dirty after meme rewrote them" 4096 "$dirty"
assert_eq "idle pages still clean" 0 "$(softdirty "$ilo" "$ihi")"
figure soft_dirty_active_pages "$dirty"
