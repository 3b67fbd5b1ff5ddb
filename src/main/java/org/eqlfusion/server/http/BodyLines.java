package org.eqlfusion.server.http;

import org.eqlfusion.event.Newlines;

/**
 * The lines of a body that arrived in parts, one at a time, without joining the parts: a line that
 * lies in one part is a view of that part's array (the body's last line too, with no {@code '\n'}
 * after it); only a line that runs from one part into the next is copied, into an array of its own. A line is {@link #buf()}{@code [start(), end())}, its
 * {@code '\n'} and a {@code '\r'} before it left out; a body ending in {@code '\n'} has no empty
 * line after it.
 */
final class BodyLines {

    private final BodyParts parts;
    /** The part being read, where in its array reading goes on, and where the part ends there. */
    private int part = -1;
    private int pos;
    private int partEnd;
    private long number;
    private byte[] buf;
    private int start;
    private int end;

    BodyLines(BodyParts parts) {
        this.parts = parts;
    }

    /** Moves to the next line; false when the body has none left. */
    boolean next() {
        if (!partWithBytes()) {
            return false;
        }
        number++;
        byte[] array = parts.array(part);
        int newline = Newlines.next(array, pos, partEnd);
        if (newline < partEnd || !bytesAfter(part)) {
            buf = array;
            start = pos;
            end = newline;
            pos = newline + 1;
        } else {
            straddling();
        }
        if (end > start && buf[end - 1] == '\r') {
            end--;
        }
        return true;
    }

    /**
     * The line from {@code pos} on, which the part being read does not end: its length found first,
     * then its pieces copied into one array of that length.
     */
    private void straddling() {
        int length = 0;
        int from = pos;
        for (int p = part; p < parts.count(); p++) {
            if (p > part) {
                from = parts.offset(p);
            }
            int to = parts.offset(p) + parts.length(p);
            int newline = Newlines.next(parts.array(p), from, to);
            length += newline - from;
            if (newline < to) {
                break;
            }
        }
        byte[] line = new byte[length];
        int copied = 0;
        while (true) {
            byte[] array = parts.array(part);
            int newline = Newlines.next(array, pos, partEnd);
            System.arraycopy(array, pos, line, copied, newline - pos);
            copied += newline - pos;
            if (newline < partEnd) {
                pos = newline + 1;
                break;
            }
            pos = partEnd;
            if (!partWithBytes()) {
                break;
            }
        }
        buf = line;
        start = 0;
        end = length;
    }

    /** Whether a part after part {@code p} has bytes: else a line that part does not end is the body's last. */
    private boolean bytesAfter(int p) {
        for (int q = p + 1; q < parts.count(); q++) {
            if (parts.length(q) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Moves on to the next part while the one being read has no bytes left; false when none has. */
    private boolean partWithBytes() {
        while (part < 0 || pos >= partEnd) {
            part++;
            if (part >= parts.count()) {
                part = parts.count();
                return false;
            }
            pos = parts.offset(part);
            partEnd = pos + parts.length(part);
        }
        return true;
    }

    /** The line's number, from 1. */
    long number() {
        return number;
    }

    byte[] buf() {
        return buf;
    }

    int start() {
        return start;
    }

    /** Where the line ends, its {@code '\r'} and {@code '\n'} left out. */
    int end() {
        return end;
    }
}
