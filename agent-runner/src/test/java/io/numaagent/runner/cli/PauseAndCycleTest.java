package io.numaagent.runner.cli;

import static io.numaagent.runner.cli.AgentUnderTest.masked;
import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.runner.control.ControlProtocol.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pause}, {@code cycle} and {@code resume} over the real socket: while paused the agent keeps
 * observing and deciding but writes nothing (outcomes say so); a cycle asked for runs at once and
 * prints its outcomes; after {@code resume} the same decision is applied.
 */
class PauseAndCycleTest {

    private static final String SET_CPUS = "{\"plugin\":\"static-placement\",\"task\":\"/batch/a\",\"action\":\"set-cpus\","
            + "\"cpus\":\"2-3\",\"reason\":\"rule 1 (/batch/* cpus=2-3 mems=1)\"}";

    @TempDir
    Path dir;

    private static String outcome(int cycle, String decision, String status, String detail) {
        return "{\"cycle\":" + cycle + ",\"decision\":" + decision + ",\"status\":\"" + status + "\",\"detail\":\""
                + detail + "\",\"pagesMoved\":0,\"pagesFailed\":0,\"durationNanos\":<n>,\"longestCallNanos\":<n>}";
    }

    @Test
    void twoNodePausedAgentDecidesButWritesNothingUntilResumed() throws Exception {
        try (AgentUnderTest agent = new AgentUnderTest(dir, true)) {
            assertThat(agent.cgroupFile("cpuset.cpus")).isEqualTo("2-3");
            agent.writeCgroupFile("cpuset.cpus", "0-3"); // someone undid the placement

            Reply pause = agent.send("pause");
            assertThat(pause.text()).isEqualTo(
                    "paused: decisions are not applied (outcomes say 'paused: not applied'); observing goes on\n");
            assertThat(agent.send("pause").text()).isEqualTo("already paused\n");
            assertThat(agent.send("status").lines()).first()
                    .isEqualTo("mode: paused: decisions are not applied ('resume' applies them again)");

            Reply paused = agent.send("cycle");
            assertThat(paused.ok()).isTrue();
            assertThat(masked(paused.text())).isEqualTo("cycle 2: 2 decisions\n"
                    + outcome(2, SET_CPUS, "dry-run", "paused: not applied") + "\n"
                    + outcome(2, SET_CPUS.replace("set-cpus\",\"cpus\":\"2-3", "set-mems\",\"mems\":\"1"), "unchanged",
                    "cpuset.mems already 1") + "\n");
            assertThat(agent.cgroupFile("cpuset.cpus")).isEqualTo("0-3");

            assertThat(agent.send("resume").text()).isEqualTo("resumed: decisions are applied\n");
            assertThat(agent.send("resume").text()).isEqualTo("not paused\n");
            Reply resumed = agent.send("cycle");
            assertThat(masked(resumed.lines().get(1))).isEqualTo(
                    outcome(3, SET_CPUS, "applied", "wrote cpuset.cpus=2-3 to /batch/a"));
            assertThat(agent.cgroupFile("cpuset.cpus")).isEqualTo("2-3");
            assertThat(agent.send("status").lines()).contains("mode: applying", "cycles: 3");
            // the ring holds every outcome, oldest first
            assertThat(agent.send("decisions").lines()).hasSize(6);
        }
    }

    @Test
    void twoNodeDryRunAgentPausedSaysItWritesNothingAnyway() throws Exception {
        try (AgentUnderTest agent = new AgentUnderTest(dir, false)) {
            assertThat(agent.send("status").lines()).first().isEqualTo("mode: dry-run");
            assertThat(agent.send("pause").text()).isEqualTo("paused (the agent is in dry-run anyway)\n");
            assertThat(agent.send("status").lines()).first().isEqualTo("mode: dry-run, paused");
            Reply cycle = agent.send("cycle");
            // dry-run shows the plan once: cycle 1's printed decisions count as applied in cycle 2's snapshot
            assertThat(masked(cycle.text())).isEqualTo("cycle 2: 2 decisions\n"
                    + outcome(2, SET_CPUS, "unchanged", "cpuset.cpus already 2-3") + "\n"
                    + outcome(2, SET_CPUS.replace("set-cpus\",\"cpus\":\"2-3", "set-mems\",\"mems\":\"1"), "unchanged",
                    "cpuset.mems already 1") + "\n");
            assertThat(agent.send("resume").text()).isEqualTo("resumed (dry-run)\n");
        }
        // the agent is gone, and so is its socket
        assertThat(dir.resolve("ctl/agent.sock")).doesNotExist();
    }
}
