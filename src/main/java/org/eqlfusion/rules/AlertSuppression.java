package org.eqlfusion.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's alert suppression, as Kibana's {@code [rule.alert_suppression]} gives it: alerts whose
 * {@code groupBy} fields hold the same values are one alert for {@code window} (from that alert's
 * time), the others counted into it. When a {@code groupBy} field is missing, {@code suppressMissing}
 * says whether such alerts form a group of their own (Kibana's {@code "suppress"}, the default) or
 * are each raised ({@code "doNotSuppress"}).
 */
public record AlertSuppression(List<String> groupBy, Duration window, boolean suppressMissing) {

    /** Without a duration Kibana suppresses within each run of the rule: every 5 minutes, its default interval. */
    public static final Duration PER_RUN = Duration.ofMinutes(5);

    public AlertSuppression {
        groupBy = List.copyOf(groupBy);
    }

    /** As an operator reads it: "host.name, user.name for 1h", and when alerts lacking a field are not suppressed, so. */
    public String describe() {
        long s = window.toSeconds();
        String span = s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
        return String.join(", ", groupBy) + " for " + span + (suppressMissing ? "" : ", alerts lacking a field not suppressed");
    }

    /** The {@code [rule.alert_suppression]} table of {@code file}, or null when it has none. */
    static AlertSuppression read(Path file, JsonNode table) throws RuleFileException {
        if (table == null || table.isMissingNode()) {
            return null;
        }
        return read(file + ": [rule.alert_suppression] ", table, List.of());
    }

    /**
     * The settings of {@code table}: {@code group_by}, {@code duration}, {@code missing_fields_strategy},
     * beside {@code otherKeys} (read by the caller); errors start with {@code where}.
     */
    static AlertSuppression read(String where, JsonNode table, List<String> otherKeys) throws RuleFileException {
        List<String> keys = new ArrayList<>(otherKeys);
        keys.addAll(List.of("group_by", "duration", "missing_fields_strategy"));
        for (java.util.Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!keys.contains(key)) {
                throw new RuleFileException(where + "has no setting " + key + "; it takes " + String.join(", ", keys));
            }
        }
        JsonNode group = table.get("group_by");
        if (group == null || !group.isArray() || group.isEmpty() || group.size() > 3) {
            throw new RuleFileException(where + "group_by must list one to three field names, as Kibana takes them");
        }
        List<String> fields = new ArrayList<>();
        for (JsonNode f : group) {
            if (!f.isTextual() || f.asText().isBlank() || f.asText().contains(",")) {
                throw new RuleFileException(where + "group_by must list field names (without commas), not " + f);
            }
            fields.add(f.asText().strip());
        }
        String strategy = table.path("missing_fields_strategy").asText("suppress");
        if (!strategy.equals("suppress") && !strategy.equals("doNotSuppress")) {
            throw new RuleFileException(where + "missing_fields_strategy must be \"suppress\" or \"doNotSuppress\", not "
                    + table.get("missing_fields_strategy"));
        }
        return new AlertSuppression(fields, duration(where, table.get("duration")), strategy.equals("suppress"));
    }

    /** {@code duration = { value = 1, unit = "h" }}; none: {@link #PER_RUN}. */
    private static Duration duration(String where, JsonNode duration) throws RuleFileException {
        if (duration == null) {
            return PER_RUN;
        }
        JsonNode value = duration.get("value");
        String unit = duration.path("unit").asText("");
        if (value == null || !value.canConvertToExactIntegral() || value.asLong() < 1 || value.asLong() > 100_000) {
            throw new RuleFileException(where + "duration.value must be a whole number of units from 1, not " + value);
        }
        return switch (unit) {
            case "s" -> Duration.ofSeconds(value.asLong());
            case "m" -> Duration.ofMinutes(value.asLong());
            case "h" -> Duration.ofHours(value.asLong());
            default -> throw new RuleFileException(where + "duration.unit must be \"s\", \"m\" or \"h\", not "
                    + duration.get("unit"));
        };
    }
}
