package org.eqlfusion.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.event.DocumentRun;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.event.EventRejectedException;
import org.eqlfusion.event.GeneratedIds;
import org.eqlfusion.metrics.ServerMetrics;

/**
 * Where every transport hands its events to the engine: decodes raw JSON documents (on a worker
 * thread, never an event loop), stamps their receipt time, and offers them to the engine in
 * batches. When the engine's queue is full the batch and every document after it are
 * {@link Status#THROTTLED}: nothing is queued beyond the engine's bound, and the transport tells
 * its client to retry exactly those (HTTP 429) or stops reading (TCP).
 */
public final class IngestGate {

    /**
     * One raw JSON document; {@code where} is its line or item number, for messages; {@code index}
     * the index or data stream a {@code _bulk} action sent it to, or null; {@code generatedId} the
     * {@link GeneratedIds} number of the id made for it when a {@code _bulk} action gave it none
     * (0: none made).
     */
    public record Doc(byte[] buf, int offset, int length, String id, long where, String index, long generatedId) {
        /** A document sent to no index (TCP, {@code POST /events}). */
        public Doc(byte[] buf, int offset, int length, String id, long where) {
            this(buf, offset, length, id, where, null, 0);
        }
    }

    public enum Status { ACCEPTED, REJECTED, THROTTLED }

    /** Per document, in the order given: its status and, when rejected, why. */
    public static final class Outcome {
        public final Status[] status;
        public final String[] reason;
        public int accepted;
        public int rejected;
        public int throttled;

        Outcome(int n) {
            status = new Status[n];
            reason = new String[n];
        }
    }

    /** A batch decoded: its events, and the rejected documents with their reasons. */
    public record Decoded(List<EcsEvent> events, List<Doc> rejectedDocs, List<String> reasons) {
    }

    private final EcsEventDecoder decoder;
    private final ServerMetrics metrics;
    /** null: each request decoded on its own thread only. */
    private final DecodeHelper helper;
    private volatile EqlEngine engine;

    /**
     * @param decoder      its {@link EcsEventDecoder#keepsIndex} scopes rules by index: events then keep
     *                     the index their {@code _bulk} action sent them to
     * @param decodeHelper whether a second thread decodes alongside each request's ({@link DecodeHelper})
     */
    public IngestGate(EcsEventDecoder decoder, ServerMetrics metrics, boolean decodeHelper) {
        this.decoder = decoder;
        this.metrics = metrics;
        this.helper = decodeHelper ? new DecodeHelper() : null;
    }

    /** The engine, once its rules are built; until then {@link #ready()} is false. */
    void engine(EqlEngine engine) {
        this.engine = engine;
    }

    /** Stops the decoding helper thread (the server is closing). */
    void close() {
        if (helper != null) {
            helper.close();
        }
    }

    public boolean ready() {
        return engine != null;
    }

    /**
     * True, and counted, when the engine's queue is full as a request comes: the request is then
     * refused whole before its body is read, rather than read, split and refused item by item —
     * under overload that reading was work spent on nothing.
     */
    public boolean behind(String transport) {
        EqlEngine e = engine;
        if (e == null || e.hasRoom()) {
            return false;
        }
        metrics.refusedUnread(transport);
        return true;
    }

    private static void throttleFrom(int first, Outcome out) {
        for (int d = first; d < out.status.length; d++) {
            out.status[d] = Status.THROTTLED;
        }
        out.throttled += out.status.length - first;
    }

    /**
     * Decodes and offers the documents, in batches, for a transport that answers per document
     * (HTTP). With a {@link DecodeHelper}, it and this thread decode the batches side by side, each
     * taking the next one not yet begun; they are offered in the order given.
     */
    public Outcome ingest(List<Doc> docs, String transport, long receivedNanos) {
        Outcome out = new Outcome(docs.size());
        int size = ServerConfig.BATCH_EVENTS;
        int count = (docs.size() + size - 1) / size;
        IntFunction<Batch> decode = b -> decodeBatch(docs, b * size, Math.min(docs.size(), (b + 1) * size), receivedNanos);
        DecodeHelper.Batches<Batch> batches = helper != null ? helper.share(count, decode) : null;
        for (int b = 0; b < count; b++) {
            int start = b * size;
            if (!engine.hasRoom()) {
                // behind: refuse the rest before decoding what cannot be queued
                stop(batches);
                throttleFrom(start, out);
                break;
            }
            Batch batch = batches != null ? batches.get(b) : decode.apply(b);
            batch.rejectedInto(out);
            if (!batch.events.isEmpty() && !offer(batch.events)) {
                stop(batches);
                for (int d : batch.positions) {
                    out.status[d] = Status.THROTTLED;
                }
                out.throttled += batch.positions.size();
                throttleFrom(Math.min(docs.size(), start + size), out);
                break;
            }
            for (int d : batch.positions) {
                out.status[d] = Status.ACCEPTED;
            }
            out.accepted += batch.positions.size();
        }
        metrics.received(transport, out.accepted);
        metrics.rejected(transport, out.rejected);
        metrics.throttled(transport, out.throttled);
        return out;
    }

    private static void stop(DecodeHelper.Batches<Batch> batches) {
        if (batches != null) {
            batches.stop();
        }
    }

    /** The documents {@code [from, to)} decoded: the events with their positions, the rejected ones with why. */
    private record Batch(List<EcsEvent> events, List<Integer> positions, List<Integer> rejected, List<String> reasons) {
        void rejectedInto(Outcome out) {
            for (int r = 0; r < rejected.size(); r++) {
                out.status[rejected.get(r)] = Status.REJECTED;
                out.reason[rejected.get(r)] = reasons.get(r);
            }
            out.rejected += rejected.size();
        }
    }

    private Batch decodeBatch(List<Doc> docs, int from, int to, long receivedNanos) {
        Batch batch = new Batch(new ArrayList<>(to - from), new ArrayList<>(to - from), new ArrayList<>(), new ArrayList<>());
        try (DocumentRun run = decoder.run()) {
            for (int d = from; d < to; d++) {
                try {
                    batch.events.add(decode(run, docs.get(d), receivedNanos));
                    batch.positions.add(d);
                } catch (EventRejectedException e) {
                    batch.rejected.add(d);
                    batch.reasons.add(e.getMessage());
                }
            }
        }
        return batch;
    }

    /** Decodes documents without handing them over (a transport that waits for room itself: TCP). */
    public Decoded decode(List<Doc> docs, long receivedNanos) {
        Batch batch = decodeBatch(docs, 0, docs.size(), receivedNanos);
        return new Decoded(batch.events, batch.rejected.stream().map(docs::get).toList(), batch.reasons);
    }

    /** Offers decoded events as one batch; false when the engine is behind (nothing was taken). */
    public boolean offer(List<EcsEvent> events) {
        return engine.offer(events);
    }

    /** @param receivedNanos when the transport received it ({@link System#nanoTime()}) */
    private EcsEvent decode(DocumentRun run, Doc doc, long receivedNanos) throws EventRejectedException {
        EcsEvent event = run.decode(doc.buf(), doc.offset(), doc.length(), doc.id());
        event.setReceivedNanos(receivedNanos);
        if (doc.generatedId() != 0) {
            event.setGeneratedId(doc.generatedId());
        }
        if (doc.index() != null && decoder.keepsIndex()) {
            // rules scoped by index: the _bulk action's index, over a search hit's own
            event.setIndex(doc.index());
        }
        return event;
    }
}
