package io.numaagent.runner.host;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The fixture trees under {@code src/test/resources/fixtures}, named after the machine they copy. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The fixture directory {@code fixtures/<name>}. */
    public static Path dir(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sys}, {@code proc} and {@code cgroup} of a fixture. */
    public static HostPaths paths(String name) {
        Path d = dir(name);
        return new HostPaths(d.resolve("sys"), d.resolve("proc"), d.resolve("cgroup"));
    }

    /** The host under {@code paths}, its cgroup layout detected, with 4 KiB pages (as every fixture's). */
    public static Host host(HostPaths paths) {
        return Host.detect(paths, FakeHostTree.PAGE_SIZE);
    }

    /** The host of fixture {@code name} (see {@link #host(HostPaths)}). */
    public static Host host(String name) {
        return host(paths(name));
    }
}
