package io.numaagent.runner.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.testplugin.PinAllTestPluginFactory;
import io.numaagent.runner.testplugin.TestPluginJars;
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
        PluginRegistry r = PluginRegistry.load(getClass().getClassLoader(), null);
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
        var plugin = f.create(PluginConfig.of(f.configKeys(), Map.of("node", 1)), null);
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

    static Snapshot twoNodeSnapshot() {
        NumaNode n0 = new NumaNode(0, CpuSet.parse("0-1"), 1L << 30, 1L << 29, 1L << 29, List.of(10, 21), -1);
        NumaNode n1 = new NumaNode(1, CpuSet.parse("2-3"), 1L << 30, 1L << 29, 1L << 29, List.of(21, 10), -1);
        Platform p = new Platform(1, 1, 4, List.of(), CpuSet.parse("0-3"), CpuSet.EMPTY, List.of(n0, n1));
        Task t = new Task("/a", "a", "/a", List.of(), List.of(1), Map.of(), Map.of(), Resources.NONE, QosClass.UNKNOWN,
                TaskMeasurements.NONE);
        return new Snapshot(1, Instant.EPOCH, p, new KernelState(0, false, Map.of(), Map.of()), List.of(t), List.of(),
                List.of());
    }

}
