package io.numaagent.runner.recording;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuDetails;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.api.snapshot.TaskDevice;
import io.numaagent.api.tracking.RangeCounter;
import java.util.List;
import java.util.Map;

/**
 * The format's departures from "every record component, in declaration order", as Jackson mixins
 * (plugin-api carries no annotations). Records not named here are written exactly so.
 */
final class Mixins {

    private Mixins() {
    }

    /** The mixin of each plugin-api type that has one. */
    static final Map<Class<?>, Class<?>> BY_TYPE = Map.ofEntries(
            Map.entry(TaskMeasurements.class, CpuWeightMixin.class),
            Map.entry(Container.class, ContainerMixin.class),
            Map.entry(SetCpuShares.class, SubCgroupMixin.class),
            Map.entry(SetSchedulingClass.class, SubCgroupMixin.class),
            Map.entry(SchedulingParameters.class, SchedulingParametersMixin.class),
            Map.entry(Platform.class, PlatformMixin.class),
            Map.entry(KernelState.class, KernelStateMixin.class),
            Map.entry(Interrupt.class, InterruptMixin.class),
            Map.entry(Cpu.class, CpuMixin.class),
            Map.entry(Task.class, TaskMixin.class),
            Map.entry(Decision.class, DecisionMixin.class),
            Map.entry(MigrateMemory.class, MigrateMemoryMixin.class),
            Map.entry(PageRange.class, PageRangeMixin.class),
            Map.entry(Outcome.class, OutcomeMixin.class),
            Map.entry(RangeCounter.class, RangeCounterMixin.class),
            Map.entry(SetCpus.class, SubCgroupMixin.class),
            Map.entry(SetMems.class, SubCgroupMixin.class),
            Map.entry(Snapshot.class, SnapshotMixin.class),
            Map.entry(SetCpuClass.class, SetCpuClassMixin.class));

    /** {@code cpuPower} is left out when nothing was read, so such snapshots are written as before it existed. */
    interface SnapshotMixin {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NothingRead.class)
        CpuPower cpuPower();
    }

    /** Jackson's filter for {@link SnapshotMixin}: "equal" (left out) when null or empty. */
    static final class NothingRead {
        @Override
        public boolean equals(Object o) {
            return o == null || o instanceof CpuPower p && p.isEmpty();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** {@code disabledIdleStates} is left out when the idle states are left alone ({@code null}). */
    interface SetCpuClassMixin {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        List<String> disabledIdleStates();
    }

    /** The CPU sets before the CPU list, as the first recordings had them; new components go last. */
    @JsonPropertyOrder({"sockets", "dies", "cores", "onlineCpus", "isolatedCpus", "cpus", "nodes"})
    interface PlatformMixin {
    }

    /** {@code interrupts} is left out when empty (not measured), so such snapshots are written as before it existed. */
    interface KernelStateMixin {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<Interrupt> interrupts();
    }

    /** {@code effectiveAffinity} is left out when not known (empty), {@code movable} when true. */
    interface InterruptMixin {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = EmptyCpuSet.class)
        CpuSet effectiveAffinity();

        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = IsTrue.class)
        boolean movable();
    }

    /** Jackson's filter for {@link InterruptMixin}: "equal" (left out) when null or empty. */
    static final class EmptyCpuSet {
        @Override
        public boolean equals(Object o) {
            return o == null || o instanceof CpuSet c && c.isEmpty();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** Jackson's filter for {@link InterruptMixin}: "equal" (left out) when true. */
    static final class IsTrue {
        @Override
        public boolean equals(Object o) {
            return Boolean.TRUE.equals(o);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** {@code details} is left out when nothing is known, so such CPUs are written as before it existed. */
    interface CpuMixin {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NothingKnown.class)
        CpuDetails details();
    }

    /** Jackson's filter for {@link CpuMixin}: "equal" (left out) when null or nothing known. */
    static final class NothingKnown {
        @Override
        public boolean equals(Object o) {
            return o == null || o instanceof CpuDetails d && d.nothingKnown();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** {@code cpuWeight} is left out when unknown (-1), so such tasks and containers are written as before it existed. */
    interface CpuWeightMixin {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Unknown.class)
        long cpuWeight();
    }

    /** As {@link CpuWeightMixin}; {@code podResources} is left out when nothing is known (as before it existed). */
    interface ContainerMixin extends CpuWeightMixin {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoPodResources.class)
        PodResources podResources();
    }

    /** Jackson's filter for {@link ContainerMixin}: "equal" (left out) when nothing is known. */
    static final class NoPodResources {
        @Override
        public boolean equals(Object o) {
            return o == null || o instanceof PodResources p && p.isEmpty();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** Jackson's filter for {@link CpuWeightMixin}: "equal" (left out) when -1. */
    static final class Unknown {
        @Override
        public boolean equals(Object o) {
            return o instanceof Long l && l == -1;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** {@code containers} and {@code devices} are left out when empty, so such tasks are written as before they existed. */
    interface TaskMixin {
        @JsonDeserialize(contentUsing = ValueFormats.PidReader.class)
        List<Integer> pids();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<Container> containers();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<TaskDevice> devices();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<ThreadScheduling> threadScheduling();
    }

    /** {@code nice} and {@code ioClass} are left out (and may be null) when the class leaves them as they are. */
    interface SchedulingParametersMixin {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonSetter(nulls = Nulls.SET)
        Integer nice();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonSetter(nulls = Nulls.SET)
        @JsonDeserialize(using = ValueFormats.NullableTextReader.class)
        String ioClass();
    }

    /** {@code subCgroup} is left out for a whole-task decision (as before it existed), and may be null. */
    interface SubCgroupMixin {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonSetter(nulls = Nulls.SET)
        @JsonDeserialize(using = ValueFormats.NullableTextReader.class)
        String subCgroup();
    }

    /**
     * {@code plugin}, {@code task} (left out for machine-wide decisions), {@code action}, then the
     * record's own components, of which {@code reason} is the last.
     */
    @JsonPropertyOrder({"plugin", "task", "action"})
    interface DecisionMixin {
        @JsonProperty
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String task();

        @JsonProperty
        String action();
    }

    /** Fields saying "the default" are left out, as users script against these lines. */
    interface MigrateMemoryMixin {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        NodeSet from();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        MigrateMemory.MigrationMode mode();
    }

    interface PageRangeMixin {
        @JsonSerialize(using = ValueFormats.HexAddressWriter.class)
        @JsonDeserialize(using = ValueFormats.HexAddressReader.class)
        long start();
    }

    /** Addresses in hex, as page ranges and {@code /proc/PID/maps} have them. */
    interface RangeCounterMixin {
        @JsonSerialize(using = ValueFormats.HexAddressWriter.class)
        @JsonDeserialize(using = ValueFormats.HexAddressReader.class)
        long start();
    }

    /**
     * {@code errno} is left out when no system call failed, and may be null; {@code unfinished} is
     * written only when true, so that finished outcomes read as before it existed.
     */
    interface OutcomeMixin {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonSetter(nulls = Nulls.SET)
        @JsonDeserialize(using = ValueFormats.NullableTextReader.class)
        String errno();

        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        boolean unfinished();
    }
}
