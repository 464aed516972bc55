package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.runner.cli.AgentProcess;
import io.numaagent.runner.cli.Main;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin through the real runner: {@code numa-agent run --once --dry-run} over a written host
 * tree, so per-node task memory comes from {@code memory.numa_stat} and node free/used from each
 * node's {@code meminfo}, and the decisions come out as the documented JSON lines.
 */
class ThroughRunnerTest {

    @TempDir
    Path dir;

    /**
     * WCA's two-node test machine (nodes of 96 GB with CPUs 0-9 and 10-19; node 0 has 58.56 GB
     * free, node 1 68.16 GB): task a pinned to node 1 with 20 % of its memory on node 0, task b
     * unpinned with most of its memory on node 0.
     */
    private HostPaths wcaTwoNode(boolean v2) throws IOException {
        TestMachine m = TestMachine.shape(1, 2, 10, 1, 0).nodeMemory(0, 96_000_000_000L, 48_000_000_000L)
                .nodeMemory(1, 96_000_000_000L, 48_000_000_000L);
        m.cgroup("/batch/a").pids(101).anon(Map.of(0, 4_800_000_000L, 1, 19_200_000_000L)).cpuset("10-19", "");
        m.cgroup("/batch/b").pids(102).anon(Map.of(0, 28_800_000_000L, 1, 4_800_000_000L)).cpuset("0-19", "");
        HostPaths paths = HostTreeWriter.of((v2 ? m.cgroupV2() : m.cgroupV1()).countMemoryIntoParents())
                .write(dir.resolve("host"));
        nodeMeminfo(paths, 0, 57_187_500);
        nodeMeminfo(paths, 1, 66_562_500);
        return paths;
    }

    private static void nodeMeminfo(HostPaths paths, int node, long freeKb) throws IOException {
        long totalKb = 93_750_000;
        Files.writeString(paths.sys("devices/system/node/node" + node + "/meminfo"), String.format(
                "Node %d MemTotal:       %8d kB\nNode %d MemFree:        %8d kB\nNode %d MemUsed:        %8d kB\n",
                node, totalKb, node, freeKb, node, totalKb - freeKb));
    }

    /** A config with tasks a and b as WCA's test requests them, the allocator, and {@code more} at the end. */
    private Path config(HostPaths paths, String pluginEntry, String more) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: static
                    tasks:
                      - {cgroup: /batch/a, resources: {memory_request: 24G}}
                      - {cgroup: /batch/b, resources: {memory_request: 33600000000}}
                plugins: [%s]
                telemetry: {prometheus: {enabled: false}}
                %s
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs(), pluginEntry, more));
    }

    private String runOnceDryRun(HostPaths paths, String pluginConfig) throws IOException {
        Path cfg = config(paths, "{name: numa-allocator, config: " + pluginConfig + "}", "");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run", "--once", "--dry-run",
                "-c", cfg.toString(), "--state-dir", dir.resolve("state").toString());
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void wcaTwoNodeCgroupV2FillBiggestFirstPinsBAndReMigratesA() throws IOException {
        String out = runOnceDryRun(wcaTwoNode(true), "{}");

        assertThat(out.lines()).containsExactly(
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/b\",\"action\":\"set-cpus\",\"cpus\":\"0-9\","
                        + "\"reason\":\"fill_biggest_first: node 0 has the best balance 1.0000 for 33.6 GB\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/b\",\"action\":\"migrate-memory\",\"node\":0,"
                        + "\"mode\":\"move_pages\",\"reason\":\"move memory to node 0 after pinning: 1171875 pages elsewhere\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"migrate-memory\",\"node\":1,"
                        + "\"mode\":\"move_pages\",\"reason\":\"re-migrate: only 0.8000 of the memory is on node 1 "
                        + "(below 0.95), which has the most free memory; 1171875 pages elsewhere\"}");
    }

    @Test
    void wcaTwoNodeCgroupV1BindingAndMigratePagesMode() throws IOException {
        String out = runOnceDryRun(wcaTwoNode(false), "{cgroups_memory_binding: true, cgroups_memory_migrate: true, "
                + "migration: migrate_pages, migrate_pages_min_task_balance: null}");

        assertThat(out.lines()).containsExactly(
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/b\",\"action\":\"set-cpus\",\"cpus\":\"0-9\","
                        + "\"reason\":\"fill_biggest_first: node 0 has the best balance 1.0000 for 33.6 GB\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/b\",\"action\":\"set-memory-migrate\",\"enabled\":true,"
                        + "\"reason\":\"memory_migrate before binding to node 0 (cgroups_memory_migrate)\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/b\",\"action\":\"set-mems\",\"mems\":\"0\","
                        + "\"reason\":\"bind memory to node 0 (cgroups_memory_binding): fill_biggest_first: node 0 has the best balance 1.0000 for 33.6 GB\"}",
                "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/b\",\"action\":\"migrate-memory\",\"node\":0,"
                        + "\"mode\":\"migrate_pages\",\"reason\":\"move memory to node 0 after pinning: 1171875 pages elsewhere\"}");
    }

    /**
     * {@code numa-agent run} as its own process, and {@code numa-agent prompt -c "plugin numa-allocator nodes"}
     * over its control socket: the allocator's view of the nodes after its first cycle, as the operator sees it.
     */
    @Test
    void wcaTwoNodePromptShowsTheAllocatorsNodesOfARunningAgent() throws Exception {
        HostPaths paths = wcaTwoNode(true);
        Path socket = dir.resolve("ctl/agent.sock");
        Path cfg = config(paths, "{name: numa-allocator, interval: 1h}", "control: {socket: " + socket + "}");
        try (AgentProcess agent = new AgentProcess(cfg, dir.resolve("state"), dir.resolve("err.log"))) {
            assertThat(agent.readLine()).as("the first cycle's first decision").startsWith("{\"plugin\":\"numa-allocator\"");
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int status = Main.execute(new PrintWriter(o, true), new PrintWriter(e, true), "prompt", "--socket",
                    socket.toString(), "-c", "plugin numa-allocator nodes");
            assertThat(status).as(e.toString()).isZero();
            // free is as each node's meminfo says; a (24 GB requested) is pinned to node 1 by its cpuset
            assertThat(o.toString()).isEqualTo("""
                    as of cycle 1
                    node  cpus   free     pinned tasks  pinned memory  share of pinned
                    0     0-9    58.6 GB  0             0.0 GB         0.0 %
                    1     10-19  68.2 GB  1             24.0 GB        100.0 %
                    """);
        }
    }
}
