package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.control.ControlProtocol.Reply;
import io.numaagent.runner.control.PromptClient;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.loop.AgentLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running agent in this JVM, as {@code numa-agent run} builds it (through {@link Wiring}), over
 * a written two-node host tree that it may write to (root with CAP_SYS_NICE): one task {@code /batch/a}
 * with 64 MiB on node 0 (and no {@code /proc/vmstat} counters: one read warning), and static-placement's rule {@code /batch/* cpus=2-3 mems=1} every hour, so
 * that only the first cycle and the prompt's {@code cycle} run. Its control socket is
 * {@code ctl/agent.sock} in the test's directory.
 */
final class AgentUnderTest implements AutoCloseable {

    final Path dir;
    final HostPaths paths;
    final Path socket;
    final StringWriter stdout = new StringWriter();
    private final Wiring wiring;
    private final AgentLoop loop;
    private final Thread thread;

    AgentUnderTest(Path dir, boolean apply) throws Exception {
        this.dir = dir;
        TestMachine m = TestMachine.shape(1, 2, 2, 1, 0).nodeMemory(0, 4L << 30, 2L << 30)
                .nodeMemory(1, 4L << 30, 2L << 30);
        m.cgroup("/batch/a").pids(4242).anon(Map.of(0, 64L << 20));
        paths = HostTreeWriter.of(m.cgroupV2().countMemoryIntoParents()).write(dir.resolve("host"));
        Files.createDirectories(paths.proc("self"));
        Files.writeString(paths.proc("self/status"), "Name:\tjava\nCapEff:\t000001ffffffffff\n");
        Files.writeString(paths.cgroupfs().resolve("cgroup.procs"), "1\n");
        socket = dir.resolve("ctl/agent.sock");
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources: [{type: static, tasks: [{cgroup: /batch/a}]}]
                plugins: [{name: static-placement, interval: 1h, config: {rules: ["/batch/* cpus=2-3 mems=1"]}}]
                executor: {apply: %s}
                telemetry: {prometheus: {enabled: false}}
                control: {socket: %s}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs(), apply, socket));
        wiring = Wiring.forConfig(new CommonOptions(), cfg, false);
        wiring.stateDirectory(dir.resolve("state"));
        loop = wiring.liveLoop(new PrintWriter(stdout, true), null, true);
        thread = new Thread(loop::run, "agent-under-test");
        thread.start();
        awaitCycles(1);
    }

    /** Sends one request on a connection of its own. */
    Reply send(String request) throws IOException {
        try (PromptClient c = PromptClient.connect(socket)) {
            return c.send(request);
        }
    }

    /** Waits (60 s at most, however busy the machine) until the agent says it finished {@code n} cycles. */
    void awaitCycles(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket) && send("status").lines().contains("cycles: " + n)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the agent did not finish " + n + " cycles in 60 s: " + send("status").text());
    }

    /** The cgroup file of {@code /batch/a}, e.g. {@code cpuset.cpus}. */
    String cgroupFile(String name) throws IOException {
        return Files.readString(paths.cgroup("/batch/a/" + name)).strip();
    }

    void writeCgroupFile(String name, String value) throws IOException {
        Files.writeString(paths.cgroup("/batch/a/" + name), value + "\n");
    }

    /** Replaces what differs from run to run (times, durations) so that replies compare exactly. */
    static String masked(String text) {
        return text.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>")
                .replaceAll("\\d+ ms\\b", "<n> ms")
                .replaceAll("\"(durationNanos|longestCallNanos)\":\\d+", "\"$1\":<n>");
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(Duration.ofSeconds(30).toMillis());
        assertThat(thread.isAlive()).as("the loop stopped").isFalse();
        wiring.close();
    }
}
