package io.numaagent.api.tracking;

import java.util.List;

/**
 * Which page-access tracker to run, with its settings. The kinds and their settings are memtierd's
 * trackers (see the tier-mover README for the mapping); the runner checks at start that the host
 * supports the kind and refuses to start, naming what is missing, when it does not.
 */
public sealed interface TrackerSpec
        permits TrackerSpec.IdlePage, TrackerSpec.SoftDirty, TrackerSpec.Damon, TrackerSpec.Finder, TrackerSpec.Multi {

    /** The tracker's name in config and output: {@code idlepage}, {@code softdirty}, {@code damon}, {@code finder}, {@code multi}. */
    String kind();

    /**
     * {@code /sys/kernel/mm/page_idle/bitmap} with {@code /proc/PID/pagemap} and {@code /proc/kpageflags}:
     * a page counts as accessed when the kernel cleared its idle bit since the previous scan.
     *
     * @param pagesInRegion       address ranges are split into regions of this many pages
     * @param maxCountPerRegion   accessed pages counted per region and scan at most (0 = pagesInRegion)
     * @param scanIntervalMs      time between scans
     * @param regionsUpdateMs     how often the address ranges are re-read (0 = before every scan)
     * @param pagemapReadahead    extra pagemap entries read per read (0 = default, -1 = off)
     * @param kpageflagsReadahead extra kpageflags entries read per read (0 = default, -1 = off)
     * @param bitmapReadahead     extra bitmap words read per read (0 = default, -1 = off)
     */
    record IdlePage(int pagesInRegion, int maxCountPerRegion, long scanIntervalMs, long regionsUpdateMs,
                    int pagemapReadahead, int kpageflagsReadahead, int bitmapReadahead) implements TrackerSpec {
        public IdlePage {
            requirePositive(pagesInRegion, "pagesInRegion");
            requireNotNegative(maxCountPerRegion, "maxCountPerRegion");
            requirePositive(scanIntervalMs, "scanIntervalMs");
            requireNotNegative(regionsUpdateMs, "regionsUpdateMs");
        }

        @Override
        public String kind() {
            return "idlepage";
        }
    }

    /**
     * Soft-dirty bits: {@code clear_refs} 4, then pagemap bit 55 marks pages written since.
     *
     * @param skipPageProbPerMille after each page, skip the next with this probability (per mille; ≥ 1000 = first page only)
     */
    record SoftDirty(int pagesInRegion, int maxCountPerRegion, long scanIntervalMs, long regionsUpdateMs,
                     int skipPageProbPerMille, int pagemapReadahead) implements TrackerSpec {
        public SoftDirty {
            requirePositive(pagesInRegion, "pagesInRegion");
            requireNotNegative(maxCountPerRegion, "maxCountPerRegion");
            requirePositive(scanIntervalMs, "scanIntervalMs");
            requireNotNegative(regionsUpdateMs, "regionsUpdateMs");
            requireNotNegative(skipPageProbPerMille, "skipPageProbPerMille");
        }

        @Override
        public String kind() {
            return "softdirty";
        }
    }

    /**
     * DAMON through its sysfs interface ({@code /sys/kernel/mm/damon/admin}).
     *
     * @param samplingUs                sampling interval
     * @param aggregationUs             aggregation interval
     * @param regionsUpdateUs           regions update (operations update) interval
     * @param minTargetRegions          minimum number of regions DAMON keeps per target
     * @param maxTargetRegions          maximum number of regions
     * @param filterAddressRangeSizeMax ranges larger than this many bytes are ignored (-1 = no limit)
     * @param kdamonds                  the kdamond ids the runner may use
     * @param nrKdamonds                kdamonds to create when none exist (0 = none)
     * @param takeOverKdamonds          whether a kdamond already running may be stopped and reused
     * @param regionsFromMaps           whether the runner writes the initial regions from {@code /proc/PID/maps}
     */
    record Damon(long samplingUs, long aggregationUs, long regionsUpdateUs, int minTargetRegions, int maxTargetRegions,
                 long filterAddressRangeSizeMax, List<Integer> kdamonds, int nrKdamonds, boolean takeOverKdamonds,
                 boolean regionsFromMaps) implements TrackerSpec {
        public Damon {
            requirePositive(samplingUs, "samplingUs");
            requirePositive(aggregationUs, "aggregationUs");
            requirePositive(regionsUpdateUs, "regionsUpdateUs");
            requirePositive(minTargetRegions, "minTargetRegions");
            if (maxTargetRegions < minTargetRegions) {
                throw new IllegalArgumentException("maxTargetRegions must not be below minTargetRegions");
            }
            kdamonds = List.copyOf(kdamonds);
            requireNotNegative(nrKdamonds, "nrKdamonds");
        }

        @Override
        public String kind() {
            return "damon";
        }
    }

    /**
     * Reports every anonymous address range of each process, unsplit, with {@code reportAccesses}
     * accesses; with pagemap bit filters, only the sub-ranges whose every page matches.
     *
     * @param present   null = no filtering on bit 63, else pages must have it set / cleared
     * @param exclusive null = no filtering on bit 56
     * @param softDirty null = no filtering on bit 55
     */
    record Finder(long regionsUpdateMs, long reportAccesses, Boolean present, Boolean exclusive, Boolean softDirty)
            implements TrackerSpec {
        public Finder {
            requireNotNegative(regionsUpdateMs, "regionsUpdateMs");
            requireNotNegative(reportAccesses, "reportAccesses");
        }

        @Override
        public String kind() {
            return "finder";
        }
    }

    /** Several trackers at once; their counters are combined, overlapping ranges split and summed. */
    record Multi(List<TrackerSpec> trackers) implements TrackerSpec {
        public Multi {
            trackers = List.copyOf(trackers);
            if (trackers.isEmpty()) {
                throw new IllegalArgumentException("trackers must not be empty");
            }
        }

        @Override
        public String kind() {
            return "multi";
        }
    }

    private static void requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    private static void requireNotNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + value);
        }
    }
}
