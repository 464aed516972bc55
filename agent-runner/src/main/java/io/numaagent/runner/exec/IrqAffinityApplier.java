package io.numaagent.runner.exec;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.InterruptReader;
import java.nio.file.Path;

/**
 * Applies {@link SetIrqAffinity}: one write of the CPU list (the kernel's list format, {@code 0-3,8}) to
 * {@code /proc/irq/N/smp_affinity_list}. The kernel refuses managed and per-CPU interrupts with {@code EPERM}
 * ({@code EIO} before Linux 6.x)
 * (said so in the outcome; later snapshots show the interrupt as not movable), an affinity without an online
 * CPU with {@code EINVAL}, and a vector shortage with {@code ENOSPC}: each costs that interrupt only.
 */
final class IrqAffinityApplier {

    /** One write of a file that exists (procfs creates none). */
    interface FileWrite {
        void write(Path file, String value) throws HostWriteException;
    }

    private final HostPaths paths;
    private final FileWrite files;

    IrqAffinityApplier(HostPaths paths) {
        this(paths, FileCgroupWriter::writeExisting);
    }

    /** With {@code files} standing in for the file write (tests of errors that fixture files cannot give). */
    IrqAffinityApplier(HostPaths paths, FileWrite files) {
        this.paths = paths;
        this.files = files;
    }

    /** {@code /proc/irq/N/smp_affinity_list}. */
    Path file(int irq) {
        return paths.proc("irq/" + irq + "/smp_affinity_list");
    }

    Outcome apply(Cycle c, SetIrqAffinity d) {
        Path file = file(d.irq());
        try {
            files.write(file, d.cpus().toString());
        } catch (HostWriteException e) {
            String why = InterruptReader.isUnmovable(e.errno())
                    ? "; the kernel does not let this interrupt be moved (managed or per-CPU)" : "";
            return c.writeFailed(d, e, why);
        }
        return c.outcome(d, Outcome.Status.APPLIED, "wrote " + file + "=" + d.cpus());
    }
}
