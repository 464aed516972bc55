package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.tasks.SnapshotCollector;
import io.numaagent.runner.tasks.TaskSources;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Host file fuzzing: every file of the fixture trees (sysfs topology, node meminfo and distance,
 * {@code /proc/meminfo}, vmstat, numa_balancing, cgroup v1 and v2 files, {@code /proc/PID/*}
 * including {@code maps}) replaced by generated garbage, truncated, flipped, blown up, emptied,
 * removed or turned into a directory, then a whole snapshot taken as the agent takes it (every
 * reader, both task source kinds) and the executor's own readers ({@code status}, {@code maps}) run.
 * No exception may escape, the snapshot must come within a generous bound, and what was read from
 * the other files must be unchanged. The random property makes {@code jqwik.tries.default} tries
 * (1000, see {@code junit-platform.properties}; {@code -Djqwik.tries.default=N} for more); the
 * counts are in {@code docs/RELIABILITY.md}.
 */
class HostFileFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final List<TaskSourceConfig> SOURCES = List.of(new TaskSourceConfig.Cgroups(List.of("/"), null, 3),
            new TaskSourceConfig.Processes(".", 0));

    private static Path work;
    private static final Map<String, HostPaths> TREES = new LinkedHashMap<>();
    /** Each tree's host, detected once from the clean tree as the agent detects it once at start. */
    private static final Map<String, Host> HOSTS = new LinkedHashMap<>();
    private static final Map<String, Snapshot> CLEAN = new LinkedHashMap<>();

    /** A file of one tree. */
    record Target(String tree, Path file) {
        @Override
        public String toString() {
            return tree + ":" + work.resolve(tree).relativize(file);
        }
    }

    /** What is done to the file; a null result removes it, {@link #DIRECTORY} puts a directory in its place. */
    record Corruption(String name, UnaryOperator<byte[]> change) {
        static final byte[] DIRECTORY = new byte[0];

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeContainer
    static void writeTrees() throws IOException {
        work = Files.createTempDirectory("host-fuzz");
        Map<String, Supplier<TestMachine>> machines = Fixtures.all();
        for (Map.Entry<String, Supplier<TestMachine>> m : machines.entrySet()) {
            HostPaths paths = HostTreeWriter.of(m.getValue().get()).withCpuNodeLinks().write(work.resolve(m.getKey()));
            // the executor reads maps before move_pages; the writer leaves them out
            try (Stream<Path> pids = Files.list(paths.procfs())) {
                for (Path p : pids.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    Files.writeString(p.resolve("maps"), """
                            55d0c0a00000-55d0c0a21000 r--p 00000000 fd:01 1311 /usr/bin/app
                            7f0000000000-7f0040000000 rw-p 00000000 00:00 0
                            7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0                          [stack]
                            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
                            """);
                }
            }
            TREES.put(m.getKey(), paths);
            HOSTS.put(m.getKey(), Host.detect(paths, TestMachine.PAGE_SIZE));
            CLEAN.put(m.getKey(), snapshot(m.getKey()));
        }
    }

    @AfterContainer
    static void removeTrees() throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Snapshot snapshot(String tree) {
        Host host = HOSTS.get(tree);
        return new SnapshotCollector(host, TaskSources.create(SOURCES, host), Clock.systemUTC()).collect(1, List.of());
    }

    // ------------------------------------------------------------------ the property

    @Property
    void aCorruptedHostFileNeverStopsTheSnapshot(@ForAll("targets") Target target, @ForAll("corruptions") Corruption corruption)
            throws IOException {
        byte[] original = Files.readAllBytes(target.file());
        HostPaths paths = TREES.get(target.tree());
        try {
            apply(target.file(), corruption.change().apply(original));

            Snapshot s = assertTimeoutPreemptively(BOUND, () -> snapshot(target.tree()), "snapshot with " + corruption + " in " + target);

            assertThat(s.platform()).isNotNull();
            assertThat(s.kernel()).isNotNull();
            for (ReadWarning w : s.warnings()) {
                assertThat(w.message().length()).as("warning message length").isLessThan(400);
            }
            assertThat(s.warnings().stream().filter(w -> w.path().equals(target.file().toString())).count())
                    .as("warnings about one file").isLessThanOrEqualTo(ReadProblems.MAX_PER_FILE + 1);
            assertOtherCgroupsUnchanged(s, CLEAN.get(target.tree()), target);
            executorReaders(paths, target);
        } finally {
            restore(target.file(), original);
        }
    }

    /** The executor's readers throw nothing but IOException, which their callers turn into an outcome. */
    private static void executorReaders(HostPaths paths, Target target) {
        String name = target.file().getFileName().toString();
        Path parent = target.file().getParent();
        if (!parent.getParent().equals(paths.procfs()) || !(name.equals("status") || name.equals("maps"))) {
            return;
        }
        int pid = Integer.parseInt(parent.getFileName().toString());
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                if (name.equals("status")) {
                    ProcStatus.read(paths, pid).hasExited();
                } else {
                    ProcMaps.read(paths.procfs(), pid).forEach(ProcMaps.Mapping::movable);
                }
            } catch (IOException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        });
    }

    /** A cgroup task whose directory holds no corrupted file is measured exactly as in the clean tree. */
    private static void assertOtherCgroupsUnchanged(Snapshot s, Snapshot clean, Target target) {
        HostPaths paths = TREES.get(target.tree());
        if (!target.file().startsWith(paths.cgroupfs())) {
            return; // a platform or process file can change what every task is matched with
        }
        for (Task t : clean.tasks()) {
            if (t.isProcess() || t.cgroupPath().equals("/")) {
                continue;
            }
            // the task's own files, and those of its sub-cgroups (pids), are the ones it is read from
            boolean touched = target.file().toString().contains(t.cgroupPath() + "/");
            if (!touched) {
                assertThat(s.task(t.id())).as("task %s with %s", t.id(), target).isPresent();
                assertThat(s.task(t.id()).orElseThrow().measurements()).as("measurements of %s", t.id())
                        .isEqualTo(t.measurements());
            }
        }
    }

    // ------------------------------------------------------------------ oversized and garbled files, one by one

    /** Representative files of every reader; each oversized one is skipped without being read. */
    static List<Target> everyReader() {
        List<String> files = List.of(
                "laptopOneNode:sys/devices/system/cpu/online", "laptopOneNode:sys/devices/system/cpu/possible",
                "laptopOneNode:sys/devices/system/cpu/cpu0/topology/core_id",
                "laptopOneNode:sys/devices/system/cpu/cpu0/topology/thread_siblings_list",
                "laptopOneNode:sys/devices/system/node/node0/cpulist", "laptopOneNode:sys/devices/system/node/node0/meminfo",
                "laptopOneNode:sys/devices/system/node/node0/distance", "laptopOneNode:proc/meminfo",
                "laptopOneNode:proc/vmstat", "laptopOneNode:proc/sys/kernel/numa_balancing",
                "laptopOneNode:cgroup/user.slice/user-1000.slice/memory.numa_stat",
                "laptopOneNode:cgroup/user.slice/user-1000.slice/cgroup.procs",
                "laptopOneNode:cgroup/user.slice/user-1000.slice/cpuset.cpus.effective",
                "laptopOneNode:cgroup/user.slice/user-1000.slice/memory.current",
                "laptopOneNode:cgroup/user.slice/user-1000.slice/memory.max",
                "laptopOneNode:cgroup/user.slice/user-1000.slice/cpu.stat",
                "laptopOneNode:proc/4242/status", "laptopOneNode:proc/4242/numa_maps", "laptopOneNode:proc/4242/stat",
                "laptopOneNode:proc/4242/cgroup", "laptopOneNode:proc/4242/cmdline",
                "cxlTwoMemoryOnlyNodes:cgroup/memory/batch/a/memory.numa_stat",
                "cxlTwoMemoryOnlyNodes:cgroup/cpuset/batch/a/cpuset.mems",
                "cxlTwoMemoryOnlyNodes:cgroup/memory/batch/a/memory.limit_in_bytes",
                "twoSocketFourNode:sys/devices/system/node/node3/distance");
        return files.stream().map(f -> new Target(f.substring(0, f.indexOf(':')),
                work.resolve(f.substring(0, f.indexOf(':'))).resolve(f.substring(f.indexOf(':') + 1)))).toList();
    }

    @Provide
    Arbitrary<Target> readers() {
        return Arbitraries.of(everyReader());
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void anOversizedFileIsSkippedAndCountedNotRead(@ForAll("readers") Target target) throws IOException {
        byte[] original = Files.readAllBytes(target.file());
        try {
            // 100 MiB, sparse: the reader must refuse it by its size, not read it
            try (RandomAccessFile f = new RandomAccessFile(target.file().toFile(), "rw")) {
                f.setLength(100L << 20);
            }
            Snapshot s = assertTimeoutPreemptively(BOUND, () -> snapshot(target.tree()));

            assertThat(s.warnings()).as(target.toString()).contains(new ReadWarning(target.file().toString(),
                    "larger than 16 MiB; skipped"));
            assertThat(s.tasks()).extracting(Task::id).containsAll(tasksNotReadFrom(target));
        } finally {
            restore(target.file(), original);
        }
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void aGarbledFileIsReportedByPathAndTheRestIsRead(@ForAll("readers") Target target) throws IOException {
        byte[] original = Files.readAllBytes(target.file());
        String name = target.file().getFileName().toString();
        // one bad value in the file's own shape, so that each parser's own check is what fires
        String garbage = switch (name) {
            case "meminfo" -> target.file().startsWith(TREES.get(target.tree()).sysfs()) ? "Node 0 MemTotal: lots kB\n"
                    : "MemTotal: lots kB\n";
            case "vmstat" -> "numa_hit lots\n";
            case "memory.numa_stat" -> target.tree().startsWith("cxl") ? "total=1 N0=lots\n" : "anon N0=lots\nfile N0=1\n";
            case "cpu.stat" -> "usage_usec lots\n";
            case "status" -> "Name:\tjava\nCpus_allowed_list:\tlots\nMems_allowed_list:\t0\n";
            case "numa_maps" -> "7f0000000000 default anon=1 N0=lots kernelpagesize_kB=4\n";
            case "cgroup" -> "lots\n";
            case "cmdline" -> "";
            default -> "lots\n";
        };
        try {
            Files.writeString(target.file(), garbage);

            Snapshot s = snapshot(target.tree());

            if (name.equals("cmdline")) {
                // an empty command line is a kernel thread's: the process is simply not a task
                assertThat(s.tasks()).extracting(Task::id).doesNotContain("pid:4242");
                return;
            }
            assertThat(s.warnings()).as("%s holding %s", target, garbage)
                    .anyMatch(w -> w.path().equals(target.file().toString()));
            assertThat(s.platform().nodes()).hasSameSizeAs(CLEAN.get(target.tree()).platform().nodes());
            assertThat(s.tasks()).extracting(Task::id).containsAll(tasksNotReadFrom(target));
        } finally {
            restore(target.file(), original);
        }
    }

    /**
     * The clean tree's tasks that do not depend on {@code target}: a cgroup whose {@code cgroup.procs}
     * cannot be read holds no known process, and a cgroup task without processes is not listed; a
     * process whose command line or status cannot be read is not a task.
     */
    private static List<String> tasksNotReadFrom(Target target) {
        String name = target.file().getFileName().toString();
        boolean procs = name.equals("cgroup.procs");
        // a process is a task only once its command line and status are read
        String process = (name.equals("status") || name.equals("cmdline"))
                && target.file().getParent().getParent().equals(TREES.get(target.tree()).procfs())
                ? "pid:" + target.file().getParent().getFileName() : "";
        return CLEAN.get(target.tree()).tasks().stream()
                .filter(t -> !(procs && target.file().toString().contains(t.cgroupPath() + "/")))
                .map(Task::id).filter(id -> !id.equals(process)).toList();
    }

    @Example
    void laptopOneNodeMillionBadLinesAreFiveWarningsAndACount() throws IOException {
        Path vmstat = TREES.get("laptopOneNode").proc("vmstat");
        byte[] original = Files.readAllBytes(vmstat);
        try {
            Files.writeString(vmstat, "numa_hit lots\n".repeat(1_000_000));

            Snapshot s = assertTimeoutPreemptively(BOUND, () -> snapshot("laptopOneNode"));

            List<ReadWarning> about = s.warnings().stream().filter(w -> w.path().equals(vmstat.toString())).toList();
            assertThat(about).hasSize(ReadProblems.MAX_PER_FILE + 1);
            assertThat(about.get(ReadProblems.MAX_PER_FILE).message())
                    .isEqualTo((1_000_000 - ReadProblems.MAX_PER_FILE) + " more problems in this file, not listed");
        } finally {
            restore(vmstat, original);
        }
    }

    @Example
    void laptopOneNodePossibleCpusBeyondAnyKernelFallBackToTheCpuDirectories() throws IOException {
        HostPaths paths = TREES.get("laptopOneNode");
        Path possible = paths.sys("devices/system/cpu/possible");
        Path online = paths.sys("devices/system/cpu/online");
        byte[] p = Files.readAllBytes(possible);
        byte[] o = Files.readAllBytes(online);
        try {
            Files.writeString(possible, "0-65535\n");
            Files.writeString(online, "0-65535\n");

            Snapshot s = assertTimeoutPreemptively(BOUND, () -> snapshot("laptopOneNode"));

            assertThat(s.platform().cpus()).hasSize(4);
            assertThat(s.warnings()).anyMatch(w -> w.path().equals(possible.toString())
                    && w.message().startsWith("lists 65536 CPUs, more than any kernel supports"));
        } finally {
            restore(possible, p);
            restore(online, o);
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Target> targets() {
        List<Target> all = new ArrayList<>();
        for (String tree : TREES.keySet()) {
            try (Stream<Path> s = Files.walk(work.resolve(tree))) {
                s.filter(Files::isRegularFile).sorted().forEach(f -> all.add(new Target(tree, f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Arbitraries.of(all);
    }

    @Provide
    Arbitrary<Corruption> corruptions() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4096)
                        .map(b -> new Corruption("random bytes (" + b.length + ")", x -> b)),
                Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t', '\0').ofMaxLength(2000)
                        .map(t -> new Corruption("text \"" + abbreviate(t) + "\"", x -> t.getBytes(StandardCharsets.UTF_8))),
                Arbitraries.doubles().between(0, 1).map(f -> new Corruption("truncated at " + f,
                        x -> java.util.Arrays.copyOf(x, (int) (x.length * f)))),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).flatMap(at -> Arbitraries.bytes().map(b ->
                        new Corruption("byte " + at + " set to " + b, x -> {
                            byte[] y = x.clone();
                            if (y.length > 0) {
                                y[at % y.length] = b;
                            }
                            return y;
                        }))),
                Arbitraries.integers().between(19, 400).map(n -> new Corruption("numbers of " + n + " digits",
                        x -> new String(x, StandardCharsets.UTF_8).replaceAll("\\d+", "9".repeat(n)).getBytes(StandardCharsets.UTF_8))),
                Arbitraries.just(new Corruption("negative numbers",
                        x -> new String(x, StandardCharsets.UTF_8).replaceAll("(\\d+)", "-$1").getBytes(StandardCharsets.UTF_8))),
                Arbitraries.integers().between(1_000, 1_000_000).map(n -> new Corruption("line of " + n + " characters",
                        x -> ("A".repeat(n) + "\n" + new String(x, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))),
                Arbitraries.integers().between(1, 200_000).map(n -> new Corruption(n + " copies",
                        x -> new String(x, StandardCharsets.UTF_8).repeat(Math.max(1, Math.min(n, (4 << 20) / Math.max(1, x.length))))
                                .getBytes(StandardCharsets.UTF_8))),
                Arbitraries.of(new Corruption("empty", x -> new byte[0]), new Corruption("removed", x -> null),
                        new Corruption("a directory", x -> Corruption.DIRECTORY),
                        new Corruption("not UTF-8", x -> new byte[] {(byte) 0xff, (byte) 0xfe, '1', (byte) 0xc3, '\n'})));
    }

    // ------------------------------------------------------------------ helpers

    private static void apply(Path file, byte[] content) throws IOException {
        if (content == null) {
            Files.delete(file);
        } else if (content == Corruption.DIRECTORY) {
            Files.delete(file);
            Files.createDirectory(file);
        } else {
            Files.write(file, content);
        }
    }

    private static void restore(Path file, byte[] original) throws IOException {
        if (Files.isDirectory(file)) {
            Files.delete(file);
        }
        Files.write(file, original);
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "..." : s;
    }
}
