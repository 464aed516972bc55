package io.numaagent.deploy.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The kubectl binaries that render the manifests: Debian's (package kubernetes-client, kustomize
 * 2.0), got by {@code deploy/kubernetes/debian-kubectl.sh} when missing, and the kubectl on the
 * PATH when that is another one (a current kustomize), so the manifests hold for both.
 */
final class Kubectls {

    private static List<Path> found;
    private static String unavailable;

    private Kubectls() {
    }

    /** The renderers; empty only when Debian's kubectl could not be had ({@link #unavailable()} says why). */
    static synchronized List<Path> all(Path moduleDir) {
        if (found == null) {
            found = new ArrayList<>();
            Command debian = Command.run(List.of("bash", moduleDir.resolve("debian-kubectl.sh").toString()), Map.of(),
                    Duration.ofMinutes(10));
            if (debian.exit() == 0) {
                found.add(Path.of(debian.stdout().strip()));
            } else {
                unavailable = "Debian's kubectl cannot be had here: " + debian.stderr().strip();
            }
            pathKubectl().filter(p -> found.stream().noneMatch(d -> sameFile(d, p))).ifPresent(found::add);
            if (unavailable != null) {
                found.clear(); // Debian's is the one the manifests must render with
            }
        }
        return found;
    }

    static synchronized String unavailable() {
        return unavailable;
    }

    private static Optional<Path> pathKubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
