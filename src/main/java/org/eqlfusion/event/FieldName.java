package org.eqlfusion.event;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dotted field name as the decoder meets it, kept once: events repeat the same few hundred
 * names, so each is one shared String (its hash computed once), reached from its parent object's
 * name by the JSON key, and remembers its schema type. Decoding a field then costs one lookup.
 * Bounded, so that hostile input with ever-new keys cannot grow it forever: past the bound, names
 * are built for the one event and not kept.
 */
final class FieldName {

    private static final int MAX_KEPT = 100_000;
    private static final AtomicInteger KEPT = new AtomicInteger();

    /** The top of every event: its keys' names are the keys themselves. */
    static final FieldName ROOT = new FieldName("");

    private final String name;
    /** This name followed by a dot: the prefix of the fields of an object under it. */
    private final String prefix;
    private final ConcurrentHashMap<String, FieldName> children = new ConcurrentHashMap<>();
    private volatile Typed typed;

    private FieldName(String name) {
        this.name = name;
        this.prefix = name.isEmpty() ? "" : name + ".";
    }

    /** The field named by {@code key} inside this object ("process" then "name": "process.name"). */
    FieldName child(String key) {
        FieldName child = children.get(key);
        if (child == null) {
            if (KEPT.get() >= MAX_KEPT) {
                return new FieldName(prefix + key);
            }
            child = children.computeIfAbsent(key, k -> {
                KEPT.incrementAndGet();
                return new FieldName((prefix + k).intern());
            });
        }
        return child;
    }

    String name() {
        return name;
    }

    /** This field's type in {@code schema}, asked of it once per schema in a row. */
    Schema.Type typeIn(Schema schema) {
        Typed t = typed;
        if (t == null || t.schema != schema) {
            t = new Typed(schema, schema.typeOf(name));
            typed = t;
        }
        return t.type;
    }

    private record Typed(Schema schema, Schema.Type type) {
    }
}
