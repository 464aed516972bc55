package io.numaagent.agenttests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code numa-agent run --dry-run} in a child JVM on this module's class path (the runner and every
 * bundled plugin) over a fixture tree, serving {@code /metrics} on a free loopback port. Closing it
 * stops the agent as SIGTERM would.
 */
final class RunningAgent implements AutoCloseable {

    /** How long to wait for the agent to start or to reach a state; generous for a loaded machine. */
    static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Pattern LISTENING = Pattern.compile("Prometheus metrics on http://([^/]+)/metrics");

    private final Process process;
    private final Path log;
    private final URI metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RunningAgent(Process process, Path log, URI metrics) {
        this.process = process;
        this.log = log;
        this.metrics = metrics;
    }

    /** The fixture tree {@code agent-runner/src/test/resources/fixtures/<name>}. */
    static Path fixture(String name) {
        Path tree = Path.of("..", "agent-runner", "src", "test", "resources", "fixtures", name).toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(tree)) {
            throw new IllegalArgumentException("no fixture tree " + tree);
        }
        return tree;
    }

    /**
     * Starts the agent with {@code configYaml} (its {@code telemetry:} block is added here) over the
     * host tree {@code tree} (its {@code sys}, {@code proc} and {@code cgroup}) and waits until {@code /metrics} answers.
     */
    static RunningAgent start(Path tree, String configYaml, Path workDir) throws IOException,
            InterruptedException {
        return start(tree, configYaml, workDir, java.util.Map.of());
    }

    /** As {@link #start(String, String, Path)}, with these variables added to the agent's environment. */
    static RunningAgent start(Path tree, String configYaml, Path workDir, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        Path config = workDir.resolve("agent.yaml");
        Files.writeString(config, configYaml + "\ntelemetry: {prometheus: {enabled: true, host: 127.0.0.1, port: 0}}\n");
        Path log = workDir.resolve("agent.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.numaagent.runner.cli.Main",
                "run", "--dry-run", "-c", config.toString(),
                "--path.sysfs=" + tree.resolve("sys"), "--path.procfs=" + tree.resolve("proc"),
                "--path.cgroupfs=" + tree.resolve("cgroup"), "--state-dir", workDir.resolve("state").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_")); // only what the test gives
        builder.environment().putAll(env);
        Process process = builder.start();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new RunningAgent(process, log, URI.create("http://" + m.group(1) + "/metrics"));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the agent exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the agent did not serve /metrics within " + PATIENCE + ":\n"
                + Files.readString(log));
    }

    /** One scrape of {@code /metrics}. */
    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(metrics + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** Scrapes until a scrape satisfies {@code done}, and returns that scrape. */
    String scrapeUntil(String what, Predicate<String> done) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = scrape();
            if (done.test(last)) {
                return last;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the agent exited while waiting for " + what + ":\n" + log());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no scrape with " + what + " within " + PATIENCE + "; last:\n" + last
                + "\nagent log:\n" + log());
    }

    /** The agent's output so far (stdout and stderr). */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the agent stops after its current step (GracefulStop)
        if (!process.waitFor(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
