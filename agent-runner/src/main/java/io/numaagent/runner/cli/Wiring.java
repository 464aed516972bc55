package io.numaagent.runner.cli;

// Why this size (~500 lines): it is the one place that knows every part (config, plugins, host, snapshot
// source, dry-run overlay, trackers, executor, telemetry, control socket, recording, replay), and each
// method only joins parts built elsewhere; splitting it would spread that knowledge over several classes.
// Planned: move replay and recording wiring into their own class when the next part is added.

import io.numaagent.api.decision.MoverLimit;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.config.AgentConfig;
import io.numaagent.runner.config.ConfigError;
import io.numaagent.runner.config.ConfigLoader;
import io.numaagent.runner.config.ExecutorSettings;
import io.numaagent.runner.config.PluginEntry;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.config.TelemetrySettings;
import io.numaagent.runner.kube.podresources.PodResourcesClient;
import io.numaagent.runner.control.ControlCommands;
import io.numaagent.runner.control.ControlServer;
import io.numaagent.runner.control.LoopHistory;
import io.numaagent.runner.exec.CgroupThreads;
import io.numaagent.runner.exec.Executor;
import io.numaagent.runner.exec.FileCgroupWriter;
import io.numaagent.runner.exec.LinuxSyscalls;
import io.numaagent.runner.exec.LinuxThreadSyscalls;
import io.numaagent.runner.exec.Sleeper;
import io.numaagent.runner.exec.Syscalls;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.ContainerDevices;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.PlatformReader;
import io.numaagent.runner.host.ReadProblemLog;
import io.numaagent.runner.host.ReadProblems;
import io.numaagent.runner.host.TopologyPrinter;
import io.numaagent.runner.host.WriteAccess;
import io.numaagent.runner.loop.AgentLoop;
import io.numaagent.runner.loop.DecisionExecutor;
import io.numaagent.runner.loop.DryRunOverlay;
import io.numaagent.runner.loop.LoopObserver;
import io.numaagent.runner.loop.PluginRun;
import io.numaagent.runner.loop.SnapshotSource;
import io.numaagent.runner.plugins.PluginLoadException;
import io.numaagent.runner.plugins.PluginRegistry;
import io.numaagent.runner.plugins.RunnerPluginContext;
import io.numaagent.runner.recording.BadRecordingException;
import io.numaagent.runner.recording.LinePrinter;
import io.numaagent.runner.recording.RecordingReader;
import io.numaagent.runner.recording.RecordingWriter;
import io.numaagent.runner.tasks.SnapshotCollector;
import io.numaagent.runner.tasks.PodResourcesCache;
import io.numaagent.runner.tasks.TaskDeviceCache;
import io.numaagent.runner.tasks.ThreadSchedulingReader;
import io.numaagent.runner.tasks.TaskSource;
import io.numaagent.runner.tasks.TaskSources;
import io.numaagent.runner.telemetry.Telemetry;
import io.numaagent.runner.tracking.CountersSummary;
import io.numaagent.runner.tracking.TrackerService;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the runner's parts together for the CLI: config, plugins, snapshot source, executor,
 * telemetry. The only class that knows all of them.
 */
final class Wiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    /** Ends a command with a message and exit status. */
    static final class Failure extends Exception {
        private final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    private final AgentConfig config;
    private final PluginRegistry registry;
    private final Telemetry telemetry;
    /** The live snapshot collectors made, closed with the wiring (their task sources may hold a watch). */
    private final List<SnapshotCollector> collectors = new ArrayList<>();
    private final Clock clock = Clock.systemUTC();
    private final List<PluginRun> plugins = new ArrayList<>();
    /** Where state goes when the state directory is not writable (an unprivileged, observe-only run). */
    static final Path FALLBACK_STATE_ROOT = Path.of(System.getProperty("java.io.tmpdir"), "numa-agent-state");

    private Path stateRoot = FALLBACK_STATE_ROOT;
    private BufferedWriter recordingWriter;
    private Syscalls syscalls;
    private Host host;
    /** What the loop did lately, for the control prompt. */
    private final LoopHistory history = new LoopHistory();
    private ControlServer control;
    private boolean shutDown;
    private TrackerService trackers;
    /** The task measurements the created plugins read (the union of their declarations). */
    private final Set<Measurement> measuredByPlugins = EnumSet.noneOf(Measurement.class);

    private Wiring(AgentConfig config, PluginRegistry registry, Telemetry telemetry) {
        this.config = config;
        this.registry = registry;
        this.telemetry = telemetry;
    }

    /** Loads the registry and the config; CLI {@code --path.*} override the config's paths. */
    static Wiring forConfig(CommonOptions common, Path file, boolean forceDryRun) throws Failure {
        PluginRegistry registry = registry(common);
        AgentConfig c;
        try {
            c = new ConfigLoader(registry::factory, registry.names(), registry::byClass).load(file);
        } catch (ConfigError e) {
            throw new Failure(Main.EXIT_USAGE, e.getMessage());
        }
        c = c.withPaths(common.paths(c.paths()));
        if (forceDryRun) {
            c = c.withExecutor(c.executor().withApply(false));
        }
        try {
            return new Wiring(c, registry, Telemetry.withOtlp(VersionCommand.version(), c.telemetry().otlp()));
        } catch (IllegalArgumentException e) {
            throw new Failure(Main.EXIT_USAGE, e.getMessage());
        }
    }

    /** No config: default paths (overridable), no tasks, no plugins. */
    static Wiring withoutConfig(CommonOptions common) throws Failure {
        AgentConfig c = new AgentConfig("(none)", common.paths(HostPaths.DEFAULT), List.of(), List.of(),
                ExecutorSettings.DEFAULTS, TelemetrySettings.DEFAULTS);
        return new Wiring(c, registry(common), new Telemetry(VersionCommand.version()));
    }

    private static PluginRegistry registry(CommonOptions common) throws Failure {
        try {
            return common.registry();
        } catch (PluginLoadException e) {
            throw new Failure(Main.EXIT_USAGE, e.getMessage());
        }
    }

    AgentConfig config() {
        return config;
    }

    /**
     * Plugins' state goes under {@code dir} when it (or its parent, to create it) is writable; an
     * unprivileged run (observe-only) falls back to the temporary directory rather than failing.
     */
    void stateDirectory(Path dir) {
        Path parent = dir.toAbsolutePath().getParent();
        if (Files.isWritable(dir) || (!Files.exists(dir) && parent != null && Files.isWritable(parent))) {
            stateRoot = dir;
        } else {
            LOG.warn("state directory {} is not writable; plugins keep their state under {}", dir, stateRoot);
        }
    }

    /** Creates every configured plugin; a plugin's complaint about its config is located in the file. */
    List<PluginRun> createPlugins() throws Failure {
        if (!plugins.isEmpty()) {
            return plugins;
        }
        for (PluginEntry e : config.plugins()) {
            PluginFactory f = registry.factory(e.name()).orElseThrow(); // also those named by class: the loader added them
            try {
                Plugin p = f.create(e.config(), new RunnerPluginContext(e.name(), clock, telemetry.metricsFor(e.name()),
                        stateRoot));
                plugins.add(new PluginRun(e.name(), p, e.interval(), e.maxDecisions()));
                Set<Measurement> reads = p.measurements();
                measuredByPlugins.addAll(reads == null ? Measurement.all() : reads);
                Optional<TrackerSpec> tracker = p.tracker();
                if (tracker != null && tracker.isPresent()) {
                    trackers().register(e.name(), tracker.get());
                }
            } catch (TrackerService.UnsupportedTrackerException ex) {
                throw new Failure(1, ex.getMessage());
            } catch (ConfigException ex) {
                throw new Failure(Main.EXIT_USAGE, e.locate(ex).getMessage());
            } catch (RuntimeException ex) {
                throw new Failure(1, "plugin " + e.name() + " failed to start: " + ex);
            }
        }
        return plugins;
    }

    /** The first {@code kubernetes} task source that names a pod-resources socket. */
    private Optional<TaskSourceConfig.Kubernetes> podResourcesSource() {
        return config.taskSources().stream().filter(TaskSourceConfig.Kubernetes.class::isInstance)
                .map(TaskSourceConfig.Kubernetes.class::cast).filter(k -> !k.podResourcesSocket().isEmpty())
                .findFirst();
    }

    /**
     * The loop over the live machine; a long-running one ({@code serveMetrics}: not {@code --once}) also serves
     * {@code /metrics} and the control prompt.
     */
    AgentLoop liveLoop(PrintWriter out, Path record, boolean serveMetrics) throws Failure {
        ExecutorSettings settings = config.executor();
        if (settings.apply()) {
            WriteAccess access = WriteAccess.check(host().paths(), host().cgroups());
            if (!access.writable()) {
                LOG.warn("{}; decisions are printed, nothing is written", access.reason()); // "observe-only: ..."
                settings = settings.withApply(false);
            }
        }
        createPlugins();
        if (serveMetrics && config.telemetry().prometheusEnabled()) {
            try {
                telemetry.startPrometheus(config.telemetry().prometheusHost(), config.telemetry().prometheusPort());
            } catch (IOException e) {
                throw new Failure(1, "cannot serve metrics on " + config.telemetry().prometheusHost() + ":"
                        + config.telemetry().prometheusPort() + ": " + e.getMessage());
            }
        }
        SnapshotCollector collector = liveCollector();
        if (record == null) { // a recording keeps every measurement, for replays with other plugins or settings
            collector.measuring(measuredByPlugins);
        }
        LOG.info("measuring per task: {}", collector.measured());
        if (plugins.stream().anyMatch(p -> p.plugin().readsTaskDevices())) { // read once per container, if asked
            collector.readingDevices(new TaskDeviceCache(host().paths(), new ContainerDevices(host().paths())));
        }
        if (plugins.stream().anyMatch(p -> p.plugin().readsCpuPower())) { // cpufreq, cpuidle, uncore: only if asked
            collector.readingCpuPower();
        }
        if (plugins.stream().anyMatch(p -> p.plugin().readsPodResources())) { // asked once per pod container, if asked
            podResourcesSource().ifPresent(k -> collector.readingPodResources(new PodResourcesCache(
                    new PodResourcesClient(Path.of(k.podResourcesSocket()), k.podResourcesTimeout()),
                    System::nanoTime)));
        }
        TrackerService tracking = trackers();
        SnapshotSource source = (seq, prev) -> {
            long start = System.nanoTime();
            Snapshot snapshot = collector.collect(seq, prev);
            telemetry.runner().recordSnapshotDuration(Duration.ofNanos(System.nanoTime() - start));
            return Optional.of(tracking.attach(snapshot));
        };
        if (record != null) {
            source = recording(source, record);
        }
        LinePrinter lines = new LinePrinter(out); // dry-run decisions (the executor prints them) or applied outcomes
        Executor executor = executor(settings, lines);
        limitPlugins(executor);
        boolean apply = settings.apply();
        LoopObserver observer = observer();
        if (!apply) { // dry-run shows the plan once: printed decisions count as applied in later snapshots
            DryRunOverlay overlay = new DryRunOverlay(source);
            source = overlay;
            observer = overlay.measuredSnapshots(observer);
        }
        DecisionExecutor exec = (snapshot, decisions) -> {
            List<Outcome> outcomes = executor.execute(snapshot, decisions);
            if (apply) {
                outcomes.forEach(lines::print);
            }
            return outcomes;
        };
        AgentLoop loop = new AgentLoop(plugins, source, exec, observer, clock, tracking);
        if (serveMetrics && config.control().enabled()) {
            Path socket = config.control().socket(stateRoot);
            try {
                control = ControlServer.start(socket, new ControlCommands(loop, history, executor));
            } catch (IOException e) {
                throw new Failure(1, "control prompt: " + e.getMessage());
            }
        }
        return loop;
    }

    /** The page-access trackers of the plugins that declared one (created with the plugins). */
    private TrackerService trackers() {
        if (trackers == null) {
            trackers = new TrackerService(host().paths(), host().pageSizeBytes(), clock, telemetry.runner().trackers());
        }
        return trackers;
    }

    /** Plugins' own paces for their memory decisions (memtierd's per-policy mover). */
    private void limitPlugins(Executor executor) {
        for (PluginRun p : plugins) {
            Optional<MoverLimit> limit = p.plugin().moverLimit();
            if (limit != null && limit.isPresent()) {
                executor.limitPlugin(p.name(), limit.get());
            }
        }
    }

    /**
     * Stops the trackers' scan threads (DAMON: kdamonds off); called on the way out, also on SIGTERM.
     *
     * @return what was left running, for the stop to report; empty when everything stopped
     */
    List<String> stopTracking() {
        return trackers != null ? trackers.stop() : List.of();
    }

    /** The executor over this machine: the host's roots and the cgroup layout detected once. */
    private Executor executor(ExecutorSettings settings, LinePrinter lines) {
        CgroupLayout layout = host().cgroups();
        return new Executor(settings, host().paths(), layout, new FileCgroupWriter(layout), syscalls(), lines,
                Sleeper.SYSTEM);
    }

    /** This machine's system calls, made once; only the executor needs them (the host reads the page size alone). */
    private Syscalls syscalls() {
        if (syscalls == null) {
            syscalls = LinuxSyscalls.create();
        }
        return syscalls;
    }

    private LoopObserver observer() {
        return new LoopObserver() {
            @Override
            public void snapshotTaken(Snapshot snapshot) {
                history.snapshotTaken(snapshot);
                telemetry.recordSnapshot(snapshot);
            }

            @Override
            public void pluginRan(String plugin, Duration took, boolean failed) {
                history.pluginRan(plugin, took, failed);
                telemetry.recordCycle(plugin, took, failed);
            }

            @Override
            public void outcomes(List<Outcome> outcomes) {
                history.outcomes(outcomes);
                telemetry.recordOutcomes(outcomes);
            }

            @Override
            public void cycleEnded(Duration took, Duration cpu) {
                telemetry.recordLoopCycle(took, cpu);
            }

            @Override
            public void pluginTimedOut(String plugin) {
                telemetry.runner().recordTimeout(plugin);
            }

            @Override
            public void pluginSkipped(String plugin) {
                telemetry.runner().recordSkip(plugin);
            }

            @Override
            public void decisionsDropped(String plugin, int dropped) {
                telemetry.runner().recordDropped(plugin, dropped);
            }
        };
    }

    private SnapshotSource recording(SnapshotSource inner, Path file) throws Failure {
        RecordingWriter w;
        try {
            recordingWriter = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            w = new RecordingWriter(recordingWriter);
        } catch (IOException e) {
            throw new Failure(1, "cannot write recording " + file + ": " + e.getMessage());
        }
        return (seq, prev) -> {
            Optional<Snapshot> s = inner.next(seq, prev);
            s.ifPresent(snap -> {
                try {
                    w.append(snap);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write recording " + file, e);
                }
            });
            return s;
        };
    }

    /**
     * Replays a recording through the plugins in dry-run; exit 1 if any plugin failed on any snapshot.
     * Plugins start from empty state (a fresh temporary state directory, removed afterwards), so that a
     * replay never depends on, nor changes, what an earlier run or replay saved.
     */
    int replay(Path recording, PrintWriter out) throws Failure {
        try {
            stateRoot = Files.createTempDirectory("numa-agent-replay-");
        } catch (IOException e) {
            throw new Failure(1, "cannot create a state directory for the replay: " + e.getMessage());
        }
        try {
            return replayFrom(recording, out);
        } finally {
            deleteTree(stateRoot);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot remove the replay's state directory {}: {}", dir, e.getMessage());
        }
    }

    private int replayFrom(Path recording, PrintWriter out) throws Failure {
        createPlugins();
        Executor executor = executor(config.executor().withApply(false), new LinePrinter(out));
        limitPlugins(executor);
        try (RecordingReader reader = new RecordingReader(Files.newBufferedReader(recording, StandardCharsets.UTF_8))) {
            SnapshotSource source = (seq, prev) -> nextRecorded(reader, recording, prev);
            AgentLoop loop = new AgentLoop(plugins, source, executor::execute, observer(), clock);
            int status = 0;
            Optional<AgentLoop.CycleResult> r;
            while ((r = loop.cycle(plugins)).isPresent()) {
                if (!r.get().failedPlugins().isEmpty()) {
                    status = 1;
                }
            }
            return status;
        } catch (IOException e) {
            throw new Failure(Main.EXIT_USAGE, "cannot read recording " + recording + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new Failure(Main.EXIT_USAGE, e.getCause().getMessage());
        }
    }

    /**
     * The next snapshot of a recording, carrying the outcomes of the replayed decisions (as a live
     * dry-run would); a bad line ends the replay naming file and line.
     */
    private static Optional<Snapshot> nextRecorded(RecordingReader reader, Path recording, List<Outcome> previous) {
        try {
            return reader.next().map(s -> s.withOutcomes(previous));
        } catch (BadRecordingException e) {
            throw new UncheckedIOException(new IOException(recording + ":" + e.line() + ": " + e.problem(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(recording + ":" + reader.line() + ": " + e.getMessage(), e));
        }
    }

    /** Snapshots of this machine through the config's roots and task sources. */
    private SnapshotCollector liveCollector() throws Failure {
        for (ReadProblems.Kind kind : ReadProblems.Kind.values()) { // every kind's series from the start, at 0
            telemetry.runner().recordReadProblems(kind.label(), 0);
        }
        ReadProblemLog problemLog = new ReadProblemLog(ReadProblemLog.SLF4J,
                (kind, count) -> telemetry.runner().recordReadProblems(kind.label(), count));
        List<TaskSource> sources;
        try {
            sources = TaskSources.create(config.taskSources(), host(), telemetry.runner()::recordKubernetesApi);
        } catch (IllegalArgumentException e) {
            throw new Failure(Main.EXIT_USAGE, e.getMessage());
        }
        SnapshotCollector collector = new SnapshotCollector(host(), sources, clock, problemLog);
        if (LinuxSyscalls.isSupported()) { // read only while THREAD_SCHEDULING is measured (a plugin declares it)
            collector.readingThreadScheduling(new ThreadSchedulingReader(new CgroupThreads(host().cgroups()),
                    LinuxThreadSyscalls.create()));
        }
        collectors.add(collector); // closed with the wiring: a kubernetes source's watch ends there
        return collector;
    }

    /** The machine under the config's roots: cgroup layout detected once per agent, page size from the kernel. */
    private Host host() {
        if (host == null) {
            host = Host.detect(config.paths(), LinuxSyscalls.basePageSize());
        }
        return host;
    }

    /**
     * Prints one snapshot. With {@code trackSeconds > 0} the plugins are created, each tracking plugin is
     * asked what to track ({@code tracking()} on a first snapshot), its tracker runs that long (and at least
     * one whole scan), and the second snapshot carries the counters; a summary per task and pid goes to {@code err}.
     */
    void printSnapshot(PrintWriter out, PrintWriter err, boolean pretty, int trackSeconds) throws Failure {
        SnapshotCollector collector = liveCollector();
        Snapshot snapshot = collector.collect(1, List.of());
        if (trackSeconds > 0) {
            createPlugins();
            for (PluginRun p : plugins) {
                if (trackers().tracks(p.name())) {
                    trackers().requested(p.name(), snapshot, p.plugin().tracking(snapshot));
                }
            }
            try {
                Thread.sleep(trackSeconds * 1000L);
                trackers().awaitScans(60_000); // counters of at least one whole scan, however busy the machine
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            snapshot = trackers().attach(collector.collect(2, List.of()));
            CountersSummary.lines(snapshot.accessCounters()).forEach(l -> err.println("counters: " + l));
            err.flush();
        }
        out.println(pretty ? RecordingWriter.toIndentedJson(snapshot) : RecordingWriter.toLine(snapshot));
        out.flush();
    }

    static int printTopology(CommonOptions common, PrintWriter out, PrintWriter err) {
        HostPaths paths = common.paths(HostPaths.DEFAULT);
        ReadProblems problems = new ReadProblems();
        var platform = new PlatformReader(Host.detect(paths, LinuxSyscalls.basePageSize())).read(problems);
        out.print(TopologyPrinter.render(platform));
        out.flush();
        for (var w : problems.warnings()) {
            err.println("numa-agent: warning: " + w);
        }
        return 0;
    }

    @Override
    public void close() {
        shutDown();
    }

    /**
     * Stops everything the agent started: trackers (kdamonds off), the control socket (removed),
     * the plugins, telemetry (the last OTLP export), the recording. Once; later calls do nothing.
     *
     * @return what did not stop cleanly, one line each; empty after a clean stop
     */
    List<String> shutDown() {
        if (shutDown) {
            return List.of();
        }
        shutDown = true;
        List<String> problems = new ArrayList<>(stopTracking());
        collectors.forEach(SnapshotCollector::close);
        if (control != null) {
            control.close();
            if (Files.exists(control.socket(), LinkOption.NOFOLLOW_LINKS)) {
                problems.add("the control socket " + control.socket() + " was not removed");
            }
        }
        for (PluginRun p : plugins) {
            try {
                p.plugin().close();
            } catch (RuntimeException e) {
                LOG.warn("plugin {} failed to close", p.name(), e);
                problems.add("plugin " + p.name() + " failed to close: " + e);
            }
        }
        telemetry.shutDown().ifPresent(problems::add);
        if (recordingWriter != null) {
            try {
                recordingWriter.close();
            } catch (IOException e) {
                LOG.warn("cannot close the recording", e);
                problems.add("cannot close the recording: " + e.getMessage());
            }
        }
        return problems;
    }
}
