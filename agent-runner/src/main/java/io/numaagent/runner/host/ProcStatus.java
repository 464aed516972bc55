package io.numaagent.runner.host;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One process's {@code /proc/PID/status}: lines {@code Key:<tab>value}, as in
 * {@code VmRSS:	  123456 kB} or {@code State:	Z (zombie)}. The one parser for every field the
 * runner reads: name, state, memory sizes, allowed CPUs and nodes, effective capabilities.
 */
public final class ProcStatus {

    private final Map<String, String> fields;

    private ProcStatus(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Parses the lines of a status file; lines without a {@code Key:} are ignored, a repeated key keeps its last value. */
    public static ProcStatus parse(List<String> lines) {
        Map<String, String> m = new HashMap<>();
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                m.put(l.substring(0, colon), l.substring(colon + 1).strip());
            }
        }
        return new ProcStatus(m);
    }

    /**
     * Reads {@code <procfs>/PID/status}.
     *
     * @throws IOException when it cannot be read (the process is gone, most often)
     */
    public static ProcStatus read(HostPaths paths, int pid) throws IOException {
        return parse(HostFiles.lines(HostFiles.readBounded(paths.proc(pid + "/status"), HostFiles.MAX_FILE_BYTES)));
    }

    /** The value of {@code key} without its surrounding blanks, or {@code absent} when there is no such line. */
    public String field(String key, String absent) {
        return fields.getOrDefault(key, absent);
    }

    /** A {@code kB} field such as {@code VmRSS} in bytes; 0 when absent (kernel threads) or not a number. */
    public long kbAsBytes(String key) {
        String v = fields.get(key);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.split("\\s+")[0]) * 1024;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Whether the process still has its memory map: the kernel prints the {@code Vm*} lines only
     * then, so an exiting process that has released it shows no {@code VmSize:}.
     */
    public boolean hasMemoryMap() {
        return fields.containsKey("VmSize");
    }

    /** Whether the state is zombie ({@code Z}) or dead ({@code X}): exited, not yet (or just) reaped. */
    public boolean hasExited() {
        String state = fields.get("State");
        return state != null && (state.startsWith("Z") || state.startsWith("X"));
    }

    /**
     * The effective capability set ({@code CapEff}, hexadecimal), bit {@code n} = capability {@code n}.
     *
     * @throws IllegalArgumentException when there is no CapEff line or it is not hexadecimal
     */
    public long capEff() {
        String v = fields.get("CapEff");
        if (v == null) {
            throw new IllegalArgumentException("no CapEff line");
        }
        return Long.parseUnsignedLong(v, 16);
    }
}
