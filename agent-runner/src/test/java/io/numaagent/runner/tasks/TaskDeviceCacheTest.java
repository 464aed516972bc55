package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskDevice;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.host.ContainerDevices;
import io.numaagent.runner.host.DeviceTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices are read once per container: again only when its first process changes (pid or start time). */
class TaskDeviceCacheTest {

    @TempDir
    Path root;

    private static final int PID = DeviceTree.PID;

    private static Task task(String cgroup, int pid) {
        return new Task(cgroup, "c", cgroup, List.of(), List.of(pid), Map.of(), Map.of(), Resources.NONE,
                QosClass.BURSTABLE, TaskMeasurements.NONE);
    }

    private static String stat(int pid, long start) {
        return pid + " (sleep) S 1 " + pid + " " + pid + " 0 -1 4194560 105 0 0 0 0 0 0 0 20 0 1 0 " + start
                + " 2551808 130\n";
    }

    @Test
    void twoSocketFourNodeContainerReadOncePerFirstProcess() {
        DeviceTree tree = new DeviceTree(root).standard();
        tree.file("/proc/" + PID + "/mountinfo", "1050 1046 259:1 /data /data rw - ext4 /dev/nvme0n1p1 rw\n");
        TaskDeviceCache cache = new TaskDeviceCache(tree.paths(), new ContainerDevices(tree.paths(), d -> List.of()));

        List<Task> first = cache.withDevices(List.of(task("/pod/a", PID)), null);
        assertThat(first.get(0).devices()).extracting(TaskDevice::containerPath).containsExactly("/data");
        assertThat(cache.reads()).isEqualTo(1);

        // the mount table changes, but the same process is asked about: not read again
        tree.file("/proc/" + PID + "/mountinfo", "");
        for (int cycle = 0; cycle < 3; cycle++) {
            assertThat(cache.withDevices(List.of(task("/pod/a", PID)), null).get(0).devices()).hasSize(1);
        }
        assertThat(cache.reads()).isEqualTo(1);

        // the pid is reused by a later process: read again
        tree.file("/proc/" + PID + "/stat", stat(PID, 999_999));
        assertThat(cache.withDevices(List.of(task("/pod/a", PID)), null).get(0).devices()).isEmpty();
        assertThat(cache.reads()).isEqualTo(2);

        // the cgroup goes away and comes back: read again
        cache.withDevices(List.of(), null);
        tree.file("/proc/" + PID + "/mountinfo", "1050 1046 259:1 /data /data rw - ext4 /dev/nvme0n1p1 rw\n");
        assertThat(cache.withDevices(List.of(task("/pod/a", PID)), null).get(0).devices()).hasSize(1);
        assertThat(cache.reads()).isEqualTo(3);
    }

    @Test
    void goneProcessGivesNoDevicesAndNoRead() {
        DeviceTree tree = new DeviceTree(root).standard();
        TaskDeviceCache cache = new TaskDeviceCache(tree.paths(), new ContainerDevices(tree.paths(), d -> List.of()));
        Task gone = task("/pod/b", 31337);
        assertThat(cache.withDevices(List.of(gone), null)).containsExactly(gone);
        assertThat(cache.reads()).isZero();
    }
}
