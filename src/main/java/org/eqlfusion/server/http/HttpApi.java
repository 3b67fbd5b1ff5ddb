package org.eqlfusion.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.live.KjarRules;
import org.eqlfusion.live.LiveRules;
import org.eqlfusion.server.IngestGate;
import org.eqlfusion.server.ServerConfig;
import org.eqlfusion.sink.AlertSubscribers;
import org.eqlfusion.sink.RecentAlerts;

/**
 * The HTTP routes, in one place:
 * <pre>
 *   POST /_bulk, /{index}/_bulk   ingest   Elasticsearch bulk
 *   POST /events                  ingest   JSON object, array or NDJSON
 *   GET  /, /_license, /_xpack,   ingest   what shippers ask an Elasticsearch before sending
 *        template / ILM set-up
 *   GET  /alerts, /alerts/stream  admin    recent alerts; Server-Sent Events
 *   GET  /rules                   admin    what runs; POST /rules/_reload, /rules/_validate, /rules/_preview,
 *                                          /rules/_upgrade; PUT /rules/{rule_id}
 *   GET  /metrics                 admin    Prometheus
 *   GET  /health                  open     200 once the rules are loaded, 503 before
 * </pre>
 * Every answer carries {@code X-Elastic-Product: Elasticsearch}.
 */
public final class HttpApi {

    private static final Logger LOG = Logger.getLogger(HttpApi.class.getName());

    private HttpApi() {
    }

    public static Router router(Vertx vertx, WorkerExecutor workers, ServerConfig config, IngestGate gate, RecentAlerts recent,
                                AlertSubscribers subscribers, PrometheusMeterRegistry registry,
                                Supplier<JsonObject> health, Supplier<EqlEngine> engine,
                                LiveRules live, Supplier<KjarRules> kjar) {
        Router router = Router.router(vertx);
        ApiKeyAuth auth = new ApiKeyAuth(config.ingestApiKeys, config.adminApiKeys);
        InflightLimit inflight = new InflightLimit(config.maxInflightRequests);
        IngestBody bodies = new IngestBody(config.maxBodyBytes);

        router.route().handler(ctx -> {
            ctx.response().putHeader(EsResponses.PRODUCT_HEADER, EsResponses.PRODUCT);
            ctx.next();
        });

        BulkEndpoint bulk = new BulkEndpoint(gate, workers, inflight, config.maxLineBytes);
        EventsEndpoint events = new EventsEndpoint(gate, workers, inflight,
                new EventBodies(config.maxNestingDepth, config.maxLineBytes));
        // two routes per endpoint: the checks first, before a byte of the body is read (Vert.x puts
        // a body handler ahead of every other handler of its own route), then the body and the work
        for (String path : new String[] {"/_bulk", "/:index/_bulk"}) {
            for (var method : new HttpMethod[] {HttpMethod.POST, HttpMethod.PUT}) {
                router.route(method, path).handler(auth.require(ApiKeyAuth.Level.INGEST)).handler(bulk::admit);
                router.route(method, path).handler(bodies).handler(bulk::handle);
            }
        }
        router.post("/events").handler(auth.require(ApiKeyAuth.Level.INGEST)).handler(events::admit);
        router.post("/events").handler(bodies).handler(events::handle);

        ElasticsearchFacade.mount(router, auth.require(ApiKeyAuth.Level.INGEST));

        AlertsEndpoint alerts = new AlertsEndpoint(recent, subscribers);
        router.get("/alerts").handler(auth.require(ApiKeyAuth.Level.ADMIN)).handler(alerts::list);
        router.get("/alerts/stream").handler(auth.require(ApiKeyAuth.Level.ADMIN)).handler(alerts::stream);
        RulesEndpoint rules = new RulesEndpoint(engine, live, kjar, workers);
        // read as sent, whatever the Content-Type: curl --data-binary @rule.toml says form-urlencoded,
        // and Vert.x's BodyHandler then decoded the rule as a form (400 "bad request: null")
        IngestBody ruleBodies = new IngestBody(4L * 1024 * 1024);
        router.get("/rules").handler(auth.require(ApiKeyAuth.Level.ADMIN)).handler(rules::list);
        router.post("/rules/_reload").handler(auth.require(ApiKeyAuth.Level.ADMIN));
        router.post("/rules/_reload").handler(rules::reload);
        router.post("/rules/_validate").handler(auth.require(ApiKeyAuth.Level.ADMIN));
        router.post("/rules/_validate").handler(ruleBodies).handler(rules::validate);
        router.put("/rules/:rule_id").handler(auth.require(ApiKeyAuth.Level.ADMIN));
        router.put("/rules/:rule_id").handler(ruleBodies).handler(rules::put);
        router.post("/rules/_upgrade").handler(auth.require(ApiKeyAuth.Level.ADMIN)).handler(rules::upgrade);
        router.post("/rules/_preview").handler(auth.require(ApiKeyAuth.Level.ADMIN));
        router.post("/rules/_preview").handler(ruleBodies).handler(rules::preview);
        router.get("/metrics").handler(auth.require(ApiKeyAuth.Level.ADMIN)).handler(PrometheusScrapingHandler.create(registry));
        router.get("/health").handler(ctx -> {
            JsonObject h = health.get();
            EsResponses.json(ctx, "ready".equals(h.getString("status")) ? 200 : 503, h);
        });

        router.route().last().handler(ctx -> EsResponses.error(ctx, 404, "resource_not_found_exception",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        router.route().failureHandler(HttpApi::failure);
        return router;
    }

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            EsResponses.error(ctx, 413, "content_too_long_exception",
                    "the request body is larger than the limit (max-body-bytes)");
        } else if (status >= 400 && status < 500) {
            EsResponses.error(ctx, status, "illegal_argument_exception", "bad request: "
                    + (ctx.failure() == null ? "HTTP " + status : ctx.failure().getMessage()));
        } else {
            LOG.log(Level.SEVERE, "request " + ctx.request().method() + " " + ctx.request().path() + " failed", ctx.failure());
            EsResponses.error(ctx, 500, "exception", "internal error: "
                    + (ctx.failure() == null ? "HTTP " + status : ctx.failure().toString()));
        }
    }
}
