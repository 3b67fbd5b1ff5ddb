package org.eqlfusion.event;

/**
 * One instance of the short text values events repeat ({@code windows}, {@code start},
 * {@code cmd.exe}, host and user names): a string is read from the parser's characters and, when
 * the pool holds it already, no new String is made. Events wait seconds in the reorder buffer, so
 * every String they hold is one more object the collector traces again and again; pooled, an
 * event's repeated values cost nothing each.
 *
 * <p>A fixed table, one string per slot chosen by hash, the newest kept: bounded whatever the
 * input, and a value seen once (an id, a timestamp) only takes a slot until the next one. Shared
 * by threads without locking: a slot is read once and checked for equality before use, and
 * Strings are immutable, so a race only costs a miss.
 */
final class StringPool {

    /** Longer values (command lines) repeat less, and comparing them costs more. */
    static final int MAX_LENGTH = 64;
    private static final int SLOTS = 1 << 13;

    private final String[] slots = new String[SLOTS];
    /** Each slot's hash beside it, so that a miss (a value seen once) reads no String at all. */
    private final int[] hashes = new int[SLOTS];

    /** The text of {@code chars[offset, offset + length)} as a String, the pooled one when held. */
    String of(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + chars[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        if (hashes[slot] == hash) {
            // the hash and the String are written apart: check the text, never trust the hash alone
            String held = slots[slot];
            if (held != null && held.length() == length && same(held, chars, offset)) {
                return held;
            }
        }
        String made = new String(chars, offset, length);
        slots[slot] = made;
        hashes[slot] = hash;
        return made;
    }

    private static boolean same(String held, char[] chars, int offset) {
        for (int i = 0; i < held.length(); i++) {
            if (held.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
