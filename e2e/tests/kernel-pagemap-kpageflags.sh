# e2e-topology: twoNode
# e2e-timeout: 120
# Tier-mover kernel interface: /proc/PID/pagemap gives present PFNs for meme's pages,
# the PFNs lie on the node meme bound its memory to (checked against the zone spans
# of /proc/zoneinfo), and /proc/kpageflags reports them as anonymous, swap-backed pages.
meme_start -s 64 -n 1 -r 0
read -r lo hi <<< "$(meme_range idle0)"
scan=$(python3 "$E2E_DIR/lib/pagetool.py" scan "$MEME_PID" "$lo" "$hi")
note "pagemap/kpageflags scan: $scan"
get() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($1)" "$scan"; }
pages=$(get 'd["pages"]')
assert_eq "pages in the 64 MiB range" 16384 "$pages"
assert_eq "present pages (pagemap bit 63)" "$pages" "$(get 'd["present"]')"
assert_eq "exclusively mapped pages (bit 56)" "$pages" "$(get 'd["exclusive"]')"
assert_eq "pages with PFN hidden (0)" 0 "$(get 'd["zero_pfn"]')"
assert_eq "PFNs per node (zoneinfo spans)" "{'1': $pages}" "$(get 'd["nodes"]')"
assert_eq "kpageflags ANON" "$pages" "$(get 'd["kpageflags"]["anon"]')"
assert_eq "kpageflags SWAPBACKED" "$pages" "$(get 'd["kpageflags"]["swapbacked"]')"
assert_eq "kpageflags THP (meme asks for MADV_NOHUGEPAGE)" 0 "$(get 'd["kpageflags"]["thp"]')"
# numa_maps agrees with pagemap about the node
assert_eq "numa_maps pages per node" "1 $pages" "$(numa_maps_pages "$MEME_PID" "$lo" "$hi")"
