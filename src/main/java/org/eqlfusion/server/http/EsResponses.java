package org.eqlfusion.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers as Elasticsearch gives them: JSON bodies, the product header, errors as
 * {@code {"error": {"type", "reason"}, "status"}}. A client that asked with a versioned media type
 * ({@code application/vnd.elasticsearch+json; compatible-with=8}) gets that type back.
 */
final class EsResponses {

    static final String PRODUCT_HEADER = "X-Elastic-Product";
    static final String PRODUCT = "Elasticsearch";

    private EsResponses() {
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        json(ctx, status, body.toBuffer());
    }

    static void json(RoutingContext ctx, int status, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", contentType(ctx))
                .end(body);
    }

    /** An Elasticsearch error object, with the type a client's error handling knows. */
    static JsonObject error(String type, String reason) {
        return new JsonObject().put("type", type).put("reason", reason);
    }

    static void error(RoutingContext ctx, int status, String type, String reason) {
        json(ctx, status, new JsonObject()
                .put("error", error(type, reason).put("root_cause", new io.vertx.core.json.JsonArray().add(error(type, reason))))
                .put("status", status));
    }

    /** 429 with Retry-After: the engine is behind. */
    static void tooManyRequests(RoutingContext ctx, String reason) {
        ctx.response().putHeader("Retry-After", "1");
        error(ctx, 429, "es_rejected_execution_exception", reason);
    }

    private static String contentType(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        String sent = ctx.request().getHeader("Content-Type");
        String asked = accept != null && accept.contains("vnd.elasticsearch") ? accept
                : sent != null && sent.contains("vnd.elasticsearch") ? sent : null;
        if (asked == null) {
            return "application/json";
        }
        int at = asked.indexOf("compatible-with=");
        String version = at < 0 ? "8" : asked.substring(at + "compatible-with=".length()).replaceAll("[^0-9].*", "");
        return "application/vnd.elasticsearch+json;compatible-with=" + (version.isEmpty() ? "8" : version);
    }
}
