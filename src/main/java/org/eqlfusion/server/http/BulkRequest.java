package org.eqlfusion.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.event.GeneratedIds;
import org.eqlfusion.event.JsonErrors;
import org.eqlfusion.server.IngestGate.Doc;

/**
 * An Elasticsearch {@code _bulk} body: action and metadata lines, each {@code index} or
 * {@code create} followed by its document's line. The action's {@code _id} becomes the event's id
 * (one is generated when none is given, as Elasticsearch does); {@code _index} defaults to the
 * path's index. {@code delete} (no document line) and {@code update} are understood, and answered
 * per item as not supported: eql-fusion takes events, it keeps no documents.
 */
final class BulkRequest {

    /**
     * One action; {@code doc} is null when the action takes no document or is not supported;
     * {@code generatedId} the {@link GeneratedIds} number of the id made for a document given none
     * ({@code id} then null; 0: none made).
     */
    record Item(String action, String index, String id, long generatedId, Doc doc, String unsupported) {
    }

    /** The body cannot be read as bulk (what Elasticsearch answers with 400 for the whole request). */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private BulkRequest() {
    }

    static List<Item> parse(BodyParts body, String pathIndex, int maxLineBytes) throws SyntaxException {
        String notUtf8 = Utf8Body.problem(body.head(4));
        if (notUtf8 != null) {
            throw new SyntaxException(notUtf8);
        }
        List<Item> items = new ArrayList<>();
        BodyLines lines = new BodyLines(body);
        while (lines.next()) {
            if (isBlank(lines.buf(), lines.start(), lines.end())) {
                continue;
            }
            long line = lines.number();
            String[] action = action(lines.buf(), lines.start(), lines.end(), line);
            String name = action[0];
            String givenIndex = action[1] != null ? action[1] : pathIndex;
            String index = givenIndex != null ? givenIndex : "eql-fusion";
            String id = action[2];
            switch (name) {
                case "index", "create" -> {
                    if (!lines.next()) {
                        throw new SyntaxException("line " + line + ": the [" + name + "] action has no document line after it");
                    }
                    int length = lines.end() - lines.start();
                    long generated = id != null ? 0 : GeneratedIds.next();
                    if (length > maxLineBytes) {
                        items.add(new Item(name, index, id, generated, null, "line " + lines.number() + ": document of "
                                + length + " bytes is longer than the limit of " + maxLineBytes + " bytes"));
                    } else {
                        items.add(new Item(name, index, id, generated,
                                new Doc(lines.buf(), lines.start(), length, id, lines.number(), givenIndex, generated), null));
                    }
                }
                case "delete" -> items.add(new Item(name, index, id, 0, null,
                        "eql-fusion takes in events only; [delete] is not supported"));
                case "update" -> {
                    lines.next(); // its document line, if any: skipped with the action
                    items.add(new Item(name, index, id, 0, null, "eql-fusion takes in events only; [update] is not supported"));
                }
                default -> throw new SyntaxException("Malformed action/metadata line [" + (line) + "], expected one of "
                        + "[create, delete, index, update] but found [" + name + "]");
            }
        }
        if (items.isEmpty()) {
            throw new SyntaxException("Validation Failed: 1: no requests added;");
        }
        return items;
    }

    /** The action lines shippers send most, with nothing in them to read: no parser needed. */
    private static final byte[] BARE_INDEX = "{\"index\":{}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] BARE_CREATE = "{\"create\":{}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** [action, _index, _id] of an action line such as {@code {"index":{"_index":"x","_id":"1"}}}. */
    private static String[] action(byte[] body, int from, int to, long line) throws SyntaxException {
        if (java.util.Arrays.equals(body, from, to, BARE_INDEX, 0, BARE_INDEX.length)) {
            return new String[] {"index", null, null};
        }
        if (java.util.Arrays.equals(body, from, to, BARE_CREATE, 0, BARE_CREATE.length)) {
            return new String[] {"create", null, null};
        }
        String[] result = new String[3];
        try (JsonParser p = JSON.createParser(body, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                throw new SyntaxException("Malformed action/metadata line [" + line + "], expected START_OBJECT then an action name");
            }
            result[0] = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new SyntaxException("Malformed action/metadata line [" + line + "], expected START_OBJECT after ["
                        + result[0] + "]");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("_index") && v == JsonToken.VALUE_STRING) {
                    result[1] = p.getText();
                } else if (field.equals("_id") && (v == JsonToken.VALUE_STRING || v.isNumeric())) {
                    result[2] = p.getText();
                } else {
                    p.skipChildren(); // routing, pipeline, require_alias...: nothing to do for events
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != JsonToken.END_OBJECT) {
                throw new SyntaxException("Malformed action/metadata line [" + line + "], expected one action per line");
            }
        } catch (IOException e) {
            throw new SyntaxException("Malformed action/metadata line [" + line + "]: " + JsonErrors.reason(e));
        }
        return result;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
