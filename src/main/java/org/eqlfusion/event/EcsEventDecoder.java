package org.eqlfusion.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eqlfusion.semantics.Numbers;

/**
 * Reads one ECS event from JSON: nested objects and dotted keys alike become flat dotted field
 * names, arrays become multi-valued fields, numeric ECS fields accept numeric strings and IP fields
 * are checked and made canonical, as Elasticsearch does when it indexes the document. The event's
 * time is {@code @timestamp}: ISO-8601 with any offset, or epoch milliseconds.
 *
 * <p>A search hit as Elasticsearch returns it and export tools write it (elasticdump:
 * {@code {"_index": ..., "_id": ..., "_score": ..., "_source": {...}}}) is read as its
 * {@code _source}, with the hit's {@code _id} as the event's id, and its {@code _index} kept on the
 * event when rules are scoped by index. Elasticsearch refuses these metadata names inside a
 * document, so no event loses a field.
 *
 * <p>Streams the JSON with Jackson's parser (no intermediate tree). Thread-safe.
 */
public final class EcsEventDecoder {

    /** How deep objects and arrays may nest when none is configured. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 100;

    private final JsonFactory jsonFactory;
    private final Schema schema;
    private final String tiebreakerField;
    /** Whether a search hit's {@code _index} stays on its event, for rules scoped by index. */
    private final boolean keepsIndex;
    /** The short values events repeat, one instance each. */
    private final StringPool strings = new StringPool();

    /** Decodes with the ECS schema and no tiebreaker. */
    public EcsEventDecoder() {
        this(EcsSchema.ECS, null);
    }

    /**
     * @param tiebreakerField a numeric field that orders events of the same {@code @timestamp}
     *                        (Elasticsearch's tiebreaker_field), or null
     */
    public EcsEventDecoder(Schema schema, String tiebreakerField) {
        this(schema, tiebreakerField, DEFAULT_MAX_NESTING_DEPTH);
    }

    /** @param maxNestingDepth deeper JSON is refused (a guard against hostile input) */
    public EcsEventDecoder(Schema schema, String tiebreakerField, int maxNestingDepth) {
        this(schema, tiebreakerField, maxNestingDepth, false);
    }

    /** @param keepsIndex whether a search hit's {@code _index} stays on its event ({@link EcsEvent#getIndex}) */
    public EcsEventDecoder(Schema schema, String tiebreakerField, int maxNestingDepth, boolean keepsIndex) {
        this.schema = schema;
        this.tiebreakerField = tiebreakerField;
        this.keepsIndex = keepsIndex;
        this.jsonFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                .build();
    }

    /** Whether events keep the index they were sent to (rules are scoped by index). */
    public boolean keepsIndex() {
        return keepsIndex;
    }

    public EcsEvent decode(byte[] json) throws EventRejectedException {
        return decode(json, 0, json.length, null);
    }

    public EcsEvent decode(String json) throws EventRejectedException {
        try (JsonParser parser = jsonFactory.createParser(json)) {
            return decode(parser, null);
        } catch (IOException e) {
            throw new EventRejectedException(describe(e));
        }
    }

    /**
     * @param givenId an id the transport gave the event (a {@code _bulk} action's {@code _id}); it
     *                takes precedence over {@code event.id}
     */
    public EcsEvent decode(byte[] json, int offset, int length, String givenId) throws EventRejectedException {
        if (JsonEncodings.startsWithUtf16ByteOrderMark(json, offset, length)) {
            // Jackson would take the bytes as UTF-16 and report some unrelated character
            throw new EventRejectedException("not UTF-8: the line begins with a UTF-16 byte order mark");
        }
        try (JsonParser parser = jsonFactory.createParser(json, offset, length)) {
            return decode(parser, givenId);
        } catch (IOException e) {
            throw new EventRejectedException(describe(e));
        }
    }

    /**
     * Decodes the documents that lie one after another in a buffer (the lines of a {@code _bulk}
     * body) with one parser, rather than one per document; see {@link DocumentRun}.
     */
    public DocumentRun run() {
        return new DocumentRun(this);
    }

    JsonParser parserOver(byte[] json, int offset, int length) throws IOException {
        return jsonFactory.createParser(json, offset, length);
    }

    private EcsEvent decode(JsonParser parser, String givenId) throws IOException, EventRejectedException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new EventRejectedException(first == null ? "empty input, expected a JSON object"
                    : "expected a JSON object, found " + describe(first));
        }
        FieldMap fields = new FieldMap(32);
        Hit hit = readRoot(parser, fields);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new EventRejectedException("unexpected " + describe(trailing) + " after the JSON object at column "
                    + parser.currentLocation().getColumnNr());
        }
        return event(fields, hit, givenId);
    }

    /** The event of the fields read from a document (and the search hit's metadata, or null). */
    EcsEvent event(FieldMap fields, Hit hit, String givenId) throws EventRejectedException {
        if (org.eqlfusion.normalize.SysmonToEcs.applies(fields)) {
            org.eqlfusion.normalize.SysmonToEcs.normalize(fields);
        }
        schema.aliases().forEach((alias, target) -> {
            Object value = fields.get(target);
            if (value != null) {
                fields.putIfAbsent(alias, value);
            }
        });
        long nanos = EventTimestamps.parse(fields.get("@timestamp"));
        Object tiebreaker = tiebreakerField == null ? null : fields.get(tiebreakerField);
        Object eventId = fields.get("event.id");
        String hitId = hit == null ? null : hit.id;
        String id = givenId != null ? givenId : hitId != null ? hitId : eventId instanceof String s ? s : null;
        EcsEvent event = new EcsEvent(fields, nanos, id, schema, tiebreaker instanceof Number n ? n.longValue() : null);
        if (hit != null && keepsIndex) {
            event.setIndex(hit.index);
        }
        return event;
    }

    /** A search hit's own {@code _id} and {@code _index}, each null when the hit has none. */
    static final class Hit {
        String id;
        String index;
    }

    /**
     * The top-level object: as any object, except that Elasticsearch's metadata names a search hit
     * carries are not fields — {@code _source} holds the event, {@code _id} and {@code _index} are
     * kept, the others ({@code _score}, {@code _type}, ...) are skipped. Null for a plain event.
     */
    Hit readRoot(JsonParser parser, FieldMap fields) throws IOException, EventRejectedException {
        Hit hit = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.isEmpty() || name.charAt(0) != '_' || !HIT_METADATA.contains(name)) {
                readValue(parser, value, FieldName.ROOT.child(name), fields);
                continue;
            }
            if (hit == null) {
                hit = new Hit();
            }
            if (name.equals("_source") && value == JsonToken.START_OBJECT) {
                readObject(parser, FieldName.ROOT, fields);
            } else if (name.equals("_id") && value == JsonToken.VALUE_STRING) {
                hit.id = parser.getText();
            } else if (name.equals("_index") && value == JsonToken.VALUE_STRING) {
                hit.index = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return hit;
    }

    /** The metadata of a search hit, none of which a document may hold as a field. */
    private static final java.util.Set<String> HIT_METADATA = java.util.Set.of("_source", "_id", "_index", "_score", "_type",
            "_routing", "_version", "_seq_no", "_primary_term", "_ignored", "_shard", "_node", "_explanation");

    private void readObject(JsonParser parser, FieldName object, Map<String, Object> fields)
            throws IOException, EventRejectedException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            readValue(parser, parser.nextToken(), object.child(parser.currentName()), fields);
        }
    }

    private void readValue(JsonParser parser, JsonToken token, FieldName name, Map<String, Object> fields)
            throws IOException, EventRejectedException {
        switch (token) {
            case START_OBJECT -> readObject(parser, name, fields);
            case START_ARRAY -> {
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    readValue(parser, element, name, fields);
                }
            }
            case VALUE_STRING -> add(fields, name, strings.of(parser.getTextCharacters(), parser.getTextOffset(),
                    parser.getTextLength()));
            case VALUE_NUMBER_INT -> add(fields, name, parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> add(fields, name, parser.getDoubleValue());
            case VALUE_TRUE -> add(fields, name, Boolean.TRUE);
            case VALUE_FALSE -> add(fields, name, Boolean.FALSE);
            default -> {
                // null: a missing value, unless the mapping gives nulls a value
                Object nullValue = schema.nullValue(name.name());
                if (nullValue != null) {
                    add(fields, name, nullValue);
                }
            }
        }
    }

    /**
     * Adds a value, as its ECS type wants it (numbers, IP addresses); a second value for the same
     * name makes the field multi-valued.
     */
    @SuppressWarnings("unchecked")
    private void add(Map<String, Object> fields, FieldName field, Object value) throws EventRejectedException {
        String name = field.name();
        Schema.Type type = field.typeIn(schema);
        if (type == Schema.Type.NUMBER || type == Schema.Type.IP) {
            value = coerce(name, value, type);
        } else if (type == Schema.Type.DATE && !name.equals("@timestamp")) {
            DateField date = schema.dateField(name);
            if (date != null) {
                value = date.canonical(value);
            }
        }
        Object existing = fields.putIfAbsent(name, value);
        if (existing == null) {
            return;
        }
        List<Object> values;
        if (existing instanceof MultiValue<?> list) {
            values = (List<Object>) list;
        } else {
            values = new MultiValue<>();
            values.add(existing);
            fields.put(name, values);
        }
        values.add(value);
    }

    private static Object coerce(String name, Object value, Schema.Type type) throws EventRejectedException {
        if (type == Schema.Type.NUMBER) {
            if (value instanceof Number) {
                return value;
            }
            Number n = value instanceof String s ? Numbers.parse(s) : null;
            if (n == null) {
                throw new EventRejectedException("field " + name + ": " + Quoted.of(value) + " is not a number");
            }
            return n;
        }
        String ip = value instanceof String s ? IpAddresses.canonical(s) : null;
        if (ip == null) {
            throw new EventRejectedException("field " + name + ": " + Quoted.of(value) + " is not an IP address");
        }
        return ip;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    private static String describe(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return (e.getMessage().contains("nesting depth") ? "JSON nested too deeply: " : "JSON over a limit: ")
                    + JsonErrors.reason(e);
        }
        int column = JsonErrors.column(e);
        return (column > 0 ? "invalid JSON at column " + column + ": " : "invalid JSON: ") + JsonErrors.reason(e);
    }

    /** The list of a multi-valued field built while reading. */
    private static final class MultiValue<T> extends ArrayList<T> {
        MultiValue() {
            super(4);
        }
    }
}
