package io.numaagent.runner.cli;

import static io.numaagent.runner.cli.AgentUnderTest.masked;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.runner.control.ControlCommands;
import io.numaagent.runner.control.ControlProtocol.Reply;
import io.numaagent.runner.control.PromptClient;
import io.numaagent.runner.recording.RecordingReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The control prompt over its real Unix socket, against an agent running in this JVM over a
 * two-node host tree with static-placement ({@link AgentUnderTest}): each command's exact answer
 * (times and durations masked) after the agent's first cycle, the bad requests' usage messages,
 * and that nothing a client does disturbs the agent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlPromptTest {

    private static final String SET_CPUS = "{\"plugin\":\"static-placement\",\"task\":\"/batch/a\",\"action\":\"set-cpus\","
            + "\"cpus\":\"2-3\",\"reason\":\"rule 1 (/batch/* cpus=2-3 mems=1)\"}";
    private static final String SET_MEMS = "{\"plugin\":\"static-placement\",\"task\":\"/batch/a\",\"action\":\"set-mems\","
            + "\"mems\":\"1\",\"reason\":\"rule 1 (/batch/* cpus=2-3 mems=1)\"}";

    private AgentUnderTest agent;

    @BeforeAll
    void startTwoNodeAgent(@TempDir Path dir) throws Exception {
        agent = new AgentUnderTest(dir, true);
    }

    @AfterAll
    void stopAgent() throws InterruptedException {
        agent.close();
    }

    static Stream<Arguments> twoNodeAfterFirstCycle() {
        return Stream.of(
                Arguments.of("status", true, """
                        mode: applying
                        cycles: 1
                        last cycle: 1 at <time>, took <n> ms, 2 decisions (2 applied), 1 read warning
                          warning: <dir>/host/proc/vmstat: no counters
                        plugins:
                          static-placement  every 1h  runs 1  failures 0  last ran in cycle 1 (<n> ms)  has commands
                        """),
                Arguments.of("decisions", true, outcome(SET_CPUS, "wrote cpuset.cpus=2-3 to /batch/a") + "\n"
                        + outcome(SET_MEMS, "wrote cpuset.mems=1 to /batch/a") + "\n"),
                Arguments.of("decisions -n 1", true, outcome(SET_MEMS, "wrote cpuset.mems=1 to /batch/a") + "\n"),
                Arguments.of("  decisions   -n  1  ", true, outcome(SET_MEMS, "wrote cpuset.mems=1 to /batch/a") + "\n"),
                Arguments.of("plugin static-placement", true, """
                        commands of plugin static-placement:
                          rules  each rule and the tasks it matched in the last cycle
                        """),
                Arguments.of("plugin static-placement help", true, """
                        commands of plugin static-placement:
                          rules  each rule and the tasks it matched in the last cycle
                        """),
                Arguments.of("plugin static-placement rules", true, """
                        as of cycle 1
                        rule 1 (/batch/* cpus=2-3 mems=1): /batch/a
                        """),
                Arguments.of("", true, ""),
                Arguments.of("help", true, ControlCommands_HELP + "\n"),
                // bad requests: a usage message, status error
                Arguments.of("frobnicate", false, "unknown command 'frobnicate'\n" + ControlCommands_HELP + "\n"),
                Arguments.of("status now", false, "usage: status\n"),
                Arguments.of("snapshot --ugly", false, "usage: snapshot [--pretty]\n"),
                Arguments.of("decisions -n", false, "usage: decisions [-n N]\n"),
                Arguments.of("decisions -n many", false,
                        "-n must be a number from 1 to 1000; got 'many'\nusage: decisions [-n N]\n"),
                Arguments.of("decisions -n 0", false, "-n must be a number from 1 to 1000; got '0'\nusage: decisions [-n N]\n"),
                Arguments.of("plugin", false, "usage: plugin NAME [help]\nusage: plugin NAME COMMAND [ARG...]\n"),
                Arguments.of("plugin numa-allocator nodes", false,
                        "no plugin 'numa-allocator' runs here; running: static-placement\n"),
                Arguments.of("plugin static-placement frob", false, """
                        plugin static-placement has no command 'frob'
                        commands of plugin static-placement:
                          rules  each rule and the tasks it matched in the last cycle
                        """),
                Arguments.of("plugin static-placement rules all", false,
                        "'rules' takes no arguments\nusage: plugin static-placement rules\n"),
                Arguments.of("pause now", false, "usage: pause\n"),
                Arguments.of("cycle 3", false, "usage: cycle\n"),
                Arguments.of("status \"unbalanced", false, "unbalanced double quote\n"));
    }

    /** The help text, as the commands class has it (one place). */
    private static final String ControlCommands_HELP = ControlCommands.HELP;

    private static String outcome(String decision, String detail) {
        return "{\"cycle\":1,\"decision\":" + decision + ",\"status\":\"applied\",\"detail\":\"" + detail
                + "\",\"pagesMoved\":0,\"pagesFailed\":0,\"durationNanos\":<n>,\"longestCallNanos\":<n>}";
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void twoNodeAfterFirstCycle(String request, boolean ok, String expected) throws IOException {
        Reply r = agent.send(request);
        assertThat(masked(r.text()).replace(agent.dir.toString(), "<dir>")).isEqualTo(expected);
        assertThat(r.ok()).as(r.text()).isEqualTo(ok);
    }

    @Test
    void twoNodeSnapshotIsTheLatestAsARecordingLine() throws IOException {
        Reply line = agent.send("snapshot");
        Reply pretty = agent.send("snapshot --pretty");

        assertThat(line.ok()).isTrue();
        assertThat(line.lines()).hasSize(1);
        try (RecordingReader r = new RecordingReader(new java.io.BufferedReader(new StringReader(line.text())))) {
            var s = r.next().orElseThrow();
            assertThat(s.sequence()).isGreaterThanOrEqualTo(1);
            assertThat(s.task("/batch/a")).isPresent();
            assertThat(s.platform().nodes()).hasSize(2);
        }
        assertThat(pretty.lines().size()).isGreaterThan(10);
        assertThat(pretty.text().replaceAll("\\s", "")).isEqualTo(line.text().replaceAll("\\s", ""));
    }

    @Test
    void twoNodeSeveralClientsAtOnceEachGetTheirAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<Reply>>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Callable<List<Reply>> client = () -> {
                    try (PromptClient c = PromptClient.connect(agent.socket)) {
                        List<Reply> replies = new ArrayList<>();
                        for (int k = 0; k < 20; k++) {
                            replies.add(c.send(k % 2 == 0 ? "plugin static-placement rules" : "decisions -n 2"));
                        }
                        return replies;
                    }
                };
                results.add(pool.submit(client));
            }
            for (Future<List<Reply>> f : results) {
                List<Reply> replies = f.get(60, TimeUnit.SECONDS);
                assertThat(replies).hasSize(20).allSatisfy(r -> assertThat(r.ok()).isTrue());
                assertThat(replies.get(0).lines()).last().isEqualTo("rule 1 (/batch/* cpus=2-3 mems=1): /batch/a");
                assertThat(replies.get(1).lines()).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoNodeClientLeavingMidRequestOrSendingGarbageHarmsNothing() throws Exception {
        // a client that asks for a snapshot and leaves before reading it
        try (SocketChannel c = SocketChannel.open(java.net.UnixDomainSocketAddress.of(agent.socket))) {
            c.write(ByteBuffer.wrap("snapshot --pretty\n".getBytes(StandardCharsets.UTF_8)));
        }
        // a client that sends half a request and leaves
        try (SocketChannel c = SocketChannel.open(java.net.UnixDomainSocketAddress.of(agent.socket))) {
            c.write(ByteBuffer.wrap("stat".getBytes(StandardCharsets.UTF_8)));
        }
        // a request line far too long, then a good one on the same connection
        try (PromptClient c = PromptClient.connect(agent.socket)) {
            Reply tooLong = c.send("status " + "x".repeat(10_000));
            assertThat(tooLong.ok()).isFalse();
            assertThat(tooLong.text()).isEqualTo("request longer than 4096 bytes\n");
            assertThat(c.send("plugin static-placement rules").ok()).isTrue();
        }
        // bytes that are not UTF-8
        try (SocketChannel c = SocketChannel.open(java.net.UnixDomainSocketAddress.of(agent.socket))) {
            c.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n'}));
        }
        Reply status = agent.send("status");
        assertThat(status.ok()).isTrue();
        assertThat(status.lines()).contains("mode: applying");
    }

    @Test
    void twoNodePromptDashCPrintsThePluginsAnswerOverASocketOfMode0600() throws IOException {
        assertThat(Files.getPosixFilePermissions(agent.socket)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "prompt", "--socket",
                agent.socket.toString(), "-c", "plugin static-placement rules");
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("as of cycle 1\nrule 1 (/batch/* cpus=2-3 mems=1): /batch/a\n");
    }
}
