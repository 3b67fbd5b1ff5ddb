package org.eqlfusion.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.event.EventRejectedException;

/**
 * ECS events for the seed rule's two stages, built as the JSON a shipper sends, with every
 * condition of the stage satisfied unless a test changes a field.
 */
final class SeedEvents {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EcsEventDecoder DECODER = new EcsEventDecoder();

    private SeedEvents() {
    }

    /** Stage 1: mmc.exe (entity {@code entity}) on {@code host} accepts a high-port TCP connection at T0 + {@code millis}. */
    static Map<String, Object> network(String id, String host, String entity, long millis) {
        Map<String, Object> e = base(id, host, millis);
        e.put("event.category", new String[] {"network"});
        e.put("event.type", new String[] {"start", "connection"});
        e.put("process.name", "mmc.exe");
        e.put("process.entity_id", entity);
        e.put("source.port", 49700);
        e.put("destination.port", 49800);
        e.put("source.ip", "10.0.0.5");
        e.put("destination.ip", "10.0.0.9");
        e.put("network.direction", "incoming");
        e.put("network.transport", "tcp");
        return e;
    }

    /** Stage 2: a process started by mmc.exe (entity {@code parentEntity}) on {@code host} at T0 + {@code millis}. */
    static Map<String, Object> process(String id, String host, String parentEntity, long millis) {
        Map<String, Object> e = base(id, host, millis);
        e.put("event.category", "process");
        e.put("event.type", "start");
        e.put("process.name", "cmd.exe");
        e.put("process.entity_id", "child-of-" + parentEntity + "-" + id);
        e.put("process.parent.name", "mmc.exe");
        e.put("process.parent.entity_id", parentEntity);
        return e;
    }

    private static Map<String, Object> base(String id, String host, long millis) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("@timestamp", T0.plusMillis(millis).toString());
        e.put("event.id", id);
        e.put("host.id", host);
        e.put("host.name", "name-" + host);
        e.put("host.os.type", "windows");
        return e;
    }

    static EcsEvent decode(Map<String, Object> fields) {
        try {
            return DECODER.decode(JSON.writeValueAsBytes(fields));
        } catch (EventRejectedException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
