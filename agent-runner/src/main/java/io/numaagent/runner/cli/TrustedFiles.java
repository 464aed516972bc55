package io.numaagent.runner.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an agent running as root must refuse to start with: a config file or plugins directory
 * that someone other than root can change, since whoever can change them runs code or moves
 * memory as root. As OpenSSH's StrictModes does, the file itself and every directory above it up
 * to {@code /} are checked (a writable parent lets anyone replace the file), on the path as given
 * and on the path its symbolic links lead to, and so is every JAR in the plugins directory:
 *
 * none may be writable by group or others, except a directory with the sticky bit ({@code /tmp}),
 * where others cannot replace what they do not own. Owners are not checked: a developer's
 * {@code sudo bin/numa-agent run} from their own checkout, and the e2e guests (which see the
 * host's files over 9p with the host's owners), would otherwise be refused; an installed agent's
 * files are root's (the Debian package installs them so).
 *
 * <p>An agent not running as root is not checked: it can do nothing its user could not.
 */
final class TrustedFiles {

    private static final int GROUP_WRITE = 0020;
    private static final int OTHER_WRITE = 0002;
    private static final int STICKY = 01000;

    /** Who the agent runs as. */
    record Identity(boolean root) {
        /** This process: root when its effective uid, the owner of {@code /proc/self}, is 0. */
        static Identity current() {
            try {
                return new Identity((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0);
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return new Identity(false); // not Linux: nothing to check against
            }
        }
    }

    private TrustedFiles() {
    }

    /**
     * Why the agent must not start with {@code config} and {@code pluginsDir} (either may be null),
     * or empty when it may.
     */
    static Optional<String> refusal(Identity who, Path config, Path pluginsDir) {
        return refusal(who, config, pluginsDir == null ? List.of() : List.of(pluginsDir));
    }

    /** {@link #refusal(Identity, Path, Path)} over every directory the plugins are loaded from. */
    static Optional<String> refusal(Identity who, Path config, List<Path> pluginsDirs) {
        if (!who.root()) {
            return Optional.empty();
        }
        Set<Path> checked = new LinkedHashSet<>();
        if (config != null) {
            checked.addAll(chain(config));
        }
        for (Path pluginsDir : pluginsDirs) {
            if (Files.isDirectory(pluginsDir)) {
                checked.addAll(chain(pluginsDir));
                for (Path jar : jars(pluginsDir)) {
                    checked.addAll(chain(jar));
                }
            }
        }
        for (Path p : checked) {
            Optional<String> problem = problem(p);
            if (problem.isPresent()) {
                return Optional.of("refusing to run as root: " + problem.get() + " (whoever can change it controls the "
                        + "agent; fix with chmod go-w)");
            }
        }
        return Optional.empty();
    }

    /** The path, its real path, and every directory above either, up to {@code /}. */
    static List<Path> chain(Path path) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            out.add(p);
        }
        try {
            for (Path p = path.toRealPath(); p != null; p = p.getParent()) {
                out.add(p);
            }
        } catch (IOException e) {
            // a missing file is reported by whoever reads it
        }
        return new ArrayList<>(out);
    }

    private static List<Path> jars(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            s.forEach(out::add);
        } catch (IOException e) {
            // the registry reports an unreadable plugins directory
        }
        return out;
    }

    private static Optional<String> problem(Path p) {
        if (Files.isSymbolicLink(p)) {
            return Optional.empty(); // a link's own mode is always 0777; its directory and target are in the chain
        }
        int mode;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty(); // missing: reported by the config loader or the registry
        }
        boolean sticky = (mode & STICKY) != 0 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if ((mode & (GROUP_WRITE | OTHER_WRITE)) != 0 && !sticky) {
            return Optional.of(p + " is writable by " + ((mode & GROUP_WRITE) != 0 ? "its group" : "others")
                    + String.format(" (mode %04o)", mode & 07777));
        }
        return Optional.empty();
    }
}
