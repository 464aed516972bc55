import java.nio.*;
import java.nio.channels.*;
import java.nio.file.*;
import java.util.*;
/**
 * Kernel memory of keeping host files open: opens each listed file COPIES times, reads it once, and
 * prints the change of a kmem counter (run it inside a v1 memory cgroup and give that cgroup's
 * memory.kmem.usage_in_bytes), then the same after closing them.
 *   echo $$ > /sys/fs/cgroup/memory/probe/cgroup.procs
 *   java benchmarks/footprint/probes/KeptFileKernelMemory.java FILE-LIST 10 /sys/fs/cgroup/memory/probe/memory.kmem.usage_in_bytes
 */
public class KeptFileKernelMemory {
    public static void main(String[] a) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(a[0]))) files.add(Path.of(l));
        int copies = Integer.parseInt(a[1]);
        Path kmem = Path.of(a[2]);
        System.gc(); Thread.sleep(500);
        long before = Long.parseLong(Files.readString(kmem).strip());
        List<FileChannel> open = new ArrayList<>();
        ByteBuffer b = ByteBuffer.allocateDirect(8192);
        for (int c = 0; c < copies; c++) for (Path p : files) { FileChannel ch = FileChannel.open(p); b.clear(); ch.read(b, 0); open.add(ch); }
        long after = Long.parseLong(Files.readString(kmem).strip());
        System.out.printf("%d fds kept, read once: kmem %+d KiB, %.0f bytes per fd%n", open.size(), (after - before) / 1024, (after - before) / (double) open.size());
        for (FileChannel ch : open) ch.close();
        long closed = Long.parseLong(Files.readString(kmem).strip());
        System.out.printf("after close: kmem %+d KiB vs before%n", (closed - before) / 1024);
    }
}
