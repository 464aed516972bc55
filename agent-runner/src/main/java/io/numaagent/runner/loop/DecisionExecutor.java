package io.numaagent.runner.loop;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.Snapshot;
import java.util.List;

/** Carries out (or, in dry-run, prints) the decisions of one cycle and says what became of each. */
@FunctionalInterface
public interface DecisionExecutor {
    List<Outcome> execute(Snapshot snapshot, List<Decision> decisions);
}
