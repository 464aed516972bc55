# e2e-topology: twoNode
# e2e-kernel: custom
# e2e-timeout: 150
# Tier-mover kernel interface: /sys/kernel/mm/page_idle/bitmap (needs
# CONFIG_IDLE_PAGE_TRACKING, which Debian's stock kernel lacks). Marks all of
# meme's pages idle, then the pages meme keeps writing lose the idle bit while the
# idle part keeps it.
[ -e /sys/kernel/mm/page_idle/bitmap ] || fail "no /sys/kernel/mm/page_idle/bitmap on $(uname -r)"
meme_start -s 48 -a 16 -r 40000 -F
read -r alo ahi <<< "$(meme_range active)"
read -r ilo ihi <<< "$(meme_range idle0)"
idle() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['idle'])" \
    "$(python3 "$E2E_DIR/lib/pagetool.py" scan "$MEME_PID" "$1" "$2" --idle)"; }
python3 "$E2E_DIR/lib/pagetool.py" set-idle "$MEME_PID" "$alo" "$ahi" > /dev/null
python3 "$E2E_DIR/lib/pagetool.py" set-idle "$MEME_PID" "$ilo" "$ihi" > /dev/null
assert_eq "idle part marked idle" 8192 "$(idle "$ilo" "$ihi")"
# meme rewrites its active pages 10 times a second; wait for it (the bound only
# catches a meme that stopped)
deadline=$(( $(date +%s) + $(scaled 120) ))
while busy_idle=$(idle "$alo" "$ahi"); [ "$busy_idle" != 0 ] && [ "$(date +%s)" -lt $deadline ]; do
    sleep 0.5
done
assert_eq "active pages still idle after meme rewrote them" 0 "$busy_idle"
assert_eq "idle part still idle" 8192 "$(idle "$ilo" "$ihi")"
