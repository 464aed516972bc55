package io.numaagent.api;

import java.util.BitSet;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * An immutable set of small non-negative ids (CPUs or NUMA nodes) that reads and prints the
 * kernel's list format, e.g. {@code 0-3,8-11}, as found in {@code cpulist}, {@code cpuset.cpus}
 * and {@code /proc/PID/status}.
 *
 * @param <S> the concrete set type returned by set operations
 */
public abstract sealed class IdSet<S extends IdSet<S>> permits CpuSet, NodeSet {

    /** Upper bound on ids, far above any real machine, so that garbage cannot allocate gigabytes. */
    public static final int MAX_ID = 1 << 16;

    /** Most ids one list may name, counting overlaps: a few times {@link #MAX_ID}, far above any real list. */
    public static final int MAX_LISTED = 4 * MAX_ID;

    private final BitSet bits;

    IdSet(BitSet bits) {
        this.bits = (BitSet) bits.clone();
    }

    abstract S create(BitSet bits);

    /**
     * Parses the kernel list format: comma-separated ids and inclusive ranges {@code a-b},
     * with optional stride {@code a-b:s} as the kernel accepts for cpusets. Whitespace around the
     * whole string (the kernel's trailing newline) is ignored; the empty string is the empty set.
     *
     * @throws IllegalArgumentException naming the offending element
     */
    static BitSet parseBits(String text) {
        Objects.requireNonNull(text, "text");
        BitSet bits = new BitSet();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return bits;
        }
        // messages quote at most the start of the list: a garbled file can be megabytes long
        String whole = trimmed.length() > 80 ? trimmed.substring(0, 80) + "..." : trimmed;
        long covered = 0;
        for (String part : trimmed.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty element in list \"" + whole + "\"");
            }
            int stride = 1;
            int colon = p.indexOf(':');
            if (colon >= 0) {
                stride = parseId(p.substring(colon + 1), whole);
                if (stride < 1) {
                    throw new IllegalArgumentException("stride must be positive in \"" + abbreviate(p) + "\"");
                }
                p = p.substring(0, colon);
            }
            int dash = p.indexOf('-');
            if (dash < 0) {
                bits.set(parseId(p, whole));
                continue;
            }
            int from = parseId(p.substring(0, dash), whole);
            int to = parseId(p.substring(dash + 1), whole);
            if (to < from) {
                throw new IllegalArgumentException("descending range \"" + abbreviate(p) + "\" in \"" + whole + "\"");
            }
            // overlapping ranges repeated over a large file would take minutes; no real list comes near
            covered += (to - from) / stride + 1;
            if (covered > MAX_LISTED) {
                throw new IllegalArgumentException("list covers more than " + MAX_LISTED + " ids: \"" + whole + "\"");
            }
            if (stride == 1) {
                bits.set(from, to + 1);
            } else {
                for (int i = from; i <= to; i += stride) {
                    bits.set(i);
                }
            }
        }
        return bits;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static int parseId(String s, String whole) {
        String t = s.strip();
        if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9') || t.length() > 6) {
            throw new IllegalArgumentException("not an id: \"" + abbreviate(s) + "\" in \"" + whole + "\"");
        }
        int v = Integer.parseInt(t);
        if (v >= MAX_ID) {
            throw new IllegalArgumentException("id " + v + " out of range in \"" + whole + "\"");
        }
        return v;
    }

    static BitSet bitsOf(int... ids) {
        BitSet bits = new BitSet();
        for (int id : ids) {
            if (id < 0 || id >= MAX_ID) {
                throw new IllegalArgumentException("id out of range: " + id);
            }
            bits.set(id);
        }
        return bits;
    }

    static BitSet bitsOf(Iterable<Integer> ids) {
        BitSet bits = new BitSet();
        for (int id : ids) {
            bits.or(bitsOf(id));
        }
        return bits;
    }

    /** Whether the id is a member. */
    public boolean contains(int id) {
        return id >= 0 && bits.get(id);
    }

    /** Whether every member of {@code other} is a member of this set. */
    public boolean containsAll(S other) {
        BitSet b = (BitSet) other.bits().clone();
        b.andNot(bits);
        return b.isEmpty();
    }

    /** Number of members. */
    public int size() {
        return bits.cardinality();
    }

    /** Whether the set has no members. */
    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /** Members in ascending order. */
    public IntStream stream() {
        return bits.stream();
    }

    /** Members in ascending order. */
    public int[] toArray() {
        return bits.stream().toArray();
    }

    /** Smallest member, or -1 when empty. */
    public int first() {
        return bits.nextSetBit(0);
    }

    /** Members of either set. */
    public S union(S other) {
        BitSet b = bits();
        b.or(other.bits());
        return create(b);
    }

    /** Members of both sets. */
    public S intersection(S other) {
        BitSet b = bits();
        b.and(other.bits());
        return create(b);
    }

    /** Members of this set that are not in {@code other}. */
    public S difference(S other) {
        BitSet b = bits();
        b.andNot(other.bits());
        return create(b);
    }

    /** Whether the two sets share a member. */
    public boolean intersects(S other) {
        return bits.intersects(other.bits());
    }

    /** A copy of the members as a bit set. */
    public BitSet bits() {
        return (BitSet) bits.clone();
    }

    /** The kernel list format with ranges collapsed, e.g. {@code 0-3,8-11}; empty set prints as "". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int start = bits.nextSetBit(0);
        while (start >= 0) {
            int end = bits.nextClearBit(start) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            start = bits.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((IdSet<?>) o).bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode() * 31 + getClass().hashCode();
    }
}
