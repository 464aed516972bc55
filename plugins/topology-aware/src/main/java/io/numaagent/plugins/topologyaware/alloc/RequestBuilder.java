package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a container (a task with its QoS class, resources, namespace and annotation preferences) into
 * a {@link Request} by the reference's rules, checked in this order: {@code cpu.preserve};
 * {@code prefer-reserved-cpus}; reserved namespaces ({@code kube-system} and the configured globs)
 * unless {@code prefer-reserved-cpus} is annotated; Burstable and BestEffort on shared CPUs;
 * Guaranteed below 1 CPU shared; 1 to 2 CPUs one exclusive CPU plus the rest shared unless shared is
 * preferred; from 2 CPUs whole CPUs exclusive, fractional ones shared unless {@code prefer-shared-cpus}
 * is annotated false. Isolated CPUs are preferred for a single exclusive CPU by default, for more only
 * when annotated.
 */
public final class RequestBuilder {

    /** The label the namespace is read from (the CRI's pod namespace label). */
    public static final String NAMESPACE_LABEL = "io.kubernetes.pod.namespace";

    private final Settings settings;
    private final List<Pattern> reservedNamespaces;

    /**
     * The config defaults the builder applies.
     *
     * @param preferIsolated     {@code preferIsolatedCPUs}
     * @param preferShared       {@code preferSharedCPUs}
     * @param reservedNamespaces {@code reservedPoolNamespaces} globs ({@code kube-system} is implied)
     * @param defaultPriority    {@code defaultCPUPriority}
     * @param unlimitedBurstable {@code unlimitedBurstable} level value
     * @param availableTypes     memory kinds the machine has (mask)
     * @param coldStartOff       cold start disabled (PMEM without normal memory)
     */
    public record Settings(boolean preferIsolated, boolean preferShared, List<String> reservedNamespaces,
                           CpuPriority defaultPriority, int unlimitedBurstable, int availableTypes,
                           boolean coldStartOff) {
    }

    public RequestBuilder(Settings settings) {
        this.settings = settings;
        this.reservedNamespaces = settings.reservedNamespaces().stream().map(RequestBuilder::glob).toList();
    }

    /** The namespace of a task: its namespace label, or empty. */
    public static String namespaceOf(Task task) {
        return task.labels().getOrDefault(NAMESPACE_LABEL, task.labels().getOrDefault("namespace", ""));
    }

    /** The QoS class of a task: as given, else derived from its resources as the kubelet derives it. */
    public static QosClass qosOf(Task task) {
        if (task.qos() != QosClass.UNKNOWN) {
            return task.qos();
        }
        Resources r = task.requested();
        if (r.cpuRequestMillis() == 0 && r.cpuLimitMillis() == 0 && r.memoryRequestBytes() == 0
                && r.memoryLimitBytes() == 0) {
            return QosClass.BEST_EFFORT;
        }
        boolean cpuEqual = r.cpuLimitMillis() > 0 && (r.cpuRequestMillis() == 0 || r.cpuRequestMillis() == r.cpuLimitMillis());
        boolean memEqual = r.memoryLimitBytes() > 0
                && (r.memoryRequestBytes() == 0 || r.memoryRequestBytes() == r.memoryLimitBytes());
        return cpuEqual && memEqual ? QosClass.GUARANTEED : QosClass.BURSTABLE;
    }

    /** The request of a task with these preferences and affinity weights towards other tasks. */
    public Request build(Task task, ContainerPreferences prefs, Map<String, Integer> affinity) {
        QosClass qos = qosOf(task);
        Resources r = task.requested();
        int request = (int) Math.min(Integer.MAX_VALUE, r.cpuRequestMillis() > 0 ? r.cpuRequestMillis()
                : qos == QosClass.GUARANTEED ? r.cpuLimitMillis() : 0);
        int limit = switch (qos) {
            case BEST_EFFORT -> 0;
            case BURSTABLE -> r.cpuLimitMillis() == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, r.cpuLimitMillis());
            default -> (int) Math.min(Integer.MAX_VALUE, r.cpuLimitMillis());
        };
        boolean preferShared = prefs.preferShared().orElse(settings.preferShared());
        boolean preferIsolated = prefs.preferIsolated().orElse(settings.preferIsolated())
                || prefs.requireIsolated().orElse(false);
        boolean isolationAnnotated = prefs.preferIsolated().orElse(false) || prefs.requireIsolated().orElse(false);
        int full = 0;
        int fraction = request;
        boolean isolate = false;
        CpuType type = CpuType.NORMAL;
        if (prefs.cpuPreserve().orElse(false)) {
            type = CpuType.PRESERVE;
        } else if (prefs.preferReserved().orElse(false)) {
            type = CpuType.RESERVED;
        } else if (prefs.preferReserved().isEmpty() && inReservedNamespace(namespaceOf(task))) {
            type = CpuType.RESERVED;
        } else if (qos == QosClass.BEST_EFFORT) {
            fraction = 0;
        } else if (qos == QosClass.GUARANTEED && request >= 1000) {
            if (request < 2000) {
                if (!preferShared) {
                    full = 1;
                    fraction = request % 1000;
                    isolate = preferIsolated;
                }
            } else if (request % 1000 != 0) {
                if (prefs.preferShared().isPresent() && !prefs.preferShared().get()) {
                    full = request / 1000;
                    fraction = request % 1000;
                    isolate = preferIsolated;
                }
            } else if (!preferShared) {
                full = request / 1000;
                fraction = 0;
                isolate = isolationAnnotated;
            }
        }
        int types = prefs.memoryTypes().orElse(MemoryType.ALL & ~MemoryType.HBM.bit()) & settings.availableTypes();
        Duration coldStart = Duration.ZERO;
        if (settings.coldStartOff()) {
            if (types == MemoryType.PMEM.bit()) {
                types |= MemoryType.DRAM.bit();
            }
        } else {
            coldStart = prefs.coldStart().orElse(Duration.ZERO);
            if (coldStart.compareTo(Duration.ZERO) > 0) {
                types &= ~MemoryType.DRAM.bit();
            }
        }
        int level = prefs.unlimitedBurstable().map(io.numaagent.plugins.topologyaware.pools.PoolKind::levelValueOf)
                .filter(v -> v > 0).orElse(settings.unlimitedBurstable());
        return new Request(task.id(), qos, full, fraction, limit, isolate, prefs.requireIsolated().orElse(false), type,
                prefs.cpuPriority().orElse(settings.defaultPriority()), r.memoryRequestBytes(), r.memoryLimitBytes(),
                types, prefs.memoryPreserve().orElse(false), coldStart, prefs.hideHyperthreads().orElse(false), level,
                affinity, prefs.hints());
    }

    private boolean inReservedNamespace(String namespace) {
        if (namespace.equals("kube-system")) {
            return true;
        }
        return reservedNamespaces.stream().anyMatch(p -> p.matcher(namespace).matches());
    }

    /** A shell glob ({@code *}, {@code ?}, {@code [...]}) as a regular expression, as Go's filepath.Match reads it. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        boolean inClass = false;
        for (char c : glob.toCharArray()) {
            if (inClass) {
                re.append(c == '!' && re.charAt(re.length() - 1) == '[' ? '^' : c);
                inClass = c != ']';
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                re.append('[');
                inClass = true;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
