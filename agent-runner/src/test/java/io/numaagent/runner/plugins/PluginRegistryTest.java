package io.numaagent.runner.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.RecordingPluginContext;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.testplugin.PinAllTestPluginFactory;
import io.numaagent.runner.testplugin.TestPluginJars;
import io.numaagent.runner.testplugin.TrackAllTestPluginFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @TempDir
    Path dir;

    @Test
    void builtInPluginIsFoundOnTheClassPath() throws Exception {
        PluginRegistry r = PluginRegistry.load(getClass().getClassLoader(), List.of());
        assertThat(r.names()).contains("static-placement").doesNotContain(PinAllTestPluginFactory.NAME);
        assertThat(r.all().stream().filter(f -> f.name().equals("static-placement")).findFirst().orElseThrow().source())
                .isEqualTo("class path");
    }

    @Test
    void droppedJarIsLoadedInItsOwnClassLoaderSharingOnlyTheApi() throws Exception {
        Path jar = TestPluginJars.write(dir.resolve("plugins/pin-all.jar"), PinAllTestPluginFactory.class,
                PinAllTestPluginFactory.class);
        PluginRegistry r = PluginRegistry.load(getClass().getClassLoader(), dir.resolve("plugins"));

        PluginFactory f = r.factory(PinAllTestPluginFactory.NAME).orElseThrow();
        assertThat(f.getClass()).isNotSameAs(PinAllTestPluginFactory.class);
        assertThat(f.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
        assertThat(r.all().stream().filter(x -> x.name().equals(PinAllTestPluginFactory.NAME)).findFirst().orElseThrow()
                .source()).isEqualTo(jar.toString());
        // the API types are the host's own, so decisions flow back without casts failing
        var plugin = f.create(PluginConfig.of(f.configKeys(), Map.of("node", 1)),
                new RecordingPluginContext(PinAllTestPluginFactory.NAME));
        var decisions = plugin.decide(twoNodeSnapshot());
        assertThat(decisions).first().isInstanceOf(SetCpus.class);
        assertThat(((SetCpus) decisions.get(0)).cpus()).isEqualTo(CpuSet.parse("2-3"));
        // the runner's internals are invisible to the plugin
        assertThatThrownBy(() -> f.getClass().getClassLoader().loadClass(PluginRegistry.class.getName()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void jarWithoutPluginIsAnError() throws Exception {
        Path jar = TestPluginJars.write(dir.resolve("plugins/empty.jar"), null, TestPluginJars.class);
        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), dir.resolve("plugins")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessage(jar + ": no plugin in this JAR (it needs META-INF/services/"
                        + "io.numaagent.api.plugin.PluginFactory naming a PluginFactory)");
    }

    @Test
    void twoPluginsWithOneNameIsAnErrorNamingBoth() throws Exception {
        Path a = TestPluginJars.write(dir.resolve("plugins/a.jar"), PinAllTestPluginFactory.class, PinAllTestPluginFactory.class);
        Path b = TestPluginJars.write(dir.resolve("plugins/b.jar"), PinAllTestPluginFactory.class, PinAllTestPluginFactory.class);
        String cls = PinAllTestPluginFactory.class.getName();
        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), dir.resolve("plugins")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessage("two plugins are named 'pin-all-test': " + cls + " (" + a + ") and " + cls + " (" + b + ")");
    }

    @Test
    void brokenJarIsAnErrorNamingIt() throws Exception {
        Path jar = dir.resolve("plugins/broken.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not a zip");
        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), dir.resolve("plugins")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(jar.toString());
    }

    @Test
    void missingPluginsDirectoryMeansClassPathOnly() throws Exception {
        assertThat(PluginRegistry.load(getClass().getClassLoader(), dir.resolve("nope")).names()).contains("static-placement");
    }

    @Test
    void bundledAndDropInDirectoriesAreBothLoadedAndOneNameInBothIsAnErrorNamingBoth() throws Exception {
        // a package's layout: bundled plugins, then the administrator's drop-in directory
        Path bundled = dir.resolve("usr/share/numa-agent/plugins");
        Path dropIn = dir.resolve("etc/numa-agent/plugins.d");
        Path pinAll = TestPluginJars.write(bundled.resolve("pin-all.jar"), PinAllTestPluginFactory.class,
                PinAllTestPluginFactory.class);
        Path trackAll = TestPluginJars.write(dropIn.resolve("track-all.jar"), TrackAllTestPluginFactory.class,
                TrackAllTestPluginFactory.class);

        PluginRegistry r = PluginRegistry.load(getClass().getClassLoader(), List.of(bundled, dropIn, dir.resolve("absent")));

        assertThat(r.all()).extracting(PluginRegistry.Found::name, PluginRegistry.Found::source).contains(
                tuple(PinAllTestPluginFactory.NAME, pinAll.toString()), tuple(TrackAllTestPluginFactory.NAME, trackAll.toString()),
                tuple("static-placement", "class path"));

        Path again = TestPluginJars.write(dropIn.resolve("pin-all-copy.jar"), PinAllTestPluginFactory.class,
                PinAllTestPluginFactory.class);
        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), List.of(bundled, dropIn)))
                .isInstanceOf(PluginLoadException.class).hasMessageContaining(pinAll.toString())
                .hasMessageContaining(again.toString());
    }

    @Test
    void jarLinkedFromOutsideThePluginsDirectoryIsRefused() throws Exception {
        Path outside = TestPluginJars.write(dir.resolve("elsewhere/pin-all.jar"), PinAllTestPluginFactory.class,
                PinAllTestPluginFactory.class);
        Files.createDirectories(dir.resolve("plugins"));
        Path link = Files.createSymbolicLink(dir.resolve("plugins/pin-all.jar"), outside);

        assertThatThrownBy(() -> PluginRegistry.load(getClass().getClassLoader(), dir.resolve("plugins")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessage(link + " leads to " + outside.toRealPath() + ", outside the plugins directory "
                        + dir.resolve("plugins").toRealPath() + "; refused (copy the JAR into the directory instead)");
    }

    @Test
    void jarLinkedWithinThePluginsDirectoryIsLoadedOnceAndSubdirectoriesAreNotSearched() throws Exception {
        Path jar = TestPluginJars.write(dir.resolve("plugins/versions/pin-all-1.0.jar"), PinAllTestPluginFactory.class,
                PinAllTestPluginFactory.class);
        Files.createSymbolicLink(dir.resolve("plugins/pin-all.jar"), jar);
        // a directory named like a JAR is no JAR
        Files.createDirectories(dir.resolve("plugins/not-a.jar"));

        PluginRegistry r = PluginRegistry.load(getClass().getClassLoader(), dir.resolve("plugins"));

        assertThat(r.all().stream().filter(x -> x.name().equals(PinAllTestPluginFactory.NAME)).findFirst().orElseThrow()
                .source()).isEqualTo(dir.resolve("plugins/pin-all.jar").toString());
    }

    @Test
    void pluginsInTheCurrentDirectoryAreNotFound() throws Exception {
        // only the configured directory is searched, never the working directory or its plugins/
        TestPluginJars.write(Path.of("plugins-cwd-test.jar").toAbsolutePath(), PinAllTestPluginFactory.class,
                PinAllTestPluginFactory.class);
        try {
            assertThat(PluginRegistry.load(getClass().getClassLoader(), dir.resolve("nope")).names())
                    .doesNotContain(PinAllTestPluginFactory.NAME);
        } finally {
            Files.delete(Path.of("plugins-cwd-test.jar"));
        }
    }

    static Snapshot twoNodeSnapshot() {
        TestMachine machine = TestMachine.shape(1, 2, 2, 1, 0);
        machine.task("/a").pids(1);
        return machine.snapshot(1, Instant.EPOCH);
    }

}
