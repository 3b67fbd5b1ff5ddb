package org.eqlfusion.drl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.rules.QuerySettings;
import org.eqlfusion.rules.RuleDefinition;
import org.eqlfusion.rules.RuleFileException;
import org.eqlfusion.rules.RuleFileLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule file's optional settings, as Elasticsearch and Kibana honour them:
 * {@code event_category_override} moves {@code info where} onto another field (Elastic's AWS
 * CloudTrail rules read it from {@code event.type}); {@code timestamp_override} is read and changes
 * no answer; a sequence ordered by other fields than the engine's is refused, saying so; a
 * building block's alerts say they are one.
 */
class RuleFileSettingsTest {

    private static final Path RDS_PASSWORD_RULE = Path.of(System.getProperty("eqlfusion.shared", "../shared"))
            .resolve("detection-rules/rules/integrations/aws/persistence_rds_db_instance_password_modified.toml");

    @TempDir
    Path dir;

    @Test
    void elasticsCloudTrailRuleReadsItsCategoryFromEventType() throws Exception {
        RuleDefinition rule = RuleFileLoader.load(RDS_PASSWORD_RULE, RDS_PASSWORD_RULE.getParent());
        assertThat(rule.settings().eventCategoryField()).isEqualTo("event.type");
        assertThat(rule.settings().timestampOverride()).isEqualTo("event.ingested");
        String drl = RuleCompiler.compile(rule);
        assertThat(drl).contains("EcsEvent( eq(\"event.type\", \"info\"),").doesNotContain("category(\"info\")")
                .contains("// Event categories (\"process where\") are read from event.type, the rule's event_category_override.");

        // as the AWS integration writes a CloudTrail ModifyDBInstance call
        Map<String, Object> call = cloudTrailCall(List.of("info"), List.of("database"));
        assertThat(run(drl, call)).hasSize(1);
        // "info" as a category is not what the rule asks for
        assertThat(run(drl, cloudTrailCall(List.of("change"), List.of("info")))).isEmpty();
    }

    @Test
    void theSettingsAreReadAndOtherwiseElasticsearchsDefaults() throws Exception {
        RuleDefinition set = RuleFileLoader.load(write("set.toml", """
                event_category_override = "event.type"
                timestamp_field = "event.created"
                tiebreaker_field = "event.sequence"
                timestamp_override = "event.ingested"
                """), dir);
        assertThat(set.settings()).isEqualTo(new QuerySettings("event.type", "event.created", "event.sequence", "event.ingested"));
        assertThat(RuleFileLoader.load(write("plain.toml", ""), dir).settings()).isEqualTo(QuerySettings.DEFAULT);

        assertThatThrownBy(() -> RuleFileLoader.load(write("bad.toml", "tiebreaker_field = 5\n"), dir))
                .isInstanceOf(RuleFileException.class)
                .hasMessageEndingWith("bad.toml: [rule] tiebreaker_field must be a name, not 5");
    }

    @Test
    void aSequenceOrderedByOtherFieldsIsRefusedNamingThem() throws Exception {
        String sequence = "sequence by host.id with maxspan=1m [process where true] [network where true]";
        RuleDefinition tiebreaker = RuleFileLoader.load(write("tie.toml", "tiebreaker_field = \"event.sequence\"\n", sequence), dir);
        assertThatThrownBy(() -> RuleCompiler.compile(tiebreaker))
                .isInstanceOf(RuleCompileException.class)
                .hasMessageContaining("orders its events by @timestamp then event.sequence")
                .hasMessageContaining("the engine puts every event in @timestamp order, ties by arrival");
        RuleDefinition timestamp = RuleFileLoader.load(write("ts.toml", "timestamp_field = \"event.created\"\n", sequence), dir);
        assertThatThrownBy(() -> RuleCompiler.compile(timestamp)).hasMessageContaining("orders its events by event.created");

        // an event query matches each event alone: its order does not matter
        RuleDefinition single = RuleFileLoader.load(write("one.toml", "tiebreaker_field = \"event.sequence\"\n",
                "process where process.name == \"a\""), dir);
        assertThat(RuleCompiler.compile(single)).contains("category(\"process\")");
    }

    @Test
    void aBuildingBlocksAlertsSayTheyAreOne() throws Exception {
        RuleDefinition block = RuleFileLoader.load(write("block.toml", "building_block_type = \"default\"\n"), dir);
        Map<String, Object> event = Map.of("event.category", "process", "process.name", "a");
        List<Alert> alerts = run(RuleCompiler.compile(block), event);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).document()).containsEntry("kibana.alert.building_block_type", "default");

        List<Alert> plain = run(RuleCompiler.compile(RuleFileLoader.load(write("plain.toml", ""), dir)), event);
        assertThat(plain).hasSize(1);
        assertThat(plain.get(0).document()).doesNotContainKey("kibana.alert.building_block_type");
    }

    private Path write(String name, String settings) throws Exception {
        return write(name, settings, "process where process.name == \"a\"");
    }

    private Path write(String name, String settings, String query) throws Exception {
        return Files.writeString(dir.resolve(name), "[rule]\nrule_id = \"" + name + "\"\nname = \"" + name + "\"\n"
                + "description = \"d\"\nrisk_score = 21\nseverity = \"low\"\n" + settings + "query = '''\n" + query + "\n'''\n");
    }

    private static Map<String, Object> cloudTrailCall(List<String> type, List<String> category) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("data_stream.dataset", "aws.cloudtrail");
        fields.put("event.provider", "rds.amazonaws.com");
        fields.put("event.action", "ModifyDBInstance");
        fields.put("event.outcome", "success");
        fields.put("event.type", type);
        fields.put("event.category", category);
        fields.put("aws.cloudtrail.request_parameters",
                "{dBInstanceIdentifier=prod-db, masterUserPassword=*, applyImmediately=true}");
        return fields;
    }

    private static List<Alert> run(String drl, Map<String, Object> fields) throws InterruptedException {
        DrlBuild.Result built = DrlBuild.build(Map.of("rules/rule.drl", drl), DrlBuild.Mode.DRL);
        assertThat(built.errors()).as(drl).isEmpty();
        List<Alert> alerts = new ArrayList<>();
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), "settings"))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(List.of(new EcsEvent(fields, 1_000_000_000L, "call-1")));
        }
        return alerts;
    }
}
