package io.numaagent.runner.plugins;

import io.numaagent.api.plugin.PluginFactory;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
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
 * directories, one class loader per JAR (in the manner of Trino's plugin manager). Nothing else is
 * searched: no current directory, no sub-directories, and a symbolic link is followed only when
 * it leads to a file inside the plugins directory.
 * Factories a config names by class ({@link #byClass}) are looked up in the same places.
 */
public final class PluginRegistry {

    /** A found factory and where it came from. */
    public record Found(PluginFactory factory, String source) {
        public String name() {
            return factory.name();
        }
    }

    /** A class loader factories are looked up in by class name, and what it stands for. */
    private record Source(ClassLoader loader, String name) {
    }

    private final Map<String, Found> byName;
    private final List<Source> sources;

    private PluginRegistry(Map<String, Found> byName, List<Source> sources) {
        this.byName = byName;
        this.sources = List.copyOf(sources);
    }

    /**
     * Loads factories from {@code hostLoader} (the class path) and from every {@code *.jar} in
     * {@code pluginsDir} (if it exists).
     *
     * @throws PluginLoadException for a JAR without a plugin, a JAR that cannot be loaded, or two
     *                             plugins with one name (naming both places)
     */
    public static PluginRegistry load(ClassLoader hostLoader, Path pluginsDir) throws PluginLoadException {
        return load(hostLoader, pluginsDir == null ? List.of() : List.of(pluginsDir));
    }

    /**
     * Loads factories from {@code hostLoader} and from every {@code *.jar} in each of {@code pluginsDirs}
     * that exists, in order (a package's bundled directory, then its drop-in one); one plugin name in
     * two places is an error naming both.
     */
    public static PluginRegistry load(ClassLoader hostLoader, List<Path> pluginsDirs) throws PluginLoadException {
        Map<String, Found> found = new LinkedHashMap<>();
        List<Source> sources = new ArrayList<>(List.of(new Source(hostLoader, "class path")));
        for (PluginFactory f : factories(ServiceLoader.load(PluginFactory.class, hostLoader), "class path")) {
            add(found, new Found(f, "class path"));
        }
        for (Path pluginsDir : pluginsDirs) {
            loadDirectory(pluginsDir, found, sources);
        }
        return new PluginRegistry(found, sources);
    }

    private static void loadDirectory(Path pluginsDir, Map<String, Found> found, List<Source> sources)
            throws PluginLoadException {
        if (Files.isDirectory(pluginsDir)) {
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
                sources.add(new Source(loader, jar.toString()));
            }
        }
    }

    /**
     * The factory of class {@code className} ({@code class:} in a config), from the class path or a
     * plugin JAR; from then on it is also found by its name.
     *
     * @throws PluginLoadException saying why the class cannot be used: not found, not a
     *                             {@code PluginFactory}, abstract or not public, no public no-argument
     *                             constructor, its constructor (or static initializer) threw, a name
     *                             already taken by another plugin
     */
    public synchronized PluginFactory byClass(String className) throws PluginLoadException {
        for (Found f : byName.values()) {
            if (f.factory().getClass().getName().equals(className)) {
                return f.factory();
            }
        }
        Class<?> c = null;
        Source where = null;
        for (Source s : sources) {
            try {
                c = Class.forName(className, false, s.loader());
                where = s;
                break;
            } catch (ClassNotFoundException e) {
                // try the next place
            } catch (LinkageError e) {
                throw new PluginLoadException("class " + className + " cannot be loaded from " + s.name() + ": " + e, e);
            }
        }
        if (c == null) {
            throw new PluginLoadException("class " + className + " not found on the class path"
                    + (sources.size() > 1 ? " or in the plugin JARs" : " (no plugin JARs in the plugins directory)"), null);
        }
        PluginFactory factory = instantiate(c, className);
        add(byName, new Found(factory, where.name() + ", by class"));
        return factory;
    }

    private static PluginFactory instantiate(Class<?> c, String className) throws PluginLoadException {
        if (!PluginFactory.class.isAssignableFrom(c)) {
            throw new PluginLoadException("class " + className + " is not a PluginFactory (it does not implement "
                    + PluginFactory.class.getName() + ")", null);
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            throw new PluginLoadException("class " + className + " is abstract; name a concrete PluginFactory", null);
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            throw new PluginLoadException("class " + className + " is not public", null);
        }
        Constructor<?> constructor;
        try {
            constructor = c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new PluginLoadException("class " + className + " has no public no-argument constructor", e);
        }
        try {
            return (PluginFactory) constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new PluginLoadException("class " + className + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new PluginLoadException("class " + className + " cannot be instantiated: " + e, e);
        } catch (LinkageError e) {
            Throwable why = e instanceof ExceptionInInitializerError ei && ei.getCause() != null ? ei.getCause() : e;
            throw new PluginLoadException("class " + className + " cannot be initialized: " + why, e);
        }
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
    public synchronized Optional<PluginFactory> factory(String name) {
        return Optional.ofNullable(byName.get(name)).map(Found::factory);
    }

    /** All factories, sorted by name. */
    public synchronized List<Found> all() {
        Collection<Found> v = byName.values();
        return v.stream().sorted(Comparator.comparing(Found::name)).toList();
    }

    /** Names of all factories, sorted. */
    public List<String> names() {
        return all().stream().map(Found::name).toList();
    }
}
