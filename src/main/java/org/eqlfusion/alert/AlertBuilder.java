package org.eqlfusion.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eqlfusion.event.EcsEvent;

/** Builds the alert document for a rule and the events that completed it. */
public final class AlertBuilder {

    private AlertBuilder() {
    }

    public static Alert build(RuleMetadata rule, List<EcsEvent> events) {
        EcsEvent first = events.get(0);
        EcsEvent last = events.get(events.size() - 1);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", Instant.ofEpochMilli(last.getTimestamp()).toString());
        doc.put("event.kind", "signal");
        doc.put("kibana.alert.uuid", uuid(rule, events));
        doc.put("kibana.alert.status", "active");
        doc.put("kibana.alert.workflow_status", "open");
        doc.put("kibana.alert.depth", 1);
        doc.put("kibana.alert.original_time", Instant.ofEpochMilli(first.getTimestamp()).toString());
        doc.put("kibana.alert.severity", rule.severity());
        doc.put("kibana.alert.risk_score", rule.riskScore());
        doc.put("kibana.alert.reason", reason(rule, events));
        doc.put("kibana.alert.rule.rule_id", rule.ruleId());
        doc.put("kibana.alert.rule.uuid", rule.uuid());
        doc.put("kibana.alert.rule.name", rule.name());
        doc.put("kibana.alert.rule.type", "eql");
        doc.put("kibana.alert.rule.description", rule.description());
        doc.put("kibana.alert.rule.severity", rule.severity());
        doc.put("kibana.alert.rule.risk_score", rule.riskScore());
        doc.put("kibana.alert.rule.tags", rule.tags());
        doc.put("kibana.alert.rule.threat", rule.threat());
        doc.put("kibana.alert.rule.references", rule.references());
        if (rule.buildingBlockType() != null) {
            doc.put("kibana.alert.building_block_type", rule.buildingBlockType());
        }
        doc.put("kibana.alert.ancestors", ancestors(events));
        sharedFields(events).forEach(doc::putIfAbsent);
        return new Alert(doc, latencyNanos(events));
    }

    /**
     * The event that completed the alert is the one of them the session took in last (the highest
     * sequence number); its wait for the allowed lateness is not counted.
     */
    private static long latencyNanos(List<EcsEvent> events) {
        EcsEvent trigger = events.get(0);
        for (EcsEvent e : events) {
            if (e.getSequenceNumber() > trigger.getSequenceNumber()) {
                trigger = e;
            }
        }
        if (trigger.getReceivedNanos() == 0) {
            return -1;
        }
        return Math.max(0, System.nanoTime() - trigger.getReceivedNanos() - trigger.getHeldNanos());
    }

    /** A hex SHA-256 of the rule_id and the event ids in order: replays and restarts give the same uuid. */
    static String uuid(RuleMetadata rule, List<EcsEvent> events) {
        StringBuilder s = new StringBuilder(rule.ruleId());
        for (EcsEvent e : events) {
            s.append('\u0000').append(e.getId());
        }
        return HexFormat.of().formatHex(org.eqlfusion.event.EventDigest.sha256(s.toString()));
    }

    private static List<Map<String, Object>> ancestors(List<EcsEvent> events) {
        List<Map<String, Object>> ancestors = new ArrayList<>(events.size());
        for (EcsEvent e : events) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", e.getId());
            a.put("type", "event");
            if (e.getIndex() != null) {
                a.put("index", e.getIndex());
            }
            a.put("depth", 0);
            ancestors.add(a);
        }
        return ancestors;
    }

    /** The fields whose value is the same in every event (host.id, host.name, ...), sorted by name. */
    static Map<String, Object> sharedFields(List<EcsEvent> events) {
        Map<String, Object> shared = new TreeMap<>();
        for (Map.Entry<String, Object> field : events.get(0).getFields().entrySet()) {
            String name = field.getKey();
            if (name.equals("@timestamp") || name.equals("event.id") || name.startsWith("kibana.")) {
                continue;
            }
            boolean everywhere = true;
            for (int i = 1; i < events.size() && everywhere; i++) {
                everywhere = Objects.equals(field.getValue(), events.get(i).get(name));
            }
            if (everywhere) {
                shared.put(name, field.getValue());
            }
        }
        return shared;
    }

    private static String reason(RuleMetadata rule, List<EcsEvent> events) {
        StringBuilder s = new StringBuilder();
        s.append(events.size() == 1 ? "event" : "sequence of " + events.size() + " events");
        Object host = events.get(0).get("host.name");
        if (host != null && events.stream().allMatch(e -> host.equals(e.get("host.name")))) {
            s.append(" on ").append(host);
        }
        s.append(" created ").append(rule.severity()).append(" alert ").append(rule.name()).append('.');
        return s.toString();
    }
}
