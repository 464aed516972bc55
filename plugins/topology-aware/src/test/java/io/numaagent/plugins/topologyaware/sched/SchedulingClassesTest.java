package io.numaagent.plugins.topologyaware.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.snapshot.QosClass;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference's scheduling class config: each class checked against what {@code sched_setattr(2)} and
 * {@code ioprio_set(2)} accept, errors at the field's key; the defaults naming defined classes; and the
 * order a container's class is resolved in (annotation, namespace, QoS).
 */
class SchedulingClassesTest {

    private static final String KEY = "schedulingClasses";

    /** The reference docs' example classes, and one of each other shape. */
    private static final List<Object> CLASSES = List.of(
            Map.of("name", "realtime", "policy", "fifo", "priority", 42),
            Map.of("name", "idle", "policy", "idle", "nice", 17, "ioClass", "be", "ioPriority", 6),
            Map.of("name", "dl", "policy", "deadline", "runtime", 10_000_000, "deadline", 30_000_000,
                    "period", 100_000_000L, "flags", List.of("reset-on-fork", "dl-overrun")),
            Map.of("name", "gentle", "nice", 5));

    @Test
    void referenceExampleClassesAreReadAsWritten() {
        List<SchedulingClass> read = SchedulingClasses.readClasses(KEY, CLASSES).classes();

        assertThat(read).containsExactly(
                new SchedulingClass("realtime", "fifo", OptionalInt.of(42), List.of(), OptionalInt.empty(),
                        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), "", OptionalInt.empty()),
                new SchedulingClass("idle", "idle", OptionalInt.empty(), List.of(), OptionalInt.of(17),
                        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), "be", OptionalInt.of(6)),
                new SchedulingClass("dl", "deadline", OptionalInt.empty(), List.of("reset-on-fork", "dl-overrun"),
                        OptionalInt.empty(), OptionalLong.of(10_000_000), OptionalLong.of(30_000_000),
                        OptionalLong.of(100_000_000), "", OptionalInt.empty()),
                new SchedulingClass("gentle", "", OptionalInt.empty(), List.of(), OptionalInt.of(5),
                        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), "", OptionalInt.empty()));
        assertThat(read.get(0).parameters()).isEqualTo("policy fifo, priority 42");
        assertThat(read.get(2).parameters()).isEqualTo("policy deadline, flags reset-on-fork+dl-overrun, "
                + "runtime 10000000, deadline 30000000, period 100000000");
        assertThat(read.get(0).realTime()).isTrue();
        assertThat(read.get(1).realTime()).isFalse();
    }

    static Stream<Arguments> badClasses() {
        return Stream.of(
                Arguments.of(Map.of("name", "x"), KEY, "'schedulingClasses' must be a list of classes"),
                Arguments.of(List.of("x"), KEY + "[0]", "'schedulingClasses[0]' must be a mapping"),
                Arguments.of(List.of(Map.of("policy", "fifo")), KEY + "[0]", "'schedulingClasses[0].name' is "
                        + "required"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "realtime")), KEY + "[0].policy",
                        "'schedulingClasses[0].policy' must be one of none, other, fifo, rr, batch, idle, deadline; "
                                + "got \"realtime\""),
                Arguments.of(List.of(Map.of("name", "a", "policy", "iso")), KEY + "[0].policy",
                        "iso is not a Linux policy"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "fifo")), KEY + "[0]",
                        "'schedulingClasses[0].priority' is required for fifo (1..99)"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "rr", "priority", 0)), KEY + "[0].priority",
                        "must be 1..99 for rr; got 0"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "fifo", "priority", 100)),
                        KEY + "[0].priority", "'schedulingClasses[0].priority' must be an integer 0..99; got 100"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "batch", "priority", 5)),
                        KEY + "[0].priority", "must be 0 for batch (only fifo and rr have a static priority)"),
                Arguments.of(List.of(Map.of("name", "a", "nice", 20)), KEY + "[0].nice",
                        "'schedulingClasses[0].nice' must be an integer -20..19; got 20"),
                Arguments.of(List.of(Map.of("name", "a", "flags", List.of("reclaimable"))), KEY + "[0].flags[0]",
                        "'schedulingClasses[0].flags[0]' must be one of reset-on-fork, reclaim, dl-overrun"),
                Arguments.of(List.of(Map.of("name", "a", "flags", "reset-on-fork")), KEY + "[0].flags",
                        "must be a list of"),
                // refused by the decision's own check (SchedulingParameters), at the same key
                Arguments.of(List.of(Map.of("name", "a", "policy", "fifo", "priority", 5, "flags",
                                List.of("keep-policy"))), KEY + "[0].flags",
                        "'schedulingClasses[0].flags' keep-policy would leave the class's policy unapplied; use "
                                + "policy none to leave the threads' policy as it is"),
                Arguments.of(List.of(Map.of("name", "a", "nice", 3, "flags", List.of("reset-on-fork"))),
                        KEY + "[0].flags", "'schedulingClasses[0].flags' need a policy: with policy none no "
                                + "sched_setattr is made; got reset-on-fork"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "other", "runtime", 5000)),
                        KEY + "[0].runtime", "'schedulingClasses[0].runtime' is only for policy deadline; got policy "
                                + "other"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "deadline", "runtime", 5000)), KEY + "[0]",
                        "policy deadline needs runtime and deadline"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "deadline", "runtime", 1000, "deadline", 5000)), KEY + "[0].runtime", "must be at least 1024 ns; got 1000"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "deadline", "runtime", 9000, "deadline", 5000)), KEY + "[0].deadline", "runtime <= deadline <= period; got runtime 9000, deadline 5000"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "deadline", "runtime", 2000, "deadline", 5000,
                        "period", 4000)), KEY + "[0].deadline", "deadline 5000, period 4000"),
                Arguments.of(List.of(Map.of("name", "a", "policy", "deadline", "runtime", -1, "deadline", 5000)), KEY + "[0].runtime", "must be a non-negative integer (nanoseconds); got -1"),
                Arguments.of(List.of(Map.of("name", "a", "ioClass", "realtime")), KEY + "[0].ioClass",
                        "must be one of none, rt, be, idle"),
                Arguments.of(List.of(Map.of("name", "a", "ioPriority", 3)), KEY + "[0].ioPriority",
                        "needs ioClass rt or be (the kernel refuses a priority in class none)"),
                Arguments.of(List.of(Map.of("name", "a", "ioClass", "be", "ioPriority", 8)),
                        KEY + "[0].ioPriority", "must be an integer 0..7; got 8"),
                Arguments.of(List.of(Map.of("name", "a", "prio", 3)), KEY + "[0].prio",
                        "unknown key 'prio' in a scheduling class"),
                Arguments.of(List.of(Map.of("name", "a"), Map.of("name", "a", "nice", 1)), KEY + "[1].name",
                        "class \"a\" is defined twice"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource
    void badClasses(Object value, String key, String message) {
        assertThatThrownBy(() -> SchedulingClasses.readClasses(KEY, value)).isInstanceOfSatisfying(
                ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    static Stream<Arguments> badDefaults() {
        return Stream.of(
                Arguments.of(Map.of("kube-system", "rt"), Map.of(), "namespaceSchedulingClasses.kube-system",
                        "unknown scheduling class \"rt\"; defined: gentle, realtime"),
                Arguments.of(Map.of(), Map.of("Guaranteed", "fast"), "podQoSSchedulingClasses.guaranteed",
                        "unknown scheduling class \"fast\""),
                Arguments.of(Map.of(), Map.of("Premium", "realtime"), "podQoSSchedulingClasses.Premium",
                        "invalid QoS class \"Premium\"; expected Guaranteed, Burstable or BestEffort"),
                Arguments.of(Map.of("batch-jobs", 3), Map.of(), "namespaceSchedulingClasses.batch-jobs",
                        "must be a scheduling class name; got 3"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource
    void badDefaults(Map<String, Object> byNamespace, Map<String, Object> byQos, String key, String message) {
        SchedulingClasses.ClassList classes = SchedulingClasses.readClasses(KEY, List.of(CLASSES.get(0),
                CLASSES.get(3)));
        assertThatThrownBy(() -> SchedulingClasses.of(classes, "namespaceSchedulingClasses",
                SchedulingClasses.readNames("namespaceSchedulingClasses", byNamespace, false),
                "podQoSSchedulingClasses", SchedulingClasses.readNames("podQoSSchedulingClasses", byQos, true)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    static Stream<Arguments> resolution() {
        return Stream.of(
                // annotation, namespace, qos -> class, from, problem
                Arguments.of("realtime", "batch", QosClass.BEST_EFFORT, "realtime", "annotation", ""),
                Arguments.of(null, "batch", QosClass.GUARANTEED, "idle", "namespace batch", ""),
                Arguments.of(null, "default", QosClass.GUARANTEED, "gentle", "qos Guaranteed", ""),
                Arguments.of(null, "default", QosClass.BURSTABLE, "", "", ""),
                Arguments.of(null, "", QosClass.UNKNOWN, "", "", ""),
                // an unknown annotated class is ignored: the container gets its default
                Arguments.of("turbo", "batch", QosClass.GUARANTEED, "idle", "namespace batch",
                        "unknown scheduling class \"turbo\""),
                Arguments.of("turbo", "default", QosClass.BURSTABLE, "", "", "unknown scheduling class \"turbo\""));
    }

    /** The reference's order: annotation, then the namespace's default, then the QoS class's. */
    @ParameterizedTest(name = "annotated {0}, namespace {1}, {2}: {3}")
    @MethodSource
    void resolution(String annotated, String namespace, QosClass qos, String expected, String from, String problem) {
        SchedulingClasses classes = SchedulingClasses.of(SchedulingClasses.readClasses(KEY, CLASSES),
                "namespaceSchedulingClasses", SchedulingClasses.readNames("namespaceSchedulingClasses",
                        Map.of("batch", "idle"), false),
                "podQoSSchedulingClasses", SchedulingClasses.readNames("podQoSSchedulingClasses",
                        Map.of("GUARANTEED", "gentle"), true));

        SchedulingClasses.Choice c = classes.resolve(Optional.ofNullable(annotated), namespace, qos);

        assertThat(c.schedulingClass().map(SchedulingClass::name).orElse("")).isEqualTo(expected);
        assertThat(c.source()).isEqualTo(from);
        assertThat(c.problem().orElse("")).isEqualTo(problem);
    }

    @Test
    void noClassesConfiguredGivesNoContainerAClass() {
        assertThat(SchedulingClasses.NONE.resolve(Optional.of("realtime"), "kube-system", QosClass.GUARANTEED))
                .isEqualTo(new SchedulingClasses.Choice(Optional.empty(), "",
                        Optional.of("unknown scheduling class \"realtime\"")));
    }
}
