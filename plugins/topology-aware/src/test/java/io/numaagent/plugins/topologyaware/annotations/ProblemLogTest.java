package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemLogTest {

    private static final AnnotationProblem BAD_BOOL = new AnnotationProblem("hide-hyperthreads.resource-policy.nri.io",
            "yes", "'yes' is not a boolean (use true or false)");
    private static final AnnotationProblem UNKNOWN = new AnnotationProblem("resource-policy.nri.io/affinty", "x",
            "unknown annotation 'affinty' in resource-policy.nri.io");

    @Test
    void eachProblemOncePerContainerUntilItGoesAway() {
        ProblemLog log = new ProblemLog();
        assertThat(log.firstTime("/pod/a", List.of(BAD_BOOL, UNKNOWN))).containsExactly(BAD_BOOL, UNKNOWN);
        assertThat(log.firstTime("/pod/a", List.of(BAD_BOOL, UNKNOWN))).isEmpty();
        assertThat(log.firstTime("/pod/b", List.of(UNKNOWN))).containsExactly(UNKNOWN);
        assertThat(log.firstTime("/pod/a", List.of(UNKNOWN, new AnnotationProblem("k", "v", "new")))).hasSize(1);

        log.retainOnly(Set.of("/pod/b"));
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.firstTime("/pod/a", List.of(BAD_BOOL))).containsExactly(BAD_BOOL);
        assertThat(log.firstTime("/pod/b", List.of(UNKNOWN))).isEmpty();
    }
}
