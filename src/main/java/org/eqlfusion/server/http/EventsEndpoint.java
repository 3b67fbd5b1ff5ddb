package org.eqlfusion.server.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eqlfusion.server.IngestGate;
import org.eqlfusion.server.IngestGate.Outcome;
import org.eqlfusion.server.IngestGate.Status;

/**
 * {@code POST /events}: one JSON object, a JSON array of them, or NDJSON. The answer counts what
 * was accepted and lists each refused event by line (or array element) with its reason; the good
 * events beside a bad one are processed. 200 when anything was accepted (or the body was empty),
 * 400 when every event was refused, 429 with Retry-After when the engine had no room — the events
 * from {@code retry_from} on were not taken and should be sent again.
 */
final class EventsEndpoint extends IngestEndpoint {

    private final EventBodies bodies;

    EventsEndpoint(IngestGate gate, WorkerExecutor workers, InflightLimit inflight, EventBodies bodies) {
        super(gate, workers, inflight);
        this.bodies = bodies;
    }

    void handle(RoutingContext ctx) {
        long received = receivedNanos(ctx);
        boolean ndjson = ContentTypes.ndjson(ctx.request().getHeader("Content-Type"));
        byte[] body = body(ctx);
        offLoop(() -> {
            EventBodies.Split split;
            try {
                split = bodies.split(body, ndjson);
            } catch (EventBodies.BodyException e) {
                return EsResponsesBody.error(400, "parse_exception", e.getMessage());
            }
            Outcome outcome = gate.ingest(split.docs(), "http", received);
            return answer(split, outcome, received);
        }).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            EsResponsesBody reply = done.result();
            if (reply.status() == 429) {
                ctx.response().putHeader("Retry-After", "1");
            }
            EsResponses.json(ctx, reply.status(), reply.body());
        });
    }

    private static EsResponsesBody answer(EventBodies.Split split, Outcome outcome, long received) {
        List<EventBodies.Problem> problems = new ArrayList<>(split.problems());
        Long retryFrom = null;
        for (int i = 0; i < split.docs().size(); i++) {
            if (outcome.status[i] == Status.REJECTED) {
                problems.add(new EventBodies.Problem(split.docs().get(i).where(), outcome.reason[i]));
            } else if (outcome.status[i] == Status.THROTTLED && retryFrom == null) {
                retryFrom = split.docs().get(i).where();
            }
        }
        problems.sort(Comparator.comparingLong(EventBodies.Problem::where));
        JsonArray errors = new JsonArray();
        for (EventBodies.Problem p : problems) {
            errors.add(new JsonObject().put(split.unit(), p.where()).put("reason", p.reason()));
        }
        JsonObject body = new JsonObject()
                .put("took", (System.nanoTime() - received) / 1_000_000L)
                .put("accepted", outcome.accepted)
                .put("rejected", problems.size())
                .put("throttled", outcome.throttled)
                .put("errors", errors);
        int status = 200;
        if (retryFrom != null) {
            body.put("retry_from", new JsonObject().put(split.unit(), retryFrom));
            status = 429;
        } else if (outcome.accepted == 0 && !problems.isEmpty()) {
            status = 400;
        }
        return new EsResponsesBody(status, body);
    }

    /** A status and JSON body computed off the event loop. */
    record EsResponsesBody(int status, JsonObject body) {
        static EsResponsesBody error(int status, String type, String reason) {
            return new EsResponsesBody(status, new JsonObject()
                    .put("error", EsResponses.error(type, reason)).put("status", status));
        }
    }
}
