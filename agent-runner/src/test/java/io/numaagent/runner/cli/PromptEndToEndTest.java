package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code numa-agent run} in its own JVM, with its control socket in the state directory (the
 * default), and {@code numa-agent prompt -c} talking to it: answers on stdout with exit 0, errors on
 * stderr with exit 1, and no agent at all is exit 1 with a message.
 */
class PromptEndToEndTest {

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    private static Result prompt(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "prompt";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void twoNodeAgentProcessAnswersPromptDashC() throws Exception {
        TestMachine m = TestMachine.shape(1, 2, 2, 1, 0).nodeMemory(0, 1L << 30, 1L << 29)
                .nodeMemory(1, 1L << 30, 1L << 29);
        m.cgroup("/batch/a").pids(7).anon(Map.of(0, 1L << 20));
        HostPaths paths = HostTreeWriter.of(m.countMemoryIntoParents()).write(dir.resolve("host"));
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources: [{type: static, tasks: [{cgroup: /batch/a}]}]
                plugins: [{name: static-placement, interval: 1h, config: {rules: ["/batch/* cpus=0-1"]}}]
                telemetry: {prometheus: {enabled: false}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs()));
        Path state = dir.resolve("state");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "-c", cfg.toString(), "--state-dir", state.toString())
                .redirectError(dir.resolve("err.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // the first dry-run decision line says the first cycle ran; the socket is listening before the loop starts
            assertThat(out.readLine()).startsWith("{\"plugin\":\"static-placement\"");

            Result rules = prompt("--state-dir", state.toString(), "-c", "plugin static-placement rules");
            assertThat(rules.status()).as(rules.err()).isZero();
            assertThat(rules.out()).isEqualTo("as of cycle 1\nrule 1 (/batch/* cpus=0-1): /batch/a\n");

            Result status = prompt("--config", cfg.toString(), "--state-dir", state.toString(), "-c", "status");
            assertThat(status.status()).as(status.err()).isZero();
            assertThat(status.out()).startsWith("mode: dry-run\ncycles: 1\n");

            Result bad = prompt("--state-dir", state.toString(), "-c", "decisions -n lots");
            assertThat(bad.status()).isEqualTo(1);
            assertThat(bad.out()).isEmpty();
            assertThat(bad.err()).isEqualTo("-n must be a number from 1 to 1000; got 'lots'\nusage: decisions [-n N]\n");

            Result cycle = prompt("--socket", state.resolve("control.sock").toString(), "-c", "cycle");
            assertThat(cycle.status()).as(cycle.err()).isZero();
            assertThat(cycle.out()).startsWith("cycle 2: 1 decision\n{\"cycle\":2,");
            assertThat(out.readLine()).as("the asked-for cycle's dry-run line").startsWith("{\"plugin\":\"static-placement\"");
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(Files.readString(dir.resolve("err.log"))).doesNotContain("Exception");
    }

    @Test
    void noAgentIsExitOneWithTheReason() {
        Result r = prompt("--state-dir", dir.toString(), "-c", "status");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("numa-agent: no control socket at " + dir.resolve("control.sock")
                + ": is the agent running ('numa-agent run')? Give its control.socket with --socket\n");
    }
}
