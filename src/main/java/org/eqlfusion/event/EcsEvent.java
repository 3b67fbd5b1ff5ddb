package org.eqlfusion.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eqlfusion.semantics.CompiledLists;
import org.eqlfusion.semantics.Comparisons;
import org.eqlfusion.semantics.Comparisons.Sign;
import org.eqlfusion.semantics.IndexPatterns;
import org.eqlfusion.semantics.WildcardSet;
import org.eqlfusion.sequence.SequenceKey;
import org.kie.api.definition.type.ClassReactive;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * One ECS event, the fact every rule matches. Fields are held flat under their dotted names
 * ({@code process.parent.name}); a multi-valued field holds a List. Rule conditions are the
 * methods below, one per EQL operator, named after it, so that a DRL pattern reads like the EQL
 * it came from:
 *
 * <pre>
 *   EcsEvent( category("network"), eq("network.transport", "tcp"), gte("source.port", 49152) )
 * </pre>
 *
 * <p>Every condition follows Elasticsearch 8.x: any value of a multi-valued field may satisfy it,
 * a missing field satisfies only {@code isNull} and the negations ({@code notEq}, {@code isNotIn}).
 */
@Role(Role.Type.EVENT)
@ClassReactive
@Timestamp("timestamp")
public final class EcsEvent {

    private final FieldMap fields;
    private final long timestamp;
    private final long timestampNanos;
    private final String givenId;
    private final Schema schema;
    private final Long tiebreaker;
    private long sequenceNumber;
    private String id;
    /** The {@link GeneratedIds} number of the id made for it when it came without one; 0: none. */
    private long generatedId;
    private long receivedNanos;
    private long sessionTime;
    private long heldNanos;
    private String index;

    /**
     * @param fields flat dotted field names to values (String, Long, Double, Boolean, or a List of those)
     * @param timestampNanos {@code @timestamp} in nanoseconds since the epoch
     * @param givenId the id the event came with ({@code event.id}, or a {@code _bulk} {@code _id}), or null
     */
    public EcsEvent(Map<String, Object> fields, long timestampNanos, String givenId) {
        this(fields, timestampNanos, givenId, EcsSchema.ECS, null);
    }

    /**
     * @param schema     the field types its values were read with (IP fields compare as addresses)
     * @param tiebreaker orders events of the same timestamp before arrival does (Elasticsearch's
     *                   tiebreaker field), or null
     */
    public EcsEvent(Map<String, Object> fields, long timestampNanos, String givenId, Schema schema, Long tiebreaker) {
        this.fields = (fields instanceof FieldMap read ? read : FieldMap.copyOf(fields)).freeze();
        this.timestampNanos = timestampNanos;
        this.timestamp = Math.floorDiv(timestampNanos, 1_000_000L);
        this.givenId = givenId;
        this.schema = schema;
        this.tiebreaker = tiebreaker;
    }

    /** {@code @timestamp} in epoch milliseconds: the event's time for Drools' temporal operators. */
    public long getTimestamp() {
        return timestamp;
    }

    public long getTimestampNanos() {
        return timestampNanos;
    }

    /** The position the session driver gave the event in event-time order (ties broken by arrival). */
    public long getSequenceNumber() {
        return sequenceNumber;
    }

    public void setSequenceNumber(long sequenceNumber) {
        this.sequenceNumber = sequenceNumber;
    }

    /**
     * The session clock (epoch ms) when the event went into the session: its own time, or later for
     * a late event, which the clock had already passed. 0 before then.
     */
    public long getSessionTime() {
        return sessionTime;
    }

    public void setSessionTime(long sessionTime) {
        this.sessionTime = sessionTime;
    }

    /** When a transport took the event in ({@link System#nanoTime()}), or 0 when unknown (replays). */
    public long getReceivedNanos() {
        return receivedNanos;
    }

    public void setReceivedNanos(long receivedNanos) {
        this.receivedNanos = receivedNanos;
    }

    /** How long the event waited in the reorder buffer for the allowed lateness (wall nanoseconds). */
    public long getHeldNanos() {
        return heldNanos;
    }

    public void setHeldNanos(long heldNanos) {
        this.heldNanos = heldNanos;
    }

    /**
     * The index or data stream the event was sent to (a {@code _bulk} action's), when the server
     * scopes rules by index; null otherwise, and then every rule may read it.
     */
    public String getIndex() {
        return index;
    }

    public void setIndex(String index) {
        this.index = index;
    }

    /**
     * Whether a rule with these {@code index} patterns reads this event, as Elasticsearch searches
     * only a rule's indices: true when the event's index is unknown.
     */
    public boolean fromIndex(String... patterns) {
        return index == null || IndexPatterns.matches(index, patterns);
    }

    /**
     * The event's id: the one made for it when it came to {@code _bulk} without one, else the one it
     * came with, else a digest of its content (the same event always gets the same id).
     */
    public String getId() {
        if (id == null) {
            id = generatedId != 0 ? GeneratedIds.text(generatedId) : givenId != null ? givenId : EventDigest.digest(fields, timestampNanos);
        }
        return id;
    }

    /** Gives the event the id {@link GeneratedIds} numbered {@code serial}, before any other it has. */
    public void setGeneratedId(long serial) {
        this.generatedId = serial;
    }

    public Map<String, Object> getFields() {
        return fields;
    }

    /** A field's value: a scalar, a List for a multi-valued field, or null when missing. */
    public Object get(String field) {
        return fields.get(field);
    }

    /** The type the event's schema gives {@code field} (IP fields compare as addresses, dates as instants). */
    public Schema.Type schemaTypeOf(String field) {
        return schema.typeOf(field);
    }

    /** Whether {@code @timestamp} is before {@code instant} (ISO-8601, as {@link java.time.Instant#toString}): an exception's expiry. */
    public boolean before(String instant) {
        java.time.Instant at = java.time.Instant.parse(instant);
        return timestampNanos < at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** Whether this event comes strictly before {@code other} in (timestamp, tiebreaker, sequence number) order. */
    public boolean isBefore(EcsEvent other) {
        if (timestampNanos != other.timestampNanos) {
            return timestampNanos < other.timestampNanos;
        }
        if (tiebreaker != null && other.tiebreaker != null && !tiebreaker.equals(other.tiebreaker)) {
            return tiebreaker < other.tiebreaker;
        }
        return sequenceNumber < other.sequenceNumber;
    }

    // ---- event type: "network where ..." -----------------------------------------------------

    /** {@code <category> where}: {@code event.category} holds the category. */
    public boolean category(String category) {
        return Comparisons.equalTo(fields.get("event.category"), category, Schema.Type.KEYWORD);
    }

    // ---- equality ------------------------------------------------------------------------------

    /** {@code field == value}: case-sensitive, no wildcards; numbers by value, IPs by address, CIDR on IP fields. */
    public boolean eq(String field, Object value) {
        Object held = fields.get(field);
        // a missing field equals nothing: no need to look its type up
        return held != null && Comparisons.equalTo(held, value, schema.typeOf(field));
    }

    /** {@code field != value}: true when no value equals, a missing field included. */
    public boolean notEq(String field, Object value) {
        return !eq(field, value);
    }

    /** {@code field in (v1, v2, ...)}: exact membership. ({@code in} itself is a DRL keyword.) */
    public boolean isIn(String field, Object... values) {
        Object value = fields.get(field);
        if (value == null) {
            return false;
        }
        Schema.Type type = schema.typeOf(field);
        if (type == Schema.Type.KEYWORD && values.length >= CompiledLists.MIN_LENGTH) {
            WildcardSet keywords = CompiledLists.keywords(values);
            if (keywords != null) {
                return keywords.containsText(value);
            }
        }
        for (Object literal : values) {
            if (Comparisons.equalTo(value, literal, type)) {
                return true;
            }
        }
        return false;
    }

    /** {@code field not in (...)}: true when no value is a member, a missing field included. */
    public boolean isNotIn(String field, Object... values) {
        return !isIn(field, values);
    }

    /** {@code field in~ (...)}, and {@code field : "v"} without wildcards: equality folding case. */
    public boolean inIgnoreCase(String field, String... values) {
        if (values.length >= CompiledLists.MIN_LENGTH) {
            Object folded = foldedValue(field);
            return folded != null && CompiledLists.literalsIgnoreCase(values).matchesAny(folded);
        }
        Object value = fields.get(field);
        if (value == null) {
            return false;
        }
        for (String v : values) {
            if (Comparisons.equalToIgnoreCase(value, v)) {
                return true;
            }
        }
        return false;
    }

    // ---- patterns ------------------------------------------------------------------------------

    /** {@code field like (p1, ...)}: case-sensitive wildcard match. */
    public boolean like(String field, String... patterns) {
        return anyLike(field, patterns, false);
    }

    /** {@code field like~ (...)} and {@code field : (...)}: wildcard match folding case. */
    public boolean likeIgnoreCase(String field, String... patterns) {
        return anyLike(field, patterns, true);
    }

    private boolean anyLike(String field, String[] patterns, boolean ignoreCase) {
        Object value = ignoreCase ? foldedValue(field) : fields.get(field);
        if (value == null) {
            // a missing field matches no pattern: rules test dozens of them on fields most events lack
            return false;
        }
        if (patterns.length >= CompiledLists.MIN_LENGTH) {
            return CompiledLists.patterns(patterns, ignoreCase).matchesAny(ignoreCase ? value : texts(value));
        }
        for (String p : patterns) {
            if (ignoreCase ? Comparisons.likeFolded(value, p) : Comparisons.like(value, p, false)) {
                return true;
            }
        }
        return false;
    }

    /** A value as text: a String, or a List of the Strings of its non-null values. */
    private static Object texts(Object value) {
        if (value instanceof String) {
            return value;
        }
        if (value instanceof List<?> values) {
            List<String> out = new ArrayList<>(values.size());
            for (Object v : values) {
                if (v != null) {
                    out.add(Comparisons.text(v));
                }
            }
            return out;
        }
        return Comparisons.text(value);
    }

    /**
     * A field's value folded for case ({@link Comparisons#fold}): a String, a List of them, or null
     * when missing; folded once per event, however many patterns (and the router) read it.
     */
    public Object foldedValue(String field) {
        return fields.folded(field, Comparisons::fold);
    }

    /** {@code field regex (r1, ...)}: a Lucene regular expression matching the whole value. */
    public boolean regex(String field, String... patterns) {
        return anyRegex(field, patterns, false);
    }

    /** {@code field regex~ (...)}: as {@link #regex} folding case. */
    public boolean regexIgnoreCase(String field, String... patterns) {
        return anyRegex(field, patterns, true);
    }

    private boolean anyRegex(String field, String[] patterns, boolean ignoreCase) {
        Object value = fields.get(field);
        if (value == null) {
            return false;
        }
        for (String p : patterns) {
            if (Comparisons.regex(value, p, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    // ---- ranges --------------------------------------------------------------------------------

    /** {@code field < value}. */
    public boolean lt(String field, Object value) {
        return Comparisons.range(fields.get(field), value, Sign.LESS, schema.typeOf(field));
    }

    /** {@code field <= value}. */
    public boolean lte(String field, Object value) {
        return Comparisons.range(fields.get(field), value, Sign.LESS_OR_EQUAL, schema.typeOf(field));
    }

    /** {@code field > value}. */
    public boolean gt(String field, Object value) {
        return Comparisons.range(fields.get(field), value, Sign.GREATER, schema.typeOf(field));
    }

    /** {@code field >= value}. */
    public boolean gte(String field, Object value) {
        return Comparisons.range(fields.get(field), value, Sign.GREATER_OR_EQUAL, schema.typeOf(field));
    }

    // ---- presence ------------------------------------------------------------------------------

    /** {@code field == null}: the field is missing or null. */
    public boolean isNull(String field) {
        return fields.get(field) == null;
    }

    /** {@code field != null}. */
    public boolean notNull(String field) {
        return fields.get(field) != null;
    }

    // ---- sequence join keys --------------------------------------------------------------------

    /**
     * The join keys of this event for a sequence stage {@code by f1, f2, ...}: one key per
     * combination of the fields' values (a multi-valued field fans out), none when a field is
     * missing or null, so that such an event joins no sequence. A field written {@code "?name"}
     * is optional: when missing, it joins with the value null. In a host shard, of several
     * {@code host.id} values only those of the shard's hosts ({@link HostScope}).
     */
    public List<SequenceKey> keys(String... keyFields) {
        return JoinKeys.of(fields, keyFields);
    }

    @Override
    public String toString() {
        return "EcsEvent[" + getId() + " @" + timestamp + " " + fields.get("event.category") + "]";
    }
}
