package org.eqlfusion.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Decodes documents that lie one after another in one buffer — the source lines of a
 * {@code _bulk} body, with an action line between each two — with one Jackson parser, read on
 * from one document to the next, instead of a parser per document: a parser's set-up (its
 * context, buffers and symbol table) was a quarter of what decoding a bulk request allocated.
 *
 * <p>The answers are those of {@link EcsEventDecoder#decode(byte[], int, int, String)}, document
 * by document: the parser goes on only while the document's object ends on its own line and what
 * lies between two documents is blank or one JSON object (the action line); anything else, and
 * every document that is rejected, is decoded again on its own, so an error names the column of
 * the line as before and a broken line never takes the next one with it. Not thread-safe: one per
 * batch, on the thread that decodes it.
 */
public final class DocumentRun implements AutoCloseable {

    private final EcsEventDecoder decoder;
    private JsonParser parser;
    /** The buffer the parser reads, where it starts in it, and where its last value ended. */
    private byte[] buf;
    private int start;
    private int position;
    /** Parsers made so far, the run's own and those of documents decoded alone. */
    private int parsersMade;

    DocumentRun(EcsEventDecoder decoder) {
        this.decoder = decoder;
    }

    /** As {@link EcsEventDecoder#decode(byte[], int, int, String)}. */
    public EcsEvent decode(byte[] json, int offset, int length, String givenId) throws EventRejectedException {
        if (JsonEncodings.startsWithUtf16ByteOrderMark(json, offset, length)) {
            return alone(json, offset, length, givenId);
        }
        try {
            JsonParser p = at(json, offset);
            if (p.nextToken() == JsonToken.START_OBJECT) {
                FieldMap fields = new FieldMap(32);
                EcsEventDecoder.Hit hit = decoder.readRoot(p, fields);
                int end = offsetNow(p);
                if (end <= offset + length && blank(json, end, offset + length)) {
                    position = end;
                    return decoder.event(fields, hit, givenId);
                }
            }
        } catch (IOException | EventRejectedException | RuntimeException e) {
            // decoded again on its own below, for the error as a single line gives it
        }
        return alone(json, offset, length, givenId);
    }

    /** The document decoded with a parser of its own; the run's parser starts afresh at the next one. */
    private EcsEvent alone(byte[] json, int offset, int length, String givenId) throws EventRejectedException {
        drop();
        parsersMade++;
        return decoder.decode(json, offset, length, givenId);
    }

    /** The run's parser, just before the document at {@code offset}: read on over the gap, or made there. */
    private JsonParser at(byte[] json, int offset) throws IOException {
        if (parser != null && json == buf && offset >= position && skipGap(offset)) {
            return parser;
        }
        drop();
        parser = decoder.parserOver(json, offset, json.length - offset);
        parsersMade++;
        buf = json;
        start = offset;
        position = offset;
        return parser;
    }

    /** Reads over what lies between the last document and {@code offset}: blank, or one object and blanks. */
    private boolean skipGap(int offset) {
        int first = position;
        while (first < offset && isBlank(buf[first])) {
            first++;
        }
        if (first == offset) {
            return true;
        }
        if (buf[first] != '{') {
            // a JSON array's comma, say: a parser of its own costs less than the parser's exception
            return false;
        }
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            int end = offsetNow(parser);
            if (end <= offset && blank(buf, end, offset)) {
                position = end;
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // not an object: the parser is made again at the document
        }
        return false;
    }

    int parsersMade() {
        return parsersMade;
    }

    private int offsetNow(JsonParser p) {
        // Jackson counts a byte array's offsets from where the parser was given to start
        return start + (int) p.currentLocation().getByteOffset();
    }

    private static boolean blank(byte[] json, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isBlank(json[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void drop() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // a parser over a byte array holds nothing to release
            }
            parser = null;
            buf = null;
        }
    }

    @Override
    public void close() {
        drop();
    }
}
