package org.eqlfusion.event;

import java.util.Set;

/**
 * The ECS field types that change how a value compares: numbers (ports, pids, byte counts, ...)
 * and IP addresses. Everything else is a keyword, compared as a string.
 *
 * <p>Elasticsearch learns these types from the index mapping; eql-fusion has no mapping, so it
 * uses the ECS field names, which Elastic's integrations map the same way everywhere.
 */
public final class EcsSchema implements Schema {

    /** The one ECS schema. */
    public static final EcsSchema ECS = new EcsSchema();

    private static final Set<String> NUMERIC_LEAVES = Set.of(
            "port", "pid", "ppid", "pgid", "bytes", "packets", "exit_code", "size", "args_count",
            "uptime", "status_code", "ttl", "sequence", "severity", "duration", "risk_score",
            "entropy", "count");

    private static final Set<String> NUMERIC_FIELDS = Set.of(
            "process.thread.id", "process.parent.thread.id", "event.risk_score_norm",
            "file.pe.imphash_count");

    private static final Set<String> IP_FIELDS = Set.of("related.ip", "dns.resolved_ip");

    private EcsSchema() {
    }

    private static final java.util.Map<String, Type> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Type typeOf(String field) {
        Type type = KNOWN.get(field);
        if (type == null) {
            type = classify(field);
            if (KNOWN.size() < 100_000) {
                KNOWN.put(field, type);
            }
        }
        return type;
    }

    private static final Set<String> DATE_FIELDS = Set.of("@timestamp", "event.created", "event.ingested", "event.start",
            "event.end", "process.start", "process.parent.start", "file.created", "file.mtime", "file.ctime", "file.accessed");

    private static Type classify(String field) {
        if (DATE_FIELDS.contains(field)) {
            return Type.DATE;
        }
        if (IP_FIELDS.contains(field) || field.endsWith(".ip") || field.equals("ip")) {
            return Type.IP;
        }
        if (NUMERIC_FIELDS.contains(field) || NUMERIC_LEAVES.contains(leaf(field))) {
            return Type.NUMBER;
        }
        return Type.KEYWORD;
    }

    private static String leaf(String field) {
        int dot = field.lastIndexOf('.');
        return dot < 0 ? field : field.substring(dot + 1);
    }
}
