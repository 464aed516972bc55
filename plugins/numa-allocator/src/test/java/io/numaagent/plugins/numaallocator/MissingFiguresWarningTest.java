package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.RecordingLogger;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MissingFiguresWarningTest {

    /**
     * One character per cycle for task t: {@code -} no per-node figures, {@code +} figures, {@code x} gone
     * from the snapshot (and forgotten).
     */
    @ParameterizedTest(name = "twoNode: {0} -> {1} warning(s)")
    @CsvSource({
            "--, 1",
            "-+-, 2",
            "++, 0",
            "-x-, 2",
            "-++--, 2",
            "+-+-+-, 3"})
    void twoNode_warnsOncePerStretchWithoutFigures(String cycles, int warnings) {
        RecordingLogger log = new RecordingLogger();
        MissingFiguresWarning warning = new MissingFiguresWarning(log);
        for (char c : cycles.toCharArray()) {
            Machine m = Machine.twoNode().task("other", Map.of(1, 0.1));
            if (c == 'x') {
                warning.forget("t"::equals);
                continue;
            }
            Machine.TaskSpec t = m.spec("t", Map.of(0, 0.3));
            m.add(c == '-' ? t.noNodeMemory() : t);
            warning.warn(StepInputs.of(m).tasks);
        }
        assertThat(log.at("warn")).hasSize(warnings).allMatch(w -> w.equals("task t has no per-node memory figures "
                + "(memory.numa_stat); it is not pinned or migrated until they are available"));
    }
}
