package org.eqlfusion.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Elastic detection-rules TOML files: {@code [rule]} with name, rule_id, description,
 * risk_score, severity, tags, references, index, threat, language and query; when present, the
 * query's settings ({@code event_category_override}, {@code timestamp_field},
 * {@code tiebreaker_field}, {@code timestamp_override}), {@code building_block_type} and
 * {@code [rule.alert_suppression]}. Records
 * where the query starts in the file, so that an error in the EQL is reported at its line and
 * column there.
 */
public final class RuleFileLoader {

    private RuleFileLoader() {
    }

    /**
     * @param root the folder the file's DRL package is named from (rules/windows/x.toml under
     *             rules/ gives package suffix "windows"); null to use the file's own folder name
     */
    public static RuleDefinition load(Path file, Path root) throws RuleFileException {
        TomlFiles.Read read = TomlFiles.read(file);
        String text = read.text();
        JsonNode doc = read.doc();
        JsonNode rule = doc.path("rule");
        if (rule.isMissingNode()) {
            throw new RuleFileException(file + ": no [rule] table");
        }
        String language = rule.path("language").asText("eql");
        if (!language.equals("eql")) {
            throw new RuleFileException(file + ": language is " + language + ", not eql");
        }
        String type = rule.path("type").asText("eql");
        if (!type.equals("eql")) {
            throw new RuleFileException(file + ": [rule] type is " + rule.get("type") + ": only EQL rules (type = \"eql\") run here");
        }
        String query = required(file, rule, "query");
        int[] at = TomlFiles.valueStart(text, "query", 0);
        return new RuleDefinition(
                required(file, rule, "rule_id"),
                required(file, rule, "name"),
                oneLine(rule.path("description").asText("")),
                riskScore(file, rule),
                severity(file, rule),
                strings(file, rule, "tags"),
                strings(file, rule, "references"),
                threat(rule.path("threat")),
                strings(file, rule, "index"),
                query,
                sourceName(file, root),
                at[0], at[1],
                packageSuffix(file, root),
                lookback(rule.path("from").asText("now-6m")),
                new QuerySettings(
                        optional(file, rule, "event_category_override", QuerySettings.EVENT_CATEGORY),
                        optional(file, rule, "timestamp_field", QuerySettings.TIMESTAMP),
                        optional(file, rule, "tiebreaker_field", null),
                        optional(file, rule, "timestamp_override", null)),
                optional(file, rule, "building_block_type", null),
                AlertSuppression.read(file, rule.get("alert_suppression")));
    }

    /** A name the rule may set (a field's, a building block type's), or {@code otherwise}; set, it must be a non-blank string. */
    private static String optional(Path file, JsonNode rule, String key, String otherwise) throws RuleFileException {
        JsonNode value = rule.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new RuleFileException(file + ": [rule] " + key + " must be a name, not " + value);
        }
        return value.asText().strip();
    }

    private static String required(Path file, JsonNode rule, String key) throws RuleFileException {
        JsonNode value = rule.get(key);
        if (value != null && !value.isTextual()) {
            throw new RuleFileException(file + ": [rule] " + key + " must be a string, not " + value);
        }
        if (value == null || value.asText().isBlank()) {
            throw new RuleFileException(file + ": [rule] has no " + key);
        }
        return value.asText();
    }

    /** Kibana's range: a whole number from 0 to 100 (21 when the file gives none, as for a low severity). */
    private static int riskScore(Path file, JsonNode rule) throws RuleFileException {
        JsonNode value = rule.get("risk_score");
        if (value == null) {
            return 21;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 100) {
            throw new RuleFileException(file + ": [rule] risk_score must be a whole number from 0 to 100, not " + value);
        }
        return value.asInt();
    }

    private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    private static String severity(Path file, JsonNode rule) throws RuleFileException {
        JsonNode value = rule.get("severity");
        if (value == null) {
            return "low";
        }
        if (!value.isTextual() || !SEVERITIES.contains(value.asText())) {
            throw new RuleFileException(file + ": [rule] severity must be low, medium, high or critical, not " + value);
        }
        return value.asText();
    }

    /** {@code from = "now-9m"} as 9 minutes; null when it is not of that form. */
    static java.time.Duration lookback(String from) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("now-(\\d+)([smhd])").matcher(from.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofDays(n);
        };
    }

    /** A list of strings the rule may give ({@code tags}, {@code references}, {@code index}); empty when it gives none. */
    private static List<String> strings(Path file, JsonNode rule, String key) throws RuleFileException {
        JsonNode array = rule.get(key);
        List<String> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        if (!array.isArray()) {
            throw new RuleFileException(file + ": [rule] " + key + " must be a list of strings, not " + array);
        }
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                throw new RuleFileException(file + ": [rule] " + key + " must be a list of strings; it holds " + n);
            }
            out.add(n.asText());
        }
        return out;
    }

    /** "TA0008 Lateral Movement > T1021 Remote Services > T1021.003 Distributed Component Object Model", one per path. */
    private static List<String> threat(JsonNode threats) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : threats) {
            String tactic = entry(t.path("tactic"));
            if (!t.has("technique") || t.path("technique").isEmpty()) {
                out.add(tactic);
                continue;
            }
            for (JsonNode technique : t.path("technique")) {
                String path = tactic + " > " + entry(technique);
                if (!technique.has("subtechnique") || technique.path("subtechnique").isEmpty()) {
                    out.add(path);
                } else {
                    technique.path("subtechnique").forEach(sub -> out.add(path + " > " + entry(sub)));
                }
            }
        }
        return out;
    }

    private static String entry(JsonNode node) {
        return (node.path("id").asText() + " " + node.path("name").asText()).trim();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The file as the rule's comment names it: relative to the root it was compiled from. */
    static String sourceName(Path file, Path root) {
        Path f = file.toAbsolutePath().normalize();
        Path base = root == null ? null : root.toAbsolutePath().normalize();
        return (base != null && f.startsWith(base) && !f.equals(base) ? base.relativize(f) : f.getFileName())
                .toString().replace('\\', '/');
    }

    private static String packageSuffix(Path file, Path root) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        Path base = root == null ? null : root.toAbsolutePath().normalize();
        String suffix = base != null && folder.startsWith(base) && !folder.equals(base)
                ? base.relativize(folder).toString() : folder.getFileName().toString();
        String pkg = suffix.replace('\\', '.').replace('/', '.').toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.]", "_");
        return pkg.isEmpty() ? "rules" : pkg;
    }
}
