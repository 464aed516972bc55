package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plugin over many cycles against an executor that moves at most a fixed number of pages per cycle, as
 * the real one stops after {@code max_migration_per_cycle}: a pin's move that the budget cuts short goes on in
 * the following cycles, whichever node the task is pinned to, until every task has at least 95 % of its
 * memory on its node (the convergence benchmark's bug: a cut-short move resumed only through re-migration,
 * which fires only on the node with the most free memory).
 */
class PinMovesAcrossCyclesTest {

    /** Every task spread evenly over the machine's nodes, as the convergence benchmark starts them. */
    record Row(String name, Supplier<Machine> machine, int nodes, int tasks, double sharePerNode, long budgetPages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("twoNode: 8 tasks, a third of a task's move per cycle", Machine::twoNode, 2, 8, 0.05, 390_000),
                new Row("twoNode: 8 tasks, most of a move per cycle", Machine::twoNode, 2, 8, 0.05, 1_000_000),
                new Row("fourNode: 8 tasks, a quarter of a move per cycle", Machine::fourNode, 4, 8, 0.02, 350_000),
                new Row("twoSocketFourNode: 8 tasks, a tenth of a move per cycle", Machine::twoSocketFourNode, 4, 8, 0.02,
                        140_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyPinsMoveGoesOnAcrossCyclesUntilTheMemoryIsHome(Row row) {
        Machine m = row.machine.get();
        Map<Integer, Double> spread = new LinkedHashMap<>();
        for (int n = 0; n < row.nodes; n++) {
            spread.put(n, row.sharePerNode);
        }
        for (int t = 0; t < row.tasks; t++) {
            m.task("t" + t, spread);
        }
        long pagesPerTask = (long) (row.sharePerNode * Machine.NODE_PAGES) * row.nodes;
        long toMove = row.tasks * (pagesPerTask - pagesPerTask / row.nodes);
        // one pin per cycle, then the budget: no cycle is lost to back-off or to waiting for re-migration
        long bound = row.tasks + (toMove + row.budgetPages - 1) / row.budgetPages + 1;

        Harness h = Harness.of();
        BudgetedExecutor executor = new BudgetedExecutor(row.budgetPages);
        int cyclesCutShort = 0;
        long cycle = 0;
        while (!allHome(m, row.tasks) && cycle < 10 * bound) {
            List<Decision> decisions = h.decide(m);
            cycle = h.sequence();
            cyclesCutShort += executor.execute(m, decisions, cycle) ? 1 : 0;
        }

        assertThat(allHome(m, row.tasks)).as("every task home within %d cycles", 10 * bound).isTrue();
        assertThat(cyclesCutShort).as("moves the budget cut short").isPositive();
        assertThat(cycle).as("cycles to converge").isLessThanOrEqualTo(bound);
        assertThat(h.metric("numa_allocator_migrations_refused_total", "earlier_failure")).as("no move backed off (the counter starts at 0)").isEqualTo(0.0);
    }

    private static boolean allHome(Machine m, int tasks) {
        for (int t = 0; t < tasks; t++) {
            Machine.TaskSpec s = m.taskSpec("t" + t);
            int node = nodeOf(m, s);
            long total = s.bytesPerNode.values().stream().mapToLong(Long::longValue).sum();
            if (node < 0 || s.bytesPerNode.getOrDefault(node, 0L) < 0.95 * total) {
                return false;
            }
        }
        return true;
    }

    private static int nodeOf(Machine m, Machine.TaskSpec s) {
        for (int n = 0; n < 4; n++) {
            if (s.cpus.equals(Machine.nodeCpus(n))) {
                return n;
            }
        }
        return -1;
    }

    /**
     * Carries decisions out on the {@link Machine} as the executor does within its migration time: pins are
     * written; memory moves, in order, share {@code budgetPages} per cycle (the one that uses it up is
     * applied in part, later ones rejected until the next cycle). The outcomes go into the next snapshot.
     */
    private static final class BudgetedExecutor {

        private final long budgetPages;

        BudgetedExecutor(long budgetPages) {
            this.budgetPages = budgetPages;
        }

        /** Returns whether the budget cut a move short in this cycle. */
        boolean execute(Machine m, List<Decision> decisions, long cycle) {
            long left = budgetPages;
            boolean cutShort = false;
            List<Outcome> outcomes = new ArrayList<>();
            for (Decision d : decisions) {
                if (d instanceof SetCpus sc) {
                    m.taskSpec(sc.task()).cpus = sc.cpus();
                    outcomes.add(Outcome.of(cycle, d, Outcome.Status.APPLIED, "wrote cpuset.cpus"));
                } else if (d instanceof MigrateMemory mm && left == 0) {
                    outcomes.add(Outcome.of(cycle, d, Outcome.Status.REJECTED, "migration time of this cycle used up"));
                } else if (d instanceof MigrateMemory mm) {
                    long moved = move(m.taskSpec(mm.task()), mm.node(), left);
                    left -= moved;
                    cutShort |= left == 0;
                    outcomes.add(new Outcome(cycle, d, Outcome.Status.APPLIED, "moved " + moved, null, moved, 0, 0, 0));
                } else {
                    outcomes.add(Outcome.of(cycle, d, Outcome.Status.APPLIED, ""));
                }
            }
            m.outcomes(outcomes);
            return cutShort;
        }

        /** Moves up to {@code most} pages of the task from the other nodes (lowest id first) to {@code target}. */
        private static long move(Machine.TaskSpec s, int target, long most) {
            long moved = 0;
            for (Map.Entry<Integer, Long> e : s.bytesPerNode.entrySet()) {
                if (e.getKey() == target || moved == most) {
                    continue;
                }
                long pages = Math.min(e.getValue() / 4096, most - moved);
                e.setValue(e.getValue() - pages * 4096);
                moved += pages;
            }
            s.bytesPerNode.merge(target, moved * 4096, Long::sum);
            return moved;
        }
    }
}
