package org.eqlfusion.drl;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No rule text can break out of the DRL, or of the Java the executable model makes of it: quotes,
 * backslashes, $, #, //, line breaks, a unicode-escape look-alike and non-ASCII in every place a
 * rule puts text (name, description, tags, references, field names, values, patterns, function
 * arguments, join keys, the field its categories are read from, its building block type). The rule builds, matches the event holding exactly those values, not one
 * that differs by a character, and the alert carries the text unchanged.
 */
class LiteralEscapingTest {

    private static final String NASTY = "q\"uote \\back $dollar #hash //slash\nnew\rline\ttab \\u0022 é 中 ";
    private static final String FIELD = "odd \"field\" $#//";
    /** The rule's event_category_override. */
    private static final String CATEGORY_FIELD = "kind \"of\" $#// event";

    @ParameterizedTest
    @EnumSource(DrlBuild.Mode.class)
    void hostileTextStaysText(DrlBuild.Mode mode) throws Exception {
        String eqlString = eql(NASTY);
        String query = "sequence by `" + FIELD.replace("`", "``") + "` with maxspan=1m\n"
                + " [process where process.name == \"" + eqlString + "\" and process.args : \"*" + eqlString + "*\""
                + " and stringContains(process.command_line, \"" + eqlString + "\")]\n"
                + " [any where `" + FIELD + "` like~ \"" + eql(NASTY.toUpperCase(java.util.Locale.ROOT)) + "\"]";
        RuleDefinition rule = new RuleDefinition("id-" + NASTY, "name " + NASTY + "\" end rule x when then end",
                "desc " + NASTY, 50, "medium", List.of("tag " + NASTY), List.of("https://x/" + NASTY), List.of(),
                List.of(), query, "nasty.toml", 1, 1, "escaping", null,
                new QuerySettings(CATEGORY_FIELD, QuerySettings.TIMESTAMP, null, null), "block " + NASTY,
                new org.eqlfusion.rules.AlertSuppression(List.of(FIELD, "host.name"), java.time.Duration.ofMinutes(1), true));

        String drl = RuleCompiler.compile(rule);
        DrlBuild.Result built = DrlBuild.build(Map.of("escaping/nasty.drl", drl,
                DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl()), mode);
        assertThat(built.errors()).as(drl).isEmpty();

        List<Alert> alerts = run(built, event(1, NASTY), event(2, NASTY));
        assertThat(alerts).hasSize(1);
        Map<String, Object> doc = alerts.get(0).document();
        assertThat(doc.get("kibana.alert.rule.rule_id")).isEqualTo("id-" + NASTY);
        assertThat(doc.get("kibana.alert.rule.name")).isEqualTo("name " + NASTY + "\" end rule x when then end");
        assertThat(doc.get("kibana.alert.rule.description")).isEqualTo("desc " + NASTY);
        assertThat(doc.get("kibana.alert.rule.tags")).isEqualTo(List.of(("tag " + NASTY).strip()));
        assertThat(doc.get("kibana.alert.building_block_type")).isEqualTo("block " + NASTY);
        // the suppression's field names come through @suppressBy as written
        assertThat(doc.get("kibana.alert.suppression.terms").toString()).startsWith("[{field=" + FIELD + ", value=")
                .contains("{field=host.name, value=null}");

        assertThat(run(built, event(1, NASTY.replace('$', 'S')), event(2, NASTY))).isEmpty();
    }

    /** The text as an EQL string literal's body. */
    private static String eql(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t");
    }

    private static EcsEvent event(int n, String text) {
        Map<String, Object> fields = new HashMap<>();
        fields.put(CATEGORY_FIELD, "process");
        fields.put("process.name", text);
        fields.put("process.args", List.of("x", "[" + text + "]"));
        fields.put("process.command_line", "run " + text + " now");
        fields.put(FIELD, text.toLowerCase(java.util.Locale.ROOT));
        return new EcsEvent(fields, n * 1_000_000_000L, "e" + n);
    }

    private static List<Alert> run(DrlBuild.Result built, EcsEvent... events) throws InterruptedException {
        List<Alert> alerts = new ArrayList<>();
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), "escaping"))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(List.of(events));
        }
        return alerts;
    }
}
