package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.ReadProblems;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code type: cgroups}: tasks found by walking the cgroup tree below each parent, at most
 * {@code depth} levels down. The rule, for a cgroup {@code C} at level {@code d} below its parent:
 * <ul>
 *   <li>{@code C} is <em>selected</em> when its path relative to the parent matches the glob; without
 *       a glob, when it holds processes itself or {@code d == depth}.</li>
 *   <li>A selected cgroup becomes a task if it or any cgroup below it holds processes. The cgroups
 *       below it that hold processes become its {@code subCgroups} (a pod directory {@code pod123/}
 *       with container directories: the pod is the task, the containers its sub-cgroups), and
 *       nothing below a task becomes a task of its own. Each of those sub-cgroups is also one of
 *       the task's {@code containers}, named by its last path element, with unknown requests.</li>
 *   <li>A cgroup that is not selected is descended into while {@code d < depth}.</li>
 * </ul>
 * So with {@code depth: 1} under {@code /kubepods} each pod is one task; with {@code depth: 2}
 * each container is. Tasks are listed in name order.
 */
public final class CgroupScanTaskSource implements TaskSource {

    private final TaskSourceConfig.Cgroups config;
    private final PathMatcher glob;

    public CgroupScanTaskSource(TaskSourceConfig.Cgroups config) {
        if (config.depth() < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + config.depth());
        }
        this.config = config;
        this.glob = config.glob() == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + config.glob());
    }

    @Override
    public List<Task> discover(CgroupReads cgroups, ReadProblems problems) {
        List<Task> tasks = new ArrayList<>();
        for (String parent : config.parents()) {
            String p = CgroupTasks.normalize(parent);
            if (!cgroups.exists(p)) {
                problems.report(cgroups.layout().processDir(p), ReadProblems.Kind.MISSING,
                        "parent cgroup " + p + " does not exist");
                continue;
            }
            walk(cgroups, p, p, 1, tasks);
        }
        return tasks;
    }

    private void walk(CgroupReads cgroups, String parent, String cgroup, int level, List<Task> tasks) {
        for (String child : cgroups.children(cgroup)) {
            boolean ownProcesses = !cgroups.ownPids(child).isEmpty();
            boolean selected;
            if (glob != null) {
                String rel = parent.equals("/") ? child.substring(1) : child.substring(parent.length() + 1);
                selected = glob.matches(Path.of(rel));
            } else {
                selected = ownProcesses || level == config.depth();
            }
            if (selected) {
                List<String> subs = CgroupTasks.subCgroupsWithProcesses(cgroups, child);
                if (ownProcesses || !subs.isEmpty()) {
                    tasks.add(CgroupTasks.build(cgroups, child, CgroupTasks.lastElement(child), subs, Map.of(), Map.of(),
                            Resources.NONE, QosClass.UNKNOWN, CgroupTasks.unknownContainers(cgroups, subs)));
                }
            } else if (level < config.depth()) {
                walk(cgroups, parent, child, level + 1, tasks);
            }
        }
    }
}
