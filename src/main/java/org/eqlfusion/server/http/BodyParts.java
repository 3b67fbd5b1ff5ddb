package org.eqlfusion.server.http;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.List;

/**
 * An ingest request's body as it arrived: the arrays of its chunks, not copied. Vert.x hands each
 * chunk over already copied into an array of its own; joining them into one more array (as every
 * body was until session 23) copied each {@code _bulk} request once more and was a ninth of the
 * bytes the server allocated under load. {@code _bulk} reads the parts as they are
 * ({@link BodyLines}); a reader that needs the body in one piece asks for {@link #joined}.
 */
final class BodyParts {

    static final BodyParts EMPTY = new BodyParts(new byte[0][], new int[0], new int[0], 0);

    private final byte[][] arrays;
    private final int[] offsets;
    private final int[] lengths;
    private final int size;
    private byte[] joined;

    private BodyParts(byte[][] arrays, int[] offsets, int[] lengths, int size) {
        this.arrays = arrays;
        this.offsets = offsets;
        this.lengths = lengths;
        this.size = size;
    }

    /** The parts of the chunks, in order, each array the chunk's own where it has one. */
    static BodyParts of(List<Buffer> chunks) {
        byte[][] arrays = new byte[chunks.size()][];
        int[] offsets = new int[chunks.size()];
        int[] lengths = new int[chunks.size()];
        long size = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Buffer chunk = chunks.get(i);
            ByteBuf bytes = chunk instanceof BufferInternal internal ? internal.getByteBuf() : null;
            if (bytes != null && bytes.hasArray() && !pooled(bytes)) {
                arrays[i] = bytes.array();
                offsets[i] = bytes.arrayOffset() + bytes.readerIndex();
                lengths[i] = bytes.readableBytes();
            } else {
                arrays[i] = chunk.getBytes();
                lengths[i] = arrays[i].length;
            }
            size += lengths[i];
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a body of " + size + " bytes is beyond what one request may carry");
        }
        return new BodyParts(arrays, offsets, lengths, (int) size);
    }

    /**
     * Whether the chunk's memory goes back to a pool once released, to be used again for other
     * bytes: its array may then not be kept, only copied. Vert.x hands request chunks over copied
     * out of Netty's pools (the same test decides it there), so this is a guard, not the usual case.
     */
    private static boolean pooled(ByteBuf bytes) {
        ByteBuf root = bytes;
        while (root.unwrap() != null) {
            root = root.unwrap();
        }
        return root.alloc() instanceof PooledByteBufAllocator || root.alloc() instanceof AdaptiveByteBufAllocator;
    }

    /** A body in one array already (tests, and readers that have one). */
    static BodyParts of(byte[] body) {
        return new BodyParts(new byte[][] {body}, new int[] {0}, new int[] {body.length}, body.length);
    }

    int size() {
        return size;
    }

    int count() {
        return arrays.length;
    }

    /** Part {@code i} is {@code array(i)[offset(i), offset(i) + length(i))}. */
    byte[] array(int i) {
        return arrays[i];
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    /** The first {@code n} bytes (fewer when the body is shorter), whichever parts they lie in. */
    byte[] head(int n) {
        byte[] head = new byte[Math.min(n, size)];
        int at = 0;
        for (int i = 0; i < arrays.length && at < head.length; i++) {
            int take = Math.min(lengths[i], head.length - at);
            System.arraycopy(arrays[i], offsets[i], head, at, take);
            at += take;
        }
        return head;
    }

    /** The whole body in one array: the part's own when there is one part filling it, else joined once. */
    byte[] joined() {
        if (joined == null) {
            if (arrays.length == 1 && offsets[0] == 0 && lengths[0] == arrays[0].length) {
                joined = arrays[0];
            } else {
                byte[] body = new byte[size];
                int at = 0;
                for (int i = 0; i < arrays.length; i++) {
                    System.arraycopy(arrays[i], offsets[i], body, at, lengths[i]);
                    at += lengths[i];
                }
                joined = body;
            }
        }
        return joined;
    }
}
