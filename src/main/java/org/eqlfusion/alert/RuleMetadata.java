package org.eqlfusion.alert;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eqlfusion.rules.AlertSuppression;

/**
 * What an alert says about its rule, read from the DRL rule's metadata annotations:
 *
 * <pre>
 *   rule "..."
 *       &#64;ruleId("51ce96fb-9e52-4dad-b0ba-99b54440fc9a")
 *       &#64;name("Incoming DCOM Lateral Movement with MMC")
 *       &#64;ruleDescription("...")   &#64;riskScore(73)   &#64;severity("high")
 *       &#64;tags("Domain: Endpoint; OS: Windows")   (separated by "; ")
 *       &#64;references("https://...")               (separated by " ")
 *       &#64;threat("TA0008 Lateral Movement > T1021 Remote Services > T1021.003 Distributed Component Object Model")
 *       &#64;buildingBlockType("default")             (only on building-block rules)
 *       &#64;suppressBy("host.name, user.name")  &#64;suppressFor("1h")  &#64;suppressMissing("doNotSuppress")
 *                                                  (only on rules whose alerts are suppressed)
 * </pre>
 *
 * <p>{@code uuid} is {@code kibana.alert.rule.uuid}, derived from the rule_id (stable across
 * restarts), worked out once per rule rather than per alert.
 */
public record RuleMetadata(String ruleId, String uuid, String name, String description, int riskScore, String severity,
                           List<String> tags, List<String> references, List<Map<String, Object>> threat,
                           String buildingBlockType, AlertSuppression suppression) {

    /** Drools files {@code @description} under its own annotation type's name. */
    private static final String DROOLS_DESCRIPTION = "org.kie.api.definition.type.Description";

    /** Reads the annotations of a DRL rule; {@code drlRuleName} names the rule in errors. */
    public static RuleMetadata of(String drlRuleName, Map<String, Object> meta) {
        String ruleId = text(meta, "ruleId");
        if (ruleId == null) {
            throw new IllegalStateException("DRL rule \"" + drlRuleName + "\" raises alerts but has no @ruleId");
        }
        String riskScore = text(meta, "riskScore");
        return new RuleMetadata(
                ruleId,
                UUID.nameUUIDFromBytes(ruleId.getBytes(StandardCharsets.UTF_8)).toString(),
                orElse(text(meta, "name"), drlRuleName),
                orElse(text(meta, "ruleDescription"), orElse(text(meta, "description"), orElse(text(meta, DROOLS_DESCRIPTION), ""))),
                riskScore == null ? 21 : Integer.parseInt(riskScore.trim()),
                orElse(text(meta, "severity"), "low"),
                split(text(meta, "tags"), ";"),
                split(text(meta, "references"), " "),
                MitreThreats.parse(orElse(text(meta, "threat"), "")),
                text(meta, "buildingBlockType"),
                suppression(drlRuleName, meta));
    }

    /** The suppression the annotations give, or null; {@code @suppressFor} defaults to Kibana's per-run 5 minutes. */
    private static AlertSuppression suppression(String drlRuleName, Map<String, Object> meta) {
        String by = text(meta, "suppressBy");
        if (by == null) {
            return null;
        }
        String window = text(meta, "suppressFor");
        String missing = orElse(text(meta, "suppressMissing"), "suppress");
        if (!missing.equals("suppress") && !missing.equals("doNotSuppress")) {
            throw new IllegalStateException("DRL rule \"" + drlRuleName + "\": @suppressMissing is \"suppress\" or"
                    + " \"doNotSuppress\", not \"" + missing + "\"");
        }
        return new AlertSuppression(split(by, ","), window == null ? AlertSuppression.PER_RUN : duration(drlRuleName, window),
                missing.equals("suppress"));
    }

    private static final java.util.regex.Pattern DURATION_PART = java.util.regex.Pattern.compile("(\\d+)(ms|d|h|m|s)");

    /** "1h", "90s", "1h30m", as the generator writes durations. */
    private static java.time.Duration duration(String drlRuleName, String text) {
        java.util.regex.Matcher m = DURATION_PART.matcher(text.strip());
        java.time.Duration total = java.time.Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> java.time.Duration.ofMillis(n);
                case "s" -> java.time.Duration.ofSeconds(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                case "h" -> java.time.Duration.ofHours(n);
                default -> java.time.Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.strip().length() || total.isZero()) {
            throw new IllegalStateException("DRL rule \"" + drlRuleName + "\": @suppressFor(\"" + text
                    + "\") is not a duration such as 30m or 1h");
        }
        return total;
    }

    private static String text(Map<String, Object> meta, String key) {
        Object value = meta.get(key);
        if (value == null) {
            return null;
        }
        String s = value.toString();
        // Drools hands annotation values over as written, quotes included in some builds
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static List<String> split(String joined, String separator) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return Arrays.stream(joined.split(java.util.regex.Pattern.quote(separator)))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
