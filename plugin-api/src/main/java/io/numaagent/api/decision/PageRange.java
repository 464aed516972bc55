package io.numaagent.api.decision;

/**
 * A range of a process's virtual address space.
 *
 * @param start  start address (page aligned)
 * @param length length in bytes (a multiple of the page size)
 */
public record PageRange(long start, long length) {
    public PageRange {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive");
        }
    }

    /** One past the last byte. */
    public long end() {
        return start + length;
    }

    /** {@code 0x7f00...-0x7f00...}, as in {@code /proc/PID/maps}. */
    @Override
    public String toString() {
        return Long.toHexString(start) + "-" + Long.toHexString(end());
    }
}
