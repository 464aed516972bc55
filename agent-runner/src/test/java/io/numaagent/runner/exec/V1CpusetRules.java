package io.numaagent.runner.exec;

import io.numaagent.api.CpuSet;
import io.numaagent.runner.host.CgroupLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Enforces, on a v1 fixture tree, the rules the kernel's cpuset {@code validate_change()} applies
 * to every write of {@code cpuset.cpus}/{@code cpuset.mems} on the legacy hierarchy: the new set
 * must be a subset of the parent's (EACCES) and a superset of every child's (EBUSY). Then writes.
 */
final class V1CpusetRules implements CgroupWriter {

    private final Path cpusetRoot;
    private final FileCgroupWriter files;

    V1CpusetRules(Path cgroupfs) {
        this.cpusetRoot = cgroupfs.resolve("cpuset");
        this.files = new FileCgroupWriter(CgroupLayout.detect(cgroupfs));
    }

    @Override
    public void write(String cgroupPath, String file, String value) throws HostWriteException {
        Path dir = cpusetRoot.resolve(cgroupPath.substring(1));
        Path target = dir.resolve(file);
        if (file.equals(CPUSET_CPUS) || file.equals(CPUSET_MEMS)) {
            CpuSet trial = CpuSet.parse(value);
            CpuSet parent = CpuSet.parse(ExecTestHost.read(dir.getParent().resolve(file)));
            if (!parent.containsAll(trial)) {
                throw new HostWriteException(target, "EACCES", "Permission denied");
            }
            List<Path> children;
            try (Stream<Path> list = Files.list(dir)) {
                children = list.filter(Files::isDirectory).toList();
            } catch (IOException e) {
                throw HostWriteException.from(dir, e);
            }
            for (Path child : children) {
                if (!trial.containsAll(CpuSet.parse(ExecTestHost.read(child.resolve(file))))) {
                    throw new HostWriteException(target, "EBUSY", "Device or resource busy");
                }
            }
        }
        files.write(cgroupPath, file, value);
    }
}
