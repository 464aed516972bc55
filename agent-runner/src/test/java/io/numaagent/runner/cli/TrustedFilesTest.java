package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Run as root, the agent refuses a config file or plugins directory that others can change,
 * naming the path. "Root" is an injected identity; the files are real, with real POSIX modes.
 */
class TrustedFilesTest {

    @TempDir
    Path dir;

    private Path etc;
    private Path config;
    private Path plugins;

    @BeforeEach
    void layout() throws IOException {
        etc = Files.createDirectories(dir.resolve("etc"));
        config = Files.writeString(etc.resolve("numa-agent.yaml"), "plugins: []\n");
        plugins = Files.createDirectories(dir.resolve("lib/plugins"));
        Files.writeString(plugins.resolve("tier-mover.jar"), "not really a jar");
        for (Path p : new Path[] {dir, etc, dir.resolve("lib"), plugins}) {
            chmod(p, "rwxr-xr-x");
        }
        chmod(config, "rw-r--r--");
        chmod(plugins.resolve("tier-mover.jar"), "rw-r--r--");
    }

    private static void chmod(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    private static TrustedFiles.Identity root() {
        return new TrustedFiles.Identity(true);
    }

    /** What to loosen, and the path and reason the refusal must name. */
    static Stream<Arguments> loosened() {
        return Stream.<Arguments>of(
                Arguments.of("group-writable config", (Function<TrustedFilesTest, String>) t -> t.loosen(t.config, "rw-rw-r--"),
                        "is writable by its group (mode 0664)"),
                Arguments.of("world-writable config", (Function<TrustedFilesTest, String>) t -> t.loosen(t.config, "rw-r--rw-"),
                        "is writable by others (mode 0646)"),
                Arguments.of("world-writable config directory", (Function<TrustedFilesTest, String>) t -> t.loosen(t.etc, "rwxrwxrwx"),
                        "is writable by its group (mode 0777)"),
                Arguments.of("group-writable grandparent", (Function<TrustedFilesTest, String>) t -> t.loosen(t.dir, "rwxrwxr-x"),
                        "is writable by its group (mode 0775)"),
                Arguments.of("group-writable plugins directory",
                        (Function<TrustedFilesTest, String>) t -> t.loosen(t.plugins, "rwxrwxr-x"), "is writable by its group (mode 0775)"),
                Arguments.of("world-writable plugin JAR",
                        (Function<TrustedFilesTest, String>) t -> t.loosen(t.plugins.resolve("tier-mover.jar"), "rw-rw-rw-"),
                        "is writable by its group (mode 0666)"),
                Arguments.of("config linked into a world-writable directory", (Function<TrustedFilesTest, String>) t -> {
                    try {
                        Path shared = Files.createDirectories(t.dir.resolve("shared"));
                        Path real = Files.writeString(shared.resolve("agent.yaml"), "plugins: []\n");
                        chmod(real, "rw-r--r--");
                        chmod(shared, "rwxrwxrwx");
                        Files.delete(t.config);
                        Files.createSymbolicLink(t.config, real);
                        return shared.toString();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, "is writable by its group (mode 0777)"));
    }

    private String loosen(Path p, String perms) {
        try {
            chmod(p, perms);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loosened")
    void asRootAPathOthersCanChangeIsRefusedByName(String what, Function<TrustedFilesTest, String> loosen, String reason) {
        String path = loosen.apply(this);

        Optional<String> refusal = TrustedFiles.refusal(root(), config, plugins);

        assertThat(refusal).as(what).hasValueSatisfying(r -> assertThat(r)
                .startsWith("refusing to run as root: " + path + " " + reason));
    }

    @Test
    void asRootTightFilesAndAStickyDirectoryAreAccepted() throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Path inTmp = Files.writeString(tmp.resolve("agent.yaml"), "plugins: []\n");
        chmod(inTmp, "rw-------");

        assertThat(TrustedFiles.refusal(root(), config, plugins)).isEmpty();
        assertThat(TrustedFiles.refusal(root(), inTmp, List.of())).isEmpty();
    }

    @Test
    void asRootADropInJarOthersCanChangeInTheSecondPluginsDirectoryIsRefusedByName() throws IOException {
        Path dropIn = Files.createDirectories(etc.resolve("plugins.d"));
        chmod(dropIn, "rwxr-xr-x");
        Path jar = Files.writeString(dropIn.resolve("mine.jar"), "not really a jar");
        chmod(jar, "rw-r--r--");
        assertThat(TrustedFiles.refusal(root(), config, List.of(plugins, dropIn))).isEmpty();

        chmod(jar, "rw-rw-rw-");

        assertThat(TrustedFiles.refusal(root(), config, List.of(plugins, dropIn)))
                .hasValueSatisfying(r -> assertThat(r).startsWith("refusing to run as root: " + jar + " "));
    }

    @Test
    void notRootNothingIsChecked() throws IOException {
        chmod(config, "rw-rw-rw-");

        assertThat(TrustedFiles.refusal(new TrustedFiles.Identity(false), config, plugins)).isEmpty();
    }

    @Test
    void runAsRootWithAGroupWritableConfigExitsTwoNamingIt() throws IOException {
        chmod(config, "rw-rw-r--");
        var saved = RunCommand.identity;
        RunCommand.identity = TrustedFilesTest::root;
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run", "--once", "-c",
                    config.toString(), "--plugins-dir", plugins.toString());

            assertThat(status).isEqualTo(2);
            assertThat(err.toString()).startsWith("numa-agent: refusing to run as root: " + config
                    + " is writable by its group (mode 0664)");
            assertThat(out.toString()).isEmpty();
        } finally {
            RunCommand.identity = saved;
        }
    }
}
