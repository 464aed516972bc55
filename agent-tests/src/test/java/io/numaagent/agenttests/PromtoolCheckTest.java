package io.numaagent.agenttests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code promtool check metrics} (Debian's {@code prometheus} package) on the agent's {@code /metrics}
 * with each bundled plugin. When promtool is missing the test installs the package with apt-get as
 * root (as CI runs), and otherwise skips, saying why.
 */
class PromtoolCheckTest {

    private static final String PACKAGE = "prometheus";

    @BeforeAll
    static void promtoolInstalled() throws IOException, InterruptedException {
        if (promtool() != null) {
            return;
        }
        Assumptions.assumeTrue(isRoot(), "promtool is not installed and this user is not root to "
                + "`apt-get install " + PACKAGE + "`");
        Run update = run(300, "apt-get", "update");
        Run install = run(600, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                "--no-install-recommends", PACKAGE);
        Assumptions.assumeTrue(promtool() != null, "promtool is missing and `apt-get install " + PACKAGE
                + "` did not install it (exit " + install.status + "):\n" + update.output + install.output);
    }

    static java.util.List<PluginScenario> scenarios() {
        return PluginScenario.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void metricsOfTheAgentPassPromtool(PluginScenario scenario) throws IOException, InterruptedException {
        String scrape = BundledPluginScrapes.get().get(scenario);
        Path file = Files.createTempFile("metrics-", ".prom");
        try {
            Files.writeString(file, scrape);
            Run check = run(120, "sh", "-c", "exec \"$0\" check metrics < \"$1\"", promtool().toString(),
                    file.toString());
            assertThat(check.output).as("promtool check metrics on\n%s", scrape).isEmpty();
            assertThat(check.status).as(check.output).isZero();
        } finally {
            Files.delete(file);
        }
    }

    private record Run(int status, String output) {
    }

    private static Run run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** promtool on the PATH, or null. */
    private static Path promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        return run(10, "id", "-u").output.strip().equals("0");
    }
}
