package org.eqlfusion.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Kibana's exception lists from an export, so a team that tuned Elastic's rules in Kibana
 * brings that tuning along: an export of exception lists ({@code POST /api/exception_lists/_export},
 * NDJSON: the list, its items, a summary line), or of rules with their exceptions
 * ({@code POST /api/detection_engine/rules/_export}: each rule names the lists it uses in
 * {@code exceptions_list}, and the lists and items follow). Each item becomes one exception with
 * the item's name, its entries as an EQL condition ({@link KibanaEntries}), its description and
 * comments, and its {@code expire_time}. The rules an item applies to are those of the export that
 * use its list, unless the caller names them.
 */
public final class KibanaExceptionImport {

    /** One exception ready for an exceptions file; {@code ruleIds} empty means every rule. */
    public record Imported(String name, List<String> ruleIds, String where, String comment, Instant expires) {
    }

    /**
     * What was read: the exceptions; each item or line that could not be imported, with why; and
     * the items passed over because only rules of other types (query, threshold, machine learning)
     * use their lists, which nothing here runs; and the EQL rules the export has disabled
     * ({@code "enabled": false}).
     */
    public record Result(List<Imported> exceptions, List<String> problems, List<String> passedOver, int items,
                         List<String> disabledRuleIds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private KibanaExceptionImport() {
    }

    /**
     * @param ndjson   the export's text
     * @param source   what to call it in problems (the file's name)
     * @param ruleIds  the rules every item applies to, or null to take them from the export's rules
     * @param allRules every item applies to every rule
     */
    public static Result read(String ndjson, String source, List<String> ruleIds, boolean allRules) {
        List<String> problems = new ArrayList<>();
        List<String> passedOver = new ArrayList<>();
        Map<String, Set<String>> rulesOfList = new LinkedHashMap<>();
        Map<String, Set<String>> otherTypesOfList = new LinkedHashMap<>();
        List<String> disabledRuleIds = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        List<Integer> itemLines = new ArrayList<>();
        String[] lines = ndjson.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode doc;
            try {
                doc = JSON.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                problems.add(source + ":" + (i + 1) + ": not JSON: " + e.getOriginalMessage());
                continue;
            }
            if (doc.has("item_id") && doc.has("entries")) {
                items.add(doc);
                itemLines.add(i + 1);
            } else if (doc.has("rule_id")) {
                boolean eql = "eql".equals(doc.path("type").asText("eql"));
                if (eql && !doc.path("enabled").asBoolean(true)) {
                    disabledRuleIds.add(doc.get("rule_id").asText());
                }
                for (JsonNode list : doc.path("exceptions_list")) {
                    (eql ? rulesOfList : otherTypesOfList).computeIfAbsent(list.path("list_id").asText(), l -> new LinkedHashSet<>())
                            .add(eql ? doc.get("rule_id").asText() : doc.path("type").asText());
                }
            }
            // the lists themselves and the export's summary line say nothing an exception needs
        }
        List<Imported> out = new ArrayList<>();
        for (int n = 0; n < items.size(); n++) {
            JsonNode item = items.get(n);
            String at = source + ":" + itemLines.get(n) + ": item " + item.path("item_id").asText()
                    + " (\"" + item.path("name").asText() + "\")";
            List<String> appliesTo;
            if (allRules) {
                appliesTo = List.of();
            } else if (ruleIds != null && !ruleIds.isEmpty()) {
                appliesTo = ruleIds;
            } else {
                Set<String> users = rulesOfList.get(item.path("list_id").asText());
                Set<String> otherTypes = otherTypesOfList.get(item.path("list_id").asText());
                if (users == null && otherTypes != null) {
                    passedOver.add(at + ": passed over: only " + String.join(", ", otherTypes)
                            + " rules use its list, and only EQL rules run here");
                    continue;
                }
                if (users == null) {
                    problems.add(at + ": no rule in the export uses its list " + item.path("list_id").asText()
                            + "; name the rules it is for (--rule-id, or --all-rules)");
                    continue;
                }
                appliesTo = List.copyOf(users);
            }
            try {
                out.add(new Imported(name(item), appliesTo, KibanaEntries.condition(item.path("entries"), item.path("os_types")),
                        comment(item), expires(item)));
            } catch (KibanaEntries.Unconvertible e) {
                problems.add(at + ": not imported: " + e.getMessage());
            }
        }
        return new Result(out, problems, passedOver, items.size(), List.copyOf(disabledRuleIds));
    }

    private static String name(JsonNode item) {
        String name = item.path("name").asText("").strip();
        return name.isEmpty() ? "Kibana exception " + item.path("item_id").asText() : name;
    }

    /** The item's description and comments, and where it came from. */
    private static String comment(JsonNode item) {
        List<String> parts = new ArrayList<>();
        String description = item.path("description").asText("").strip();
        if (!description.isEmpty() && !description.equals("Exception list item")) {
            parts.add(description);
        }
        for (JsonNode comment : item.path("comments")) {
            String text = comment.path("comment").asText("").strip();
            if (!text.isEmpty()) {
                String by = comment.path("created_by").asText("");
                parts.add(by.isEmpty() ? text : by + ": " + text);
            }
        }
        parts.add("from Kibana list " + item.path("list_id").asText() + ", item " + item.path("item_id").asText());
        return String.join(" / ", parts).replaceAll("\\s*\\R\\s*", " ");
    }

    private static Instant expires(JsonNode item) throws KibanaEntries.Unconvertible {
        JsonNode value = item.get("expire_time");
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new KibanaEntries.Unconvertible("expire_time " + value + " is not a time with its zone");
        }
    }
}
