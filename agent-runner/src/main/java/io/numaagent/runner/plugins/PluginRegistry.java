package io.numaagent.runner.plugins;

import io.numaagent.api.plugin.PluginFactory;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Every plugin factory the agent can use: those on the runner's class path (the bundled ones, in
 * the distribution's {@code lib/}) and the {@code *.jar} files directly in the configured plugins
 * directory, one class loader per JAR (in the manner of Trino's plugin manager). Nothing else is
 * searched: no current directory, no sub-directories, and a symbolic link is followed only when
 * it leads to a file inside the plugins directory.
 */
public final class PluginRegistry {

    /** A found factory and where it came from. */
    public record Found(PluginFactory factory, String source) {
        public String name() {
            return factory.name();
        }
    }

    private final Map<String, Found> byName;

    private PluginRegistry(Map<String, Found> byName) {
        this.byName = byName;
    }

    /**
     * Loads factories from {@code hostLoader} (the class path) and from every {@code *.jar} in
     * {@code pluginsDir} (if it exists).
     *
     * @throws PluginLoadException for a JAR without a plugin, a JAR that cannot be loaded, or two
     *                             plugins with one name (naming both places)
     */
    public static PluginRegistry load(ClassLoader hostLoader, Path pluginsDir) throws PluginLoadException {
        Map<String, Found> found = new LinkedHashMap<>();
        for (PluginFactory f : factories(ServiceLoader.load(PluginFactory.class, hostLoader), "class path")) {
            add(found, new Found(f, "class path"));
        }
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            List<Path> jars;
            try (Stream<Path> s = Files.list(pluginsDir)) {
                jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted(Comparator.naturalOrder()).toList();
            } catch (IOException e) {
                throw new PluginLoadException("cannot list plugins directory " + pluginsDir + ": " + e.getMessage(), e);
            }
            Path realDir = realPath(pluginsDir);
            for (Path jar : jars) {
                Path real = realPath(jar);
                if (!real.startsWith(realDir)) {
                    // a link is followed only within the directory: what is loaded is what its owner put there
                    throw new PluginLoadException(jar + " leads to " + real + ", outside the plugins directory "
                            + realDir + "; refused (copy the JAR into the directory instead)", null);
                }
                if (!Files.isRegularFile(real)) {
                    continue;
                }
                PluginClassLoader loader;
                try {
                    loader = new PluginClassLoader(jar.toUri().toURL(), PluginRegistry.class.getClassLoader());
                } catch (MalformedURLException e) {
                    throw new PluginLoadException("bad plugin path " + jar, e);
                }
                List<PluginFactory> inJar = new ArrayList<>();
                for (PluginFactory f : factories(ServiceLoader.load(PluginFactory.class, loader), jar.toString())) {
                    // ServiceLoader also walks the parent chain; keep only factories defined by this JAR
                    if (f.getClass().getClassLoader() == loader) {
                        inJar.add(f);
                    }
                }
                if (inJar.isEmpty()) {
                    throw new PluginLoadException(jar + ": no plugin in this JAR (it needs META-INF/services/"
                            + PluginFactory.class.getName() + " naming a PluginFactory)", null);
                }
                for (PluginFactory f : inJar) {
                    add(found, new Found(f, jar.toString()));
                }
            }
        }
        return new PluginRegistry(found);
    }

    private static Path realPath(Path p) throws PluginLoadException {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new PluginLoadException("cannot resolve " + p + ": " + e.getMessage(), e);
        }
    }

    private static List<PluginFactory> factories(ServiceLoader<PluginFactory> loader, String source)
            throws PluginLoadException {
        List<PluginFactory> out = new ArrayList<>();
        try {
            for (PluginFactory f : loader) {
                out.add(f);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginLoadException(source + ": cannot load plugin: " + e.getMessage(), e);
        }
        return out;
    }

    private static void add(Map<String, Found> found, Found f) throws PluginLoadException {
        String name = f.name();
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new PluginLoadException(f.source() + ": plugin name '" + name
                    + "' is not lower-case letters, digits and dashes", null);
        }
        Found other = found.get(name);
        if (other != null) {
            throw new PluginLoadException("two plugins are named '" + name + "': " + other.factory().getClass().getName()
                    + " (" + other.source() + ") and " + f.factory().getClass().getName() + " (" + f.source() + ")", null);
        }
        found.put(name, f);
    }

    /** The factory with this name. */
    public Optional<PluginFactory> factory(String name) {
        return Optional.ofNullable(byName.get(name)).map(Found::factory);
    }

    /** All factories, sorted by name. */
    public List<Found> all() {
        Collection<Found> v = byName.values();
        return v.stream().sorted(Comparator.comparing(Found::name)).toList();
    }

    /** Names of all factories, sorted. */
    public List<String> names() {
        return all().stream().map(Found::name).toList();
    }
}
