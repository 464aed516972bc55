package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.Platform;
import org.junit.jupiter.api.Test;

class TopologyPrinterTest {

    private static Platform platform(String fixture) {
        return new PlatformReader(Fixtures.host(fixture)).read(new ReadProblems());
    }

    @Test
    void twoSocketFourNodeNumactlPart() {
        // numactl -H prints "% 3d " per column, so every distance line ends in a blank
        assertThat(TopologyPrinter.numactlHardware(platform("twoSocketFourNode"))).isEqualTo(
                "available: 4 nodes (0-3)\n"
                        + "node 0 cpus: 0 1 2 3 16 17 18 19\n"
                        + "node 0 size: 64070 MB\n"
                        + "node 0 free: 29696 MB\n"
                        + "node 1 cpus: 4 5 6 7 20 21 22 23\n"
                        + "node 1 size: 64512 MB\n"
                        + "node 1 free: 40960 MB\n"
                        + "node 2 cpus: 8 9 10 11 24 25 26 27\n"
                        + "node 2 size: 64512 MB\n"
                        + "node 2 free: 51200 MB\n"
                        + "node 3 cpus: 12 13 14 15 28 29 30 31\n"
                        + "node 3 size: 64512 MB\n"
                        + "node 3 free: 61440 MB\n"
                        + "node distances:\n"
                        + "node   0   1   2   3 \n"
                        + "  0:  10  12  32  32 \n"
                        + "  1:  12  10  32  32 \n"
                        + "  2:  32  32  10  12 \n"
                        + "  3:  32  32  12  10 \n");
    }

    @Test
    void twoSocketFourNodeWholeReport() {
        assertThat(TopologyPrinter.render(platform("twoSocketFourNode"))).isEqualTo(
                TopologyPrinter.numactlHardware(platform("twoSocketFourNode")) + "\n"
                        + "sockets: 2, dies: 2, cores: 16, cpus: 32 (online 0-31)\n"
                        + "socket 0\n"
                        + "  die 0\n"
                        + "    node 0: 64070 MB, tier 4\n"
                        + "      core 0: cpus 0,16\n"
                        + "      core 1: cpus 1,17\n"
                        + "      core 2: cpus 2,18 (isolated 2,18)\n"
                        + "      core 3: cpus 3,19 (isolated 3,19)\n"
                        + "    node 1: 64512 MB, tier 4\n"
                        + "      core 4: cpus 4,20\n"
                        + "      core 5: cpus 5,21\n"
                        + "      core 6: cpus 6,22\n"
                        + "      core 7: cpus 7,23\n"
                        + "socket 1\n"
                        + "  die 0\n"
                        + "    node 2: 64512 MB, tier 4\n"
                        + "      core 0: cpus 8,24\n"
                        + "      core 1: cpus 9,25\n"
                        + "      core 2: cpus 10,26\n"
                        + "      core 3: cpus 11,27\n"
                        + "    node 3: 64512 MB, tier 4\n"
                        + "      core 4: cpus 12,28\n"
                        + "      core 5: cpus 13,29\n"
                        + "      core 6: cpus 14,30\n"
                        + "      core 7: cpus 15,31\n"
                        + "isolated cpus: 2-3,18-19\n"
                        + "memory tiers:\n"
                        + "  tier 4: nodes 0-3\n");
    }

    @Test
    void cxlTwoMemoryOnlyNodesMarksCpuLessNodes() {
        String out = TopologyPrinter.render(platform("cxlTwoMemoryOnlyNodes"));

        assertThat(out).contains("node 2 cpus:\nnode 2 size: 131072 MB\nnode 2 free: 126976 MB\n");
        assertThat(out).contains("node   0   1   2   3 \n  0:  10  21  14  24 \n");
        assertThat(out).endsWith("memory-only nodes (no CPUs)\n"
                + "  node 2: 131072 MB, memory only, tier 22\n"
                + "  node 3: 131072 MB, memory only, tier 22\n"
                + "isolated cpus: none\n"
                + "memory tiers:\n"
                + "  tier 4: nodes 0-1\n"
                + "  tier 22: nodes 2-3\n");
    }

    @Test
    void laptopOneNodeWithoutTiers() {
        String out = TopologyPrinter.render(platform("laptopOneNode"));

        assertThat(out).startsWith("available: 1 nodes (0)\nnode 0 cpus: 0 1 2 3\nnode 0 size: 15921 MB\n"
                + "node 0 free: 9297 MB\nnode distances:\nnode   0 \n  0:  10 \n\n");
        assertThat(out).endsWith("isolated cpus: none\nmemory tiers: not reported by the kernel\n");
    }
}
