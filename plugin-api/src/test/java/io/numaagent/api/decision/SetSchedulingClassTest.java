package io.numaagent.api.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetSchedulingClassTest {

    private static final SchedulingParameters BATCH = new SchedulingParameters("batch", 0, List.of(), 5, 0, 0, 0,
            "idle", 0);

    @ParameterizedTest(name = "sub-cgroup \"{0}\"")
    @CsvSource(value = {"''", "NULL"}, nullValues = "NULL")
    void emptySubCgroupMeansTheWholeTask(String sub) {
        SetSchedulingClass d = new SetSchedulingClass("p", "/t", sub, "background", BATCH, "r");

        assertThat(d.subCgroup()).isNull();
        assertThat(d.action()).isEqualTo("set-scheduling-class");
        assertThat(d.resource()).isEqualTo(Decision.Resource.SCHEDULING);
        assertThat(d.resource().configName()).isEqualTo("scheduling");
    }

    @ParameterizedTest(name = "class name \"{0}\"")
    @CsvSource(value = {"''", "' '", "NULL"}, nullValues = "NULL")
    void aClassNeedsAName(String name) {
        assertThatThrownBy(() -> new SetSchedulingClass("p", "/t", null, name, BATCH, "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("className must not be empty");
    }
}
