package org.eqlfusion.alert;

import java.util.Map;

/**
 * One alert: a completed sequence (or a matching event) of one rule, as a document in Kibana's
 * alert schema with dotted field names at the top level, as {@code .alerts-security.*} stores it.
 * {@code latencyNanos} is the wall time from the receipt of the event that completed it to the
 * alert (in a server: to its reaching the sinks), less the time that event waited for the allowed
 * lateness; -1 when not known.
 */
public record Alert(Map<String, Object> document, long latencyNanos) {

    public Alert {
        document = java.util.Collections.unmodifiableMap(document);
    }

    /** An alert whose latency is not known (the events did not come through a transport). */
    public Alert(Map<String, Object> document) {
        this(document, -1);
    }

    /** The same alert, its latency {@code nanos} longer (the time it waited to reach its sinks). */
    public Alert later(long nanos) {
        return new Alert(document, latencyNanos + nanos);
    }

    /** {@code kibana.alert.uuid}: the same rule and events always give the same uuid. */
    public String uuid() {
        return (String) document.get("kibana.alert.uuid");
    }

    /** {@code kibana.alert.rule.rule_id}. */
    public String ruleId() {
        return (String) document.get("kibana.alert.rule.rule_id");
    }

    /**
     * How many alerts of its group a rule's suppression counted into it: more than 0 only when it is
     * sent again with that count ({@link AlertSuppressor}), the same alert as before.
     */
    public long suppressedCount() {
        return document.get("kibana.alert.suppression.docs_count") instanceof Number n ? n.longValue() : 0;
    }

    /** The ids of the events, in sequence order. */
    @SuppressWarnings("unchecked")
    public java.util.List<String> eventIds() {
        return ((java.util.List<Map<String, Object>>) document.get("kibana.alert.ancestors")).stream()
                .map(a -> (String) a.get("id")).toList();
    }
}
