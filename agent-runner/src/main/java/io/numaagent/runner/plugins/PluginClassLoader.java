package io.numaagent.runner.plugins;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one plugin JAR. It sees the JDK, its own JAR, and from the host only the
 * plugin API ({@code io.numaagent.api.*}), so that plugins cannot depend on the runner's internals
 * or clash with its libraries (each plugin may bundle its own versions).
 */
final class PluginClassLoader extends URLClassLoader {

    private static final String API_PACKAGE = "io.numaagent.api.";

    private final ClassLoader host;

    PluginClassLoader(URL jar, ClassLoader host) {
        super("plugin:" + jar.getPath(), new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
