package io.numaagent.runner.kube.podresources;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Reads protocol buffers' wire format (varints, length-delimited fields) from a byte array: just what
 * the few pod-resources messages need, so that the runner carries no protobuf library. Every read is
 * bounded by the enclosing message; a truncated or malformed message is a {@link MalformedMessage}
 * naming the byte where it went wrong.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    /** A message that is not what the wire format allows. */
    static final class MalformedMessage extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedMessage(String message) {
            super(message);
        }
    }

    private final byte[] bytes;
    private int pos;
    private final int limit;
    private int wireType = -1;

    ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtoReader(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.pos = from;
        this.limit = to;
    }

    /** The next field's number, or 0 at the end of the message. */
    int nextField() throws MalformedMessage {
        if (pos >= limit) {
            return 0;
        }
        int at = pos;
        long tag = varint();
        int field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field <= 0 || tag >>> 3 > 0x1FFF_FFFFL) {
            throw new MalformedMessage("field number " + (tag >>> 3) + " at byte " + at);
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw new MalformedMessage("wire type " + wireType + " of field " + field + " at byte " + at);
        }
        return field;
    }

    /** The wire type of the field {@link #nextField} returned. */
    int wireType() {
        return wireType;
    }

    /** A varint field's value. */
    long varintField() throws MalformedMessage {
        expect(VARINT);
        return varint();
    }

    /** A string field's value (UTF-8). */
    String string() throws MalformedMessage {
        int at = pos;
        ProtoReader r = message();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, r.pos, r.limit - r.pos)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessage("string at byte " + at + " is not UTF-8");
        }
    }

    /** A length-delimited field's content, to be read as a message of its own. */
    ProtoReader message() throws MalformedMessage {
        expect(LENGTH_DELIMITED);
        int at = pos;
        long length = varint();
        if (length > limit - pos) {
            throw new MalformedMessage("length " + length + " at byte " + at + " runs past the end ("
                    + (limit - pos) + " bytes left)");
        }
        ProtoReader r = new ProtoReader(bytes, pos, pos + (int) length);
        pos += (int) length;
        return r;
    }

    /** The values of a repeated varint field: packed (one length-delimited run) or one value per field. */
    void repeatedVarint(java.util.function.LongConsumer out) throws MalformedMessage {
        if (wireType == LENGTH_DELIMITED) {
            ProtoReader packed = message();
            while (packed.pos < packed.limit) {
                out.accept(packed.varint());
            }
        } else {
            out.accept(varintField());
        }
    }

    /** Skips the field {@link #nextField} returned (one this reader does not know). */
    void skip() throws MalformedMessage {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case FIXED32 -> advance(4);
            case LENGTH_DELIMITED -> message();
            default -> throw new IllegalStateException("no field read");
        }
    }

    private void advance(int n) throws MalformedMessage {
        if (n > limit - pos) {
            throw new MalformedMessage("fixed-size value at byte " + pos + " runs past the end");
        }
        pos += n;
    }

    private void expect(int type) throws MalformedMessage {
        if (wireType != type) {
            throw new MalformedMessage("wire type " + wireType + " at byte " + pos + " where " + type
                    + " belongs");
        }
    }

    private long varint() throws MalformedMessage {
        int at = pos;
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new MalformedMessage("varint at byte " + at + " runs past the end");
            }
            byte b = bytes[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedMessage("varint at byte " + at + " is longer than 10 bytes");
    }
}
