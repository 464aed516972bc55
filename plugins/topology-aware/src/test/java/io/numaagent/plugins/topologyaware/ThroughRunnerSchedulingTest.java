package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.cli.Main;
import io.numaagent.runner.exec.LinuxSyscalls;
import io.numaagent.runner.exec.LinuxThreadSyscalls;
import io.numaagent.runner.exec.SchedCodes;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduling classes through the real runner over a written n4c16 tree ({@code twoSocketFourNodeSixteenCpus},
 * cgroup v2) whose best-effort container {@code /kubepods/be} lists one real thread of this JVM in its
 * {@code cgroup.threads}, made to run as SCHED_OTHER nice 3, I/O best-effort 7: the runner reads it with the
 * real {@code sched_getattr} and {@code ioprio_get} (topology-aware declares the threads' scheduling), and
 * {@code run --once --dry-run} prints one {@code set-scheduling-class} for the container (class background by
 * its QoS) and changes nothing; a replay of the recording prints the same.
 */
class ThroughRunnerSchedulingTest {

    @TempDir
    Path dir;

    private final CountDownLatch done = new CountDownLatch(1);
    private Thread thread;
    private int tid;

    @BeforeEach
    void threadOfThisJvm() throws Exception {
        assumeTrue(LinuxSyscalls.isSupported(), "needs Linux x86_64 or aarch64");
        CompletableFuture<Integer> id = new CompletableFuture<>();
        thread = new Thread(() -> {
            try {
                id.complete(Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()
                        .toString()));
                done.await();
            } catch (Exception e) {
                id.completeExceptionally(e);
            }
        }, "be-thread");
        thread.start();
        tid = id.get(60, TimeUnit.SECONDS);
        LinuxThreadSyscalls sys = LinuxThreadSyscalls.create();
        sys.setNice(tid, 3);
        sys.ioprioSet(tid, SchedCodes.ioprio("be", 7));
    }

    @AfterEach
    void endThread() throws InterruptedException {
        done.countDown();
        if (thread != null) {
            thread.join();
        }
    }

    private Path config() throws IOException {
        TestMachine m = TestMachine.twoSocketFourNodeSixteenCpus();
        for (String c : java.util.List.of("/kubepods/g2", "/kubepods/be")) {
            m.cgroup(c).pids(100 + c.length()).cpuset("0-15", "0-3");
        }
        HostPaths paths = HostTreeWriter.of(m.cgroupV2()).write(dir.resolve("host"));
        Files.writeString(paths.cgroupfs().resolve("kubepods/be/cgroup.threads"), tid + "\n");
        return Files.writeString(dir.resolve("agent.yaml"), """
                paths: {sysfs: %s, procfs: %s, cgroupfs: %s}
                task_sources:
                  - type: static
                    tasks:
                      - {cgroup: /kubepods/g2, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 100Mi, memory_limit: 100Mi}}
                      - {cgroup: /kubepods/be, qos: best-effort}
                plugins:
                  - name: topology-aware
                    config:
                      schedulingClasses: [{name: background, policy: batch, nice: 5, ioClass: idle}]
                      podQoSSchedulingClasses: {BestEffort: background}
                executor:
                  owners: {cpus: topology-aware, memory: topology-aware, scheduling: topology-aware}
                telemetry: {prometheus: {enabled: false}}
                """.formatted(paths.sysfs(), paths.procfs(), paths.cgroupfs()));
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void twoSocketFourNodeSixteenCpusRunOnceDryRunPrintsTheClassOfTheBestEffortContainer() throws Exception {
        Path cfg = config();
        Path recording = dir.resolve("rec.jsonl");

        String live = cli("run", "--once", "--dry-run", "-c", cfg.toString(), "--state-dir",
                dir.resolve("state").toString(), "--record", recording.toString());

        assertThat(live.lines().filter(l -> l.contains("set-scheduling-class"))).containsExactly(
                "{\"plugin\":\"topology-aware\",\"task\":\"/kubepods/be\",\"action\":\"set-scheduling-class\","
                        + "\"className\":\"background\",\"parameters\":{\"policy\":\"batch\",\"priority\":0,"
                        + "\"flags\":[],\"nice\":5,\"runtime\":0,\"deadline\":0,\"period\":0,\"ioClass\":\"idle\","
                        + "\"ioPriority\":0},\"reason\":\"class background (qos BestEffort): 1 thread runs otherwise "
                        + "(other nice 3, io be 7)\"}");
        var attr = LinuxThreadSyscalls.create().schedGetattr(tid);
        assertThat(attr.policy()).as("dry-run: the thread still runs as it did").isZero();
        assertThat(attr.nice()).isEqualTo(3);
        assertThat(cli("replay", "-c", cfg.toString(), recording.toString())).isEqualTo(live);
    }
}
