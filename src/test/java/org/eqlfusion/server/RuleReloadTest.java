package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.map;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hot reload of a rule folder on a running server, over real HTTP: sequences half-way through
 * survive for unchanged rules, a changed rule starts clean, a removed rule stops, a broken rule
 * set is refused with its position while the old one keeps running, and the folder watch picks
 * up a detection-rules TOML file.
 */
class RuleReloadTest {

    static final String SHELLWINDOWS = "windows/lateral_movement_dcom_shellwindow_shellbrowserwindow.drl";
    static final String HTA = "windows/lateral_movement_dcom_hta.drl";
    static final String SEED = "windows/lateral_movement_dcom_mmc20.drl";

    @TempDir
    Path dir;
    Path rules;

    @BeforeEach
    void copyBundledRules() throws IOException {
        rules = dir.resolve("rules");
        Path source = Path.of("rules-drl");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
                Path target = rules.resolve(source.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    private RunningServer start(Duration watch) throws Exception {
        return start(watch, 1);
    }

    /** With the events split by host over {@code sessions} (two: two host shards and a session of every event). */
    private RunningServer start(Duration watch, int sessions) throws Exception {
        return RunningServer.start(dir, c -> {
            c.rules = rules;
            c.rulesWatchInterval = watch;
            c.lateness = Duration.ZERO;
            c.sessions = sessions;
        });
    }

    /** Stage 1 of the seed rule: mmc.exe accepts a connection (the sample's 2nd line). */
    private static void stage1(RunningServer s) throws Exception {
        assertThat(s.post("/events", "application/json", sampleEvents().get(1)).statusCode()).isEqualTo(200);
        s.flush();
    }

    /** Stage 2: the process mmc.exe starts (the sample's 4th line). */
    private static void stage2(RunningServer s) throws Exception {
        assertThat(s.post("/events", "application/json", sampleEvents().get(3)).statusCode()).isEqualTo(200);
        s.flush();
    }

    private static long seedAlerts(RunningServer s) throws IOException {
        return s.alertsInFile().stream().filter(a -> SEED_RULE_ID.equals(a.get("kibana.alert.rule.rule_id"))).count();
    }

    private static Map<String, Object> reload(RunningServer s, int status) throws Exception {
        HttpResponse<String> r = s.post("/rules/_reload", null, new byte[0]);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return map(r.body());
    }

    @ParameterizedTest(name = "sessions={0}")
    @ValueSource(ints = {1, 2})
    void aSequenceOfAnUnchangedRuleCompletesAcrossAReloadThatChangesAndRemovesOthers(int sessions) throws Exception {
        try (RunningServer s = start(null, sessions)) {
            stage1(s);
            Files.writeString(rules.resolve(HTA), Files.readString(rules.resolve(HTA)) + "\n// tuned by an analyst\n");
            Files.delete(rules.resolve(SHELLWINDOWS));
            Map<String, Object> outcome = reload(s, 200);
            assertThat(outcome.get("changed")).isEqualTo(List.of(HTA));
            assertThat(outcome.get("removed")).isEqualTo(List.of(SHELLWINDOWS));

            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);
            String listing = s.get("/rules").body();
            assertThat(listing).contains(SEED_RULE_ID).contains("\"matches\":1").doesNotContain("8f919d4b");
        }
    }

    /**
     * Two sessions: a rule changed to join by process alone may now join events of two hosts, so it
     * moves from the host shards to the session of every event, and back when changed again; it
     * alerts once wherever it runs.
     */
    @Test
    void aRuleThatStopsJoiningByHostMovesToTheSessionOfEveryEventAndBack() throws Exception {
        try (RunningServer s = start(null, 2)) {
            String byHost = Files.readString(rules.resolve(SEED));
            String byProcess = byHost.replace("keys(\"host.id\", ", "keys(");
            assertThat(byProcess).isNotEqualTo(byHost).doesNotContain("keys(\"host.id\"");

            List<Map.Entry<String, String>> steps = List.of(Map.entry(byProcess, "every event"), Map.entry(byHost, "host shards"));
            for (int i = 0; i < steps.size(); i++) {
                Files.writeString(rules.resolve(SEED), steps.get(i).getKey());
                assertThat(reload(s, 200).get("changed")).isEqualTo(List.of(SEED));
                assertThat(seedListing(s)).contains("\"session\":\"" + steps.get(i).getValue() + "\"");
                stage1(s);
                stage2(s);
                assertThat(seedAlerts(s)).as("one more alert, from " + steps.get(i).getValue()).isEqualTo(i + 1);
            }
        }
    }

    /** A folder that held only the state machine: the first alerting rule a reload brings alerts. */
    @Test
    void theFirstAlertingRuleOfAFolderAlertsOnceReloaded() throws Exception {
        String seed = Files.readString(rules.resolve(SEED));
        for (String file : List.of(SEED, HTA, SHELLWINDOWS)) {
            Files.delete(rules.resolve(file));
        }
        try (RunningServer s = start(null)) {
            Files.writeString(rules.resolve(SEED), seed);
            assertThat(reload(s, 200).get("added")).isEqualTo(List.of(SEED));
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);
        }
    }

    /** The seed rule's entry in {@code GET /rules}. */
    private static String seedListing(RunningServer s) throws Exception {
        String body = s.get("/rules").body();
        int at = body.indexOf(SEED_RULE_ID);
        return body.substring(at, body.indexOf('}', at));
    }

    @ParameterizedTest(name = "sessions={0}")
    @ValueSource(ints = {1, 2})
    void aChangedRuleStartsCleanAndARemovedRuleStopsFiring(int sessions) throws Exception {
        try (RunningServer s = start(null, sessions)) {
            // two sessions: the seed rule joins by host, so it runs in the host shards (both sessions of one KieBase)
            assertThat(s.get("/rules").body()).contains("\"session\":" + (sessions == 1 ? "\"all\"" : "\"host shards\""));
            stage1(s);
            Files.writeString(rules.resolve(SEED), Files.readString(rules.resolve(SEED)) + "\n// changed\n");
            assertThat(reload(s, 200).get("changed")).isEqualTo(List.of(SEED));
            stage2(s);
            assertThat(seedAlerts(s)).as("the partial of the old version is gone").isZero();

            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).as("the new version runs").isEqualTo(1);

            Files.delete(rules.resolve(SEED));
            assertThat(reload(s, 200).get("removed")).isEqualTo(List.of(SEED));
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).as("removed: no more alerts").isEqualTo(1);

            Files.writeString(rules.resolve("windows/again.drl"), Files.readString(Path.of("rules-drl").resolve(SEED)));
            assertThat(reload(s, 200).get("added")).isEqualTo(List.of("windows/again.drl"));
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).as("added again: alerts once more, once").isEqualTo(2);
        }
    }

    @Test
    void aBrokenRuleIsRefusedWithItsPositionAndTheOldRulesKeepRunning() throws Exception {
        try (RunningServer s = start(null)) {
            String toml = Files.readString(SharedRules.seedToml())
                    .replace("process.name : \"mmc.exe\"", "process.name : \"mmc.exe\" and lenght(process.name) > 2")
                    .replace("51ce96fb-9e52-4dad-b0ba-99b54440fc9a", "00000000-0000-0000-0000-000000000001");
            Files.writeString(rules.resolve("windows/broken.toml"), toml);
            stage1(s);
            Map<String, Object> refused = reload(s, 422);
            assertThat(refused.get("errors").toString()).contains("broken.toml:41:102: unknown function lenght()");

            stage2(s);
            assertThat(seedAlerts(s)).as("the old rules kept running, partial included").isEqualTo(1);
            Map<String, Object> listing = map(s.get("/rules").body());
            assertThat((String) listing.get("last_error")).contains("broken.toml:41:102");
            assertThat(listing).containsEntry("failed_reloads", 1);
            assertThat(s.get("/metrics").body()).contains("eqlfusion_rules_reload_failing 1.0");

            HttpResponse<String> check = s.post("/rules/_validate?file=broken.toml", "application/toml", toml);
            assertThat(check.statusCode()).isEqualTo(422);
            assertThat(check.body()).contains("broken.toml:41:102: unknown function lenght()");
        }
    }

    @Test
    void theFolderWatchPutsADetectionRuleTomlLive() throws Exception {
        try (RunningServer s = start(Duration.ofMillis(200))) {
            Files.delete(rules.resolve(SEED));
            Files.copy(SharedRules.seedToml(), rules.resolve("windows/lateral_movement_dcom_mmc20.toml"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!s.get("/rules").body().contains("lateral_movement_dcom_mmc20.toml") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(s.get("/rules").body()).contains("lateral_movement_dcom_mmc20.toml").contains(SEED_RULE_ID);
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);
        }
    }

    @Test
    void anExceptionsFileChangesTheRulesItNamesOnReloadAndTheirEventsNoLongerAlert() throws Exception {
        Files.delete(rules.resolve(SEED));
        Path toml = rules.resolve("windows/lateral_movement_dcom_mmc20.toml");
        Files.copy(SharedRules.seedToml(), toml);
        try (RunningServer s = start(null)) {
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);

            // the sample's host: WORKSTATION6
            Path exceptions = rules.resolve("tuning.exceptions.toml");
            Files.writeString(exceptions, """
                    [[exception]]
                    name = "Admins manage workstation 6 over DCOM"
                    rule_ids = ["%s"]
                    where = 'host.name : "workstation6"'
                    """.formatted(SEED_RULE_ID));
            assertThat(reload(s, 200).get("changed")).isEqualTo(List.of("windows/lateral_movement_dcom_mmc20.toml"));
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).as("excepted").isEqualTo(1);
            assertThat(s.get("/rules").body()).contains("\"exceptions\":[\"Admins manage workstation 6 over DCOM\"]");
            // a preview over HTTP shows the rule as it runs: tuned
            io.vertx.core.json.JsonObject preview = new io.vertx.core.json.JsonObject()
                    .put("file", "lateral_movement_dcom_mmc20.toml").put("rule", Files.readString(toml))
                    .put("events", new io.vertx.core.json.JsonArray(sampleEvents().stream().map(io.vertx.core.json.JsonObject::new).toList()));
            HttpResponse<String> previewed = s.post("/rules/_preview", "application/json", preview.encode());
            assertThat(new io.vertx.core.json.JsonObject(previewed.body()).getJsonArray("alerts")).as(previewed.body()).isEmpty();

            // a misspelt rule_id is refused, and the exception that runs stays
            Files.writeString(exceptions, Files.readString(exceptions).replace(SEED_RULE_ID, "51ce96fb"));
            assertThat(reload(s, 422).get("errors").toString())
                    .contains(exceptions + ":1: exception \"Admins manage workstation 6 over DCOM\": no rule file here has rule_id 51ce96fb");
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);

            // checked over HTTP before it is saved: the condition's error at its line and column
            HttpResponse<String> check = s.post("/rules/_validate?file=t.exceptions.toml", "application/toml",
                    "[[exception]]\nname = \"x\"\nall_rules = true\nwhere = 'host.name : \"a\" and lenght(x) > 1'\n");
            assertThat(check.statusCode()).isEqualTo(422);
            assertThat(check.body()).contains("t.exceptions.toml:4:30: unknown function lenght()");

            Files.delete(exceptions);
            assertThat(reload(s, 200).get("changed")).isEqualTo(List.of("windows/lateral_movement_dcom_mmc20.toml"));
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).as("the exception removed").isEqualTo(2);
        }
    }

    @Test
    void exceptionsKeptApartFromTheCatalogueApplyAndAreWatchedWithIt() throws Exception {
        Files.delete(rules.resolve(SEED));
        Files.copy(SharedRules.seedToml(), rules.resolve("windows/lateral_movement_dcom_mmc20.toml"));
        Path tuning = Files.createDirectories(dir.resolve("tuning"));
        Path exceptions = Files.writeString(tuning.resolve("ours.exceptions.toml"), """
                [[exception]]
                name = "Admins manage workstation 6 over DCOM"
                rule_ids = ["%s"]
                where = 'host.name : "workstation6"'
                """.formatted(SEED_RULE_ID));
        try (RunningServer s = RunningServer.start(dir, c -> {
            c.rules = rules;
            c.exceptions = tuning;
            c.rulesWatchInterval = Duration.ofMillis(200);
            c.lateness = Duration.ZERO;
        })) {
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).as("excepted from the start").isZero();

            // the watch sees the tuning folder too
            Files.writeString(exceptions, Files.readString(exceptions).replace("workstation6", "workstation7"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (s.get("/rules").body().contains("\"reloads\":0") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);
        }
    }

    @Test
    void aRuleDisabledBesideItStopsOnReloadAndIsListedWithItsReason() throws Exception {
        Files.delete(rules.resolve(SEED));
        Files.copy(SharedRules.seedToml(), rules.resolve("windows/lateral_movement_dcom_mmc20.toml"));
        try (RunningServer s = start(null)) {
            Files.writeString(rules.resolve("tuning.exceptions.toml"), """
                    [[disabled]]
                    rule_ids = ["%s"]
                    reason = "no DCOM in our estate; SEC-12"
                    """.formatted(SEED_RULE_ID));
            assertThat(reload(s, 200).get("removed")).isEqualTo(List.of("windows/lateral_movement_dcom_mmc20.toml"));
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isZero();
            assertThat(s.get("/rules").body()).contains("\"disabled\":[{\"rule_id\":\"" + SEED_RULE_ID + "\"")
                    .contains("\"reason\":\"no DCOM in our estate; SEC-12\",\"by\":\"tuning.exceptions.toml:1\"");

            // the catalogue updated (the rule file written again) does not turn it back on
            Files.copy(SharedRules.seedToml(), rules.resolve("windows/lateral_movement_dcom_mmc20.toml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(reload(s, 200).get("added")).isEqualTo(List.of());
            // with the other rules gone too, nothing would run: refused, saying why
            Files.delete(rules.resolve(SHELLWINDOWS));
            Files.delete(rules.resolve(HTA));
            assertThat(reload(s, 422).get("errors").toString()).contains(rules + " holds no rule that may run: the 1 it holds"
                    + " are disabled ([[disabled]] in tuning.exceptions.toml:1): the reload would stop every rule");
            Files.delete(rules.resolve("tuning.exceptions.toml"));
            assertThat(reload(s, 200).get("added")).isEqualTo(List.of("windows/lateral_movement_dcom_mmc20.toml"));
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);
        }
    }

    @Test
    void previewOverHttpGivesTheAlertsAndExplainsAnEvent() throws Exception {
        try (RunningServer s = start(null)) {
            io.vertx.core.json.JsonObject request = new io.vertx.core.json.JsonObject()
                    .put("file", "lateral_movement_dcom_mmc20.toml")
                    .put("rule", Files.readString(SharedRules.seedToml()))
                    .put("events", new io.vertx.core.json.JsonArray(sampleEvents().stream()
                            .map(io.vertx.core.json.JsonObject::new).toList()))
                    .put("explain", new io.vertx.core.json.JsonArray().add("evt-0003"));
            HttpResponse<String> r = s.post("/rules/_preview", "application/json", request.encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(r.body());
            assertThat(body.getJsonArray("alerts")).hasSize(1);
            String explanation = body.getJsonObject("explanations").getJsonArray("evt-0003").encode();
            assertThat(explanation).contains("{\"condition\":\"notEq(\\\"source.ip\\\", \\\"::1\\\")\",\"held\":false,"
                    + "\"values\":{\"source.ip\":\"::1\"}");
            assertThat(seedAlerts(s)).as("a preview raises nothing live").isZero();
        }
    }

    @Test
    void putOneRuleByIdReplacesItsFileOrRefusesAndRestoresIt() throws Exception {
        try (RunningServer s = start(null)) {
            String toml = Files.readString(SharedRules.seedToml());
            HttpResponse<String> broken = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("/rules/" + SEED_RULE_ID))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(toml.replace("process.name : \"mmc.exe\"",
                            "process.name : \"mmc.exe\" and lenght(process.name) > 2"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(broken.statusCode()).isEqualTo(422);
            assertThat(broken.body()).contains("41:102: unknown function lenght()");
            assertThat(Files.readString(rules.resolve(SEED))).as("put back as it was").startsWith("package eqlfusion.rules.windows");

            stage1(s);
            HttpResponse<String> put = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("/rules/" + SEED_RULE_ID))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(toml)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(map(put.body()).get("removed")).isEqualTo(List.of(SEED));
            assertThat(map(put.body()).get("added")).isEqualTo(List.of("windows/lateral_movement_dcom_mmc20.toml"));
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);
        }
    }

    @Test
    void aPutThatIsNotThatRulesFileIsRefusedAndTheRuleKeepsRunning() throws Exception {
        try (RunningServer s = start(null)) {
            String drl = Files.readString(rules.resolve(SEED));
            String toml = Files.readString(SharedRules.seedToml());
            // an empty body compiled to no rule at all: it replaced the rule's file, and the rule was gone
            for (String body : List.of("", toml.replace(SEED_RULE_ID, "11111111-2222-4333-8444-555555555555"))) {
                HttpResponse<String> r = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("/rules/" + SEED_RULE_ID))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
                assertThat(r.body()).contains(body.isEmpty() ? "the body is empty" : "the body defines rule_id 11111111-2222-4333-8444-555555555555, not " + SEED_RULE_ID);
                assertThat(Files.readString(rules.resolve(SEED))).isEqualTo(drl);
            }
            stage1(s);
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);

            // curl --data-binary @rule.toml sends it as a form: the body is still the rule file
            HttpResponse<String> asCurlSendsIt = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("/rules/" + SEED_RULE_ID))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(toml)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(asCurlSendsIt.statusCode()).as(asCurlSendsIt.body()).isEqualTo(200);
            assertThat(map(asCurlSendsIt.body()).get("added")).isEqualTo(List.of("windows/lateral_movement_dcom_mmc20.toml"));
        }
    }

    @Test
    void aReloadThatWouldLeaveNoRuleIsRefusedAndTheRulesKeepDetecting() throws Exception {
        try (RunningServer s = start(null)) {
            stage1(s);
            // the folder emptied of rules (moved away, a checkout half done): only the shared state machine is left
            try (Stream<Path> files = Files.walk(rules)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".drl") && !p.endsWith("sequences.drl")).toList()) {
                    Files.delete(f);
                }
            }
            HttpResponse<String> reload = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("/rules/_reload"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(reload.statusCode()).isEqualTo(422);
            assertThat(reload.body()).contains(rules + " holds no rule now: the reload would stop every rule");
            stage2(s);
            assertThat(seedAlerts(s)).isEqualTo(1);
        }
    }

    static final String HELPER_RULE_ID = "00000000-0000-0000-0000-00000000e1f0";

    /** A rule calling the DRL function isMmc, declared in the same file or (withFunction false) elsewhere. */
    private static String helperRule(String pkg, boolean withFunction) {
        return "package " + pkg + ";\n"
                + "import org.eqlfusion.event.EcsEvent;\n"
                + "global org.eqlfusion.alert.Alerts alerts;\n"
                + (withFunction ? "function boolean isMmc(Object name) { return \"mmc.exe\".equalsIgnoreCase(String.valueOf(name)); }\n" : "")
                + "rule \"mmc.exe through a helper\"\n"
                + "    @ruleId(\"" + HELPER_RULE_ID + "\") @name(\"mmc.exe through a helper\") @riskScore(21) @severity(\"low\")\n"
                + "when\n    $e : EcsEvent( category(\"network\"), isMmc( get(\"process.name\") ) )\n"
                + "then\n    alerts.raise( kcontext, $e );\nend\n";
    }

    private static long helperAlerts(RunningServer s) throws IOException {
        return s.alertsInFile().stream().filter(a -> HELPER_RULE_ID.equals(a.get("kibana.alert.rule.rule_id"))).count();
    }

    @ParameterizedTest(name = "sessions={0}")
    @ValueSource(ints = {1, 2})
    void aFileThatCannotJoinTheRunningRulesOnItsOwnIsRefusedWholeAndNothingChanges(int sessions) throws Exception {
        try (RunningServer s = start(null, sessions)) {
            Object before = map(s.get("/rules").body()).get("rules");
            stage1(s);
            // a function in one file, the rule using it in another: Drools builds them together, but a
            // reload puts each file into the running rules on its own
            Files.writeString(rules.resolve("windows/helpers.drl"), "package eqlfusion.rules.windows;\n"
                    + "function boolean isMmc(Object name) { return \"mmc.exe\".equalsIgnoreCase(String.valueOf(name)); }\n");
            Files.writeString(rules.resolve("windows/uses_helper.drl"), helperRule("eqlfusion.rules.windows", false));
            Files.writeString(rules.resolve(HTA), Files.readString(rules.resolve(HTA)) + "\n// tuned\n");
            assertThat(reload(s, 422).get("errors").toString()).contains("windows/uses_helper.drl does not build on its own")
                    .contains("isMmc");
            assertThat(map(s.get("/rules").body()).get("rules")).as("the running rules, as they were").isEqualTo(before);
            stage2(s);
            assertThat(seedAlerts(s)).as("the partial survived the refused reload").isEqualTo(1);

            // the function in the rule's own file, but in the package the running DCOM rules use
            Files.delete(rules.resolve("windows/helpers.drl"));
            Files.writeString(rules.resolve("windows/uses_helper.drl"), helperRule("eqlfusion.rules.windows", true));
            Object running = map(s.get("/rules").body()).get("rules");
            assertThat(reload(s, 422).get("errors").toString())
                    .contains("windows/uses_helper.drl declares functions (isMmc) in package eqlfusion.rules.windows");
            assertThat(map(s.get("/rules").body()).get("rules")).isEqualTo(running);

            // in a package of its own it goes live, in every session, and changes again later
            Files.writeString(rules.resolve("windows/uses_helper.drl"), helperRule("eqlfusion.rules.helpers", true));
            Map<String, Object> applied = reload(s, 200);
            assertThat(applied.get("added")).isEqualTo(List.of("windows/uses_helper.drl"));
            assertThat(applied.get("changed")).isEqualTo(List.of(HTA));
            stage1(s);
            assertThat(helperAlerts(s)).isEqualTo(1);
            Files.writeString(rules.resolve("windows/uses_helper.drl"), helperRule("eqlfusion.rules.helpers", true) + "// tuned\n");
            assertThat(reload(s, 200).get("changed")).isEqualTo(List.of("windows/uses_helper.drl"));
            stage1(s);
            assertThat(helperAlerts(s)).as("the function still resolves after its package was replaced").isEqualTo(2);
        }
    }

    /** A rule that keeps state keyed by no host: with two sessions it runs in the session of every event. */
    private static String networkRule(String pkg, String ruleId, String declaration) {
        return "package " + pkg + ";\n\nimport org.eqlfusion.event.EcsEvent;\n\nglobal org.eqlfusion.alert.Alerts alerts;\n\n"
                + declaration
                + "rule \"Network events, kept\"\n    @ruleId(\"" + ruleId + "\")\nwhen\n"
                + "    $event : EcsEvent( category(\"network\") ) from entry-point \"network events\"\n"
                + "then\n    insert( new java.util.ArrayList<Object>() );\n    alerts.raise( kcontext, $event );\nend\n";
    }

    /**
     * A file that builds on its own but that a running KieBase will not take (it declares EcsEvent
     * again, which Drools finds only as it merges it in): the reload is refused naming it, and the
     * KieBases changed before it are put back. With two sessions the host shards' KieBase has
     * taken the rest of the reload (the seed rule renamed) by the time the session of every event
     * refuses the file.
     */
    @ParameterizedTest(name = "sessions={0}")
    @ValueSource(ints = {1, 2})
    void aReloadDroolsRefusesHalfWayIsUndoneInEveryKieBase(int sessions) throws Exception {
        Files.writeString(rules.resolve("windows/kept.drl"), networkRule("eqlfusion.rules.kept",
                "00000000-0000-0000-0000-00000000000e", ""));
        try (RunningServer s = start(null, sessions)) {
            stage1(s);
            Object before = map(s.get("/rules").body()).get("rules");
            Files.writeString(rules.resolve(SEED), Files.readString(rules.resolve(SEED))
                    .replace("@name(\"Incoming DCOM Lateral Movement with MMC\")", "@name(\"Renamed by the reload\")"));
            String redeclares = "00000000-0000-0000-0000-00000000000f";
            Files.writeString(rules.resolve("windows/redeclares.drl"), networkRule("eqlfusion.rules.redeclares", redeclares,
                    "declare EcsEvent\n    @role(fact)\nend\n\n"));

            String errors = reload(s, 422).get("errors").toString();
            assertThat(errors).contains("windows/redeclares.drl").contains("EcsEvent")
                    .contains("the rules that ran before run again");
            assertThat(map(s.get("/rules").body()).get("rules")).as("the running rules, as they were").isEqualTo(before);
            stage2(s);
            assertThat(seedAlerts(s)).as("the sequence pending when the reload was refused completes").isEqualTo(1);
            assertThat(s.alertsInFile()).filteredOn(a -> SEED_RULE_ID.equals(a.get("kibana.alert.rule.rule_id")))
                    .extracting(a -> a.get("kibana.alert.rule.name"))
                    .as("the seed rule as it ran before, not the renamed one the refused reload brought")
                    .containsExactly("Incoming DCOM Lateral Movement with MMC");
            assertThat(s.alertsInFile()).noneMatch(a -> redeclares.equals(a.get("kibana.alert.rule.rule_id")));

            Files.delete(rules.resolve("windows/redeclares.drl"));
            assertThat(reload(s, 200).get("changed")).as("the rename alone goes live").isEqualTo(List.of(SEED));
            stage1(s);
            stage2(s);
            assertThat(s.alertsInFile()).filteredOn(a -> SEED_RULE_ID.equals(a.get("kibana.alert.rule.rule_id")))
                    .extracting(a -> a.get("kibana.alert.rule.name")).as("an alert names the rule as it runs now")
                    .last().isEqualTo("Renamed by the reload");
        }
    }

    @ParameterizedTest(name = "sessions={0}")
    @ValueSource(ints = {1, 2})
    void aFileWithAFunctionLoadedAtStartCanBeChanged(int sessions) throws Exception {
        Files.writeString(rules.resolve("windows/uses_helper.drl"), helperRule("eqlfusion.rules.helpers", true));
        try (RunningServer s = start(null, sessions)) {
            stage1(s);
            assertThat(helperAlerts(s)).isEqualTo(1);
            Files.writeString(rules.resolve("windows/uses_helper.drl"), helperRule("eqlfusion.rules.helpers", true) + "// tuned\n");
            assertThat(reload(s, 200).get("changed")).isEqualTo(List.of("windows/uses_helper.drl"));
            stage1(s);
            assertThat(helperAlerts(s)).as("the function resolves in the changed file").isEqualTo(2);
        }
    }
}
