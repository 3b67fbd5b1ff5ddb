package org.eqlfusion.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The Elasticsearch calls shippers make before they send: {@code GET /} (the version, 8.x),
 * {@code GET /_license} (basic, active), {@code GET /_xpack}, and harmless answers to the index
 * template, ILM policy, ingest pipeline and data stream set-up calls of Beats and Elastic Agent —
 * looked up, they are not there (404); put, they are acknowledged and ignored.
 */
final class ElasticsearchFacade {

    /** The Elasticsearch version we answer as. */
    static final String VERSION = "8.19.0";
    private static final String CLUSTER_UUID = UUID.nameUUIDFromBytes("eql-fusion".getBytes()).toString();
    private static final String[] SETUP_PATHS = {
        "/_index_template/:name", "/_template/:name", "/_component_template/:name", "/_ilm/policy/:name",
        "/_ingest/pipeline/:name", "/_data_stream/:name", "/_security/privilege/:name"
    };

    private ElasticsearchFacade() {
    }

    static void mount(Router router, io.vertx.core.Handler<RoutingContext> auth) {
        router.get("/").handler(auth).handler(ElasticsearchFacade::root);
        router.head("/").handler(auth).handler(ctx -> ctx.response().setStatusCode(200).end());
        router.get("/_license").handler(auth).handler(ctx -> EsResponses.json(ctx, 200, new JsonObject()
                .put("license", new JsonObject()
                        .put("status", "active").put("uid", CLUSTER_UUID).put("type", "basic")
                        .put("issue_date", "2026-01-01T00:00:00.000Z").put("issue_date_in_millis", 1767225600000L)
                        .put("max_nodes", 1000).put("max_resource_units", null)
                        .put("issued_to", "eql-fusion").put("issuer", "elasticsearch")
                        .put("start_date_in_millis", -1))));
        router.get("/_xpack").handler(auth).handler(ctx -> EsResponses.json(ctx, 200, new JsonObject()
                .put("build", new JsonObject().put("hash", "eql-fusion").put("date", "2026-01-01T00:00:00Z"))
                .put("license", new JsonObject().put("uid", CLUSTER_UUID).put("type", "basic").put("mode", "basic")
                        .put("status", "active"))
                .put("features", new JsonObject())));
        for (String path : SETUP_PATHS) {
            router.get(path).handler(auth).handler(ctx -> notFound(ctx));
            router.head(path).handler(auth).handler(ctx -> ctx.response().setStatusCode(404).end());
            router.put(path).handler(auth).handler(ctx -> EsResponses.json(ctx, 200, new JsonObject().put("acknowledged", true)));
            router.post(path).handler(auth).handler(ctx -> EsResponses.json(ctx, 200, new JsonObject().put("acknowledged", true)));
        }
    }

    private static void root(RoutingContext ctx) {
        EsResponses.json(ctx, 200, new JsonObject()
                .put("name", "eql-fusion")
                .put("cluster_name", "eql-fusion")
                .put("cluster_uuid", CLUSTER_UUID)
                .put("version", new JsonObject()
                        .put("number", VERSION)
                        .put("build_flavor", "default")
                        .put("build_type", "tar")
                        .put("build_hash", "eql-fusion")
                        .put("build_date", "2026-01-01T00:00:00.000Z")
                        .put("build_snapshot", false)
                        .put("lucene_version", "9.12.2")
                        .put("minimum_wire_compatibility_version", "7.17.0")
                        .put("minimum_index_compatibility_version", "7.0.0"))
                .put("tagline", "You Know, for Search"));
    }

    private static void notFound(RoutingContext ctx) {
        String what = ctx.request().path();
        EsResponses.json(ctx, 404, new JsonObject()
                .put("error", EsResponses.error("resource_not_found_exception", what + " is not kept by eql-fusion")
                        .put("root_cause", new JsonArray()))
                .put("status", 404));
    }
}
