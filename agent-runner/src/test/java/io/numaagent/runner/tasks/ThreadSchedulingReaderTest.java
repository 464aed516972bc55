package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.runner.exec.CgroupThreads;
import io.numaagent.runner.exec.Errno;
import io.numaagent.runner.exec.FakeThreadSyscalls;
import io.numaagent.runner.exec.ThreadSyscalls.SchedAttr;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.ReadProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ThreadSchedulingReader} over a pod's cgroups as the kernel lists their threads ({@code cgroup.threads}
 * on v2, {@code tasks} in the cpuset hierarchy on v1): the distinct combinations per cgroup with their counts,
 * a thread gone meanwhile skipped, another refusal a warning of that cgroup, process tasks left alone.
 */
class ThreadSchedulingReaderTest {

    private static final String POD = "/kubepods/pod1";
    private static final String APP = "/kubepods/pod1/app";
    private static final String LOG = "/kubepods/pod1/log";

    @TempDir
    Path root;

    private final FakeThreadSyscalls kernel = new FakeThreadSyscalls().threads(10, 20, 21, 22, 30, 31);

    private CgroupLayout tree(boolean v2) throws IOException {
        if (v2) {
            Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        } else {
            Files.createDirectories(root.resolve("cpuset"));
        }
        CgroupLayout layout = v2 ? CgroupLayout.v2(root) : CgroupLayout.v1(root);
        CgroupThreads threads = new CgroupThreads(layout);
        write(threads.file(POD), "10\n");
        write(threads.file(APP), "20\n21\n22\n");
        write(threads.file(LOG), "30\n31\n");
        return layout;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Task pod() {
        return new Task(POD, "pod1", POD, List.of(APP, LOG), List.of(10), Map.of(), Map.of(), Resources.NONE,
                QosClass.BURSTABLE, TaskMeasurements.NONE);
    }

    private static ThreadScheduling seen(String cgroup, String policy, int priority, int nice, String io, int level,
                                         int threads) {
        return new ThreadScheduling(cgroup, policy, priority, nice, List.of(), 0, 0, 0, io, level, threads);
    }

    @ParameterizedTest(name = "cgroup v2 {0}")
    @ValueSource(booleans = {true, false})
    void podOfTwoContainersDistinctCombinationsWithCounts(boolean v2) throws IOException {
        CgroupLayout layout = tree(v2);
        kernel.attrs.put(21, new SchedAttr(3, 0, 5, 0, 0, 0, 0));
        kernel.ioprios.put(21, 3 << 13);
        kernel.attrs.put(30, new SchedAttr(1, 1, 0, 42, 0, 0, 0)); // fifo 42, reset-on-fork
        kernel.attrs.put(31, new SchedAttr(1, 1, 0, 42, 0, 0, 0));
        kernel.ioprios.put(30, 2 << 13 | 4);
        kernel.ioprios.put(31, 2 << 13 | 4);
        ReadProblems problems = new ReadProblems();

        List<Task> read = new ThreadSchedulingReader(new CgroupThreads(layout), kernel)
                .withThreadScheduling(List.of(pod()), problems);

        assertThat(read).singleElement().satisfies(t -> assertThat(t.threadScheduling()).containsExactly(
                seen(POD, "other", 0, 0, "none", 0, 1),
                seen(APP, "other", 0, 0, "none", 0, 2),
                seen(APP, "batch", 0, 5, "idle", 0, 1),
                new ThreadScheduling(LOG, "fifo", 42, 0, List.of("reset-on-fork"), 0, 0, 0, "be", 4, 2)));
        assertThat(problems.warnings()).isEmpty();
    }

    @Test
    void aThreadGoneIsSkippedAndARefusalIsTheCgroupsWarning() throws IOException {
        CgroupLayout layout = tree(true);
        kernel.gone(20).refuse("sched_getattr", 22, Errno.EPERM);
        ReadProblems problems = new ReadProblems();

        List<Task> read = new ThreadSchedulingReader(new CgroupThreads(layout), kernel)
                .withThreadScheduling(List.of(pod()), problems);

        assertThat(read.get(0).threadSchedulingOf(APP)).containsExactly(seen(APP, "other", 0, 0, "none", 0, 1));
        assertThat(problems.warnings()).singleElement().satisfies(w -> {
            assertThat(w.path()).isEqualTo(root.resolve("kubepods/pod1/app/cgroup.threads").toString());
            assertThat(w.message()).isEqualTo("thread 22 of /kubepods/pod1/app: sched_getattr: EPERM (Operation "
                    + "not permitted)");
        });
    }

    @Test
    void aCgroupGoneHasNoThreadsAndAProcessTaskIsLeftAlone() throws IOException {
        CgroupLayout layout = CgroupLayout.v2(root);
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset\n");
        Task process = new Task("pid:7", "java", "/user.slice", List.of(), List.of(7), Map.of(), Map.of(),
                Resources.NONE, QosClass.UNKNOWN, TaskMeasurements.NONE);
        ReadProblems problems = new ReadProblems();

        List<Task> read = new ThreadSchedulingReader(new CgroupThreads(layout), kernel)
                .withThreadScheduling(List.of(pod(), process), problems);

        assertThat(read).extracting(Task::threadScheduling).containsOnly(List.of());
        assertThat(problems.warnings()).isEmpty();
        assertThat(kernel.calls).isEmpty();
    }
}
