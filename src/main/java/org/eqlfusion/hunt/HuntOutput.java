package org.eqlfusion.hunt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eqlfusion.event.EcsEvent;

/**
 * A hunt's results as JSON lines shaped as the hits of Elasticsearch's EQL search: an event as
 * {@code {"_index", "_id", "_source"}}, a sequence or sample as {@code {"join_keys", "events"}},
 * a missing-event slot as {@code {"missing": true}}. {@code _source} is the event as its line in
 * the file wrote it (read again from the file: the engine keeps events normalised), or the
 * {@code _source} of a line that is itself a search hit.
 */
public final class HuntOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HuntOutput() {
    }

    /** Writes each result of {@code result}, found by a hunt over {@code events}, as one line to {@code out}. */
    public static void write(Hunt.Result result, Path events, PrintStream out) throws IOException {
        Map<Long, String> text = lines(events, new HashSet<>(result.lines().values()));
        for (HuntMatch match : result.results()) {
            JsonNode hit = match.event() ? event(match.events().get(0), result, text) : sequence(match, result, text);
            out.println(JSON.writeValueAsString(hit));
        }
    }

    private static ObjectNode sequence(HuntMatch match, Hunt.Result result, Map<Long, String> text) throws IOException {
        ObjectNode hit = JSON.createObjectNode();
        hit.set("join_keys", JSON.valueToTree(match.joinKeys()));
        ArrayNode events = hit.putArray("events");
        for (EcsEvent e : match.events()) {
            events.add(e == null ? JSON.createObjectNode().put("missing", true) : event(e, result, text));
        }
        return hit;
    }

    private static ObjectNode event(EcsEvent event, Hunt.Result result, Map<Long, String> text) throws IOException {
        String written = text.get(result.lines().get(event));
        // a file may start with a UTF-8 byte order mark, which the ingest passes over
        JsonNode line = JSON.readTree(written.startsWith("\uFEFF") ? written.substring(1) : written);
        boolean searchHit = line.get("_source") instanceof ObjectNode;
        ObjectNode hit = JSON.createObjectNode();
        String index = searchHit && line.get("_index") != null ? line.get("_index").asText() : event.getIndex();
        if (index != null) {
            hit.put("_index", index);
        }
        hit.put("_id", searchHit && line.get("_id") != null ? line.get("_id").asText() : event.getId());
        hit.set("_source", searchHit ? line.get("_source") : line);
        return hit;
    }

    /** The text of the lines numbered {@code wanted} (from 1, split at '\n' as the ingest splits them). */
    static Map<Long, String> lines(Path file, Set<Long> wanted) throws IOException {
        Map<Long, String> found = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 1;
            boolean keep = wanted.contains(number);
            for (int n = in.read(buf); n >= 0 && found.size() < wanted.size(); n = in.read(buf)) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    if (keep) {
                        line.write(buf, start, i - start);
                        found.put(number, line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                    start = i + 1;
                    keep = wanted.contains(++number);
                }
                if (keep) {
                    line.write(buf, start, n - start);
                }
            }
            if (keep && found.size() < wanted.size()) {
                found.put(number, line.toString(StandardCharsets.UTF_8));
            }
        }
        return found;
    }
}
