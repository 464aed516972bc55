package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.decision.Decision;
import java.util.List;

/**
 * One of memtierd's policies as a pure function of its rounds' counters and its own state: each round
 * updates the state and, when {@link Round#moverIdle}, returns page moves and swap-outs.
 */
public interface TieringPolicy {

    /** Runs one round. */
    List<Decision> round(Round round);
}
