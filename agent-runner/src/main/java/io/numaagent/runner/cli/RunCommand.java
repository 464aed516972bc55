package io.numaagent.runner.cli;

import io.numaagent.runner.loop.AgentLoop;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code numa-agent run}: the agent. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the agent: measure, run the plugins at their intervals, apply (or in dry-run print) "
                + "their decisions.",
                "Dry-run unless the config says executor.apply: true. In dry-run, each decision is printed to stdout "
                        + "as one JSON object per line; when applying, each outcome is.",
                "Run as root, it refuses to start when the config file or plugins directory (or a directory above "
                        + "them) can be changed by anyone but root.",
                "SIGTERM or SIGINT stops it after the current step: the trackers (DAMON kdamonds), the control socket, "
                        + "the plugins and telemetry (a last OTLP export) are stopped, then it exits.",
                "Exit status: 0 ok, also after a clean stop on SIGTERM/SIGINT; 1 a plugin failed (--once), or the stop "
                        + "was not clean (each problem on stderr; or not done within 20 s, or a second signal); "
                        + "2 bad config or usage, or such a file."})
final class RunCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CommonOptions common;

    @CommandLine.Mixin
    ConfigOption config;

    @Option(names = "--once", description = "run one cycle of every plugin and exit")
    boolean once;

    @Option(names = "--dry-run", description = "print decisions as JSON lines, write nothing (whatever the config says)")
    boolean dryRun;

    @Option(names = "--record", paramLabel = "FILE", description = "append every snapshot to FILE as JSON lines (for replay)")
    Path record;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:NUMA_AGENT_STATE_DIR:-/var/lib/numa-agent}",
            description = "where plugins keep state (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Who the agent runs as; tests pretend to be root. */
    static Supplier<TrustedFiles.Identity> identity = TrustedFiles.Identity::current;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> refusal = TrustedFiles.refusal(identity.get(), config.file, common.pluginsDirectories());
        if (refusal.isPresent()) {
            err.println("numa-agent: " + refusal.get());
            return Main.EXIT_USAGE;
        }
        try (Wiring w = Wiring.forConfig(common, config.file, dryRun)) {
            w.stateDirectory(stateDir);
            AgentLoop loop = w.liveLoop(spec.commandLine().getOut(), record, !once);
            if (once) {
                return loop.runOnce();
            }
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                loop.stop();
                try {
                    // signals GracefulStop leaves to the JVM (SIGHUP, ...): the loop finishes its step; at most 2 s
                    finished.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                w.stopTracking(); // here too, since the JVM halts when the hook returns: no kdamond may stay on
            }, "numa-agent-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (GracefulStop stop = GracefulStop.install(loop::stop, w::stopTracking, err)) {
                try {
                    loop.run();
                } finally {
                    Thread.interrupted(); // loop.stop() interrupts this thread: the stops below must wait, not give up
                    w.stopTracking(); // before the hook lets the JVM halt: no kdamond may stay on
                    finished.countDown();
                }
                List<String> left = w.shutDown(); // SIGTERM/SIGINT end here too: a clean stop exits 0
                left.forEach(problem -> err.println("numa-agent: stop not clean: " + problem));
                return left.isEmpty() ? 0 : 1;
            }
        } catch (Wiring.Failure f) {
            err.println("numa-agent: " + f.getMessage());
            return f.exitCode();
        }
    }
}
