package org.eqlfusion.eql.check;

import java.util.Map;

/** The EQL functions Elasticsearch 8 knows: their arity and whether a case-insensitive {@code ~} form exists. */
public final class Functions {

    /** @param min fewest arguments  @param max most arguments (-1: any number)  @param foldsCase has a {@code name~} form */
    public record Signature(String name, int min, int max, boolean foldsCase) {
    }

    private static final Map<String, Signature> KNOWN = Map.ofEntries(
            entry("add", 2, 2, false),
            entry("between", 3, 4, true),
            entry("cidrMatch", 2, -1, false),
            entry("concat", 1, -1, false),
            entry("divide", 2, 2, false),
            entry("endsWith", 2, 2, true),
            entry("indexOf", 2, 3, true),
            entry("length", 1, 1, false),
            entry("modulo", 2, 2, false),
            entry("multiply", 2, 2, false),
            entry("number", 1, 2, false),
            entry("startsWith", 2, 2, true),
            entry("string", 1, 1, false),
            entry("stringContains", 2, 2, true),
            entry("substring", 2, 3, false),
            entry("subtract", 2, 2, false));

    private Functions() {
    }

    private static Map.Entry<String, Signature> entry(String name, int min, int max, boolean foldsCase) {
        return Map.entry(name.toLowerCase(java.util.Locale.ROOT), new Signature(name, min, max, foldsCase));
    }

    /** The function of that name (EQL function names ignore case), or null. */
    public static Signature find(String name) {
        return KNOWN.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public static java.util.Set<String> names() {
        return new java.util.TreeSet<>(KNOWN.values().stream().map(Signature::name).toList());
    }
}
