package org.eqlfusion.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eqlfusion.semantics.Wildcards;

/**
 * What one constraint of an {@code EcsEvent( ... )} pattern requires of an event in a form a
 * hash lookup can check: some field holding one of some values, or — for a constraint that is an
 * {@code ||} — any of several such. It comes from {@code category("process")} (the field
 * {@code event.category}), {@code eq}, {@code isIn} and {@code inIgnoreCase} with string literals,
 * and from {@code &&} / {@code ||} / parentheses over those; {@code !} and every other call say
 * nothing. A key is a necessary condition only: an event that fails it cannot match the pattern;
 * one that passes it is still tested by every constraint of the pattern in Drools.
 *
 * <p>Values are kept {@link #fold folded}, so that one key serves {@code ==} (case-sensitive) and
 * {@code :} (folding case) alike: whatever either accepts has the same folded text.
 *
 * @param anyOf the event matches the key when one of these holds
 */
public record RouteKey(List<FieldValues> anyOf) {

    /**
     * Fields whose few values tell events apart too little for a pattern to be given its own entry
     * point by them (every Windows process start has {@code host.os.type == "windows"}).
     */
    static final Set<String> COARSE_FIELDS = Set.of("event.category", "event.type", "event.kind", "event.outcome",
            "host.os.type", "host.os.family", "host.os.name", "host.os.platform", "agent.type",
            "network.direction", "network.transport", "user.domain");

    /** Fields that only say which system an event comes from: almost every event of a Windows fleet has host.os.type windows. */
    static final Set<String> PLATFORM_FIELDS = Set.of("host.os.type", "host.os.family", "host.os.name", "host.os.platform",
            "agent.type");

    /** Fields with many values per event, several of them common ({@code /c}, {@code -e}): a key on them lets much through. */
    static final Set<String> BROAD_FIELDS = Set.of("process.args", "process.parent.args");

    /** Fields that name a data source: every event of that source has the value. */
    static final Set<String> SOURCE_FIELDS = Set.of("data_stream.dataset", "event.dataset", "event.module", "event.provider");

    /** Fields that name what happened: selective for cloud audit logs, common on endpoints ({@code exec}, {@code creation}). */
    static final Set<String> ACTION_FIELDS = Set.of("event.action", "event.code");

    static final String CATEGORY = "event.category";

    /**
     * {@code field} holds one of {@code values} (folded) — or, when {@code suffixes}, a value that
     * ends with one of them (what a wildcard pattern's fixed end requires: {@code "*\\curl.exe"}).
     * With no values, the field need only be present ({@link #present}).
     */
    public record FieldValues(String field, Set<String> values, boolean suffixes) {

        public FieldValues(String field, Set<String> values) {
            this(field, values, false);
        }

        /** {@code field} holds some value: what a comparison or pattern needs to hold at all. */
        public static FieldValues present(String field) {
            return new FieldValues(field, Set.of(), false);
        }

        /** Whether any value of the field will do ({@link #present}). */
        public boolean anyValue() {
            return values.isEmpty() && !suffixes;
        }
    }

    /** The width of "the field is present": wider than any list of values. */
    private static final int ANY_VALUE_WIDTH = 1 << 20;

    /** The shortest fixed end of a wildcard pattern worth keying on: shorter ends are shared by too many values. */
    public static final int MIN_SUFFIX = 5;

    /** The key a constraint's DRL text gives, or null when it gives none. */
    public static RouteKey parse(String constraint) {
        return constraint == null ? null : new ConstraintParser(constraint).key();
    }

    /** Whether the key picks out few enough events to route a pattern on its own. */
    public boolean selective() {
        return anyOf.stream().noneMatch(f -> COARSE_FIELDS.contains(f.field()));
    }

    /** Whether the key is only about {@code event.category}: the categories it allows, else null. */
    public Set<String> categories() {
        if (anyOf.size() != 1 || !anyOf.get(0).field().equals(CATEGORY) || anyOf.get(0).suffixes()
                || anyOf.get(0).anyValue()) {
            return null;
        }
        return anyOf.get(0).values();
    }

    /** Whether this key lets fewer events through than {@code other} (null lets all through). */
    public boolean narrowerThan(RouteKey other) {
        if (other == null) {
            return true;
        }
        if (tier() != other.tier()) {
            return tier() > other.tier();
        }
        return width() < other.width();
    }

    /** Whether the key only says which system the event comes from ({@code host.os.type == "linux"}). */
    public boolean platformOnly() {
        return anyOf.stream().allMatch(f -> PLATFORM_FIELDS.contains(f.field()));
    }

    /**
     * How much a key tells, by its weakest alternative: 4 an exact value of a specific field
     * (process.name, file.extension), 3 a value's end, or an action or event code, 2 a value of a
     * many-valued field or a data source, 1 coarse (a category, an event type, a field merely
     * present), 0 only the platform.
     */
    private int tier() {
        if (!selective() || anyOf.stream().anyMatch(FieldValues::anyValue)) {
            return platformOnly() ? 0 : 1;
        }
        int tier = 4;
        for (FieldValues f : anyOf) {
            if (BROAD_FIELDS.contains(f.field()) || SOURCE_FIELDS.contains(f.field())) {
                tier = Math.min(tier, 2);
            } else if (f.suffixes() || ACTION_FIELDS.contains(f.field())) {
                tier = Math.min(tier, 3);
            }
        }
        return tier;
    }

    /** How many values the key lets through; a field merely present, more than any list. */
    private int width() {
        return anyOf.stream().mapToInt(f -> f.anyValue() ? ANY_VALUE_WIDTH : f.values().size()).sum();
    }

    /** Either key: an event that meets either meets this one. */
    RouteKey or(RouteKey other) {
        List<FieldValues> both = new ArrayList<>(anyOf);
        both.addAll(other.anyOf);
        return new RouteKey(List.copyOf(both));
    }

    /** Text folded for case as {@link Wildcards#fold} does it (equal exactly when equalsIgnoreCase holds). */
    public static String fold(String text) {
        return Wildcards.fold(text);
    }
}
