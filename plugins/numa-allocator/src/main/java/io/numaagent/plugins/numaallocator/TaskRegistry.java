package io.numaagent.plugins.numaallocator;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Step 2 of {@code decide()}: one {@link TaskView} per task of the snapshot, and which tasks were seen in
 * which cycle. When a task is gone, all state about it is dropped (back-off, hold-off, warnings, and its
 * metric series), so that state and label sets stay bounded by the tasks of the current snapshot.
 */
final class TaskRegistry {

    /** Per-task state across cycles. */
    static final class Seen {
        long cycle;
        /** Whether the task has a {@code numa_allocator_task_pages_to_move} series. */
        boolean pagesSeries;
    }

    private final Map<String, Seen> seen = new HashMap<>();
    private final AllocatorMetrics metrics;
    /** The other holders of per-task state, each told which tasks are gone. */
    private final List<Consumer<Predicate<String>>> forgetters;

    TaskRegistry(AllocatorMetrics metrics, List<Consumer<Predicate<String>>> forgetters) {
        this.metrics = metrics;
        this.forgetters = List.copyOf(forgetters);
    }

    /** The snapshot's tasks in its order; forgets the tasks that are no longer in it. */
    TaskView[] views(Snapshot snapshot, NodeTable nodes) {
        long cycle = snapshot.sequence();
        List<Task> tasks = snapshot.tasks();
        TaskView[] views = new TaskView[tasks.size()];
        int current = 0;
        for (int i = 0; i < views.length; i++) {
            Task t = tasks.get(i);
            views[i] = new TaskView(t, nodes);
            Seen st = seen.get(t.id());
            if (st == null) {
                st = new Seen();
                seen.put(t.id(), st);
            }
            if (st.cycle != cycle) {
                st.cycle = cycle;
                current++;
            }
            views[i].seen = st;
        }
        if (current != seen.size()) {
            forgetGoneTasks(cycle);
        }
        return views;
    }

    /** Drops all state of tasks not in this cycle's snapshot, including their metric series. */
    private void forgetGoneTasks(long cycle) {
        Predicate<String> gone = id -> {
            Seen st = seen.get(id);
            return st == null || st.cycle != cycle;
        };
        forgetters.forEach(f -> f.accept(gone));
        var it = seen.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getValue().cycle != cycle) {
                metrics.taskNode.remove(e.getKey());
                if (e.getValue().pagesSeries) {
                    metrics.taskPagesToMove.remove(e.getKey());
                }
                it.remove();
            }
        }
    }

    int size() {
        return seen.size();
    }
}
