package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path cfg = AgentProcess.twoNodeStaticPlacement(dir, "1h", false);
        Path state = dir.resolve("state");
        try (AgentProcess agent = new AgentProcess(cfg, state, dir.resolve("err.log"))) {
            // the first dry-run decision line says the first cycle ran; the socket is listening before the loop starts
            assertThat(agent.readLine()).startsWith("{\"plugin\":\"static-placement\"");

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
            // dry-run shows the plan once: the asked-for cycle decided the same again, and it is not printed again
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
