package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.testplugin.PinAllTestPluginFactory;
import io.numaagent.runner.testplugin.TestPluginJars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end over written host trees: config file, plugin JAR dropped into a plugins
 * directory, snapshot from the trees, executor writing real files (or printing in dry-run).
 */
class CliEndToEndTest {

    @TempDir
    Path dir;

    private Path pluginsDir;

    record Result(int status, String out, String err) {
        List<String> outLines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        }
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    @BeforeEach
    void dropTestPlugin() throws IOException {
        pluginsDir = dir.resolve("plugins");
        TestPluginJars.write(pluginsDir.resolve("pin-all-test.jar"), PinAllTestPluginFactory.class,
                PinAllTestPluginFactory.class);
    }

    /** One socket, two nodes of two CPUs, a task with 64 MiB on node 0, as root with CAP_SYS_NICE. */
    private HostPaths twoNodeTree(boolean v2) throws IOException {
        TestMachine m = TestMachine.shape(1, 2, 2, 1, 0).nodeMemory(0, 4L << 30, 2L << 30)
                .nodeMemory(1, 4L << 30, 2L << 30);
        m.cgroup("/batch/a").pids(4242).anon(Map.of(0, 64L << 20));
        HostPaths paths = HostTreeWriter.of((v2 ? m.cgroupV2() : m.cgroupV1()).countMemoryIntoParents())
                .write(dir.resolve("host"));
        Files.createDirectories(paths.proc("self"));
        Files.writeString(paths.proc("self/status"), "Name:\tjava\nCapEff:\t000001ffffffffff\n");
        Path cpusetRoot = v2 ? paths.cgroupfs() : paths.cgroupfs().resolve("cpuset");
        Files.writeString(cpusetRoot.resolve("cgroup.procs"), "1\n");
        return paths;
    }

    private Path config(HostPaths paths, boolean apply, String pluginConfig) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: static
                    tasks: [{cgroup: /batch/a}]
                plugins:
                  - name: pin-all-test
                    interval: 1s
                    config: %s
                executor: {apply: %s}
                telemetry: {prometheus: {enabled: false}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs(), pluginConfig, apply));
    }

    private String[] run(Path config, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--once", "-c", config.toString(), "--plugins-dir",
                pluginsDir.toString(), "--state-dir", dir.resolve("state").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void twoNodeCgroupV2RunOnceAppliesDroppedPluginDecisions() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Result r = cli(run(config(paths, true, "{node: 1}")));

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(paths.cgroup("/batch/a/cpuset.cpus")).strip()).isEqualTo("2-3");
        assertThat(Files.readString(paths.cgroup("/batch/a/cpuset.mems")).strip()).isEqualTo("1");
        assertThat(r.outLines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"status\":\"applied\""));
        assertThat(r.outLines().get(0)).contains("\"action\":\"set-cpus\"", "\"cpus\":\"2-3\"", "\"task\":\"/batch/a\"");
    }

    @Test
    void twoNodeCgroupV1RunOnceWritesTheCpusetHierarchy() throws IOException {
        HostPaths paths = twoNodeTree(false);
        Result r = cli(run(config(paths, true, "{node: 1}")));

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(paths.cgroup("/cpuset/batch/a/cpuset.cpus")).strip()).isEqualTo("2-3");
        assertThat(Files.readString(paths.cgroup("/cpuset/batch/a/cpuset.mems")).strip()).isEqualTo("1");
    }

    @Test
    void twoNodeDryRunPrintsExactJsonLinesAndWritesNothing() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Result r = cli(run(config(paths, true, "{node: 1}"), "--dry-run"));

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly(
                "{\"plugin\":\"pin-all-test\",\"task\":\"/batch/a\",\"action\":\"set-cpus\",\"cpus\":\"2-3\","
                        + "\"reason\":\"pin to node 1\"}",
                "{\"plugin\":\"pin-all-test\",\"task\":\"/batch/a\",\"action\":\"set-mems\",\"mems\":\"1\","
                        + "\"reason\":\"pin to node 1\"}");
        assertThat(Files.readString(paths.cgroup("/batch/a/cpuset.cpus")).strip()).isEmpty();
    }

    @Test
    void twoNodeConfigWithoutApplyIsDryRun() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Result r = cli(run(config(paths, false, "{node: 0}")));

        assertThat(r.status()).isZero();
        assertThat(r.outLines()).hasSize(2).allSatisfy(l -> assertThat(l).doesNotContain("status"));
        assertThat(Files.readString(paths.cgroup("/batch/a/cpuset.cpus")).strip()).isEmpty();
    }

    @Test
    void twoNodeFailingPluginGivesExitOneAndNoDecisions() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Result r = cli(run(config(paths, true, "{fail: true}")));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.outLines()).isEmpty();
    }

    @Test
    void twoNodeMissingCapabilityFallsBackToObserveOnly() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Files.writeString(paths.proc("self/status"), "Name:\tjava\nCapEff:\t0000000000000000\n");
        Result r = cli(run(config(paths, true, "{node: 1}")));

        assertThat(r.status()).isZero();
        assertThat(r.outLines()).hasSize(2).allSatisfy(l -> assertThat(l).doesNotContain("status"));
        assertThat(Files.readString(paths.cgroup("/batch/a/cpuset.cpus")).strip()).isEmpty();
    }

    /** Bug: the warning said "observe-only: observe-only: no CAP_SYS_NICE ..." (the reason carries the prefix). */
    @Test
    void observeOnlyIsSaidOnce() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Files.writeString(paths.proc("self/status"), "Name:\tjava\nCapEff:\t0000000000000000\n");
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            cli(run(config(paths, true, "{node: 1}")));
        } finally {
            System.setErr(stderr);
        }

        assertThat(log.toString(StandardCharsets.UTF_8)).contains("observe-only: no CAP_SYS_NICE in ")
                .doesNotContain("observe-only: observe-only");
    }

    @Test
    void malformedConfigGivesExitTwoWithLineAndColumn() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "plugins:\n  - name: pin-all-test\n    config: {node: -4}\n");
        Result r = cli("check", "-c", bad.toString(), "--plugins-dir", pluginsDir.toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("numa-agent: " + bad + ":3:20: plugins[0].config.node: 'node' = -4 is out "
                + "of range [0, 1023]");
    }

    @Test
    void checkAcceptsAValidConfig() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Path cfg = config(paths, true, "{node: 1}");
        Result r = cli("check", "-c", cfg.toString(), "--plugins-dir", pluginsDir.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(cfg + ": ok (1 plugin(s): pin-all-test; apply)");
    }

    @Test
    void pluginsListsDroppedJarWithItsKeys() {
        Result r = cli("plugins", "--plugins-dir", pluginsDir.toString());

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("pin-all-test  (" + pluginsDir.resolve("pin-all-test.jar") + ")",
                "    node: integer [0, 1023], default 0", "static-placement  (class path)");
    }

    @Test
    void pluginsFromSeveralDirectoriesJoinedWithColonsOrRepeated() throws IOException {
        Path other = TestPluginJars.write(dir.resolve("plugins.d/documented.jar"),
                io.numaagent.runner.testplugin.DocumentedTestPluginFactory.class,
                io.numaagent.runner.testplugin.DocumentedTestPluginFactory.class);
        for (String[] args : new String[][] {
                {"plugins", "--plugins-dir", pluginsDir + ":" + other.getParent()},
                {"plugins", "--plugins-dir", pluginsDir.toString(), "--plugins-dir", other.getParent().toString()}}) {
            Result r = cli(args);
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("pin-all-test  (" + pluginsDir.resolve("pin-all-test.jar")
                    + ")", "documented-test  (" + other + ")", "static-placement  (class path)");
        }
    }

    @Test
    void pluginsShowsEachKindOfKeyWithDefaultsAliasesAndKeysBeneath() throws IOException {
        Path jar = TestPluginJars.write(dir.resolve("documented/documented.jar"),
                io.numaagent.runner.testplugin.DocumentedTestPluginFactory.class,
                io.numaagent.runner.testplugin.DocumentedTestPluginFactory.class);
        Result r = cli("plugins", "--plugins-dir", jar.getParent().toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("documented-test  (" + jar + ")\n"
                + "    test plugin: every kind of key\n"
                + "    mode: one of fast | slow, default fast\n"
                + "        how\n"
                + "        (also accepts \"quick\" for \"fast\")\n"
                + "    limit: decimal [0.0, 1.0], default none\n"
                + "        a bound, or none\n"
                + "    period: duration [100ms, 3600s], default 2m\n"
                + "        how often\n"
                + "    budget: size [0, 9223372036854775807], default 64Mi\n"
                + "        bytes\n"
                + "    policy: list of strings, default []\n"
                + "        a block the plugin reads itself\n"
                + "    policy.name: string, default age\n"
                + "        which policy\n"
                + "    policy.intervalms: integer [1, 60000], default 5000\n"
                + "        scan period\n"
                + "    policy.intervalms.strict: boolean, default false\n"
                + "        deeper still\n\n");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
        "laptopOneNode, available: 1 nodes (0), node 0 cpus: 0 1 2 3",
        "twoSocketFourNode, available: 4 nodes (0-3), node 3 cpus:",
        "cxlTwoMemoryOnlyNodes, available: 4 nodes (0-3), node 3 cpus:"})
    void topologyOfEachFixture(String fixture, String firstLine, String nodeLine) throws URISyntaxException {
        Result r = cli("topology", "--path.sysfs", fixture(fixture + "/sys"));

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith(firstLine + "\n").contains(nodeLine, "node distances:", "socket 0");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void brokenSysfsFileGivesAWarningNamingItNotACrash() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Path meminfo = paths.sys("devices/system/node/node1/meminfo");
        Files.writeString(meminfo, "garbage\n");
        Result r = cli("topology", "--path.sysfs", paths.sysfs().toString());

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("available: 2 nodes (0-1)\n");
        assertThat(r.err()).contains("numa-agent: warning: " + meminfo);
    }

    @Test
    void replayPrintsDecisionsOfRecordedSnapshots() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Path cfg = config(paths, false, "{node: 1}");
        Path recording = dir.resolve("rec.jsonl");
        assertThat(cli(run(cfg, "--record", recording.toString())).status()).isZero();
        assertThat(cli(run(cfg, "--record", recording.toString())).status()).isZero();

        Result r = cli("replay", "-c", cfg.toString(), "--plugins-dir", pluginsDir.toString(), recording.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(4).allSatisfy(l -> assertThat(l).startsWith("{\"plugin\":\"pin-all-test\""));
    }

    @Test
    void snapshotPrintsTasksAsJson() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Result r = cli("snapshot", "--pretty", "-c", config(paths, false, "{node: 1}").toString(), "--plugins-dir",
                pluginsDir.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"id\" : \"/batch/a\"", "\"sequence\" : 1");
    }

    /**
     * Reading the machine needs only its page size, not the system call table: topology and snapshot
     * work on an architecture the executor does not support (they did before the host was detected once).
     */
    @Test
    void topologyAndSnapshotNeedNoSystemCallTable() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Path cfg = config(paths, false, "{node: 1}");
        String arch = System.getProperty("os.arch");
        System.setProperty("os.arch", "riscv64");
        Result topology;
        Result snapshot;
        try {
            topology = cli("topology", "--path.sysfs", paths.sysfs().toString());
            snapshot = cli("snapshot", "-c", cfg.toString(), "--plugins-dir", pluginsDir.toString());
        } finally {
            System.setProperty("os.arch", arch);
        }

        assertThat(topology.status()).as(topology.err()).isZero();
        assertThat(topology.out()).startsWith("available: 2 nodes (0-1)\n");
        assertThat(snapshot.status()).as(snapshot.err()).isZero();
        assertThat(snapshot.out()).contains("\"id\":\"/batch/a\"");
    }

    @Test
    void twoNodeSnapshotLineReplaysLikeARecording() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Path cfg = config(paths, false, "{node: 1}");
        Result snap = cli("snapshot", "-c", cfg.toString(), "--plugins-dir", pluginsDir.toString());
        assertThat(snap.outLines()).hasSize(1);
        Path recording = Files.writeString(dir.resolve("one.jsonl"), snap.out());

        Result r = cli("replay", "-c", cfg.toString(), "--plugins-dir", pluginsDir.toString(), recording.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outLines()).containsExactly(
                "{\"plugin\":\"pin-all-test\",\"task\":\"/batch/a\",\"action\":\"set-cpus\",\"cpus\":\"2-3\","
                        + "\"reason\":\"pin to node 1\"}",
                "{\"plugin\":\"pin-all-test\",\"task\":\"/batch/a\",\"action\":\"set-mems\",\"mems\":\"1\","
                        + "\"reason\":\"pin to node 1\"}");
    }

    @Test
    void replayOfAGarbledLineNamesFileAndLine() throws IOException {
        HostPaths paths = twoNodeTree(true);
        Path cfg = config(paths, false, "{node: 1}");
        Path recording = Files.writeString(dir.resolve("bad.jsonl"), "\n{\"sequence\": \"x\"}\n");

        Result r = cli("replay", "-c", cfg.toString(), "--plugins-dir", pluginsDir.toString(), recording.toString());

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("numa-agent: " + recording + ":2: ");
    }

    private static String fixture(String rel) throws URISyntaxException {
        return Path.of(CliEndToEndTest.class.getResource("/fixtures/" + rel).toURI()).toString();
    }
}
