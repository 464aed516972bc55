# e2e-topology: twoNode
# e2e-kernel: custom
# e2e-agent: yes
# e2e-timeout: 900
# The runner's idlepage tracker (page_idle bitmap, pagemap, kpageflags) on the custom kernel
# (CONFIG_IDLE_PAGE_TRACKING); the flow is in lib/tracking.sh: two memes tracked, one killed
# mid-scan, active part more accessed than the idle part, nodes from PFNs (zoneinfo spans:
# this kernel has no memory hotplug blocks).
. "$E2E_DIR/lib/tracking.sh"
[ -e /sys/kernel/mm/page_idle/bitmap ] || fail "no /sys/kernel/mm/page_idle/bitmap on $(uname -r)"
track_pages_e2e idlepage
