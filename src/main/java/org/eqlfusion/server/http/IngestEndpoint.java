package org.eqlfusion.server.http;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.eqlfusion.server.IngestGate;

/**
 * What {@code /_bulk} and {@code /events} share: the checks every ingest request passes before its
 * body is read (content type, rules loaded, room in the engine's queue, in-flight limit), and
 * decoding off the event loop.
 */
abstract class IngestEndpoint {

    protected final IngestGate gate;
    protected final WorkerExecutor workers;
    private final InflightLimit inflight;

    IngestEndpoint(IngestGate gate, WorkerExecutor workers, InflightLimit inflight) {
        this.gate = gate;
        this.workers = workers;
        this.inflight = inflight;
    }

    /**
     * Runs before the body is read: refuses what cannot be taken in without keeping it — the body of
     * a refused request is let through and dropped, so that the connection is ready for the client's
     * next request (left unread, it held the connection for ever: wrk's four hung on the first 429s).
     */
    void admit(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (!ContentTypes.supported(type)) {
            drop(ctx);
            EsResponses.json(ctx, 406, new io.vertx.core.json.JsonObject()
                    .put("error", "Content-Type header [" + type + "] is not supported; send application/json, "
                            + "application/x-ndjson or application/vnd.elasticsearch+json")
                    .put("status", 406));
            return;
        }
        if (!gate.ready()) {
            drop(ctx);
            ctx.response().putHeader("Retry-After", "5");
            EsResponses.error(ctx, 503, "unavailable_shards_exception", "eql-fusion is loading its rules; retry shortly");
            return;
        }
        if (gate.behind("http")) {
            drop(ctx);
            EsResponses.tooManyRequests(ctx, "eql-fusion is behind: the engine's queue is full; retry");
            return;
        }
        if (!inflight.tryAcquire()) {
            drop(ctx);
            EsResponses.tooManyRequests(ctx, "eql-fusion is behind: " + inflight.max()
                    + " ingest requests are already being read; retry");
            return;
        }
        ctx.put("receivedNanos", System.nanoTime());
        ctx.addEndHandler(done -> inflight.release());
        ctx.next();
    }

    /** Reads the rest of a refused request's body into nothing. */
    private static void drop(RoutingContext ctx) {
        ctx.request().handler(ignored -> { }).endHandler(ignored -> { }).resume();
    }

    /** Runs the heavy part (parsing, decoding, handing to the engine) on a worker thread. */
    protected <T> Future<T> offLoop(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }

    protected static byte[] body(RoutingContext ctx) {
        return IngestBody.of(ctx);
    }

    protected static long receivedNanos(RoutingContext ctx) {
        Long at = ctx.get("receivedNanos");
        return at == null ? System.nanoTime() : at;
    }
}
