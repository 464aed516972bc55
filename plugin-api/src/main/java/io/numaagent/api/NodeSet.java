package io.numaagent.api;

import java.util.BitSet;

/** An immutable set of NUMA node ids in the kernel list format ({@code 0-1,3}). */
public final class NodeSet extends IdSet<NodeSet> {

    /** The set with no nodes. */
    public static final NodeSet EMPTY = new NodeSet(new BitSet());

    private NodeSet(BitSet bits) {
        super(bits);
    }

    @Override
    NodeSet create(BitSet bits) {
        return new NodeSet(bits);
    }

    /** Parses the kernel list format; see {@link IdSet}. @throws IllegalArgumentException on bad input */
    public static NodeSet parse(String list) {
        return new NodeSet(parseBits(list));
    }

    /** The set of the given node ids. */
    public static NodeSet of(int... nodes) {
        return new NodeSet(bitsOf(nodes));
    }

    /** The set of the given node ids. */
    public static NodeSet of(Iterable<Integer> nodes) {
        return new NodeSet(bitsOf(nodes));
    }

    /** The set of the given bits. */
    public static NodeSet fromBits(BitSet bits) {
        return new NodeSet(bits);
    }

    /** Nodes {@code from..to} inclusive. */
    public static NodeSet range(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to + 1);
        return new NodeSet(b);
    }
}
