package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.testplugin.PinAllTestPluginFactory;
import io.numaagent.runner.testplugin.TestPluginJars;
import io.numaagent.runner.testplugin.TrackAllTestPluginFactory;
import io.numaagent.runner.tracking.PageTrackingTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code numa-agent run} in its own JVM, sent SIGTERM as systemd and Kubernetes stop it: 0 after a clean
 * stop, 1 naming what was left when the stop was not clean.
 */
@EnabledOnOs(OS.LINUX)
class SigtermTest {

    /** Bounds only a hang: a busy machine may take long to stop the JVM, and no assertion depends on how long. */
    static final long EXIT_WAIT_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void twoNodeRunStopsOnSigtermWithStatusZero() throws Exception {
        Path cfg = AgentProcess.twoNodeStaticPlacement(dir, "100ms", true);
        Path state = dir.resolve("state");
        AgentProcess agent = new AgentProcess(cfg, state, dir.resolve("err.log"));
        Process p = agent.process();
        // the first dry-run decision line says the loop is running (and the control socket is there)
        assertThat(agent.readLine()).startsWith("{\"plugin\":\"static-placement\"");
        assertThat(state.resolve("control.sock")).exists();
        p.destroy(); // SIGTERM
        String err = exitAfter(p);
        assertThat(p.exitValue()).as("status after SIGTERM; stderr: %s", err).isZero();
        assertThat(err).contains("SIGTERM: stopping after the current step").doesNotContain("Exception")
                .doesNotContain("stop not clean");
        assertThat(state.resolve("control.sock")).as("control socket removed").doesNotExist();
        agent.close();
    }

    @Test
    void twoNodeDamonKdamondThatCannotBeTurnedOffMakesTheStopExitOneNamingIt() throws Exception {
        Path plugins = dir.resolve("plugins");
        TestPluginJars.write(plugins.resolve("track-all-test.jar"), TrackAllTestPluginFactory.class,
                TrackAllTestPluginFactory.class);
        TestMachine m = TestMachine.shape(1, 2, 2, 1, 0).nodeMemory(0, 4L << 30, 2L << 30).nodeMemory(1, 4L << 30, 2L << 30);
        m.cgroup("/batch/a").pids(4242).anon(Map.of(0, 64L << 20));
        PageTrackingTree tree = PageTrackingTree.write(m.cgroupV2(), dir.resolve("host"));
        tree.process(4242, 7).anon(0x10_0000_0000L, 4);
        tree.damon(1, 1);
        HostPaths h = tree.paths();
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources: [{type: static, tasks: [{cgroup: /batch/a}]}]
                plugins: [{name: track-all-test, interval: 100ms, config: {tracker: damon}}]
                telemetry: {prometheus: {enabled: false}}
                """.formatted(h.sysfs(), h.procfs(), h.cgroupfs()));
        AgentProcess agent = new AgentProcess(cfg, dir.resolve("state"), dir.resolve("err.log"), "--plugins-dir",
                plugins.toString());
        Process p = agent.process();
        Path stateFile = tree.damonFile(0, "state");
        awaitTurnedOn(stateFile, p);
        // the kdamond is on; its state file becomes something that cannot say "off" any more
        Files.delete(stateFile);
        Files.createDirectory(stateFile);
        p.destroy(); // SIGTERM
        String err = exitAfter(p);
        assertThat(p.exitValue()).as("status after SIGTERM; stderr: %s", err).isEqualTo(1);
        assertThat(err).contains("numa-agent: stop not clean: plugin track-all-test: kdamond 0 not turned off (" + stateFile + "): ");
        agent.close();
    }

    @Test
    void twoNodeStopThatDoesNotFinishIsCutShortWithStatusOneAfterTheGrace() throws Exception {
        Path cfg = AgentProcess.twoNodeStaticPlacement(dir, "100ms", false);
        // a plugin whose close() never returns: the stop cannot finish on its own
        Files.writeString(cfg, Files.readString(cfg).replace("plugins: [", "plugins: [{class: "
                + PinAllTestPluginFactory.class.getName() + ", interval: 100ms, config: {hang_on_close: true}}, "));
        AgentProcess agent = new AgentProcess(cfg, dir.resolve("state"), dir.resolve("err.log"));
        Process p = agent.process();
        assertThat(agent.readLine()).as("the loop runs").startsWith("{\"plugin\":");
        p.destroy(); // SIGTERM
        String err = exitAfter(p);
        assertThat(p.exitValue()).as("status after SIGTERM; stderr: %s", err).isEqualTo(1);
        assertThat(err).contains("numa-agent: the stop did not finish within " + GracefulStop.GRACE.toSeconds()
                + " s; exiting with status 1");
        agent.close();
    }

    /** Waits for {@code p} to exit and returns its stderr. */
    private String exitAfter(Process p) throws Exception {
        boolean exited = p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        String err = Files.readString(dir.resolve("err.log"));
        assertThat(exited).as("exited after SIGTERM; stderr: %s", err).isTrue();
        return err;
    }

    /** Waits until the kdamond {@code state} file says anything but "off", failing if the agent exits first. */
    private void awaitTurnedOn(Path state, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_WAIT_SECONDS);
        while (Files.readString(state).strip().equals("off")) {
            assertThat(p.isAlive()).as("agent running; stderr: %s", Files.readString(dir.resolve("err.log"))).isTrue();
            assertThat(System.nanoTime()).as("%s turned on", state).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
