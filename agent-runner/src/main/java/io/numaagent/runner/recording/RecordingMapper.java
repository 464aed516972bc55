package io.numaagent.runner.recording;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.AnnotatedConstructor;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.CpuDetails;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * The one Jackson mapper of the recording format: plugin-api records bound through their
 * canonical constructors, with {@link ValueFormats} and {@link Mixins}.
 *
 * <p>Reading is strict: a component absent from the input is an error naming it ("missing"),
 * unless {@link #ABSENT_MEANS} says what its absence means. That table is where a component
 * added to a record after recordings were made gets the value the older recordings meant.
 */
final class RecordingMapper {

    /** {@code Record.component} to the value a recording without it means. */
    static final Map<String, Object> ABSENT_MEANS = absentMeans();

    private static Map<String, Object> absentMeans() {
        Map<String, Object> m = new HashMap<>(); // Map.of takes no null values
        m.put(key(Outcome.class, "errno"), null);
        // written only when true (Mixins.OutcomeMixin), and absent from recordings made before it existed
        m.put(key(Outcome.class, "unfinished"), false);
        m.put(key(MigrateMemory.class, "from"), NodeSet.EMPTY);
        m.put(key(MigrateMemory.class, "mode"), MigrateMemory.MigrationMode.DEFAULT);
        // added when recordings existed: the page size every reader then assumed; cgroup version unknown (0)
        m.put(key(Platform.class, "pageSizeBytes"), 4096L);
        m.put(key(Platform.class, "cgroupVersion"), Platform.CGROUP_UNKNOWN);
        // recordings from before page-access tracking: no plugin tracked pages
        m.put(key(Snapshot.class, "accessCounters"), java.util.List.of());
        // recordings from before per-container placement: tasks without containers, whole-task cpusets
        m.put(key(Task.class, "containers"), java.util.List.of());
        // recordings from before task devices, or of runs where no plugin read them
        m.put(key(Task.class, "devices"), java.util.List.of());
        m.put(key(SetCpus.class, "subCgroup"), null);
        m.put(key(SetMems.class, "subCgroup"), null);
        m.put(key(SetCpuShares.class, "subCgroup"), null);
        m.put(key(SetSchedulingClass.class, "subCgroup"), null);
        // a class that leaves nice or the I/O priority as they are is written without them
        m.put(key(SchedulingParameters.class, "nice"), null);
        m.put(key(SchedulingParameters.class, "ioClass"), null);
        // recordings from before threads' scheduling was read, or of runs where no plugin declared it
        m.put(key(Task.class, "threadScheduling"), java.util.List.of());
        // recordings from before the CPU weight was read, and weights not known (written without them)
        m.put(key(TaskMeasurements.class, "cpuWeight"), -1L);
        m.put(key(Container.class, "cpuWeight"), -1L);
        // recordings from before pod resources, and containers of which the kubelet said nothing (written without them)
        m.put(key(Container.class, "podResources"), PodResources.NONE);
        // recordings from before CPU details (and CPUs of which nothing is known, written without them)
        m.put(key(Cpu.class, "details"), CpuDetails.UNKNOWN);
        // recordings from before interrupts were read, or of runs where no plugin declared them
        m.put(key(KernelState.class, "interrupts"), java.util.List.of());
        // written only when known (effective) and when false (movable)
        m.put(key(Interrupt.class, "effectiveAffinity"), CpuSet.EMPTY);
        m.put(key(Interrupt.class, "movable"), true);
        // recordings from before CPU classes, and snapshots for which no plugin read CPU power settings
        m.put(key(Snapshot.class, "cpuPower"), io.numaagent.api.snapshot.CpuPower.NONE);
        m.put(key(io.numaagent.api.decision.SetCpuClass.class, "disabledIdleStates"), null);
        return m;
    }

    static final ObjectMapper MAPPER = create();

    private RecordingMapper() {
    }

    private static ObjectMapper create() {
        JsonMapper.Builder b = JsonMapper.builder()
                .addModule(ValueFormats.module())
                .annotationIntrospector(AnnotationIntrospector.pair(new JacksonAnnotationIntrospector(),
                        new EveryComponentInjected()))
                .injectableValues(new AbsentComponents())
                // a null field is missing; a null in an array or map is a wrong element (ValueFormats)
                .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                // Task.isProcess() and the like are derived, not components
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
        Mixins.BY_TYPE.forEach(b::addMixIn);
        return b.build();
    }

    private static String key(Class<?> record, String component) {
        return record.getName() + "." + component;
    }

    /**
     * Routes every absent component of a record to {@link AbsentComponents}: Jackson asks the
     * injectable values for a creator parameter only when the input lacks it.
     */
    private static final class EveryComponentInjected extends NopAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public JacksonInject.Value findInjectableValue(AnnotatedMember m) {
            if (m instanceof AnnotatedParameter p && p.getOwner() instanceof AnnotatedConstructor c
                    && c.getDeclaringClass().isRecord()) {
                RecordComponent[] components = c.getDeclaringClass().getRecordComponents();
                if (c.getParameterCount() == components.length) {
                    return JacksonInject.Value.forId(key(c.getDeclaringClass(), components[p.getIndex()].getName()));
                }
            }
            return null;
        }
    }

    /** The value of an absent component: from {@link #ABSENT_MEANS}, or the error "missing". */
    private static final class AbsentComponents extends InjectableValues {
        private static final long serialVersionUID = 1L;

        @Override
        public Object findInjectableValue(Object valueId, DeserializationContext ctxt, BeanProperty forProperty,
                                          Object beanInstance) throws JsonMappingException {
            if (ABSENT_MEANS.containsKey(valueId)) {
                return ABSENT_MEANS.get(valueId);
            }
            FieldProblem e = new FieldProblem(ctxt.getParser(), "missing");
            e.prependPath(forProperty.getMember().getDeclaringClass(), forProperty.getName());
            throw e;
        }
    }
}
