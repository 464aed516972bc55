package io.numaagent.runner.kube;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a response body (a watch writes one event per line), each at most {@code max}
 * bytes: a longer one is read past, not kept, and marked. The buffer a long line grew is given
 * back at the next line.
 */
final class ResponseLines {

    private final InputStream in;
    private final int max;
    private final byte[] chunk = new byte[8192];
    private int pos;
    private int end;
    private byte[] line = new byte[1024];
    private int length;
    private boolean tooLong;

    ResponseLines(InputStream in, int max) {
        this.in = in;
        this.max = max;
    }

    /** Reads the next line; false at the end of the response. */
    boolean next() throws IOException {
        if (line.length > 64 << 10) {
            line = new byte[1024]; // a large event was read: give the memory back
        }
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end) {
                int n = in.read(chunk);
                if (n <= 0) {
                    return any;
                }
                pos = 0;
                end = n;
            }
            any = true;
            int nl = pos;
            while (nl < end && chunk[nl] != '\n') {
                nl++;
            }
            append(pos, nl - pos);
            if (nl < end) {
                pos = nl + 1;
                return true;
            }
            pos = end;
        }
    }

    private void append(int from, int n) {
        if (tooLong || length + n > max) {
            tooLong = true;
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.min(max, Math.max(line.length * 2, length + n)));
        }
        System.arraycopy(chunk, from, line, length, n);
        length += n;
    }

    boolean tooLong() {
        return tooLong;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }
}
