package io.numaagent.api;

import java.util.BitSet;

/** An immutable set of logical CPU ids in the kernel list format ({@code 0-3,8-11}). */
public final class CpuSet extends IdSet<CpuSet> {

    /** The set with no CPUs. */
    public static final CpuSet EMPTY = new CpuSet(new BitSet());

    private CpuSet(BitSet bits) {
        super(bits);
    }

    @Override
    CpuSet create(BitSet bits) {
        return new CpuSet(bits);
    }

    /** Parses the kernel list format; see {@link IdSet}. @throws IllegalArgumentException on bad input */
    public static CpuSet parse(String list) {
        return new CpuSet(parseBits(list));
    }

    /** The set of the given CPU ids. */
    public static CpuSet of(int... cpus) {
        return new CpuSet(bitsOf(cpus));
    }

    /** The set of the given CPU ids. */
    public static CpuSet of(Iterable<Integer> cpus) {
        return new CpuSet(bitsOf(cpus));
    }

    /** The set of the given bits. */
    public static CpuSet fromBits(BitSet bits) {
        return new CpuSet(bits);
    }

    /** CPUs {@code from..to} inclusive. */
    public static CpuSet range(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to + 1);
        return new CpuSet(b);
    }
}
