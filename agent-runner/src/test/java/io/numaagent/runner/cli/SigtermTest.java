package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void twoNodeRunStopsOnSigterm() throws Exception {
        Path cfg = AgentProcess.twoNodeStaticPlacement(dir, "100ms", true);
        AgentProcess agent = new AgentProcess(cfg, dir.resolve("state"), dir.resolve("err.log"));
        Process p = agent.process();
        // the first dry-run decision line says the loop is running
        assertThat(agent.readLine()).startsWith("{\"plugin\":\"static-placement\"");
        p.destroy(); // SIGTERM
        // the outcome, not a time budget: a busy machine may take long to run the hooks, and the agent halts
        // itself 2 s into them anyway; 60 s only bounds a hang
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        agent.close();
        assertThat(exited).as("exited after SIGTERM; stderr: %s", Files.readString(dir.resolve("err.log"))).isTrue();
        assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM: terminated by the signal, hooks run
        assertThat(new File(dir.toFile(), "err.log")).content().doesNotContain("Exception");
    }
}
