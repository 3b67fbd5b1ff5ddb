package org.eqlfusion.server.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eqlfusion.drl.RuleExceptions;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RulePartition;
import org.eqlfusion.engine.RuleSetException;
import org.eqlfusion.event.JsonErrors;
import org.eqlfusion.live.KjarRules;
import org.eqlfusion.live.FolderBuild;
import org.eqlfusion.live.LiveRules;
import org.eqlfusion.preview.Explainer;
import org.eqlfusion.preview.RulePreview;

/**
 * The analysts' endpoints: {@code GET /rules} (what runs: rule_id, name, file, version, matches,
 * the last reload's errors), {@code POST /rules/_reload} (read the rule folder again; a set with an
 * error is refused and the old rules keep running), {@code POST /rules/_validate?file=NAME.toml|.drl}
 * (the body is a rule file; its errors as {@code FILE:LINE:COLUMN: message}).
 */
final class RulesEndpoint {

    private final Supplier<EqlEngine> engine;
    private final LiveRules live;
    private final Supplier<KjarRules> kjar;
    private final WorkerExecutor workers;

    /** @param live null when the server runs rules that are not a folder (the bundled rules, a KJAR) */
    RulesEndpoint(Supplier<EqlEngine> engine, LiveRules live, Supplier<KjarRules> kjar, WorkerExecutor workers) {
        this.engine = engine;
        this.live = live;
        this.kjar = kjar;
        this.workers = workers;
    }

    /** {@code POST /rules/_upgrade?version=V}: the running KJAR to another version of it, partial sequences kept. */
    void upgrade(RoutingContext ctx) {
        if (loading(ctx)) {
            return;
        }
        KjarRules k = kjar.get();
        String version = ctx.request().getParam("version");
        if (k == null || version == null || version.isBlank()) {
            EsResponses.error(ctx, 400, "illegal_argument_exception", k == null
                    ? "the server does not run a KJAR; start it with --set kjar=group:artifact:version"
                    : "say which version: POST /rules/_upgrade?version=1.2.0");
            return;
        }
        workers.executeBlocking(() -> k.upgrade(version), false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            List<String> errors = done.result();
            EsResponses.json(ctx, errors.isEmpty() ? 200 : 422, new JsonObject().put("applied", errors.isEmpty())
                    .put("gav", k.gav()).put("errors", new JsonArray(errors)));
        });
    }

    /** True, with a 503 answered, while the first rules are still being built (nothing to list or change yet). */
    private boolean loading(RoutingContext ctx) {
        if (engine.get() != null) {
            return false;
        }
        ctx.response().putHeader("Retry-After", "5");
        EsResponses.error(ctx, 503, "unavailable_shards_exception", "eql-fusion is loading its rules; retry shortly");
        return true;
    }

    void list(RoutingContext ctx) {
        if (loading(ctx)) {
            return;
        }
        EqlEngine e = engine.get();
        Map<String, Long> matches = e.alertCounts();
        JsonArray rules = new JsonArray();
        JsonObject body = new JsonObject().put("source", e.rulesDescription());
        if (live != null) {
            live.running().values().stream()
                    .sorted((a, b) -> a.source().name().compareTo(b.source().name()))
                    .forEach(loaded -> loaded.ruleIds().stream().sorted().forEach(id -> rules.add(new JsonObject()
                            .put("rule_id", id)
                            .put("name", loaded.names().get(id))
                            .put("file", live.folder().resolve(loaded.source().name()).toString())
                            .put("version", loaded.source().version())
                            .put("exceptions", new JsonArray(loaded.source().exceptions()))
                            .put("suppression", loaded.source().suppression())
                            .put("loaded_at", loaded.loadedAt().toString())
                            .put("session", loaded.session() == LiveRules.EVERY_SESSION ? "all"
                                    : loaded.session() == RulePartition.HOST_SHARDS_KIEBASE ? "host shards" : "every event")
                            .put("matches", matches.getOrDefault(id, 0L)))));
            JsonArray disabled = new JsonArray();
            live.disabled().forEach(d -> disabled.add(new JsonObject().put("rule_id", d.ruleId())
                    .put("file", live.folder().resolve(d.file()).toString()).put("reason", d.reason()).put("by", d.by())));
            body.put("disabled", disabled);
            body.put("last_reload", live.lastReload() == null ? null : live.lastReload().toString())
                    .put("reloads", live.reloads())
                    .put("failed_reloads", live.failedReloads())
                    .put("last_error", live.lastErrors().isEmpty() ? null : String.join("\n", live.lastErrors()))
                    .put("last_errors", new JsonArray(List.copyOf(live.lastErrors())));
        } else {
            matches.forEach((id, n) -> rules.add(new JsonObject().put("rule_id", id).put("matches", n)));
        }
        KjarRules k = kjar.get();
        if (k != null) {
            body.put("gav", k.gav()).put("last_error", k.lastError());
        }
        EsResponses.json(ctx, 200, body.put("rules", rules));
    }

    /** {@code PUT /rules/{rule_id}[?file=NAME.toml]}: the body (a rule file) replaces that rule's file, or adds it; then a reload. */
    void put(RoutingContext ctx) {
        if (loading(ctx)) {
            return;
        }
        if (live == null) {
            EsResponses.error(ctx, 400, "illegal_argument_exception",
                    "the server does not run a rule folder; start it with --rules DIR");
            return;
        }
        String ruleId = ctx.pathParam("rule_id");
        String file = ctx.request().getParam("file");
        String text = new String(IngestBody.of(ctx), StandardCharsets.UTF_8);
        workers.executeBlocking(() -> live.put(ruleId, file, text), false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            outcome(ctx, done.result());
        });
    }

    void reload(RoutingContext ctx) {
        if (loading(ctx)) {
            return;
        }
        if (live == null) {
            EsResponses.error(ctx, 400, "illegal_argument_exception",
                    "the server runs the bundled rules; start it with --rules DIR to reload a rule folder");
            return;
        }
        workers.executeBlocking(() -> {
            LiveRules.Outcome outcome = live.reload();
            live.remember();
            return outcome;
        }, false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            outcome(ctx, done.result());
        });
    }

    void validate(RoutingContext ctx) {
        String file = ctx.request().getParam("file");
        if (file == null || !(file.endsWith(".toml") || file.endsWith(".drl")) || file.contains("/") || file.contains("\\")) {
            EsResponses.error(ctx, 400, "illegal_argument_exception",
                    "say what the body is with ?file=NAME.toml (a detection rule) or ?file=NAME.drl");
            return;
        }
        byte[] body = IngestBody.of(ctx);
        workers.executeBlocking(() -> inTemporaryFile(file, body,
                path -> FolderBuild.validate(path).stream().map(e -> e.replace(path.toString(), file)).toList()), false)
                .onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            List<String> errors = done.result();
            EsResponses.json(ctx, errors.isEmpty() ? 200 : 422, new JsonObject()
                    .put("valid", errors.isEmpty()).put("errors", new JsonArray(errors)));
        });
    }

    /**
     * {@code POST /rules/_preview}: {@code {"file": "x.toml", "rule": "<the rule file's text>",
     * "events": [ECS events], "explain": ["event id", ...]}} → the alerts the rule raises on the
     * events, and for the events named, each stage's conditions with held / failed and the values read.
     * A server that runs a rule folder previews the rule with the folder's exceptions, as it would run.
     */
    void preview(RoutingContext ctx) {
        JsonObject request;
        try {
            byte[] body = IngestBody.of(ctx);
            request = body.length == 0 ? null : new JsonObject(Buffer.buffer(body));
        } catch (RuntimeException e) {
            EsResponses.error(ctx, 400, "parse_exception", "the body is not a JSON object" + (e.getCause() instanceof IOException io
                    ? JsonErrors.atLineAndColumn(io) + ": " + JsonErrors.reason(io) : ": " + e.getMessage()));
            return;
        }
        String file = request == null ? null : request.getString("file");
        if (file == null || !(file.endsWith(".toml") || file.endsWith(".drl")) || file.contains("/") || file.contains("\\")
                || request.getString("rule") == null || request.getJsonArray("events") == null) {
            EsResponses.error(ctx, 400, "illegal_argument_exception",
                    "send {\"file\": \"NAME.toml|NAME.drl\", \"rule\": \"<rule text>\", \"events\": [...], \"explain\": [ids]}");
            return;
        }
        StringBuilder ndjson = new StringBuilder();
        request.getJsonArray("events").forEach(e -> ndjson.append(Json.encode(e)).append('\n'));
        Set<String> explain = new HashSet<>();
        if (request.getJsonArray("explain") != null) {
            request.getJsonArray("explain").forEach(id -> explain.add(String.valueOf(id)));
        }
        String rule = request.getString("rule");
        workers.executeBlocking(() -> inTemporaryFile(file, rule.getBytes(StandardCharsets.UTF_8), path -> {
            List<Path> exceptions = live == null ? List.of() : RuleExceptions.filesUnder(live.folder(), live.tuning());
            try {
                return Map.entry(200, previewBody(RulePreview.run(path, exceptions,
                        ndjson.toString().getBytes(StandardCharsets.UTF_8), explain)));
            } catch (RuleSetException e) {
                return Map.entry(422, new JsonObject().put("errors",
                        new JsonArray(List.of(e.getMessage().replace(path.toString(), file).split("\n")))));
            }
        }), false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            EsResponses.json(ctx, done.result().getKey(), done.result().getValue());
        });
    }

    /** What a rule-file check reads: the body, as a file of the given name in a folder of its own, removed afterwards. */
    private interface FileCheck<T> {
        T apply(Path file) throws IOException;
    }

    private static <T> T inTemporaryFile(String name, byte[] content, FileCheck<T> check) throws IOException {
        Path dir = Files.createTempDirectory("eql-fusion-rule-check");
        try {
            return check.apply(Files.write(dir.resolve(name), content));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A reload's (or a put's) answer: 200 when applied, 422 with the errors when refused. */
    private static void outcome(RoutingContext ctx, LiveRules.Outcome o) {
        EsResponses.json(ctx, o.applied() ? 200 : 422, new JsonObject().put("applied", o.applied())
                .put("added", new JsonArray(o.added())).put("changed", new JsonArray(o.changed()))
                .put("removed", new JsonArray(o.removed())).put("errors", new JsonArray(o.errors())));
    }

    private static JsonObject previewBody(RulePreview.Result result) {
        JsonArray alerts = new JsonArray();
        result.alerts().forEach(a -> alerts.add(new JsonObject(new LinkedHashMap<>(a.document()))));
        JsonObject explanations = new JsonObject();
        result.explanations().forEach((id, stages) -> {
            JsonArray list = new JsonArray();
            for (Explainer.Stage stage : stages) {
                JsonArray conditions = new JsonArray();
                stage.conditions().forEach(c -> conditions.add(new JsonObject().put("condition", c.condition())
                        .put("held", c.held()).put("values", new JsonObject(new LinkedHashMap<>(c.values())))
                        .put("error", c.error())));
                list.add(new JsonObject().put("rule", stage.rule()).put("matched", stage.matched())
                        .put("joined_by", stage.joinKeys()).put("conditions", conditions));
            }
            explanations.put(id, list);
        });
        return new JsonObject().put("events", result.events()).put("alerts", alerts)
                .put("explanations", explanations).put("rejected", new JsonArray(result.rejects()));
    }
}
