package io.numaagent.plugins.topologyaware.alloc;

/** A container could not be placed; the message says why. It stays unplaced and is tried again next cycle. */
public final class AllocationException extends Exception {

    private static final long serialVersionUID = 1L;

    public AllocationException(String message) {
        super(message);
    }
}
