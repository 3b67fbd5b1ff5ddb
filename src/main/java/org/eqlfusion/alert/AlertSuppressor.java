package org.eqlfusion.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.rules.AlertSuppression;

/**
 * Kibana's alert suppression on a stream. The first alert of a group (a rule and the values of its
 * {@code @suppressBy} fields) is sent at once, with {@code kibana.alert.suppression.*} fields; the
 * group's later alerts within {@code @suppressFor} of it, in event time, are not sent but counted.
 * Once event time has passed the window (an alert of any rule comes later than its end, or the
 * engine has processed every event up to it and is asked, {@link #closePassed}) or the engine
 * closes, the first alert is sent again, same uuid, with the count and the time of the last
 * one ({@code docs_count}, {@code end}): a consumer that keeps alerts by uuid, as Kibana's alert
 * index does, then holds Kibana's document. A field's value is read as the alert reads shared
 * fields: the value all the alert's events hold, else missing.
 */
public final class AlertSuppressor {

    private record Group(String ruleId, List<Object> values) {
    }

    /** A group's open window: its first alert, when the window ends, and what it suppressed so far. */
    private static final class Window {
        final Group group;
        final Alert first;
        final long endMillis;
        long suppressed;
        long lastMillis;

        Window(Group group, Alert first, long endMillis) {
            this.group = group;
            this.first = first;
            this.endMillis = endMillis;
        }
    }

    private final Map<Group, Window> open = new HashMap<>();
    private final PriorityQueue<Window> byEnd = new PriorityQueue<>((a, b) -> Long.compare(a.endMillis, b.endMillis));

    /** Sends the alert of {@code events} to {@code out}, unless its rule suppresses it. */
    public synchronized void accept(RuleMetadata rule, List<EcsEvent> events, AlertListener out) {
        long time = events.get(events.size() - 1).getTimestamp();
        closePassed(time, out);
        AlertSuppression suppression = rule.suppression();
        if (suppression == null) {
            out.onAlert(AlertBuilder.build(rule, events));
            return;
        }
        Map<String, Object> shared = AlertBuilder.sharedFields(events);
        List<Object> values = new ArrayList<>();
        for (String field : suppression.groupBy()) {
            Object value = field.equals("@timestamp") ? null : shared.get(field);
            if (value == null && !suppression.suppressMissing()) {
                out.onAlert(AlertBuilder.build(rule, events));
                return;
            }
            values.add(value);
        }
        Group group = new Group(rule.ruleId(), values);
        Window window = open.get(group);
        if (window != null && time < window.endMillis) {
            window.suppressed++;
            window.lastMillis = Math.max(window.lastMillis, time);
            return;
        }
        Alert first = withSuppression(AlertBuilder.build(rule, events), suppression.groupBy(), values, time, time, 0);
        window = new Window(group, first, time + suppression.window().toMillis());
        open.put(group, window);
        byEnd.add(window);
        out.onAlert(first);
    }

    /** Sends the count of every window still open that suppressed an alert (the engine is closing). */
    public synchronized void closeAll(AlertListener out) {
        closePassed(Long.MAX_VALUE, out);
    }

    /** Sends the count of every window that ends at or before {@code time} (event time, epoch ms) and suppressed an alert. */
    public synchronized void closePassed(long time, AlertListener out) {
        while (!byEnd.isEmpty() && byEnd.peek().endMillis <= time) {
            Window window = byEnd.poll();
            open.remove(window.group, window);
            if (window.suppressed > 0) {
                Map<String, Object> doc = new LinkedHashMap<>(window.first.document());
                doc.put("kibana.alert.suppression.end", Instant.ofEpochMilli(window.lastMillis).toString());
                doc.put("kibana.alert.suppression.docs_count", window.suppressed);
                out.onAlert(new Alert(doc));
            }
        }
    }

    private static Alert withSuppression(Alert alert, List<String> fields, List<Object> values, long start, long end,
                                         long count) {
        Map<String, Object> doc = new LinkedHashMap<>(alert.document());
        List<Map<String, Object>> terms = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Map<String, Object> term = new LinkedHashMap<>();
            term.put("field", fields.get(i));
            Object value = values.get(i);
            term.put("value", value == null ? null : value instanceof List<?> list ? list : List.of(value));
            terms.add(term);
        }
        doc.put("kibana.alert.suppression.terms", terms);
        doc.put("kibana.alert.suppression.start", Instant.ofEpochMilli(start).toString());
        doc.put("kibana.alert.suppression.end", Instant.ofEpochMilli(end).toString());
        doc.put("kibana.alert.suppression.docs_count", count);
        return new Alert(doc, alert.latencyNanos());
    }
}
