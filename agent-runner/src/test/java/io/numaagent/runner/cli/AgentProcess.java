package io.numaagent.runner.cli;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code numa-agent run} in a JVM of its own, on this test's class path (so the plugins on it are
 * found), stderr to a file: for tests of what only a real process shows (signals, the control socket
 * from another process). Closing it sends SIGTERM and waits, then kills.
 */
public final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader stdout;

    /** Starts {@code run -c config --state-dir stateDir} and the extra arguments; stderr goes to {@code errLog}. */
    public AgentProcess(Path config, Path stateDir, Path errLog, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "-c", config.toString(),
                "--state-dir", stateDir.toString()));
        command.addAll(List.of(extra));
        process = new ProcessBuilder(command).redirectError(errLog.toFile()).start();
        stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * A two-node host tree under {@code dir/host} (one socket, two CPUs a node, task {@code /batch/a} with
     * 1 MiB on node 0) and {@code dir/agent.yaml} running static-placement's {@code /batch/* cpus=0-1} at
     * {@code interval}, in dry-run, with the Prometheus endpoint on any free port or off.
     */
    static Path twoNodeStaticPlacement(Path dir, String interval, boolean prometheus) throws IOException {
        TestMachine m = TestMachine.shape(1, 2, 2, 1, 0).nodeMemory(0, 1L << 30, 1L << 29)
                .nodeMemory(1, 1L << 30, 1L << 29);
        m.cgroup("/batch/a").pids(7).anon(Map.of(0, 1L << 20));
        HostPaths paths = HostTreeWriter.of(m.countMemoryIntoParents()).write(dir.resolve("host"));
        return Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources: [{type: static, tasks: [{cgroup: /batch/a}]}]
                plugins: [{name: static-placement, interval: %s, config: {rules: ["/batch/* cpus=0-1"]}}]
                telemetry: {prometheus: {enabled: %s, port: 0}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs(), interval, prometheus));
    }

    /** The next line the agent printed (a dry-run decision or an outcome), waiting for it. */
    public String readLine() throws IOException {
        return stdout.readLine();
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        stdout.close();
    }
}
