package io.numaagent.runner.cli;

import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.plugins.PluginLoadException;
import io.numaagent.runner.plugins.PluginRegistry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the subcommands: host roots and the plugins directories. */
final class CommonOptions {

    @Option(names = "--path.sysfs", paramLabel = "DIR", description = "sysfs root (default: /sys, or the config's paths.sysfs)")
    Path sysfs;

    @Option(names = "--path.procfs", paramLabel = "DIR", description = "procfs root (default: /proc, or the config's paths.procfs)")
    Path procfs;

    @Option(names = "--path.cgroupfs", paramLabel = "DIR",
            description = "cgroup root (default: /sys/fs/cgroup, or the config's paths.cgroupfs)")
    Path cgroupfs;

    @Option(names = "--plugins-dir", paramLabel = "DIR", split = ":", defaultValue = "${env:NUMA_AGENT_PLUGINS_DIR}",
            description = "directory of plugin JARs; repeat it or join directories with ':' to load several, in order "
                    + "(default: $NUMA_AGENT_PLUGINS_DIR, else plugins/ beside the runner JAR)")
    List<Path> pluginsDirs;

    /** The config's roots, overridden by whichever --path.* options were given. */
    HostPaths paths(HostPaths fromConfig) {
        return new HostPaths(sysfs != null ? sysfs : fromConfig.sysfs(), procfs != null ? procfs : fromConfig.procfs(),
                cgroupfs != null ? cgroupfs : fromConfig.cgroupfs());
    }

    PluginRegistry registry() throws PluginLoadException {
        return PluginRegistry.load(Main.class.getClassLoader(), pluginsDirectories());
    }

    /** {@code --plugins-dir} (or $NUMA_AGENT_PLUGINS_DIR), else {@code plugins/} beside the runner JAR; may be empty. */
    List<Path> pluginsDirectories() {
        List<Path> given = pluginsDirs == null ? List.of()
                : pluginsDirs.stream().filter(p -> !p.toString().isEmpty()).toList(); // "a::b" or "": no current directory
        if (!given.isEmpty()) {
            return given;
        }
        Path beside = defaultPluginsDir();
        return beside == null ? List.of() : List.of(beside);
    }

    /** {@code plugins/} beside the runner JAR; none when running from classes (tests, IDE). */
    static Path defaultPluginsDir() {
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar)) {
                return jar.getParent().resolve("plugins");
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: fall through
        }
        return null;
    }
}
