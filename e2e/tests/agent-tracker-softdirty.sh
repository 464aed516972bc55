# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 900
# The runner's softdirty tracker (clear_refs 4, pagemap bit 55; the stock kernel has
# CONFIG_MEM_SOFT_DIRTY) through the flow of lib/tracking.sh: two memes tracked, one
# killed mid-scan, the active part more written per page than the idle part, nodes from PFNs.
. "$E2E_DIR/lib/tracking.sh"
[ -e /proc/self/clear_refs ] || fail "no /proc/PID/clear_refs on $(uname -r)"
track_pages_e2e softdirty
