import java.io.*;
import java.nio.*;
import java.nio.channels.*;
import java.nio.file.*;
import java.util.*;
import java.lang.management.*;

/**
 * CPU per file of reading small host files four ways (open/read/close through FileInputStream; kept
 * open and pread until 0; one pread; RandomAccessFile seek + read) and of a stat of the parent
 * directory, over the files listed (one path a line), ROUNDS times each; two passes, the second is
 * the figure. benchmarks/README.md "CPU per cycle with the launcher" has the results.
 *   java -XX:TieredStopAtLevel=1 benchmarks/footprint/probes/FileReadCost.java FILE-LIST ROUNDS
 */
public class FileReadCost {
    static final ThreadMXBean T = ManagementFactory.getThreadMXBean();
    public static void main(String[] a) throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.lines(Path.of(a[0]))) { s.forEach(l -> files.add(Path.of(l))); }
        int rounds = Integer.parseInt(a[1]);
        byte[] buf = new byte[8192];
        ByteBuffer direct = ByteBuffer.allocateDirect(8192);
        for (int w = 0; w < 2; w++) {
            long t0 = cpu();
            long sum = 0;
            for (int r = 0; r < rounds; r++) for (Path p : files) {
                try (FileInputStream in = new FileInputStream(p.toFile())) {
                    int n; while ((n = in.read(buf)) > 0) sum += n;
                }
            }
            report("open/read/close", t0, rounds * files.size(), sum);
            List<FileChannel> chans = new ArrayList<>();
            for (Path p : files) chans.add(FileChannel.open(p, StandardOpenOption.READ));
            t0 = cpu(); sum = 0;
            for (int r = 0; r < rounds; r++) for (FileChannel c : chans) {
                long pos = 0; int n;
                direct.clear();
                while ((n = c.read(direct, pos)) > 0) { pos += n; sum += n; direct.clear(); }
            }
            report("pread until 0", t0, rounds * files.size(), sum);
            t0 = cpu(); sum = 0;
            for (int r = 0; r < rounds; r++) for (FileChannel c : chans) {
                direct.clear();
                int n = c.read(direct, 0); sum += n;
            }
            report("one pread", t0, rounds * files.size(), sum);
            for (FileChannel c : chans) c.close();
            List<RandomAccessFile> rafs = new ArrayList<>();
            for (Path p : files) rafs.add(new RandomAccessFile(p.toFile(), "r"));
            t0 = cpu(); sum = 0;
            for (int r = 0; r < rounds; r++) for (RandomAccessFile f : rafs) {
                f.seek(0); int n; while ((n = f.read(buf)) > 0) sum += n;
            }
            report("raf seek+read until 0", t0, rounds * files.size(), sum);
            for (RandomAccessFile f : rafs) f.close();
            t0 = cpu();
            for (int r = 0; r < rounds; r++) for (Path p : files) {
                Files.readAttributes(p.getParent(), "unix:isDirectory,fileKey,nlink");
            }
            report("stat parent (unix attrs)", t0, rounds * files.size(), 0);
        }
    }
    static long cpu() { return T.getCurrentThreadCpuTime(); }
    static void report(String what, long t0, int n, long bytes) {
        long ns = cpu() - t0;
        System.out.printf("%-28s %7.2f us/file (%d files, %d bytes)%n", what, ns / 1000.0 / n, n, bytes);
    }
}
