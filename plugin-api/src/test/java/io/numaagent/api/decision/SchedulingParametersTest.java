package io.numaagent.api.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.snapshot.ThreadScheduling;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingParametersTest {

    /** Parameters made inside the assertion: a constructor that throws cannot make an argument. */
    interface Made {
        SchedulingParameters make();
    }

    private static Made params(String policy, int priority, List<String> flags, Integer nice, long runtime,
                               long deadline, long period, String ioClass, int ioPrio) {
        return () -> new SchedulingParameters(policy, priority, flags, nice, runtime, deadline, period, ioClass, ioPrio);
    }

    /** What the kernel refuses ({@code sched_setattr} EINVAL, {@code ioprio_set} EINVAL): field and message. */
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(params("iso", 0, List.of(), null, 0, 0, 0, null, 0), "policy",
                        "must be one of none, other, fifo, rr, batch, idle, deadline; got \"iso\""),
                Arguments.of(params("fifo", 0, List.of(), null, 0, 0, 0, null, 0), "priority",
                        "must be 1..99 for fifo; got 0"),
                Arguments.of(params("rr", 100, List.of(), null, 0, 0, 0, null, 0), "priority",
                        "must be 1..99 for rr; got 100"),
                Arguments.of(params("batch", 3, List.of(), null, 0, 0, 0, null, 0), "priority",
                        "must be 0 for batch (only fifo and rr have a static priority); got 3"),
                Arguments.of(params("other", 0, List.of("sticky"), null, 0, 0, 0, null, 0), "flags",
                        "must be among reset-on-fork, reclaim, dl-overrun, keep-policy, keep-params, util-clamp-min, "
                                + "util-clamp-max; got \"sticky\""),
                Arguments.of(params("fifo", 5, List.of("keep-policy"), null, 0, 0, 0, null, 0), "flags",
                        "keep-policy would leave the class's policy unapplied; use policy none to leave the threads' "
                                + "policy as it is"),
                Arguments.of(params("none", 0, List.of("reset-on-fork"), null, 0, 0, 0, null, 0), "flags",
                        "need a policy: with policy none no sched_setattr is made; got reset-on-fork"),
                Arguments.of(params("other", 0, List.of(), 20, 0, 0, 0, null, 0), "nice", "must be -20..19; got 20"),
                Arguments.of(params("other", 0, List.of(), null, 5000, 0, 0, null, 0), "runtime",
                        "is only for policy deadline; got policy other"),
                Arguments.of(params("deadline", 0, List.of(), null, 1000, 5000, 0, null, 0), "runtime",
                        "must be at least 1024 ns; got 1000"),
                Arguments.of(params("deadline", 0, List.of(), null, 6000, 5000, 0, null, 0), "deadline",
                        "the kernel needs runtime <= deadline <= period; got runtime 6000, deadline 5000, period 0"),
                Arguments.of(params("deadline", 0, List.of(), null, 2000, 5000, 4000, null, 0), "deadline",
                        "the kernel needs runtime <= deadline <= period; got runtime 2000, deadline 5000, period 4000"),
                Arguments.of(params("none", 0, List.of(), null, 0, 0, 0, "urgent", 0), "ioClass",
                        "must be one of none, rt, be, idle; got \"urgent\""),
                Arguments.of(params("none", 0, List.of(), null, 0, 0, 0, "be", 8), "ioPriority", "must be 0..7; got 8"),
                Arguments.of(params("none", 0, List.of(), null, 0, 0, 0, "idle", 3), "ioPriority",
                        "needs ioClass rt or be (the kernel refuses a priority in class idle); got 3"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("refused")
    void whatTheKernelRefusesIsRefusedAtItsField(Made made, String field, String problem) {
        assertThatThrownBy(made::make).isInstanceOfSatisfying(SchedulingParameters.Invalid.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.problem()).isEqualTo(problem);
            assertThat(e.getMessage()).isEqualTo(field + ": " + problem);
        });
    }

    @Test
    void noneLeavesThePolicyAndAnEmptyIoClassLeavesTheIoPriority() {
        SchedulingParameters p = new SchedulingParameters("", 0, List.of(), null, 0, 0, 0, "", 0);

        assertThat(p.policy()).isEqualTo("none");
        assertThat(p.ioClass()).isNull();
        assertThat(p.setsPolicy()).isFalse();
        assertThat(p.setsNice()).isFalse();
        assertThat(p.setsIo()).isFalse();
        assertThat(p).hasToString("policy none");
    }

    private static ThreadScheduling seen(String policy, int priority, int nice, List<String> flags, long runtime,
                                         long deadline, long period, String ioClass, int ioPrio) {
        return new ThreadScheduling("/pod/c", policy, priority, nice, flags, runtime, deadline, period, ioClass, ioPrio,
                2);
    }

    /** Whether threads seen so have the class, by what the kernel uses of each policy. */
    static Stream<Arguments> matching() {
        SchedulingParameters batchNice5IoIdle = new SchedulingParameters("batch", 0, List.of(), 5, 0, 0, 0, "idle", 0);
        SchedulingParameters fifo42 = new SchedulingParameters("fifo", 42, List.of(), null, 0, 0, 0, null, 0);
        SchedulingParameters idle = new SchedulingParameters("idle", 0, List.of(), 17, 0, 0, 0, "be", 6);
        SchedulingParameters niceAlone = new SchedulingParameters("none", 0, List.of(), -3, 0, 0, 0, null, 0);
        SchedulingParameters dl = new SchedulingParameters("deadline", 0, List.of("reclaim"), null, 10_000, 30_000, 0,
                null, 0);
        SchedulingParameters other = new SchedulingParameters("other", 0, List.of("reset-on-fork"), null, 0, 0, 0,
                null, 0);
        return Stream.of(
                Arguments.of("batch nice 5 io idle: same", batchNice5IoIdle,
                        seen("batch", 0, 5, List.of(), 0, 0, 0, "idle", 0), true),
                Arguments.of("batch nice 5 io idle: idle level ignored", batchNice5IoIdle,
                        seen("batch", 0, 5, List.of(), 0, 0, 0, "idle", 7), true),
                Arguments.of("batch nice 5 io idle: nice 0", batchNice5IoIdle,
                        seen("batch", 0, 0, List.of(), 0, 0, 0, "idle", 0), false),
                Arguments.of("batch nice 5 io idle: other", batchNice5IoIdle,
                        seen("other", 0, 5, List.of(), 0, 0, 0, "idle", 0), false),
                Arguments.of("batch nice 5 io idle: io none", batchNice5IoIdle,
                        seen("batch", 0, 5, List.of(), 0, 0, 0, "none", 0), false),
                Arguments.of("fifo 42: same, any nice, any io", fifo42,
                        seen("fifo", 42, -7, List.of(), 0, 0, 0, "be", 3), true),
                Arguments.of("fifo 42: priority 41", fifo42, seen("fifo", 41, 0, List.of(), 0, 0, 0, "none", 0), false),
                Arguments.of("fifo 42: reset-on-fork set", fifo42,
                        seen("fifo", 42, 0, List.of("reset-on-fork"), 0, 0, 0, "none", 0), false),
                Arguments.of("idle: nice not compared (the kernel keeps none for idle)", idle,
                        seen("idle", 0, 0, List.of(), 0, 0, 0, "be", 6), true),
                Arguments.of("idle: io be 4", idle, seen("idle", 0, 0, List.of(), 0, 0, 0, "be", 4), false),
                Arguments.of("nice alone: policy left", niceAlone, seen("rr", 10, -3, List.of(), 0, 0, 0, "none", 0),
                        true),
                Arguments.of("nice alone: nice 0", niceAlone, seen("other", 0, 0, List.of(), 0, 0, 0, "none", 0), false),
                Arguments.of("deadline: period is the deadline when 0", dl,
                        seen("deadline", 0, 0, List.of("reclaim"), 10_000, 30_000, 30_000, "none", 0), true),
                Arguments.of("deadline: reclaim not set", dl,
                        seen("deadline", 0, 0, List.of(), 10_000, 30_000, 30_000, "none", 0), false),
                Arguments.of("other reset-on-fork: nice 0 wanted", other,
                        seen("other", 0, 0, List.of("reset-on-fork"), 0, 0, 0, "none", 0), true),
                Arguments.of("other reset-on-fork: flag missing", other,
                        seen("other", 0, 0, List.of(), 0, 0, 0, "none", 0), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matching")
    void matchesWhatTheKernelReportsBack(String name, SchedulingParameters wanted, ThreadScheduling seen,
                                         boolean matches) {
        assertThat(wanted.matches(seen)).isEqualTo(matches);
    }

    @Test
    void flagBitsAreTheKernels() {
        SchedulingParameters p = new SchedulingParameters("deadline", 0,
                List.of("reset-on-fork", "reclaim", "dl-overrun", "util-clamp-min", "util-clamp-max"), null, 2048, 4096,
                8192, null, 0);

        assertThat(p.flagBits()).isEqualTo(0x01 | 0x02 | 0x04 | 0x20 | 0x40);
        assertThat(p).hasToString("policy deadline, flags reset-on-fork+reclaim+dl-overrun+util-clamp-min+"
                + "util-clamp-max, runtime 2048, deadline 4096, period 8192");
    }
}
