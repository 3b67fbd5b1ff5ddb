package org.eqlfusion.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.event.JsonErrors;
import org.eqlfusion.event.Newlines;
import org.eqlfusion.server.IngestGate.Doc;

/**
 * Splits a {@code POST /events} body into its event documents without decoding them: NDJSON (one
 * per line; {@code where} is the line number), a JSON array ({@code where} is the element number,
 * from 1), or one JSON object, pretty-printed or not.
 */
final class EventBodies {

    /** A part of the body refused before decoding (a line too long, an array element that is not an object). */
    record Problem(long where, String reason) {
    }

    record Split(List<Doc> docs, List<Problem> problems, String unit) {
    }

    /** The body as a whole is not usable (a broken JSON array). */
    static final class BodyException extends Exception {
        BodyException(String message) {
            super(message);
        }
    }

    private final JsonFactory json;
    private final int maxLineBytes;

    EventBodies(int maxNestingDepth, int maxLineBytes) {
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                .build();
        this.maxLineBytes = maxLineBytes;
    }

    Split split(byte[] body, boolean ndjson) throws BodyException {
        String notUtf8 = Utf8Body.problem(body);
        if (notUtf8 != null) {
            throw new BodyException(notUtf8);
        }
        int first = firstNonBlank(body);
        if (!ndjson && first < body.length && body[first] == '[') {
            return array(body);
        }
        if (!ndjson && first < body.length && body[first] == '{' && isOneValue(body)) {
            return new Split(List.of(new Doc(body, 0, body.length, null, 1)), List.of(), "line");
        }
        return lines(body, 0, body.length, maxLineBytes);
    }

    /** Every non-blank line a document; CR before LF is dropped; lines over the limit are problems. */
    static Split lines(byte[] body, int from, int to, int maxLineBytes) {
        List<Doc> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        long line = 0;
        int start = from;
        while (start <= to) {
            int i = Newlines.next(body, start, to);
            line++;
            int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
            if (end - start > maxLineBytes) {
                problems.add(new Problem(line, "line of " + (end - start) + " bytes is longer than the limit of "
                        + maxLineBytes + " bytes"));
            } else if (!Newlines.blank(body, start, end)) {
                docs.add(new Doc(body, start, end - start, null, line));
            }
            start = i + 1;
        }
        return new Split(docs, problems, "line");
    }

    private Split array(byte[] body) throws BodyException {
        List<Doc> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try (JsonParser p = json.createParser(body)) {
            p.nextToken(); // [
            long element = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new BodyException("the JSON array is not closed");
                }
                element++;
                if (t == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    docs.add(new Doc(body, start, end - start, null, element));
                } else {
                    p.skipChildren();
                    problems.add(new Problem(element, "expected a JSON object, found " + t.asString()));
                }
            }
            if (p.nextToken() != null) {
                throw new BodyException("unexpected content after the JSON array");
            }
        } catch (IOException e) {
            throw new BodyException("invalid JSON array" + JsonErrors.atLineAndColumn(e) + ": " + JsonErrors.reason(e));
        }
        return new Split(docs, problems, "element");
    }

    private boolean isOneValue(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            p.nextToken();
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false; // not one valid object: read it line by line, so each line gets its own error
        }
    }

    private static int firstNonBlank(byte[] body) {
        int i = 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i;
    }
}
