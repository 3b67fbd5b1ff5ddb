package org.eqlfusion.event;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The field names of a {@link FieldMap}, in order, with a hash table from name to position: what
 * events read from the same shipper share. Events of one source name the same fields in the same
 * order, so their maps share one shape — one table, found by following the names from the empty
 * shape — and each event keeps only its values. A lookup is one or two probes of the shared table
 * instead of a scan of the event's own names, and a buffered event carries neither names nor
 * hashes of its own.
 *
 * <p>Shared shapes never change once made, and are kept for good, so they are bounded: at most
 * {@link #MAX_SHARED} in all, holding at most {@link #MAX_SHARED_NAMES} names between them (each
 * shape holds its own copy of its names: about 20 MB at the bound), {@link #MAX_SUCCESSORS} after
 * any one shape and {@link #MAX_SHARED_SIZE} names long, so input with ever new field names cannot
 * grow them without end. An event past those bounds (or one whose map had a field removed) gets a private
 * shape, owned by its map alone and grown in place.
 */
final class FieldShape {

    static final int MAX_SHARED = 1 << 16;
    static final int MAX_SUCCESSORS = 16;
    /** Shapes of more names are not shared: each would copy the names before it. */
    static final int MAX_SHARED_SIZE = 256;
    static final int MAX_SHARED_NAMES = 1 << 20;
    private static final AtomicInteger SHARED = new AtomicInteger();
    private static final AtomicInteger SHARED_NAMES = new AtomicInteger();

    /** The shape of a map without fields: where every event's shape starts. */
    static final FieldShape EMPTY = new FieldShape(new String[0], new int[0], 0, true);

    private String[] names;
    private int[] hashes;
    private int size;
    /** Open addressing over positions + 1 (0 is empty); at most half full. */
    private int[] table;
    private final boolean shared;
    /** The shapes one more name makes, as [name, shape, name, shape...]; replaced whole, never changed. */
    private volatile Object[] successors = new Object[0];

    private FieldShape(String[] names, int[] hashes, int size, boolean shared) {
        this.names = names;
        this.hashes = hashes;
        this.size = size;
        this.shared = shared;
        rebuildTable();
    }

    /** Shared shapes made so far (bounded by {@link #MAX_SHARED}). */
    static int sharedCount() {
        return SHARED.get();
    }

    /** The names shared shapes hold between them (bounded by {@link #MAX_SHARED_NAMES}). */
    static int sharedNames() {
        return SHARED_NAMES.get();
    }

    int size() {
        return size;
    }

    String name(int i) {
        return names[i];
    }

    /** The position of {@code name}, or -1. */
    int indexOf(String name) {
        int hash = name.hashCode();
        int mask = table.length - 1;
        for (int slot = spread(hash) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int i = table[slot] - 1;
            if (hashes[i] == hash && (names[i] == name || names[i].equals(name))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * This shape with {@code name} after its names (which must not hold it yet): the shared one
     * when there is one or one may be made, else a private one; a private shape grows itself.
     */
    FieldShape with(String name) {
        if (!shared) {
            append(name);
            return this;
        }
        Object[] next = successors;
        for (int i = 0; i < next.length; i += 2) {
            if (next[i] == name || next[i].equals(name)) {
                return (FieldShape) next[i + 1];
            }
        }
        synchronized (this) {
            next = successors;
            for (int i = 0; i < next.length; i += 2) {
                if (next[i].equals(name)) {
                    return (FieldShape) next[i + 1];
                }
            }
            if (size < MAX_SHARED_SIZE && next.length / 2 < MAX_SUCCESSORS && SHARED.get() < MAX_SHARED
                    && SHARED_NAMES.get() + size + 1 <= MAX_SHARED_NAMES) {
                SHARED.incrementAndGet();
                SHARED_NAMES.addAndGet(size + 1);
                FieldShape made = grown(name, true);
                Object[] longer = Arrays.copyOf(next, next.length + 2);
                longer[next.length] = name;
                longer[next.length + 1] = made;
                successors = longer;
                return made;
            }
        }
        return grown(name, false);
    }

    /** A private shape of the names but the one at {@code removed}. */
    FieldShape without(int removed) {
        String[] left = new String[Math.max(4, size)];
        int[] leftHashes = new int[left.length];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (i != removed) {
                left[n] = names[i];
                leftHashes[n] = hashes[i];
                n++;
            }
        }
        return new FieldShape(left, leftHashes, n, false);
    }

    /** A new shape of these names and {@code name}: shared (exactly sized) or private (with room to grow). */
    private FieldShape grown(String name, boolean share) {
        int capacity = share ? size + 1 : Math.max(8, (size + 1) * 2);
        String[] more = Arrays.copyOf(names, capacity);
        int[] moreHashes = Arrays.copyOf(hashes, capacity);
        more[size] = name;
        moreHashes[size] = name.hashCode();
        return new FieldShape(more, moreHashes, size + 1, share);
    }

    /** Adds a name in place: only to a private shape. */
    private void append(String name) {
        if (size == names.length) {
            names = Arrays.copyOf(names, Math.max(8, size * 2));
            hashes = Arrays.copyOf(hashes, names.length);
        }
        names[size] = name;
        hashes[size] = name.hashCode();
        size++;
        if (size * 2 > table.length) {
            rebuildTable();
        } else {
            slotIn(size - 1);
        }
    }

    private void rebuildTable() {
        table = new int[tableLength(size)];
        for (int i = 0; i < size; i++) {
            slotIn(i);
        }
    }

    private void slotIn(int i) {
        int mask = table.length - 1;
        int slot = spread(hashes[i]) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = i + 1;
    }

    /** A power of two at least twice {@code size}, and at least 8. */
    private static int tableLength(int size) {
        return Math.max(8, Integer.highestOneBit(Math.max(1, size * 2 - 1)) << 1);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
