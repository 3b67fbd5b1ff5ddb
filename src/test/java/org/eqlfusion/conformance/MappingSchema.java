package org.eqlfusion.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.eqlfusion.event.DateField;
import org.eqlfusion.event.Schema;

/** A conformance index mapping as a {@link Schema}: long/integer fields are numbers, ip fields addresses, aliases followed. */
final class MappingSchema implements Schema {

    private final Map<String, Type> types = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, Object> nullValues = new HashMap<>();
    private final Map<String, DateField> dates = new HashMap<>();

    /** One schema for indices searched together (their mappings merged). */
    static MappingSchema read(java.util.List<Path> mappings) throws IOException {
        MappingSchema schema = new MappingSchema();
        for (Path mapping : mappings) {
            String json = Files.readAllLines(mapping).stream().filter(l -> !l.stripLeading().startsWith("#"))
                    .collect(Collectors.joining("\n")).replace("[runtime_random_keyword_type]", "keyword");
            schema.walk("", new ObjectMapper().readTree(json).path("properties"));
        }
        return schema;
    }

    private void walk(String prefix, JsonNode properties) {
        properties.fields().forEachRemaining(e -> {
            String name = prefix + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                walk(name + ".", def.path("properties"));
                return;
            }
            if (def.has("null_value")) {
                nullValues.put(name, def.path("null_value").asText());
            }
            switch (def.path("type").asText()) {
                case "long", "integer", "short", "byte", "double", "float" -> types.put(name, Type.NUMBER);
                case "ip" -> types.put(name, Type.IP);
                case "date", "date_nanos" -> {
                    types.put(name, Type.DATE);
                    dates.put(name, new DateField(pattern(def.path("format").asText(""))));
                }
                case "version" -> types.put(name, Type.VERSION);
                case "alias" -> aliases.put(name, def.path("path").asText());
                default -> types.put(name, Type.KEYWORD);
            }
        });
    }

    @Override
    public Type typeOf(String field) {
        String target = aliases.getOrDefault(field, field);
        return types.getOrDefault(target, Type.KEYWORD);
    }

    /** A format that is a pattern ("dd-MM-yyyy") as a formatter; none, or Elasticsearch's named formats: null. */
    private static java.time.format.DateTimeFormatter pattern(String format) {
        if (format.isEmpty() || format.contains("||") || format.contains("_") || !format.matches(".*[yMd].*")) {
            return null;
        }
        return java.time.format.DateTimeFormatter.ofPattern(format, java.util.Locale.ROOT);
    }

    @Override
    public DateField dateField(String field) {
        return dates.get(aliases.getOrDefault(field, field));
    }

    @Override
    public Object nullValue(String field) {
        return nullValues.get(field);
    }

    @Override
    public Map<String, String> aliases() {
        return aliases;
    }
}
