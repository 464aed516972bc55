package io.numaagent.runner.exec;

import io.numaagent.api.NodeSet;

/** Node sets as the kernel's {@code unsigned long} node-mask arrays. */
public final class NodeMasks {

    private NodeMasks() {
    }

    /** The mask words of {@code nodes}; at least one word. */
    public static long[] of(NodeSet nodes) {
        int highest = nodes.stream().max().orElse(0);
        long[] words = new long[highest / 64 + 1];
        nodes.stream().forEach(n -> words[n / 64] |= 1L << (n % 64));
        return words;
    }

    /**
     * The {@code maxnode} argument for a mask of {@code words}: the kernel's {@code get_nodes()}
     * decrements it before use, so callers pass the number of bits plus one (as libnuma does).
     */
    public static long maxNode(long[] words) {
        return 64L * words.length + 1;
    }

    /** The nodes set in {@code words}. */
    public static NodeSet toNodeSet(long[] words) {
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        for (int w = 0; w < words.length; w++) {
            for (int b = 0; b < 64; b++) {
                if ((words[w] & (1L << b)) != 0) {
                    ids.add(w * 64 + b);
                }
            }
        }
        return NodeSet.of(ids);
    }
}
