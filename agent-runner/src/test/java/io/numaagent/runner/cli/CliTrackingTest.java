package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.testplugin.TestPluginJars;
import io.numaagent.runner.testplugin.TrackAllTestPluginFactory;
import io.numaagent.runner.tracking.PageTrackingTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with a plugin that tracks pages: refused on a host that cannot, counters in {@code snapshot --track}. */
class CliTrackingTest {

    static final long A = 0x10_0000_0000L;

    @TempDir
    Path dir;

    Path pluginsDir;
    PageTrackingTree tree;

    record Result(int status, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    @BeforeEach
    void twoNodeHostWithATrackedTask() throws IOException {
        pluginsDir = dir.resolve("plugins");
        TestPluginJars.write(pluginsDir.resolve("track-all-test.jar"), TrackAllTestPluginFactory.class,
                TrackAllTestPluginFactory.class);
        TestMachine m = TestMachine.shape(1, 2, 2, 1, 0).nodeMemory(0, 4L << 30, 2L << 30).nodeMemory(1, 4L << 30, 2L << 30);
        m.cgroup("/batch/a").pids(4242).anon(Map.of(0, 64L << 20));
        tree = PageTrackingTree.write(m.cgroupV2(), dir.resolve("host"));
        tree.process(4242, 7).anon(A, 4).presentRun(A, 4, tree.pfn(1, 0), true);
    }

    Path config(String tracker) throws IOException {
        HostPaths p = tree.paths();
        return Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: static
                    tasks: [{cgroup: /batch/a}]
                plugins:
                  - name: track-all-test
                    interval: 1s
                    config: {tracker: %s}
                telemetry: {prometheus: {enabled: false}}
                """.formatted(p.sysfs(), p.procfs(), p.cgroupfs(), tracker));
    }

    @Test
    void twoNodeWithoutIdlePageTrackingCheckAndRunFailNamingIt() throws IOException {
        Files.delete(tree.paths().sys("kernel/mm/page_idle/bitmap"));
        Path cfg = config("idlepage");
        for (String cmd : new String[] {"check", "run"}) {
            Result r = cmd.equals("check") ? cli("check", "-c", cfg.toString(), "--plugins-dir", pluginsDir.toString())
                    : cli("run", "--once", "-c", cfg.toString(), "--plugins-dir", pluginsDir.toString(), "--state-dir",
                    dir.resolve("state").toString());
            assertThat(r.status()).as(cmd).isEqualTo(1);
            assertThat(r.err().strip()).as(cmd).isEqualTo("numa-agent: plugin track-all-test: tracker idlepage cannot run "
                    + "on this host: no " + tree.paths().sys("kernel/mm/page_idle/bitmap") + ": idle page tracking "
                    + "(CONFIG_IDLE_PAGE_TRACKING) is not built into this kernel");
        }
    }

    @Test
    void twoNodeWithoutDamonSysfsCheckFailsNamingIt() throws IOException {
        Result r = cli("check", "-c", config("damon").toString(), "--plugins-dir", pluginsDir.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("tracker damon cannot run on this host: no ")
                .contains("damon/admin/kdamonds: the DAMON sysfs interface (CONFIG_DAMON_SYSFS)");
    }

    @Test
    void twoNodeSnapshotTrackShowsTheCountersOfTheTasksPid() throws IOException {
        Result r = cli("snapshot", "--track", "1", "-c", config("softdirty").toString(), "--plugins-dir",
                pluginsDir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"accessCounters\":[{\"plugin\":\"track-all-test\",\"task\":\"/batch/a\",\"pid\":4242,")
                .contains("\"ranges\":[{\"start\":\"0x1000000000\",\"pages\":4,");
        assertThat(r.err()).containsPattern("counters: track-all-test /batch/a pid 4242: \\d+ scans in [0-9.]+ s, 1 ranges, "
                + "4 pages: 0 accessed, 0 read, \\d+ written; pages by node 1=4");
        assertThat(tree.clearRefs(4242)).isEqualTo("4");
    }
}
