package org.eqlfusion.server.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.event.GeneratedIds;
import org.eqlfusion.server.IngestGate;
import org.eqlfusion.server.IngestGate.Doc;
import org.eqlfusion.server.IngestGate.Outcome;
import org.eqlfusion.server.IngestGate.Status;

/**
 * {@code POST /_bulk} and {@code POST /{index}/_bulk}, answered as Elasticsearch answers them:
 * {@code took}, {@code errors}, and one item per action with {@code _index}, {@code _id},
 * {@code status}, and an {@code error} for each failed one — 400 for a document that is not a
 * usable event (with its line and reason), 429 for one the engine had no room for (retry it).
 * When every item is 429 the whole answer is 429, with Retry-After.
 */
final class BulkEndpoint extends IngestEndpoint {

    private static final JsonFactory JSON = new JsonFactory();
    // the names every item has, encoded once
    private static final SerializedString INDEX = new SerializedString("_index");
    private static final SerializedString ID = new SerializedString("_id");
    /**
     * What follows {@code _id} in an accepted item, the same every time: written as it stands, not
     * field by field (the generator's context is left as after {@code _id}; the item's object is
     * closed next, which needs no comma).
     */
    private static final SerializedString CREATED_TAIL = new SerializedString(
            ",\"_version\":1,\"result\":\"created\",\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0},\"status\":201");

    private final int maxLineBytes;

    BulkEndpoint(IngestGate gate, WorkerExecutor workers, InflightLimit inflight, int maxLineBytes) {
        super(gate, workers, inflight);
        this.maxLineBytes = maxLineBytes;
    }

    void handle(RoutingContext ctx) {
        long received = receivedNanos(ctx);
        String pathIndex = ctx.pathParam("index");
        BodyParts body = IngestBody.parts(ctx);
        offLoop(() -> {
            List<BulkRequest.Item> items;
            try {
                items = BulkRequest.parse(body, pathIndex, maxLineBytes);
            } catch (BulkRequest.SyntaxException e) {
                return new Reply(400, null, e.getMessage());
            }
            List<Doc> docs = new ArrayList<>(items.size());
            for (BulkRequest.Item item : items) {
                if (item.doc() != null) {
                    docs.add(item.doc());
                }
            }
            Outcome outcome = gate.ingest(docs, "http", received);
            boolean allThrottled = outcome.throttled > 0 && outcome.accepted == 0 && outcome.rejected == 0
                    && docs.size() == items.size();
            return new Reply(allThrottled ? 429 : 200, answer(items, outcome, received), null);
        }).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            Reply reply = done.result();
            if (reply.syntaxError() != null) {
                EsResponses.error(ctx, 400, "illegal_argument_exception", reply.syntaxError());
                return;
            }
            if (reply.throttled()) {
                ctx.response().putHeader("Retry-After", "1");
            }
            EsResponses.json(ctx, reply.status(), reply.body());
        });
    }

    private record Reply(int status, Answer answer, String syntaxError) {
        Buffer body() {
            return answer.body();
        }

        boolean throttled() {
            return answer != null && answer.throttled();
        }
    }

    private record Answer(Buffer body, boolean throttled) {
    }

    private static Answer answer(List<BulkRequest.Item> items, Outcome outcome, long receivedNanos) {
        // written straight into the response's buffer, sized for the usual answer: no copy of it after
        Buffer body = Buffer.buffer(64 + items.size() * 200);
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                body.appendByte((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                body.appendBytes(b, off, len);
            }
        };
        boolean throttled = outcome.throttled > 0;
        char[] idChars = new char[GeneratedIds.MAX_LENGTH];
        String lastIndex = null; // the items of a request mostly share one index: encoded once
        SerializedString lastIndexJson = null;
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("took", (System.nanoTime() - receivedNanos) / 1_000_000L);
            g.writeBooleanField("errors", outcome.accepted < items.size());
            g.writeArrayFieldStart("items");
            int d = 0;
            for (BulkRequest.Item item : items) {
                g.writeStartObject();
                g.writeObjectFieldStart(item.action());
                g.writeFieldName(INDEX);
                if (!item.index().equals(lastIndex)) {
                    lastIndex = item.index();
                    lastIndexJson = new SerializedString(lastIndex);
                }
                g.writeString(lastIndexJson);
                if (item.id() != null) {
                    g.writeFieldName(ID);
                    g.writeString(item.id());
                } else if (item.generatedId() != 0) {
                    g.writeFieldName(ID);
                    g.writeString(idChars, 0, GeneratedIds.write(item.generatedId(), idChars));
                }
                if (item.doc() == null) {
                    g.writeNumberField("status", 400);
                    error(g, "illegal_argument_exception", item.unsupported());
                } else {
                    Status status = outcome.status[d];
                    switch (status) {
                        case ACCEPTED -> g.writeRaw(CREATED_TAIL);
                        case REJECTED -> {
                            g.writeNumberField("status", 400);
                            error(g, "document_parsing_exception", "line " + item.doc().where() + ": " + outcome.reason[d]);
                        }
                        case THROTTLED -> {
                            g.writeNumberField("status", 429);
                            error(g, "es_rejected_execution_exception",
                                    "eql-fusion is behind: the engine's queue is full; retry this item");
                        }
                    }
                    d++;
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Answer(body, throttled);
    }

    private static void error(JsonGenerator g, String type, String reason) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeStringField("type", type);
        g.writeStringField("reason", reason);
        g.writeEndObject();
    }
}
