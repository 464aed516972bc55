package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.cli.Main;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin through the real runner over a written host tree of the reference's n4c16 VM
 * ({@code twoSocketFourNodeSixteenCpus}) with static tasks carrying QoS and resources:
 * {@code run --once --dry-run} prints the placement as set-cpus / set-cpu-shares / set-mems lines, and a
 * replay of the recorded snapshots prints the same. {@code /kubepods/g2}'s {@code cpu.weight} already is
 * what its 2 exclusive CPUs give (2048 shares: 79), so no set-cpu-shares is printed for it;
 * {@code /kubepods/bu}'s shows the kernel's default (100): its weight is decided; {@code /kubepods/be}
 * has no {@code cpu.weight} (no cpu controller there): nothing to set.
 */
class ThroughRunnerTest {

    @TempDir
    Path dir;

    private static final List<String> EXPECTED = List.of(
            line("/kubepods/g2", "set-cpus", "\"cpus\":\"4-5\"", "exclusive CPUs of NUMA node #1"),
            line("/kubepods/g2", "set-mems", "\"mems\":\"1\"", "dram memory of NUMA node #1"),
            line("/kubepods/bu", "set-cpus", "\"cpus\":\"8-11\"", "shared CPUs of NUMA node #2"),
            line("/kubepods/bu", "set-cpu-shares", "\"shares\":1024", "1000m of the shared CPUs of NUMA node #2"),
            line("/kubepods/bu", "set-mems", "\"mems\":\"2\"", "dram memory of NUMA node #2"),
            line("/kubepods/be", "set-cpus", "\"cpus\":\"12-15\"", "shared CPUs of NUMA node #3"),
            line("/kubepods/be", "set-mems", "\"mems\":\"3\"", "dram memory of NUMA node #3"));

    private static String line(String task, String action, String value, String reason) {
        return "{\"plugin\":\"topology-aware\",\"task\":\"" + task + "\",\"action\":\"" + action + "\"," + value
                + ",\"reason\":\"" + reason + "\"}";
    }

    private Path config() throws IOException {
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus();
        for (String c : List.of("/kubepods/g2", "/kubepods/bu", "/kubepods/be")) {
            m.cgroup(c).pids(100 + c.length()).cpuset("0-15", "0-3");
        }
        m.cgroup("/kubepods/g2").cpuWeight(79);
        m.cgroup("/kubepods/bu").cpuWeight(100);
        HostPaths paths = HostTreeWriter.of(m.cgroupV2()).write(dir.resolve("host"));
        return Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: static
                    tasks:
                      - {cgroup: /kubepods/g2, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 100Mi, memory_limit: 100Mi}}
                      - {cgroup: /kubepods/bu, qos: burstable, resources: {cpu_request: 1, cpu_limit: 2, memory_request: 100Mi, memory_limit: 200Mi}}
                      - {cgroup: /kubepods/be, qos: best-effort}
                plugins:
                  - name: topology-aware
                executor:
                  owners: {cpus: topology-aware, memory: topology-aware}
                telemetry: {prometheus: {enabled: false}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs()));
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void twoSocketFourNodeSixteenCpusRunOnceDryRunPrintsThePlacement() throws IOException {
        Path cfg = config();

        String out = cli("run", "--once", "--dry-run", "-c", cfg.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(out.lines()).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void twoSocketFourNodeSixteenCpusReplayOfTheRecordingPrintsTheSame() throws IOException {
        Path cfg = config();
        Path recording = dir.resolve("rec.jsonl");
        String live = cli("run", "--once", "--dry-run", "-c", cfg.toString(), "--state-dir",
                dir.resolve("state").toString(), "--record", recording.toString());

        String replayed = cli("replay", "-c", cfg.toString(), recording.toString());
        String again = cli("replay", "-c", cfg.toString(), recording.toString());

        assertThat(live.lines()).containsExactlyElementsOf(EXPECTED);
        assertThat(replayed).isEqualTo(live);
        assertThat(again).as("a replay starts from empty state").isEqualTo(live);
    }

    /**
     * Device hints through the runner: the guaranteed container's first process mounts a partition of an
     * NVMe drive on node 2 (mountinfo, /sys/dev/block link, PCI device with numa_node 2 and local_cpulist
     * 8-11), so it goes to NUMA #2 instead of #1; the recording carries the devices, and its replay
     * prints the same.
     */
    @Test
    void twoSocketFourNodeSixteenCpusNvmeMountPullsTheContainerToItsNode() throws IOException {
        Path cfg = config();
        Path host = dir.resolve("host");
        int pid = 100 + "/kubepods/g2".length();
        String nvme = "sys/devices/pci0000:80/0000:80:01.0";
        Files.createDirectories(host.resolve(nvme + "/nvme/nvme0/nvme0n1/nvme0n1p1"));
        Files.writeString(host.resolve(nvme + "/numa_node"), "2\n");
        Files.writeString(host.resolve(nvme + "/local_cpulist"), "8-11\n");
        Files.createDirectories(host.resolve("sys/dev/block"));
        Files.createSymbolicLink(host.resolve("sys/dev/block/259:1"),
                Path.of("../../devices/pci0000:80/0000:80:01.0/nvme/nvme0/nvme0n1/nvme0n1p1"));
        Files.createDirectories(host.resolve("proc/" + pid));
        Files.writeString(host.resolve("proc/" + pid + "/stat"), pid + " (app) S 1 " + pid + " " + pid
                + " 0 -1 4194560 1000 0 0 0 5 5 0 0 20 0 12 0 5000 1000000 100 18446744073709551615\n");
        Files.writeString(host.resolve("proc/" + pid + "/mountinfo"), """
                1046 1045 0:52 / / rw,relatime - overlay overlay rw,lowerdir=/l
                1050 1046 259:1 /data /data rw,relatime - ext4 /dev/nvme0n1p1 rw
                """);
        Path recording = dir.resolve("rec.jsonl");

        String live = cli("run", "--once", "--dry-run", "-c", cfg.toString(), "--state-dir",
                dir.resolve("state").toString(), "--record", recording.toString());
        String replayed = cli("replay", "-c", cfg.toString(), recording.toString());

        assertThat(live.lines()).contains(
                line("/kubepods/g2", "set-cpus", "\"cpus\":\"8-9\"", "exclusive CPUs of NUMA node #2"),
                line("/kubepods/g2", "set-mems", "\"mems\":\"2\"", "dram memory of NUMA node #2"));
        assertThat(Files.readString(recording)).contains("\"devices\":[{\"kind\":\"MOUNT\"");
        assertThat(replayed).isEqualTo(live);
    }

    /** A pod task with two declared containers: one line per container, naming its sub-cgroup. */
    @Test
    void twoSocketFourNodeSixteenCpusRunOnceDryRunPrintsPerContainerLines() throws IOException {
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus();
        m.cgroup("/kubepods/pod1").cpuset("0-15", "0-3");
        m.cgroup("/kubepods/pod1/app").pids(101).cpuset("0-15", "0-3").cpuWeight(100);
        m.cgroup("/kubepods/pod1/sidecar").pids(102).cpuset("0-15", "0-3").cpuWeight(100);
        HostPaths paths = HostTreeWriter.of(m.cgroupV2()).write(dir.resolve("host"));
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: static
                    tasks:
                      - cgroup: /kubepods/pod1
                        containers:
                          - {name: app, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 100Mi, memory_limit: 100Mi}}
                          - {name: sidecar, resources: {cpu_request: 100m, cpu_limit: 500m, memory_request: 10Mi, memory_limit: 50Mi}}
                plugins:
                  - name: topology-aware
                executor:
                  owners: {cpus: topology-aware, memory: topology-aware}
                telemetry: {prometheus: {enabled: false}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs()));

        String out = cli("run", "--once", "--dry-run", "-c", cfg.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(out.lines()).containsExactly(
                container("/kubepods/pod1/app", "set-cpus", "\"cpus\":\"4-5\"", "exclusive CPUs of NUMA node #1"),
                container("/kubepods/pod1/app", "set-cpu-shares", "\"shares\":2048", "2 exclusive CPUs of NUMA node #1"),
                container("/kubepods/pod1/app", "set-mems", "\"mems\":\"1\"", "dram memory of NUMA node #1"),
                container("/kubepods/pod1/sidecar", "set-cpus", "\"cpus\":\"8-11\"", "shared CPUs of NUMA node #2"),
                container("/kubepods/pod1/sidecar", "set-cpu-shares", "\"shares\":102",
                        "100m of the shared CPUs of NUMA node #2"),
                container("/kubepods/pod1/sidecar", "set-mems", "\"mems\":\"2\"", "dram memory of NUMA node #2"));
    }

    /**
     * Caches and base frequencies from sysfs files reach the plugin: on an AMD-like machine (one L3 per 8
     * CPUs) with one fast core (14-15), a guaranteed 2-CPU container preferring high priority goes to the
     * L3 pool holding it and gets it; a replay of the recording (CPU details included) prints the same.
     */
    @Test
    void twoSocketTwoL3PerSocketHighPriorityCpusFromSysfsAndReplay() throws IOException {
        TestMachine m = TestMachine.qemu(2, 1, 1, 8, 2, 2L << 30).caches("0-7", "8-15", "16-23", "24-31")
                .frequencies("0-31", 2000000, 3500000).frequencies("14-15", 2600000, 3500000);
        m.cgroup("/kubepods/g2").pids(120).cpuset("0-31", "0-1").cpuWeight(100);
        HostPaths paths = HostTreeWriter.of(m.cgroupV2()).write(dir.resolve("host"));
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: static
                    tasks:
                      - {cgroup: /kubepods/g2, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 100Mi, memory_limit: 100Mi}}
                plugins:
                  - name: topology-aware
                    config: {defaultCPUPriority: high}
                executor:
                  owners: {cpus: topology-aware, memory: topology-aware}
                telemetry: {prometheus: {enabled: false}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs()));
        Path recording = dir.resolve("rec.jsonl");

        String live = cli("run", "--once", "--dry-run", "-c", cfg.toString(), "--state-dir",
                dir.resolve("state").toString(), "--record", recording.toString());
        String replayed = cli("replay", "-c", cfg.toString(), recording.toString());

        assertThat(live.lines()).containsExactly(
                line("/kubepods/g2", "set-cpus", "\"cpus\":\"14-15\"", "exclusive CPUs of socket #0/L3 cache #1"),
                line("/kubepods/g2", "set-cpu-shares", "\"shares\":2048", "2 exclusive CPUs of socket #0/L3 cache #1"),
                line("/kubepods/g2", "set-mems", "\"mems\":\"0\"", "dram memory of socket #0/L3 cache #1"));
        assertThat(Files.readString(recording)).contains("\"baseFrequencyKhz\":2600000").contains("\"level\":3");
        assertThat(replayed).isEqualTo(live);
    }

    private static String container(String subCgroup, String action, String value, String reason) {
        return line("/kubepods/pod1", action, value, reason).replace("\"action\":\"" + action + "\",",
                "\"action\":\"" + action + "\",\"subCgroup\":\"" + subCgroup + "\",");
    }

    static Stream<Arguments> badReservations() {
        return Stream.of(
                Arguments.of("reservedResources: {cpu: lots}", "agent.yaml:11:32: plugins[0].config.reservedResources.cpu: "
                        + "'reservedResources.cpu' must be cpuset:<list>, exclude-cpuset:<list> or a CPU quantity such as "
                        + "750m, 2 or 1.5; got \"lots\""),
                Arguments.of("reservedResources: {cpu: \"cpuset:0-x\"}", "agent.yaml:11:32: plugins[0].config"
                        + ".reservedResources.cpu: 'reservedResources.cpu': bad CPU list in \"cpuset:0-x\""),
                Arguments.of("reservedResources: {memory: 1Gi}", "agent.yaml:11:35: plugins[0].config"
                        + ".reservedResources.memory: unknown key 'memory'; the topology-aware policy uses only cpu in reservedResources"),
                Arguments.of("availableResources: {cpu: 2}", "agent.yaml:11:33: plugins[0].config.availableResources.cpu: "
                        + "'availableResources.cpu' must be cpuset:<list>, exclude-cpuset:<list> (a quantity is only for "
                        + "reservedResources); got \"2\""));
    }

    /** `numa-agent check` names the file, line and column of a bad reservedResources / availableResources. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badReservations")
    void twoSocketFourNodeSixteenCpusCheckLocatesABadCpuAmount(String entry, String message) throws IOException {
        Path cfg = config();
        Files.writeString(cfg, Files.readString(cfg).replace("  - name: topology-aware\n",
                "  - name: topology-aware\n    config:\n      " + entry + "\n"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "check", "-c", cfg.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }
}
