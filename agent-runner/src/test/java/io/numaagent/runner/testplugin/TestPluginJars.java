package io.numaagent.runner.testplugin;

import io.numaagent.api.plugin.PluginFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Writes plugin JARs for tests, as a third party would ship them. */
public final class TestPluginJars {

    private TestPluginJars() {
    }

    /**
     * Writes {@code jar} holding the given classes (and their nested classes) and, when
     * {@code factory} is not null, a services entry naming it.
     */
    public static Path write(Path jar, Class<?> factory, Class<?>... classes) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
            for (Class<?> c : classes) {
                String prefix = c.getName().replace('.', '/');
                Path dir = Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath())
                        .resolve(prefix).getParent();
                String simple = prefix.substring(prefix.lastIndexOf('/') + 1);
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.equals(simple + ".class") || n.startsWith(simple + "$");
                    }).toList()) {
                        out.putNextEntry(new JarEntry(prefix.substring(0, prefix.lastIndexOf('/') + 1) + f.getFileName()));
                        try (InputStream in = Files.newInputStream(f)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
            }
            if (factory != null) {
                out.putNextEntry(new JarEntry("META-INF/services/" + PluginFactory.class.getName()));
                out.write((factory.getName() + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
