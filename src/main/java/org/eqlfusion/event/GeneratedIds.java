package org.eqlfusion.event;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for documents that come without one, as Elasticsearch makes one for a document indexed
 * without an {@code _id}: this process's start time and a counter, in base 36. An event holds the
 * counter alone and makes the text when asked (for an alert, mostly): the text of every event's id,
 * made up front, was two objects per event, one of them held for the whole lateness.
 */
public final class GeneratedIds {

    private static final char[] PREFIX = (Long.toString(System.currentTimeMillis(), 36) + "-").toCharArray();
    private static final AtomicLong LAST = new AtomicLong();
    /** The longest text: the prefix and a long in base 36. */
    public static final int MAX_LENGTH = PREFIX.length + 13;

    private GeneratedIds() {
    }

    /** The next id's number: never 0, which stands for "none". */
    public static long next() {
        return LAST.incrementAndGet();
    }

    /** The id numbered {@code serial} as text. */
    public static String text(long serial) {
        char[] chars = new char[MAX_LENGTH];
        return new String(chars, 0, write(serial, chars));
    }

    /** Writes the id numbered {@code serial} at the start of {@code into} (at least {@link #MAX_LENGTH} long); its length. */
    public static int write(long serial, char[] into) {
        System.arraycopy(PREFIX, 0, into, 0, PREFIX.length);
        int digits = 1;
        for (long rest = serial / 36; rest != 0; rest /= 36) {
            digits++;
        }
        long rest = serial;
        for (int i = PREFIX.length + digits - 1; i >= PREFIX.length; i--) {
            into[i] = Character.forDigit((int) (rest % 36), 36);
            rest /= 36;
        }
        return PREFIX.length + digits;
    }
}
