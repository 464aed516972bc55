package io.numaagent.plugins.topologyaware.annotations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers which annotation problems were already reported for which container, so that the plugin,
 * which resolves every container every cycle, logs each once. Not thread-safe (one plugin cycle at a
 * time).
 */
public final class ProblemLog {

    private final Map<String, Set<AnnotationProblem>> reported = new HashMap<>();

    /** The problems not yet reported for this container, now marked reported. */
    public List<AnnotationProblem> firstTime(String containerId, List<AnnotationProblem> problems) {
        Set<AnnotationProblem> seen = reported.computeIfAbsent(containerId, k -> new HashSet<>());
        List<AnnotationProblem> fresh = new ArrayList<>();
        for (AnnotationProblem p : problems) {
            if (seen.add(p)) {
                fresh.add(p);
            }
        }
        return fresh;
    }

    /** Forgets containers that are gone, so that memory stays bounded and a re-created one is reported again. */
    public void retainOnly(Set<String> liveContainerIds) {
        reported.keySet().retainAll(liveContainerIds);
    }

    /** Number of containers with remembered problems. */
    public int size() {
        return reported.size();
    }
}
