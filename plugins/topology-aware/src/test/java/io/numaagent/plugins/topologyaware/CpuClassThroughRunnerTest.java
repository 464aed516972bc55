package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.cli.Main;
import io.numaagent.runner.host.CpuPowerFixture;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CPU classes through the runner on twoSocketFourNodeSixteenCpus written as sysfs, every CPU run by intel_pstate
 * with idle states POLL, C1, C1E, C6 and an uncore domain per package: {@code run --once --dry-run} reads the
 * settings (the plugin asks for them), prints the classes' decisions, and a replay of its recording prints the
 * same; {@code check} names the file, line and column of a bad class.
 */
class CpuClassThroughRunnerTest {

    @TempDir
    Path dir;

    private static final String CLASSES = """
                  cpuClasses:
                    - {name: normal, minFreq: min, maxFreq: base}
                    - {name: turbo, minFreq: 3GHz, maxFreq: turbo, freqGovernor: performance, disabledCstates: [C6], uncoreMinFreq: 2GHz}
                  sharedPoolCPUClass: normal
                  defaultExclusiveCPUClass: turbo
            """;

    private Path config(String pluginConfig) throws IOException {
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus();
        m.cgroup("/kubepods/g2").pids(111).cpuset("0-15", "0-3");
        HostPaths paths = HostTreeWriter.of(m.cgroupV2()).write(dir.resolve("host"));
        CpuPowerFixture sys = new CpuPowerFixture(paths.sysfs()).uncore(0, 0, 800000, 2400000, 800000, 2400000)
                .uncore(1, 0, 800000, 2400000, 800000, 2400000);
        for (int cpu = 0; cpu < 16; cpu++) {
            sys.intelPstate(cpu, "balance_performance").idleStates(cpu, "POLL", "C1", "C1E", "C6");
        }
        return Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: static
                    tasks:
                      - {cgroup: /kubepods/g2, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 100Mi, memory_limit: 100Mi}}
                plugins:
                  - name: topology-aware
                    config:
                %s
                executor:
                  owners: {cpus: topology-aware, memory: topology-aware, cpu-class: topology-aware}
                telemetry: {prometheus: {enabled: false}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs(), pluginConfig.stripTrailing()));
    }

    private static String cli(int expected, StringWriter err, String... args) {
        StringWriter out = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(status).as(err.toString()).isEqualTo(expected);
        return out.toString();
    }

    @Test
    void twoSocketFourNodeSixteenCpusRunOnceDryRunPrintsTheClassesAndReplaysThem() throws IOException {
        Path cfg = config(CLASSES);
        Path recording = dir.resolve("rec.jsonl");

        String live = cli(0, new StringWriter(), "run", "--once", "--dry-run", "-c", cfg.toString(), "--state-dir",
                dir.resolve("state").toString(), "--record", recording.toString());
        String replayed = cli(0, new StringWriter(), "replay", "-c", cfg.toString(), recording.toString());

        assertThat(live.lines().filter(l -> l.contains("\"action\":\"set-cpu-class\"")
                || l.contains("\"action\":\"set-uncore-frequency\""))).containsExactly(
                "{\"plugin\":\"topology-aware\",\"action\":\"set-cpu-class\",\"cpuClass\":\"normal\","
                        + "\"cpus\":\"0-3,6-15\",\"minKhz\":800000,\"maxKhz\":2100000,\"governor\":\"\",\"energyPerformancePreference\":\"\","
                        + "\"disabledIdleStates\":[],\"reason\":\"class normal of reserved CPUs, shared CPUs\"}",
                "{\"plugin\":\"topology-aware\",\"action\":\"set-cpu-class\",\"cpuClass\":\"turbo\",\"cpus\":\"4-5\","
                        + "\"minKhz\":3000000,\"maxKhz\":3900000,\"governor\":\"performance\","
                        + "\"energyPerformancePreference\":\"\",\"disabledIdleStates\":[\"C6\"],"
                        + "\"reason\":\"class turbo of exclusive CPUs of /kubepods/g2\"}",
                "{\"plugin\":\"topology-aware\",\"action\":\"set-uncore-frequency\",\"packageId\":0,\"dieId\":0,"
                        + "\"minKhz\":2000000,\"maxKhz\":0,\"reason\":\"uncore limits of classes turbo on package 0 "
                        + "die 0\"}");
        assertThat(Files.readString(recording)).contains("\"cpuPower\":{\"cpus\":[{\"cpu\":0,\"cpufreq\":true,");
        assertThat(replayed).isEqualTo(live);
    }

    static Stream<Arguments> badClasses() {
        return Stream.of(
                Arguments.of("""
                                  cpuClasses:
                                    - {name: turbo, minFreq: 3GHz, maxFreq: 2GHz}
                                  sharedPoolCPUClass: turbo
                            """, "agent.yaml:10:34: plugins[0].config.cpuClasses[0].minFreq: 'cpuClasses[0].minFreq' "
                                + "(3000000 kHz) is above maxFreq (2000000 kHz)"),
                Arguments.of("""
                                  cpuClasses:
                                    - {name: turbo, minFreq: 3GHz}
                                  sharedPoolCPUClass: normal
                            """, "agent.yaml:11:27: plugins[0].config.sharedPoolCPUClass: 'sharedPoolCPUClass': "
                                + "unknown CPU class \"normal\"; defined: turbo"),
                Arguments.of("""
                                  cpuClasses:
                                    - {name: turbo, minFreq: 3GHz}
                            """, "agent.yaml:10:9: plugins[0].config.cpuClasses: 'sharedPoolCPUClass' is required "
                                + "when cpuClasses are defined"),
                Arguments.of("""
                                  cpuClasses:
                                    - {name: turbo, freqGovernor: performance}
                                  sharedPoolCPUClass: turbo
                                  defaultExclusiveCPUClass: fast
                            """, "agent.yaml:12:33: plugins[0].config.defaultExclusiveCPUClass: "
                                + "'defaultExclusiveCPUClass': unknown CPU class \"fast\"; defined: turbo"));
    }

    /** {@code numa-agent check} names the file, line and column of a bad CPU class. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("badClasses")
    void twoSocketFourNodeSixteenCpusCheckLocatesABadCpuClass(String pluginConfig, String message) throws IOException {
        Path cfg = config(pluginConfig);
        StringWriter err = new StringWriter();

        cli(2, err, "check", "-c", cfg.toString());

        assertThat(err.toString()).contains(message);
    }
}
