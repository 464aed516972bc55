package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code numa-agent run} in its own JVM stops on SIGTERM within 2 s, as a service manager expects. */
class SigtermTest {

    @TempDir
    Path dir;

    @Test
    @EnabledOnOs(OS.LINUX)
    void twoNodeRunStopsWithinTwoSecondsOfSigterm() throws Exception {
        TestMachine m = TestMachine.shape(1, 2, 2, 1, 0).nodeMemory(0, 1L << 30, 1L << 29)
                .nodeMemory(1, 1L << 30, 1L << 29);
        m.cgroup("/batch/a").pids(7).anon(Map.of(0, 1L << 20));
        HostPaths paths = HostTreeWriter.of(m.countMemoryIntoParents()).write(dir.resolve("host"));
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources: [{type: static, tasks: [{cgroup: /batch/a}]}]
                plugins: [{name: static-placement, interval: 100ms, config: {rules: ["/batch/* cpus=0-1"]}}]
                telemetry: {prometheus: {enabled: true, port: 0}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "-c", cfg.toString(), "--state-dir", dir.resolve("state").toString())
                .redirectError(dir.resolve("err.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // the first dry-run decision line says the loop is running
            assertThat(out.readLine()).startsWith("{\"plugin\":\"static-placement\"");
            p.destroy(); // SIGTERM
            boolean exited = p.waitFor(2, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            assertThat(exited).as("exited within 2 s of SIGTERM; stderr: %s",
                    Files.readString(dir.resolve("err.log"))).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM: terminated by the signal, hooks run
        assertThat(new File(dir.toFile(), "err.log")).content().doesNotContain("Exception");
    }
}
