package io.numaagent.benchmarks;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fake host of the footprint measurements: a {@code twoSocketFourNode} machine (cgroup v2) with
 * {@code tasks} cgroups {@code /batch/task-00000 ...}, one pid each, 64 MiB of anonymous memory on
 * node {@code i mod 4} and 16 MiB of file pages on the next node, so that the numa-allocator has
 * something to decide on. Written by agent-runner's {@link HostTreeWriter}, in the kernel's formats.
 *
 * <p>{@code benchmarks/footprint/measure.sh} runs {@link #main}; {@code SnapshotBenchmark} builds
 * the same tree in a temporary directory.
 */
public final class FootprintHost {

    /** Where the tasks live: the measurement's config scans this parent, one level down. */
    public static final String PARENT = "/batch";

    private static final long MIB = 1L << 20;
    private static final int FIRST_PID = 100_000;

    /**
     * A {@code /proc/vmstat} of a two-node 6.1 kernel's length (the agent parses every line):
     * the NUMA, migration and reclaim counters it keeps, and the others it skips.
     */
    private static final Map<String, Long> VMSTAT = vmstat();

    private FootprintHost() {
    }

    /** The machine with {@code tasks} task cgroups. */
    public static TestMachine machine(int tasks) {
        TestMachine m = TestMachine.twoSocketFourNode().vmstat(VMSTAT);
        for (int i = 0; i < tasks; i++) {
            int node = i % 4;
            m.task(taskPath(i)).pids(FIRST_PID + i).anon(Map.of(node, 64 * MIB)).file(Map.of((node + 1) % 4, 16 * MIB))
                    .cpuUsageNanos(1_000_000_000L + i);
        }
        return m;
    }

    private static Map<String, Long> vmstat() {
        Map<String, Long> v = new LinkedHashMap<>();
        String[] keys = {"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_zone_inactive_file",
            "nr_zone_active_file", "nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock", "nr_bounce",
            "nr_zspages", "nr_free_cma", "nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
            "nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable", "nr_anon_pages", "nr_mapped",
            "nr_file_pages", "nr_dirty", "nr_writeback", "nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages",
            "nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped", "nr_anon_transparent_hugepages",
            "nr_vmscan_write", "nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written", "nr_throttled_written",
            "nr_kernel_misc_reclaimable", "nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
            "nr_page_table_pages", "nr_sec_page_table_pages", "nr_swapcached", "nr_dirty_threshold",
            "nr_dirty_background_threshold", "pgpgin", "pgpgout", "pswpin", "pswpout", "pgalloc_dma", "pgalloc_dma32",
            "pgalloc_normal", "pgalloc_movable", "allocstall_dma", "allocstall_dma32", "allocstall_normal",
            "allocstall_movable", "pgskip_dma", "pgskip_dma32", "pgskip_normal", "pgskip_movable", "pgfree",
            "pgactivate", "pgdeactivate", "pglazyfree", "pgfault", "pgmajfault", "pglazyfreed", "pgrefill",
            "pgreuse", "pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "pgdemote_kswapd", "pgdemote_direct",
            "pgdemote_khugepaged", "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgscan_direct_throttle",
            "pgscan_anon", "pgscan_file", "pgsteal_anon", "pgsteal_file", "zone_reclaim_failed", "pginodesteal",
            "slabs_scanned", "kswapd_inodesteal", "kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly",
            "pageoutrun", "pgrotated", "drop_pagecache", "drop_slab", "oom_kill", "numa_pte_updates",
            "numa_huge_pte_updates", "numa_hint_faults", "numa_hint_faults_local", "numa_pages_migrated",
            "pgmigrate_success", "pgmigrate_fail", "thp_migration_success", "thp_migration_fail",
            "thp_migration_split", "compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
            "compact_stall", "compact_fail", "compact_success", "compact_daemon_wake",
            "compact_daemon_migrate_scanned", "compact_daemon_free_scanned", "htlb_buddy_alloc_success",
            "htlb_buddy_alloc_fail", "unevictable_pgs_culled", "unevictable_pgs_scanned", "unevictable_pgs_rescued",
            "unevictable_pgs_mlocked", "unevictable_pgs_munlocked", "unevictable_pgs_cleared",
            "unevictable_pgs_stranded", "thp_fault_alloc", "thp_fault_fallback", "thp_fault_fallback_charge",
            "thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_file_alloc", "thp_file_fallback",
            "thp_file_fallback_charge", "thp_file_mapped", "thp_split_page", "thp_split_page_failed",
            "thp_deferred_split_page", "thp_split_pmd", "thp_scan_exceed_none_pte", "thp_scan_exceed_swap_pte",
            "thp_scan_exceed_share_pte", "thp_split_pud", "thp_zero_page_alloc", "thp_zero_page_alloc_failed",
            "thp_swpout", "thp_swpout_fallback", "balloon_inflate", "balloon_deflate", "balloon_migrate",
            "swap_ra", "swap_ra_hit", "ksm_swpin_copy", "cow_ksm", "zswpin", "zswpout", "direct_map_level2_splits",
            "direct_map_level3_splits", "nr_unstable", "numa_hit", "numa_miss", "numa_foreign", "numa_interleave",
            "numa_local", "numa_other"};
        long value = 1000;
        for (String key : keys) {
            v.put(key, value);
            value += 7919;
        }
        return v;
    }

    /**
     * The machine with {@code pods} pods' cgroups as the kubelet (systemd driver, containerd) makes
     * them for {@link FootprintPods}: the pod cgroup with task {@code i}'s memory, below it one
     * container cgroup with its pid and the same memory (cgroup v2 counts it into the pod).
     */
    public static TestMachine kubernetesMachine(int pods) {
        TestMachine m = TestMachine.twoSocketFourNode().vmstat(VMSTAT);
        for (int i = 0; i < pods; i++) {
            int node = i % 4;
            Map<Integer, Long> anon = Map.of(node, 64 * MIB);
            Map<Integer, Long> file = Map.of((node + 1) % 4, 16 * MIB);
            m.cgroup(FootprintPods.podCgroup(i)).anon(anon).file(file).cpuUsageNanos(1_000_000_000L + i);
            m.cgroup(FootprintPods.containerCgroup(i)).pids(FIRST_PID + i).anon(anon).file(file)
                    .cpuUsageNanos(1_000_000_000L + i);
        }
        return m;
    }

    /** The cgroup path of task {@code i}. */
    public static String taskPath(int i) {
        return String.format("%s/task-%05d", PARENT, i);
    }

    /**
     * Writes the tree under {@code dir} ({@code sys}, {@code proc}, {@code cgroup}); with
     * {@code withoutPeak} every task's {@code memory.peak} is left out, as on kernels before 5.19.
     */
    public static HostPaths write(Path dir, int tasks, boolean withoutPeak) throws IOException {
        HostPaths paths = HostTreeWriter.of(machine(tasks)).write(dir);
        if (withoutPeak) {
            for (int i = 0; i < tasks; i++) {
                Files.delete(paths.cgroupfs().resolve(taskPath(i).substring(1)).resolve("memory.peak"));
            }
        }
        return paths;
    }

    /**
     * {@code FootprintHost DIR TASKS [--without-peak | --kubernetes]}: writes the tree, with
     * {@code --kubernetes} the cgroups of {@link FootprintPods}' pods instead of {@code /batch}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3
                || (args.length == 3 && !args[2].equals("--without-peak") && !args[2].equals("--kubernetes"))) {
            System.err.println("usage: FootprintHost DIR TASKS [--without-peak | --kubernetes]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int tasks = Integer.parseInt(args[1]);
        if (args.length == 3 && args[2].equals("--kubernetes")) {
            HostTreeWriter.of(kubernetesMachine(tasks)).write(dir);
            System.out.println("wrote the cgroups of " + tasks + " pods under " + dir);
            return;
        }
        write(dir, tasks, args.length == 3);
        System.out.println("wrote " + tasks + " task cgroups under " + dir);
    }
}
