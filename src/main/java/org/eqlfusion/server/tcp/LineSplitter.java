package org.eqlfusion.server.tcp;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eqlfusion.server.IngestGate.Doc;

/**
 * Cuts a TCP byte stream into newline-terminated lines, numbered from 1 per connection. A line
 * longer than the limit is dropped as it streams (never held whole) and reported once.
 */
final class LineSplitter {

    /** What one chunk of the stream gave: complete lines, and the numbers of lines dropped as too long. */
    record Lines(List<Doc> docs, List<Long> tooLong) {
    }

    private final int maxLineBytes;
    private byte[] partial = new byte[0];
    private int partialLength;
    private boolean skipping;
    private long lineNumber;

    LineSplitter(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    Lines feed(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        List<Doc> docs = new ArrayList<>();
        List<Long> tooLong = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            lineNumber++;
            if (skipping) {
                skipping = false;
            } else {
                int length = partialLength + (i - start);
                if (length > maxLineBytes) {
                    tooLong.add(lineNumber);
                } else {
                    addLine(docs, bytes, start, i);
                }
            }
            partialLength = 0;
            start = i + 1;
        }
        if (!skipping && start < bytes.length) {
            int rest = bytes.length - start;
            if (partialLength + rest > maxLineBytes) {
                skipping = true;
                partialLength = 0;
                tooLong.add(lineNumber + 1);
            } else {
                ensure(partialLength + rest);
                System.arraycopy(bytes, start, partial, partialLength, rest);
                partialLength += rest;
            }
        }
        return new Lines(docs, tooLong);
    }

    /** At the end of the stream: the last line, when it had no newline. */
    Lines finish() {
        List<Doc> docs = new ArrayList<>();
        if (!skipping && partialLength > 0) {
            lineNumber++;
            byte[] line = Arrays.copyOf(partial, partialLength);
            addIfNotBlank(docs, line, 0, line.length);
        }
        partialLength = 0;
        return new Lines(docs, List.of());
    }

    private void addLine(List<Doc> docs, byte[] bytes, int start, int end) {
        byte[] line;
        if (partialLength == 0) {
            line = Arrays.copyOfRange(bytes, start, end);
        } else {
            line = new byte[partialLength + end - start];
            System.arraycopy(partial, 0, line, 0, partialLength);
            System.arraycopy(bytes, start, line, partialLength, end - start);
        }
        addIfNotBlank(docs, line, 0, line.length);
    }

    private void addIfNotBlank(List<Doc> docs, byte[] line, int from, int to) {
        int end = to > from && line[to - 1] == '\r' ? to - 1 : to;
        for (int i = from; i < end; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                docs.add(new Doc(line, from, end - from, null, lineNumber));
                return;
            }
        }
    }

    private void ensure(int capacity) {
        if (partial.length < capacity) {
            partial = Arrays.copyOf(partial, Math.max(capacity, partial.length * 2));
        }
    }
}
