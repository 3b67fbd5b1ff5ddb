package org.eqlfusion.event;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dotted field names built from a prefix and a key, kept once each: events repeat the same few
 * hundred names, and one shared String per name (its hash computed once) keeps decoding and
 * field lookups cheap. Bounded, so that hostile input with ever-new keys cannot grow it forever.
 */
final class FieldNames {

    private static final int MAX_CACHED = 100_000;
    private static final Map<String, Map<String, String>> BY_PREFIX = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger SIZE = new java.util.concurrent.atomic.AtomicInteger();

    private FieldNames() {
    }

    static String join(String prefix, String key) {
        return name(under(prefix), prefix, key);
    }

    /** The names under {@code prefix}, to look each key of one object up with {@link #name}; null once full. */
    static Map<String, String> under(String prefix) {
        Map<String, String> names = BY_PREFIX.get(prefix);
        if (names == null && SIZE.get() < MAX_CACHED) {
            names = BY_PREFIX.computeIfAbsent(prefix, p -> new ConcurrentHashMap<>());
        }
        return names;
    }

    /** {@code prefix + key}, kept once in {@code names} (from {@link #under}{@code (prefix)}). */
    static String name(Map<String, String> names, String prefix, String key) {
        if (names == null) {
            return prefix + key;
        }
        String name = names.get(key);
        if (name == null) {
            if (SIZE.get() >= MAX_CACHED) {
                return prefix + key;
            }
            name = names.computeIfAbsent(key, k -> {
                SIZE.incrementAndGet();
                return (prefix + k).intern();
            });
        }
        return name;
    }
}
