package org.eqlfusion.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.event.EcsSchema;
import org.eqlfusion.event.EventRejectedException;
import org.eqlfusion.event.Newlines;

/**
 * Newline-delimited JSON into the engine: each line is decoded on the caller's thread and the
 * good events go to the engine in batches, in line order. A bad line is reported with its line
 * number and reason and skipped; the lines around it are processed. Blank lines are ignored.
 */
public final class NdjsonIngest {

    /** Told of each line that is not a usable event. */
    @FunctionalInterface
    public interface RejectListener {
        void onReject(long lineNumber, String reason);
    }

    /** Told of each event decoded, with the number of its line (a hunt finds its text again by it). */
    @FunctionalInterface
    public interface AcceptListener {
        void onAccept(long lineNumber, EcsEvent event);
    }

    private static final int BATCH = 512;

    private final EqlEngine engine;
    private final EcsEventDecoder decoder;
    private final RejectListener rejects;
    private final int maxLineBytes;
    private AcceptListener accepts = (line, event) -> { };
    private List<EcsEvent> batch = new ArrayList<>(BATCH);
    private long lines;
    private long accepted;
    private long rejected;

    public NdjsonIngest(EqlEngine engine, int maxLineBytes, RejectListener rejects) {
        this(engine, maxLineBytes, false, rejects);
    }

    /**
     * @param scopeByIndex whether a line that is an Elasticsearch search hit keeps its {@code _index},
     *                     so that each rule reads only the hits of its own indices
     */
    public NdjsonIngest(EqlEngine engine, int maxLineBytes, boolean scopeByIndex, RejectListener rejects) {
        this.decoder = new EcsEventDecoder(EcsSchema.ECS, null, EcsEventDecoder.DEFAULT_MAX_NESTING_DEPTH, scopeByIndex);
        this.engine = engine;
        this.maxLineBytes = maxLineBytes;
        this.rejects = rejects;
    }

    /** Tells {@code listener} of each event decoded, with its line number. */
    public NdjsonIngest onAccept(AcceptListener listener) {
        this.accepts = listener;
        return this;
    }

    /** Reads the stream to its end; the last line needs no newline. */
    public void readAll(InputStream in) throws IOException, InterruptedException {
        byte[] buf = new byte[1 << 20];
        int start = 0;
        int end = 0;
        boolean skippingLongLine = false;
        while (true) {
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            end += n;
            int scan = end - n;
            for (int i = Newlines.next(buf, scan, end); i < end; i = Newlines.next(buf, i + 1, end)) {
                if (skippingLongLine) {
                    skippingLongLine = false;
                } else {
                    line(buf, start, i - start);
                }
                start = i + 1;
            }
            if (end - start > maxLineBytes && !skippingLongLine) {
                lines++;
                rejected++;
                rejects.onReject(lines, "line longer than " + maxLineBytes + " bytes");
                skippingLongLine = true;
            }
            if (skippingLongLine) {
                start = end;
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            } else if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }
        if (end > start && !skippingLongLine) {
            line(buf, start, end - start);
        }
        submitBatch();
    }

    /** One line (without its newline); blank lines count but are not events. */
    public void line(byte[] buf, int offset, int length) throws InterruptedException {
        lines++;
        if (length > 0 && buf[offset + length - 1] == '\r') {
            length--;
        }
        if (Newlines.blank(buf, offset, offset + length)) {
            return;
        }
        try {
            EcsEvent event = decoder.decode(buf, offset, length, null);
            accepts.onAccept(lines, event);
            batch.add(event);
            accepted++;
        } catch (EventRejectedException e) {
            rejected++;
            rejects.onReject(lines, e.getMessage());
        }
        if (batch.size() >= BATCH) {
            submitBatch();
        }
    }

    /** Hands the events decoded so far to the engine. */
    public void submitBatch() throws InterruptedException {
        if (!batch.isEmpty()) {
            engine.submit(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    public long lines() {
        return lines;
    }

    public long accepted() {
        return accepted;
    }

    public long rejected() {
        return rejected;
    }
}
