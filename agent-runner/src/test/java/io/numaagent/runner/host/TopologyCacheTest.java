package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.testing.TestMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlatformReader} keeps the topology between reads: it still notices a hot-plugged node or
 * an offlined CPU (through {@code node/online} and {@code cpu/online}), re-reads everything every
 * {@link PlatformReader#REREAD_CYCLES} reads, reads node memory every time, and repeats the kept
 * topology's warnings in every read.
 */
class TopologyCacheTest {

    private static final long KB = 1024;

    @TempDir
    Path tmp;

    private static Platform read(PlatformReader reader) {
        return reader.read(new ReadProblems());
    }

    /** Adds node 4 (CPU-less, 16 GiB) to a twoSocketFourNode tree, as a CXL hot-add would; online unchanged. */
    private static void addNodeFour(HostPaths paths) throws IOException {
        Path node4 = paths.sys("devices/system/node/node4");
        Files.createDirectories(node4);
        Files.writeString(node4.resolve("cpulist"), "\n");
        Files.writeString(node4.resolve("meminfo"), "Node 4 MemTotal:       16777216 kB\nNode 4 MemFree:        "
                + "16777216 kB\nNode 4 MemUsed:               0 kB\n");
        Files.writeString(node4.resolve("distance"), "24 24 24 24 10\n");
        for (int n = 0; n < 4; n++) {
            Path distance = paths.sys("devices/system/node/node" + n + "/distance");
            Files.writeString(distance, Files.readString(distance).strip() + " 24\n");
        }
    }

    @Test
    void twoSocketFourNodeHotPluggedNodeIsSeenOnceNodeOnlineSaysSo() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.twoSocketFourNode()).write(tmp);
        PlatformReader reader = new PlatformReader(Fixtures.host(paths));
        assertThat(read(reader).nodes()).hasSize(4);

        addNodeFour(paths);
        // the directory alone is not looked at: the kept topology stands until an online file changes
        assertThat(read(reader).nodes()).hasSize(4);

        Files.writeString(paths.sys("devices/system/node/online"), "0-4\n");
        Platform p = read(reader);
        assertThat(p.nodes()).extracting(NumaNode::id).containsExactly(0, 1, 2, 3, 4);
        assertThat(p.node(4).orElseThrow().memTotalBytes()).isEqualTo(16777216 * KB);
        assertThat(p.node(0).orElseThrow().distances()).containsExactly(10, 12, 32, 32, 24);
    }

    @Test
    void twoSocketFourNodeNodeAddedWithoutOnlineChangeIsSeenAtTheNextFullRead() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.twoSocketFourNode()).write(tmp);
        Files.writeString(paths.sys("devices/system/node/online"), "0-4\n"); // node 4 announced, not yet there
        PlatformReader reader = new PlatformReader(Fixtures.host(paths));
        assertThat(read(reader).nodes()).hasSize(4);
        addNodeFour(paths);

        for (int i = 2; i < PlatformReader.REREAD_CYCLES + 1; i++) {
            assertThat(read(reader).nodes()).as("read %d", i).hasSize(4);
        }
        assertThat(read(reader).nodes()).as("read %d", PlatformReader.REREAD_CYCLES + 1).hasSize(5);
    }

    @Test
    void twoSocketFourNodeOfflinedCpuIsSeenAtOnce() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.twoSocketFourNode()).write(tmp);
        PlatformReader reader = new PlatformReader(Fixtures.host(paths));
        assertThat(read(reader).cpus().get(31).online()).isTrue();

        Files.writeString(paths.sys("devices/system/cpu/online"), "0-30\n");
        Platform p = read(reader);
        assertThat(p.cpus().get(31).online()).isFalse();
        assertThat(p.onlineCpus().contains(31)).isFalse();
    }

    @Test
    void twoSocketFourNodeNodeMemoryIsReadEveryTime() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.twoSocketFourNode()).write(tmp);
        PlatformReader reader = new PlatformReader(Fixtures.host(paths));
        long before = read(reader).node(2).orElseThrow().memFreeBytes();

        Path meminfo = paths.sys("devices/system/node/node2/meminfo");
        Files.writeString(meminfo, Files.readString(meminfo).replaceFirst("MemFree: +\\d+ kB", "MemFree:  1024 kB"));
        assertThat(before).isNotEqualTo(1024 * KB);
        assertThat(read(reader).node(2).orElseThrow().memFreeBytes()).isEqualTo(1024 * KB);
    }

    @Test
    void laptopOneNodeKeptTopologyRepeatsItsWarningsInEveryRead() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.laptopOneNode()).write(tmp);
        Path coreId = paths.sys("devices/system/cpu/cpu1/topology/core_id");
        Files.writeString(coreId, "x\n");
        PlatformReader reader = new PlatformReader(Fixtures.host(paths));

        for (int cycle = 1; cycle <= 3; cycle++) {
            ReadProblems problems = new ReadProblems();
            reader.read(problems);
            assertThat(problems.warnings()).as("read %d", cycle)
                    .containsExactly(new ReadWarning(coreId.toString(), "not a number: \"x\""));
        }
    }
}
