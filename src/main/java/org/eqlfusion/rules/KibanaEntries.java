package org.eqlfusion.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eqlfusion.event.EcsSchema;
import org.eqlfusion.event.Schema;

/**
 * A Kibana exception item's entries as one EQL condition, with the meaning Kibana's query gives
 * them, one conversion per entry type: {@code match} ("is") is {@code field == "v"} (a
 * {@code match_phrase}: exact on keyword fields), {@code match_any} ("is one of") is
 * {@code field in (...)}, {@code wildcard} ("matches") is {@code field like "p"} (a case-sensitive
 * {@code wildcard} query, whose {@code \} escapes), {@code exists} is {@code field != null};
 * operator {@code excluded} ("is not") negates the entry, which then holds on an event without
 * the field, as Kibana's {@code must_not} does. The entries of an item all hold together
 * ({@code and}). {@code nested} entries become conditions on {@code parent.child}.
 * An item's {@code os_types} add, as Kibana does, that {@code host.os.type} or (Elastic Endpoint's)
 * {@code host.os.name.caseless} is one of them.
 */
final class KibanaEntries {

    /** An entry that has no EQL form here, with the reason. */
    static final class Unconvertible extends Exception {
        Unconvertible(String message) {
            super(message);
        }
    }

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_@][A-Za-z0-9_@]*");
    private static final Set<String> KEYWORDS = Set.of("and", "any", "by", "false", "in", "like", "maxspan", "not", "null",
            "or", "regex", "runs", "sample", "sequence", "true", "until", "where", "with");

    private KibanaEntries() {
    }

    /** The item's condition: its entries joined by {@code and}, after its os_types when it has some. */
    static String condition(JsonNode entries, JsonNode osTypes) throws Unconvertible {
        if (!entries.isArray() || entries.isEmpty()) {
            throw new Unconvertible("it has no entries");
        }
        List<String> terms = new ArrayList<>();
        if (osTypes.isArray() && !osTypes.isEmpty()) {
            List<String> values = new ArrayList<>();
            osTypes.forEach(os -> values.add(string(os.asText())));
            String list = "(" + String.join(", ", values) + ")";
            terms.add("(host.os.type in " + list + " or host.os.name.caseless in " + list + ")");
        }
        for (JsonNode entry : entries) {
            terms.add(entry(entry, ""));
        }
        return String.join(" and\n", terms);
    }

    private static String entry(JsonNode entry, String parent) throws Unconvertible {
        String type = entry.path("type").asText("");
        String field = parent + entry.path("field").asText("");
        if (field.isEmpty() || field.endsWith(".")) {
            throw new Unconvertible("an entry has no field: " + entry);
        }
        boolean excluded = "excluded".equals(entry.path("operator").asText("included"));
        JsonNode value = entry.path("value");
        return switch (type) {
            case "match" -> match(field, value, excluded);
            case "match_any" -> matchAny(field, value, excluded);
            case "wildcard" -> wildcard(field, value, excluded);
            case "exists" -> name(field) + (excluded ? " == null" : " != null");
            case "nested" -> nested(field, entry.path("entries"));
            case "list" -> throw new Unconvertible("entry on " + field + " tests value list "
                    + entry.path("list").path("id").asText("?") + ", whose values a Kibana export does not hold");
            default -> throw new Unconvertible("entry on " + field + " has type \"" + type + "\", which Kibana's exceptions do not have");
        };
    }

    private static String match(String field, JsonNode value, boolean excluded) throws Unconvertible {
        if (!value.isValueNode() || value.isNull()) {
            throw new Unconvertible("\"is\" entry on " + field + " needs one value, not " + value);
        }
        return name(field) + (excluded ? " != " : " == ") + literal(field, value.asText());
    }

    private static String matchAny(String field, JsonNode values, boolean excluded) throws Unconvertible {
        if (!values.isArray() || values.isEmpty()) {
            throw new Unconvertible("\"is one of\" entry on " + field + " needs a list of values, not " + values);
        }
        List<String> literals = new ArrayList<>();
        for (JsonNode v : values) {
            literals.add(literal(field, v.asText()));
        }
        return name(field) + (excluded ? " not in (" : " in (") + String.join(", ", literals) + ")";
    }

    private static String wildcard(String field, JsonNode value, boolean excluded) throws Unconvertible {
        if (!value.isTextual()) {
            throw new Unconvertible("\"matches\" entry on " + field + " needs a pattern, not " + value);
        }
        String pattern = likePattern(field, value.asText());
        return (excluded ? "not " : "") + name(field) + " like " + string(pattern);
    }

    /**
     * An Elasticsearch wildcard pattern as an EQL one: {@code *} and {@code ?} the same, {@code \}
     * escaping the character after it. EQL has no escape in patterns, so an escaped {@code *} or
     * {@code ?} (a literal star) cannot be written.
     */
    static String likePattern(String field, String pattern) throws Unconvertible {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char next = pattern.charAt(++i);
                if (next == '*' || next == '?') {
                    throw new Unconvertible("\"matches\" entry on " + field + ": in Elasticsearch's wildcard syntax \\" + next
                            + " is a literal " + next + ", which an EQL pattern cannot hold (a Windows path needs \\\\ for each \\ in Kibana)");
                }
                out.append(next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String nested(String parent, JsonNode entries) throws Unconvertible {
        if (!entries.isArray() || entries.isEmpty()) {
            throw new Unconvertible("nested entry on " + parent + " has no entries");
        }
        List<String> terms = new ArrayList<>();
        for (JsonNode entry : entries) {
            terms.add(entry(entry, parent + "."));
        }
        return terms.size() == 1 ? terms.get(0) : "(" + String.join(" and ", terms) + ")";
    }

    /** A value for {@code field}: a number on a numeric ECS field when it reads as one, else a string. */
    private static String literal(String field, String value) {
        if (EcsSchema.ECS.typeOf(field) == Schema.Type.NUMBER && value.matches("-?\\d{1,18}(\\.\\d+)?")) {
            return value;
        }
        return string(value);
    }

    /** An EQL string literal: double quotes, with {@code \} escapes for quotes, backslashes and control characters. */
    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u{%x}", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A field name as EQL reads it: each part as is, or in back quotes when it is not a plain name or is a keyword. */
    static String name(String field) {
        List<String> parts = new ArrayList<>();
        for (String part : field.split("\\.", -1)) {
            boolean plain = PLAIN_NAME.matcher(part).matches() && !KEYWORDS.contains(part.toLowerCase(Locale.ROOT));
            parts.add(plain ? part : "`" + part.replace("`", "``") + "`");
        }
        return String.join(".", parts);
    }
}
