package org.eqlfusion.sink;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.eqlfusion.alert.Alert;

/** The latest alerts in memory, newest first, for {@code GET /alerts}. */
public final class RecentAlerts implements AlertSink {

    /** What an alerts query asks for; null fields do not filter. */
    public record Query(String ruleId, String hostName, Instant from, Instant to, int size) {
    }

    private final int capacity;
    private ArrayDeque<Entry> alerts;

    public RecentAlerts(int capacity) {
        this.capacity = capacity;
        this.alerts = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    @Override
    public synchronized void accept(Alert alert, byte[] json) {
        if (capacity == 0) {
            return;
        }
        // a suppressed group's alert sent again with its count takes the place of the one sent first
        if (alert.suppressedCount() > 0 && replace(alert, json)) {
            return;
        }
        if (alerts.size() == capacity) {
            alerts.removeLast();
        }
        alerts.addFirst(new Entry(alert, json));
    }

    private boolean replace(Alert alert, byte[] json) {
        ArrayDeque<Entry> next = new ArrayDeque<>(alerts.size());
        boolean replaced = false;
        for (Entry e : alerts) {
            boolean same = !replaced && alert.uuid().equals(e.alert().uuid());
            next.addLast(same ? new Entry(alert, json) : e);
            replaced |= same;
        }
        if (replaced) {
            alerts = next;
        }
        return replaced;
    }

    /** The matching alerts' JSON documents, newest first. */
    public synchronized List<byte[]> find(Query q) {
        List<byte[]> found = new ArrayList<>();
        for (Iterator<Entry> it = alerts.iterator(); it.hasNext() && found.size() < q.size(); ) {
            Entry e = it.next();
            if (matches(e.alert(), q)) {
                found.add(e.json());
            }
        }
        return found;
    }

    /** Whether the alert passes the query's filters (its size aside). */
    public static boolean matches(Alert alert, Query q) {
        if (q.ruleId() != null && !q.ruleId().equals(alert.ruleId())) {
            return false;
        }
        if (q.hostName() != null && !hostMatches(alert.document().get("host.name"), q.hostName())) {
            return false;
        }
        if (q.from() != null || q.to() != null) {
            Instant at = Instant.parse((String) alert.document().get("@timestamp"));
            if (q.from() != null && at.isBefore(q.from()) || q.to() != null && at.isAfter(q.to())) {
                return false;
            }
        }
        return true;
    }

    private static boolean hostMatches(Object value, String host) {
        if (value instanceof List<?> values) {
            return values.stream().anyMatch(v -> host.equalsIgnoreCase(String.valueOf(v)));
        }
        return value != null && host.equalsIgnoreCase(value.toString());
    }

    private record Entry(Alert alert, byte[] json) {
    }
}
