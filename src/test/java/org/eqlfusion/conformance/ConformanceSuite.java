package org.eqlfusion.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.event.EventRejectedException;

/**
 * One suite of ../shared/eql-conformance, loaded as its README says: the spec files' queries
 * with expected ids, and the events (with @timestamp derived where the suite needs it), decoded
 * with the suite's mapping and tiebreaker and put in (@timestamp, tiebreaker) order.
 */
record ConformanceSuite(String name, List<Spec> specs, List<EcsEvent> events) {

    /** One query of a spec file. {@code expected} is a list of alternatives (one for most queries). */
    /** @param joinKeys the join keys of the expected results, flattened, as text; empty when the spec gives none */
    record Spec(String suite, String name, String query, List<List<Long>> expected, int size, List<String> joinKeys,
                int maxSamplesPerKey) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a suite's loader derives @timestamp (README of eql-conformance, "Loading"). */
    enum Timestamps {
        AS_IS,
        /** Sample data has no time: every event at 0, in file order. */
        NONE,
        /** Windows FILETIME (100 ns ticks since 1601) in "timestamp", to epoch milliseconds. */
        FILETIME_MILLIS,
        /** The raw FILETIME digits read as nanoseconds since 1970: "ms.nnnnnn". */
        FILETIME_DIGITS_AS_NANOS;

        void apply(ObjectNode doc) {
            if (this == NONE) {
                doc.put("@timestamp", 0);
            } else if (this == FILETIME_MILLIS) {
                doc.put("@timestamp", Math.floorDiv(doc.path("timestamp").asLong(), 10_000L) - 11_644_473_600_000L);
            } else if (this == FILETIME_DIGITS_AS_NANOS) {
                String digits = doc.path("timestamp").asText();
                String millis = digits.substring(0, 12);
                String fraction = digits.substring(12);
                doc.put("@timestamp", fraction.matches("0*") ? millis : millis + "." + fraction);
                doc.put("timestamp", doc.path("timestamp").asLong() / 1_000_000L);
            }
        }
    }

    static ConformanceSuite load(Path dir, String name, List<String> specFiles, List<String> dataFiles, List<String> mappings,
                                 String tiebreaker, String idField, Timestamps timestamps) throws IOException {
        List<Spec> specs = new ArrayList<>();
        for (String file : specFiles) {
            specs.addAll(specs(name, dir.resolve(file)));
        }
        // each index is read with its own mapping, as Elasticsearch reads it (a field may be a date in a
        // different format in each); indices without one mapping each share the merged mappings
        boolean ownMappings = mappings.size() == dataFiles.size() && dataFiles.size() > 1;
        EcsEventDecoder merged = new EcsEventDecoder(MappingSchema.read(mappings.stream().map(dir::resolve).toList()), tiebreaker);
        List<EcsEvent> events = new ArrayList<>();
        for (int index = 0; index < dataFiles.size(); index++) {
            String data = dataFiles.get(index);
            EcsEventDecoder decoder = ownMappings
                    ? new EcsEventDecoder(MappingSchema.read(List.of(dir.resolve(mappings.get(index)))), tiebreaker) : merged;
            String text = Files.readAllLines(dir.resolve(data)).stream()
                    .filter(l -> !l.stripLeading().startsWith("//")).collect(Collectors.joining("\n"));
            for (JsonNode node : JSON.readTree(text)) {
                ObjectNode doc = (ObjectNode) node;
                timestamps.apply(doc);
                try {
                    events.add(decoder.decode(JSON.writeValueAsBytes(doc), 0, JSON.writeValueAsBytes(doc).length,
                            doc.path(idField).asText()));
                } catch (EventRejectedException e) {
                    throw new IOException(data + ": " + e.getMessage() + " in " + doc, e);
                }
            }
        }
        events.sort(Comparator.comparingLong(EcsEvent::getTimestampNanos)
                .thenComparingLong(e -> e.get(tiebreaker) instanceof Number n ? n.longValue() : 0L));
        return new ConformanceSuite(name, specs, events);
    }

    private static List<Spec> specs(String suite, Path file) throws IOException {
        // test_extra.toml has bare null inside join_keys arrays, which strict TOML refuses: read it as "null"
        String text = Files.readString(file).replaceAll("(?m)([\\[,]\\s*)null(\\s*[,\\]])", "$1\"null\"$2");
        JsonNode doc = new TomlMapper().readTree(text);
        List<Spec> out = new ArrayList<>();
        for (JsonNode q : doc.path("queries")) {
            List<List<Long>> expected = new ArrayList<>();
            JsonNode ids = q.path("expected_event_ids");
            if (ids.size() > 0 && ids.get(0).isArray()) {
                ids.forEach(alt -> expected.add(longs(alt)));
            } else {
                expected.add(longs(ids));
            }
            List<String> joinKeys = new ArrayList<>();
            q.path("join_keys").forEach(k -> joinKeys.add(k.asText()));
            out.add(new Spec(suite, q.path("name").asText().trim(), q.path("query").asText().trim(), expected,
                    q.path("size").asInt(50), joinKeys, q.path("max_samples_per_key").asInt(1)));
        }
        return out;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }
}
