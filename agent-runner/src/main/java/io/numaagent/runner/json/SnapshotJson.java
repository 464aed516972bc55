package io.numaagent.runner.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.KernelState;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one JSON form of snapshots and decisions, used by recordings (JSON lines, one snapshot per
 * line), replay and the dry-run printer, so that all of them agree.
 *
 * <p>CPU and node sets are kernel list strings ({@code "0-3,8"}), times ISO-8601, QoS and outcome
 * status lower-case with dashes. A decision is an object with, in this order, {@code plugin},
 * {@code task} (absent for machine-wide decisions), {@code action}, the action's own fields
 * ({@code cpus}, {@code mems}, {@code enabled}, {@code node}, {@code from}, {@code mode}, {@code pid},
 * {@code ranges} as {@code [{"start":"0x7f..","length":N}]}) and {@code reason}.
 *
 * <p>Reading is strict: a missing or mistyped field is an {@link IllegalArgumentException} naming the field.
 */
public final class SnapshotJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Page size of a recording that carries none: the agent assumed 4096 until it recorded the kernel's. */
    static final long LEGACY_PAGE_SIZE_BYTES = 4096;

    private SnapshotJson() {
    }

    // ---------------------------------------------------------------- public API

    /** One snapshot as a single-line JSON object. */
    public static String toJson(Snapshot snapshot) {
        return write(snapshotNode(snapshot));
    }

    /** Parses {@link #toJson} output. @throws IllegalArgumentException naming the bad field */
    public static Snapshot fromJson(String json) {
        return snapshot(parse(json), "snapshot");
    }

    /** Appends one snapshot as a JSON line (object plus newline) to a recording. */
    public static void writeLine(Snapshot snapshot, Writer out) throws IOException {
        out.write(toJson(snapshot));
        out.write('\n');
    }

    /** Reads every snapshot of a JSON-lines recording; blank lines are skipped, a bad line is named by number. */
    public static List<Snapshot> readLines(BufferedReader in) throws IOException {
        List<Snapshot> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(fromJson(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** One decision as a single-line JSON object (the dry-run line). */
    public static String decisionToJson(Decision decision) {
        return write(decisionNode(decision));
    }

    /** Parses {@link #decisionToJson} output. */
    public static Decision decisionFromJson(String json) {
        return decision(parse(json), "decision");
    }

    /** One outcome as a single-line JSON object. */
    public static String outcomeToJson(Outcome outcome) {
        return write(outcomeNode(outcome));
    }

    /** Parses {@link #outcomeToJson} output. */
    public static Outcome outcomeFromJson(String json) {
        return outcome(parse(json), "outcome");
    }

    // ---------------------------------------------------------------- writing

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static ObjectNode snapshotNode(Snapshot s) {
        ObjectNode o = F.objectNode();
        o.put("sequence", s.sequence());
        o.put("time", s.time().toString());
        o.set("platform", platformNode(s.platform()));
        o.set("kernel", kernelNode(s.kernel()));
        o.set("tasks", array(s.tasks(), SnapshotJson::taskNode));
        o.set("outcomes", array(s.outcomes(), SnapshotJson::outcomeNode));
        o.set("warnings", array(s.warnings(), w -> F.objectNode().put("path", w.path()).put("message", w.message())));
        return o;
    }

    private static ObjectNode platformNode(Platform p) {
        ObjectNode o = F.objectNode();
        o.put("sockets", p.sockets());
        o.put("dies", p.dies());
        o.put("cores", p.cores());
        o.put("onlineCpus", p.onlineCpus().toString());
        o.put("isolatedCpus", p.isolatedCpus().toString());
        o.set("cpus", array(p.cpus(), c -> F.objectNode().put("id", c.id()).put("socket", c.socket())
                .put("die", c.die()).put("core", c.core()).put("node", c.node())
                .put("siblings", c.siblings().toString()).put("online", c.online()).put("isolated", c.isolated())));
        o.set("nodes", array(p.nodes(), SnapshotJson::nodeNode));
        o.put("pageSizeBytes", p.pageSizeBytes());
        o.put("cgroupVersion", p.cgroupVersion());
        return o;
    }

    private static ObjectNode nodeNode(NumaNode n) {
        ObjectNode o = F.objectNode();
        o.put("id", n.id());
        o.put("cpus", n.cpus().toString());
        o.put("memTotalBytes", n.memTotalBytes());
        o.put("memFreeBytes", n.memFreeBytes());
        o.put("memUsedBytes", n.memUsedBytes());
        ArrayNode d = o.putArray("distances");
        n.distances().forEach(d::add);
        o.put("memoryTier", n.memoryTier());
        return o;
    }

    private static ObjectNode kernelNode(KernelState k) {
        ObjectNode o = F.objectNode();
        o.put("numaBalancing", k.numaBalancing());
        o.put("swapEnabled", k.swapEnabled());
        ObjectNode v = o.putObject("vmstat");
        new TreeMap<>(k.vmstat()).forEach(v::put);
        ObjectNode m = o.putObject("meminfo");
        new TreeMap<>(k.meminfo()).forEach(m::put);
        return o;
    }

    private static ObjectNode taskNode(Task t) {
        ObjectNode o = F.objectNode();
        o.put("id", t.id());
        o.put("name", t.name());
        o.put("cgroupPath", t.cgroupPath());
        ArrayNode subs = o.putArray("subCgroups");
        t.subCgroups().forEach(subs::add);
        ArrayNode pids = o.putArray("pids");
        t.pids().forEach(pids::add);
        o.set("labels", stringMap(t.labels()));
        o.set("annotations", stringMap(t.annotations()));
        Resources r = t.requested();
        o.putObject("requested").put("cpuRequestMillis", r.cpuRequestMillis()).put("cpuLimitMillis", r.cpuLimitMillis())
                .put("memoryRequestBytes", r.memoryRequestBytes()).put("memoryLimitBytes", r.memoryLimitBytes());
        o.put("qos", enumName(t.qos()));
        TaskMeasurements m = t.measurements();
        ObjectNode mo = o.putObject("measurements");
        ObjectNode per = mo.putObject("memoryBytesPerNode");
        m.memoryBytesPerNode().forEach((n, b) -> per.put(Integer.toString(n), b));
        mo.put("memoryUsageBytes", m.memoryUsageBytes());
        mo.put("memoryLimitBytes", m.memoryLimitBytes());
        mo.put("memoryMaxUsageBytes", m.memoryMaxUsageBytes());
        mo.put("cpuUsageNanos", m.cpuUsageNanos());
        mo.put("cpus", m.cpus().toString());
        mo.put("mems", m.mems().toString());
        mo.put("effectiveCpus", m.effectiveCpus().toString());
        mo.put("effectiveMems", m.effectiveMems().toString());
        mo.put("memoryMigrate", m.memoryMigrate());
        return o;
    }

    private static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode o = F.objectNode();
        new TreeMap<>(map).forEach(o::put);
        return o;
    }

    static ObjectNode outcomeNode(Outcome out) {
        ObjectNode o = F.objectNode();
        o.put("cycle", out.cycle());
        o.set("decision", decisionNode(out.decision()));
        o.put("status", out.status().label());
        o.put("detail", out.detail());
        if (out.errno() != null) {
            o.put("errno", out.errno());
        }
        o.put("pagesMoved", out.pagesMoved());
        o.put("pagesFailed", out.pagesFailed());
        o.put("durationNanos", out.durationNanos());
        o.put("longestCallNanos", out.longestCallNanos());
        return o;
    }

    private static MigrateMemory.MigrationMode migrationMode(String text, String where) {
        return switch (text) {
            case "move_pages" -> MigrateMemory.MigrationMode.MOVE_PAGES;
            case "migrate_pages" -> MigrateMemory.MigrationMode.MIGRATE_PAGES;
            default -> throw new IllegalArgumentException(where + ".mode: expected move_pages or migrate_pages, got \"" + text + "\"");
        };
    }

    static ObjectNode decisionNode(Decision d) {
        ObjectNode o = F.objectNode();
        o.put("plugin", d.plugin());
        if (d.task() != null) {
            o.put("task", d.task());
        }
        o.put("action", d.action());
        if (d instanceof SetCpus s) {
            o.put("cpus", s.cpus().toString());
        } else if (d instanceof SetMems s) {
            o.put("mems", s.mems().toString());
        } else if (d instanceof SetMemoryMigrate s) {
            o.put("enabled", s.enabled());
        } else if (d instanceof MigrateMemory m) {
            o.put("node", m.node());
            // optional fields are left out when they say "the default", as users script against these lines
            if (!m.from().isEmpty()) {
                o.put("from", m.from().toString());
            }
            if (m.mode() != MigrateMemory.MigrationMode.DEFAULT) {
                o.put("mode", m.mode().name().toLowerCase(java.util.Locale.ROOT));
            }
        } else if (d instanceof MovePages m) {
            o.put("pid", m.pid());
            o.set("ranges", ranges(m.ranges()));
            o.put("node", m.node());
        } else if (d instanceof SwapOut s) {
            o.put("pid", s.pid());
            o.set("ranges", ranges(s.ranges()));
        } else if (d instanceof SetNumaBalancing b) {
            o.put("mode", b.mode());
        }
        o.put("reason", d.reason());
        return o;
    }

    private static ArrayNode ranges(List<PageRange> ranges) {
        return array(ranges, r -> F.objectNode().put("start", "0x" + Long.toHexString(r.start())).put("length", r.length()));
    }

    private static <T> ArrayNode array(List<T> items, Function<T, JsonNode> f) {
        ArrayNode a = F.arrayNode();
        items.forEach(i -> a.add(f.apply(i)));
        return a;
    }

    /** {@code BEST_EFFORT} to {@code best-effort}. */
    private static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String where) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown value \"" + text + "\"");
        }
    }

    // ---------------------------------------------------------------- reading

    private static Snapshot snapshot(JsonNode n, String where) {
        obj(n, where);
        Instant time;
        try {
            time = Instant.parse(text(n, "time", where));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(where + ".time: not an ISO-8601 instant");
        }
        return new Snapshot(lng(n, "sequence", where), time, platform(field(n, "platform", where), where + ".platform"),
                kernel(field(n, "kernel", where), where + ".kernel"),
                list(n, "tasks", where, SnapshotJson::task),
                list(n, "outcomes", where, SnapshotJson::outcome),
                list(n, "warnings", where, (w, at) -> new ReadWarning(text(w, "path", at), text(w, "message", at))));
    }

    private static Platform platform(JsonNode n, String where) {
        obj(n, where);
        return new Platform(integer(n, "sockets", where), integer(n, "dies", where), integer(n, "cores", where),
                list(n, "cpus", where, (c, at) -> new Cpu(integer(c, "id", at), integer(c, "socket", at),
                        integer(c, "die", at), integer(c, "core", at), integer(c, "node", at),
                        cpuSet(c, "siblings", at), bool(c, "online", at), bool(c, "isolated", at))),
                cpuSet(n, "onlineCpus", where), cpuSet(n, "isolatedCpus", where),
                list(n, "nodes", where, SnapshotJson::node),
                // recordings made before these were recorded: the page size every reader then assumed; version unknown
                n.has("pageSizeBytes") ? lng(n, "pageSizeBytes", where) : LEGACY_PAGE_SIZE_BYTES,
                n.has("cgroupVersion") ? integer(n, "cgroupVersion", where) : Platform.CGROUP_UNKNOWN);
    }

    private static NumaNode node(JsonNode n, String where) {
        obj(n, where);
        List<Integer> distances = list(n, "distances", where, (d, at) -> {
            if (!d.isInt()) {
                throw new IllegalArgumentException(at + ": expected an integer");
            }
            return d.intValue();
        });
        return new NumaNode(integer(n, "id", where), cpuSet(n, "cpus", where), lng(n, "memTotalBytes", where),
                lng(n, "memFreeBytes", where), lng(n, "memUsedBytes", where), distances,
                integer(n, "memoryTier", where));
    }

    private static KernelState kernel(JsonNode n, String where) {
        obj(n, where);
        return new KernelState(integer(n, "numaBalancing", where), bool(n, "swapEnabled", where),
                longMap(field(n, "vmstat", where), where + ".vmstat"), longMap(field(n, "meminfo", where), where + ".meminfo"));
    }

    private static Task task(JsonNode n, String where) {
        obj(n, where);
        JsonNode r = field(n, "requested", where);
        String rw = where + ".requested";
        Resources res = new Resources(lng(r, "cpuRequestMillis", rw), lng(r, "cpuLimitMillis", rw),
                lng(r, "memoryRequestBytes", rw), lng(r, "memoryLimitBytes", rw));
        JsonNode m = field(n, "measurements", where);
        String mw = where + ".measurements";
        Map<Integer, Long> perNode = new TreeMap<>();
        longMap(field(m, "memoryBytesPerNode", mw), mw + ".memoryBytesPerNode").forEach((k, v) -> {
            try {
                perNode.put(Integer.parseInt(k), v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(mw + ".memoryBytesPerNode: \"" + k + "\" is not a node id");
            }
        });
        TaskMeasurements tm = new TaskMeasurements(perNode, lng(m, "memoryUsageBytes", mw), lng(m, "memoryLimitBytes", mw),
                lng(m, "memoryMaxUsageBytes", mw), lng(m, "cpuUsageNanos", mw), cpuSet(m, "cpus", mw),
                nodeSet(m, "mems", mw), cpuSet(m, "effectiveCpus", mw), nodeSet(m, "effectiveMems", mw),
                bool(m, "memoryMigrate", mw));
        return new Task(text(n, "id", where), text(n, "name", where), text(n, "cgroupPath", where),
                list(n, "subCgroups", where, SnapshotJson::textValue),
                list(n, "pids", where, (p, at) -> {
                    if (!p.isInt()) {
                        throw new IllegalArgumentException(at + ": expected a pid");
                    }
                    return p.intValue();
                }),
                stringMap(field(n, "labels", where), where + ".labels"),
                stringMap(field(n, "annotations", where), where + ".annotations"), res,
                enumValue(QosClass.class, text(n, "qos", where), where + ".qos"), tm);
    }

    private static Outcome outcome(JsonNode n, String where) {
        obj(n, where);
        JsonNode errno = n.get("errno");
        return new Outcome(lng(n, "cycle", where), decision(field(n, "decision", where), where + ".decision"),
                enumValue(Outcome.Status.class, text(n, "status", where), where + ".status"),
                text(n, "detail", where), errno == null || errno.isNull() ? null : textValue(errno, where + ".errno"),
                lng(n, "pagesMoved", where), lng(n, "pagesFailed", where), lng(n, "durationNanos", where),
                lng(n, "longestCallNanos", where));
    }

    private static Decision decision(JsonNode n, String where) {
        obj(n, where);
        String plugin = text(n, "plugin", where);
        String action = text(n, "action", where);
        String reason = text(n, "reason", where);
        try {
            return switch (action) {
                case "set-cpus" -> new SetCpus(plugin, text(n, "task", where), cpuSet(n, "cpus", where), reason);
                case "set-mems" -> new SetMems(plugin, text(n, "task", where), nodeSet(n, "mems", where), reason);
                case "set-memory-migrate" -> new SetMemoryMigrate(plugin, text(n, "task", where),
                        bool(n, "enabled", where), reason);
                case "migrate-memory" -> new MigrateMemory(plugin, text(n, "task", where), integer(n, "node", where),
                        n.has("from") ? nodeSet(n, "from", where) : io.numaagent.api.NodeSet.EMPTY,
                        n.has("mode") ? migrationMode(text(n, "mode", where), where) : MigrateMemory.MigrationMode.DEFAULT,
                        reason);
                case "move-pages" -> new MovePages(plugin, text(n, "task", where), integer(n, "pid", where),
                        list(n, "ranges", where, SnapshotJson::range), integer(n, "node", where), reason);
                case "swap-out" -> new SwapOut(plugin, text(n, "task", where), integer(n, "pid", where),
                        list(n, "ranges", where, SnapshotJson::range), reason);
                case "set-numa-balancing" -> new SetNumaBalancing(plugin, integer(n, "mode", where), reason);
                default -> throw new IllegalArgumentException(where + ".action: unknown action \"" + action + "\"");
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new IllegalArgumentException(msg.startsWith(where) ? msg : where + ": " + msg, e);
        }
    }

    private static PageRange range(JsonNode n, String where) {
        obj(n, where);
        String start = text(n, "start", where);
        if (!start.startsWith("0x")) {
            throw new IllegalArgumentException(where + ".start: expected a hex address \"0x...\"");
        }
        try {
            return new PageRange(Long.parseUnsignedLong(start.substring(2), 16), lng(n, "length", where));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ".start: not a hex address \"" + start + "\"");
        }
    }

    // ---------------------------------------------------------------- field access

    private interface At<T> {
        T read(JsonNode node, String where);
    }

    private static void obj(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
    }

    private static JsonNode field(JsonNode n, String name, String where) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + "." + name + ": missing");
        }
        return v;
    }

    private static String text(JsonNode n, String name, String where) {
        return textValue(field(n, name, where), where + "." + name);
    }

    private static String textValue(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": expected a string");
        }
        return v.textValue();
    }

    private static long lng(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(where + "." + name + ": expected an integer");
        }
        return v.longValue();
    }

    private static int integer(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where);
        if (!v.isInt()) {
            throw new IllegalArgumentException(where + "." + name + ": expected an integer");
        }
        return v.intValue();
    }

    private static boolean bool(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(where + "." + name + ": expected true or false");
        }
        return v.booleanValue();
    }

    private static CpuSet cpuSet(JsonNode n, String name, String where) {
        try {
            return CpuSet.parse(text(n, name, where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + name + ": " + e.getMessage(), e);
        }
    }

    private static NodeSet nodeSet(JsonNode n, String name, String where) {
        try {
            return NodeSet.parse(text(n, name, where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + name + ": " + e.getMessage(), e);
        }
    }

    private static <T> List<T> list(JsonNode n, String name, String where, At<T> reader) {
        JsonNode a = field(n, name, where);
        if (!a.isArray()) {
            throw new IllegalArgumentException(where + "." + name + ": expected an array");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(reader.read(a.get(i), where + "." + name + "[" + i + "]"));
        }
        return out;
    }

    private static Map<String, Long> longMap(JsonNode n, String where) {
        obj(n, where);
        Map<String, Long> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong()) {
                throw new IllegalArgumentException(where + "." + e.getKey() + ": expected an integer");
            }
            out.put(e.getKey(), e.getValue().longValue());
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode n, String where) {
        obj(n, where);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), textValue(e.getValue(), where + "." + e.getKey()));
        }
        return out;
    }
}
