package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /proc/PID/mountinfo} lines in the kernel's format (proc(5)). */
class MountInfoTest {

    @Test
    void containerMountsAsTheKernelPrintsThem() {
        List<String> bad = new ArrayList<>();
        List<MountInfo.Mount> m = MountInfo.parse(List.of(
                "1046 1045 0:52 / / rw,relatime master:290 - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w",
                "1050 1046 259:1 /var/lib/data /data rw,relatime - ext4 /dev/nvme0n1p1 rw",
                "1052 1046 0:22 /devices/pci0000:00/0000:00:02.0 /sys/gpu rw,nosuid,nodev shared:4 master:1 - sysfs sysfs rw",
                "1053 1046 259:1 /var/lib/ro\\040dir /mnt/with\\011tab ro,relatime - ext4 /dev/nvme0n1p1 rw",
                ""), bad);
        assertThat(bad).isEmpty();
        assertThat(m).containsExactly(
                new MountInfo.Mount(0, 52, "/", "/", false, "overlay"),
                new MountInfo.Mount(259, 1, "/var/lib/data", "/data", false, "ext4"),
                new MountInfo.Mount(0, 22, "/devices/pci0000:00/0000:00:02.0", "/sys/gpu", false, "sysfs"),
                new MountInfo.Mount(259, 1, "/var/lib/ro dir", "/mnt/with\ttab", true, "ext4"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no separator      | 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 ext3 /dev/root rw",
            "nothing after -   | 36 35 98:0 /mnt1 /mnt2 rw,noatime -",
            "bad device        | 36 35 98 /mnt1 /mnt2 rw - ext3 /dev/root rw",
            "negative device   | 36 35 -1:0 /mnt1 /mnt2 rw - ext3 /dev/root rw",
            "too short         | 36 35 98:0 /mnt1"})
    void garbledLineIsNamedAndLeftOut(String why, String line) {
        List<String> bad = new ArrayList<>();
        List<MountInfo.Mount> m = MountInfo.parse(List.of("22 1 8:1 / / rw - ext4 /dev/sda1 rw", line), bad);
        assertThat(m).hasSize(1);
        assertThat(bad).singleElement().asString().startsWith("line 2: ");
    }

    @Test
    void escapesUndoneOnlyWhenOctal() {
        assertThat(MountInfo.unescape("a\\040b\\134c\\012")).isEqualTo("a b\\c\n");
        assertThat(MountInfo.unescape("a\\9b\\04")).isEqualTo("a\\9b\\04");
    }
}
