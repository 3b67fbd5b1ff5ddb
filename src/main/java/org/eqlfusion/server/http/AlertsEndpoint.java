package org.eqlfusion.server.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eqlfusion.sink.AlertSubscribers;
import org.eqlfusion.sink.RecentAlerts;

/**
 * {@code GET /alerts}: the recent alerts, newest first, filtered by {@code rule_id}, {@code host}
 * (host.name), {@code from} / {@code to} (ISO-8601, on the alert's @timestamp) and {@code size}
 * (default 100). {@code GET /alerts/stream}: the same filters, as Server-Sent Events, one
 * {@code event: alert} per new alert; a subscriber too slow to keep up is disconnected rather
 * than buffered without end.
 */
final class AlertsEndpoint {

    private static final int DEFAULT_SIZE = 100;
    private static final int MAX_SIZE = 10_000;
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final RecentAlerts recent;
    private final AlertSubscribers subscribers;

    AlertsEndpoint(RecentAlerts recent, AlertSubscribers subscribers) {
        this.recent = recent;
        this.subscribers = subscribers;
    }

    void list(RoutingContext ctx) {
        RecentAlerts.Query q = queryOrRefuse(ctx);
        if (q == null) {
            return;
        }
        List<byte[]> found = recent.find(q);
        Buffer body = Buffer.buffer(256 + found.size() * 2048).appendString("{\"count\":" + found.size() + ",\"alerts\":[");
        for (int i = 0; i < found.size(); i++) {
            if (i > 0) {
                body.appendByte((byte) ',');
            }
            body.appendBytes(found.get(i));
        }
        EsResponses.json(ctx, 200, body.appendString("]}"));
    }

    void stream(RoutingContext ctx) {
        RecentAlerts.Query q = queryOrRefuse(ctx);
        if (q == null) {
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": eql-fusion alert stream\n\n");
        Vertx vertx = ctx.vertx();
        Context context = vertx.getOrCreateContext();
        Runnable[] unsubscribe = new Runnable[1];
        unsubscribe[0] = subscribers.subscribe((alert, json) -> {
            if (!RecentAlerts.matches(alert, q)) {
                return;
            }
            context.runOnContext(v -> {
                if (response.closed() || response.ended()) {
                    return;
                }
                if (response.writeQueueFull()) {
                    unsubscribe[0].run();
                    response.reset();
                    return;
                }
                response.write(Buffer.buffer(json.length + 32).appendString("event: alert\ndata: ")
                        .appendBytes(json).appendString("\n\n", StandardCharsets.UTF_8.name()));
            });
        });
        long heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> {
            if (!response.closed() && !response.ended()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(v -> {
            unsubscribe[0].run();
            vertx.cancelTimer(heartbeat);
        });
        // the server is stopping: end the stream so that the shutdown need not wait for the client
        ctx.request().connection().shutdownHandler(v -> {
            unsubscribe[0].run();
            vertx.cancelTimer(heartbeat);
            if (!response.ended()) {
                response.end();
            }
        });
    }

    /** The request's filters; null, with a 400 answered, when one does not parse. */
    private static RecentAlerts.Query queryOrRefuse(RoutingContext ctx) {
        try {
            return query(ctx);
        } catch (IllegalArgumentException e) {
            EsResponses.error(ctx, 400, "illegal_argument_exception", e.getMessage());
            return null;
        }
    }

    /** What the filters are called; another name is refused, as Elasticsearch refuses it, rather than ignored. */
    private static final List<String> PARAMETERS = List.of("rule_id", "host", "from", "to", "size");

    private static RecentAlerts.Query query(RoutingContext ctx) {
        for (String name : ctx.request().params().names()) {
            if (!PARAMETERS.contains(name)) {
                // ?rule=... for ?rule_id=... would otherwise answer every alert, as if the filter held
                throw new IllegalArgumentException("unknown parameter [" + name + "]; " + ctx.request().path()
                        + " takes " + String.join(", ", PARAMETERS));
            }
        }
        String size = ctx.request().getParam("size");
        int n = DEFAULT_SIZE;
        if (size != null) {
            try {
                n = Integer.parseInt(size);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("size: '" + size + "' is not a number");
            }
            if (n < 0 || n > MAX_SIZE) {
                throw new IllegalArgumentException("size: must be between 0 and " + MAX_SIZE);
            }
        }
        return new RecentAlerts.Query(ctx.request().getParam("rule_id"), ctx.request().getParam("host"),
                instant(ctx, "from"), instant(ctx, "to"), n);
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not an ISO-8601 instant (e.g. 2026-11-28T10:00:00Z)");
        }
    }
}
