package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.ReadWarning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelStateReaderTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "laptopOneNode,         0, true,  16303912",
            "twoSocketFourNode,     1, false, 263788544",
            "cxlTwoMemoryOnlyNodes, 2, true,  334053376",
    })
    void fixtures(String fixture, int balancing, boolean swap, long memTotalKb) {
        ReadProblems problems = new ReadProblems();
        KernelState k = new KernelStateReader(Fixtures.paths(fixture)).read(problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(k.numaBalancing()).isEqualTo(balancing);
        assertThat(k.swapEnabled()).isEqualTo(swap);
        assertThat(k.meminfo()).containsEntry("MemTotal", memTotalKb * 1024).containsEntry("HugePages_Total", 0L)
                .containsEntry("Hugepagesize", 2048L * 1024);
        assertThat(k.meminfo()).hasSize(25);
    }

    @Test
    void vmstatKeepsNumaMigrationTieringAndReclaimCounters() {
        KernelState k = new KernelStateReader(Fixtures.paths("twoSocketFourNode")).read(new ReadProblems());

        assertThat(k.vmstat()).containsOnlyKeys("nr_isolated_anon", "nr_isolated_file", "numa_hit", "numa_miss",
                "numa_foreign", "numa_interleave", "numa_local", "numa_other", "pgpromote_success",
                "pgpromote_candidate", "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged", "pgsteal_kswapd",
                "pgsteal_direct", "pgscan_kswapd", "pgscan_direct", "numa_pte_updates", "numa_huge_pte_updates",
                "numa_hint_faults", "numa_hint_faults_local", "numa_pages_migrated", "pgmigrate_success",
                "pgmigrate_fail", "thp_migration_success", "thp_migration_fail", "thp_migration_split", "pswpin",
                "pswpout");
        assertThat(k.vmstat()).containsEntry("numa_hit", 987654321L).containsEntry("numa_pages_migrated", 800L)
                .containsEntry("pgdemote_kswapd", 300L);
        assertThat(k.autoNumaOn()).isTrue();
    }

    /** The laptop machine with a few {@code vmstat} counters, written under {@code tmp}. */
    private HostPaths laptopTree() {
        return HostTreeWriter.of(TestMachine.laptopOneNode().vmstat(Map.of("numa_hit", 100L, "numa_miss", 2L)))
                .write(tmp);
    }

    @Test
    void missingNumaBalancingIsUnknownWithoutWarning() throws IOException {
        HostPaths paths = laptopTree();
        Files.delete(paths.proc("sys/kernel/numa_balancing"));
        ReadProblems problems = new ReadProblems();
        KernelState k = new KernelStateReader(paths).read(problems);

        assertThat(k.numaBalancing()).isEqualTo(KernelState.NUMA_BALANCING_UNKNOWN);
        assertThat(problems.warnings()).isEmpty();
    }

    @Test
    void brokenFilesAreNamedAndTheRestIsRead() throws IOException {
        HostPaths paths = laptopTree();
        Path balancing = paths.proc("sys/kernel/numa_balancing");
        Files.writeString(balancing, "on\n");
        Path vmstat = paths.proc("vmstat");
        Files.writeString(vmstat, "numa_hit 12\nnuma_miss x\ngarbage\n");
        Path meminfo = paths.proc("meminfo");
        Files.writeString(meminfo, "");
        ReadProblems problems = new ReadProblems();
        KernelState k = new KernelStateReader(paths).read(problems);

        assertThat(problems.warnings()).containsExactly(
                new ReadWarning(balancing.toString(), "not a number: \"on\""),
                new ReadWarning(meminfo.toString(), "no values"),
                new ReadWarning(vmstat.toString(), "not a number in \"numa_miss x\""),
                new ReadWarning(vmstat.toString(), "unexpected line \"garbage\""));
        assertThat(k.numaBalancing()).isEqualTo(-1);
        assertThat(k.vmstat()).isEqualTo(Map.of("numa_hit", 12L));
        assertThat(k.meminfo()).isEmpty();
        assertThat(k.swapEnabled()).isFalse();
    }

    @Test
    void missingVmstatIsNamed() throws IOException {
        HostPaths paths = laptopTree();
        Files.delete(paths.proc("vmstat"));
        ReadProblems problems = new ReadProblems();
        KernelState k = new KernelStateReader(paths).read(problems);

        assertThat(problems.warnings()).containsExactly(new ReadWarning(paths.proc("vmstat").toString(), "missing"));
        assertThat(k.vmstat()).isEmpty();
        assertThat(k.meminfo()).containsEntry("MemTotal", 8L << 30);
    }
}
