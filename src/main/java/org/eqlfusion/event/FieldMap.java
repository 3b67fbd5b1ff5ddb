package org.eqlfusion.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An event's fields, dotted name to value, in the order they were read: three arrays (names, their
 * hashes, values) instead of a hash table with one node per field. An event is read once and then
 * looked up many times, often long after, when it leaves the reorder buffer and its memory has gone
 * cold: a lookup scans the few cache lines of the hash array, and the collector has a third of the
 * objects to trace for every buffered event. Events with many fields get a hash index as well, so
 * a hostile event with thousands of keys costs no more than a hash map.
 *
 * <p>Once {@link #freeze frozen} (an {@link EcsEvent} freezes its fields) the map refuses changes;
 * it also keeps each value folded for case the first time a rule asks ({@link #folded}).
 * Not thread-safe for writing: written by one decoder, then only read — by one session writer, or
 * by several at once when the rules are split over sessions. The folded memo is then filled by
 * whichever writer asks first; two asking together fold the value twice and one copy is kept,
 * and since a folded value is immutable (a String or an unmodifiable List), a writer that finds
 * the other's sees it whole.
 */
public final class FieldMap extends AbstractMap<String, Object> {

    /** Up to this many fields, a lookup scans the hashes; beyond, it asks the index. */
    private static final int SCAN_LIMIT = 24;

    private String[] names;
    private int[] hashes;
    private Object[] values;
    private Object[] folded;
    /** Open addressing over positions + 1 (0 is empty), once there are more than {@link #SCAN_LIMIT} fields. */
    private int[] index;
    private int size;
    private boolean frozen;

    public FieldMap() {
        this(16);
    }

    public FieldMap(int capacity) {
        int c = Math.max(4, capacity);
        names = new String[c];
        hashes = new int[c];
        values = new Object[c];
    }

    /** The fields of {@code map}, in its order. */
    public static FieldMap copyOf(Map<String, ?> map) {
        FieldMap copy = new FieldMap(map.size());
        map.forEach(copy::put);
        return copy;
    }

    /** No change after this; returns this map. */
    FieldMap freeze() {
        frozen = true;
        return this;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Object put(String key, Object value) {
        int i = indexOf(key);
        if (i >= 0) {
            checkWritable();
            Object old = values[i];
            values[i] = value;
            if (folded != null) {
                folded[i] = null;
            }
            return old;
        }
        append(key, value);
        return null;
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        int i = indexOf(key);
        if (i < 0) {
            append(key, value);
        } else if (values[i] != null) {
            return values[i];
        } else {
            put(key, value);
        }
        return null;
    }

    @Override
    public Object remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        checkWritable();
        Object old = values[i];
        int after = size - i - 1;
        System.arraycopy(names, i + 1, names, i, after);
        System.arraycopy(hashes, i + 1, hashes, i, after);
        System.arraycopy(values, i + 1, values, i, after);
        if (folded != null) {
            System.arraycopy(folded, i + 1, folded, i, after);
            folded[size - 1] = null;
        }
        size--;
        names[size] = null;
        values[size] = null;
        reindex();
        return old;
    }

    @Override
    public void clear() {
        checkWritable();
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        folded = null;
        size = 0;
        reindex();
    }

    /**
     * The value of {@code key} folded for case by {@code fold}, folded the first time it is asked
     * for and kept; null when the field is missing.
     */
    Object folded(String key, UnaryOperator<Object> fold) {
        int i = indexOf(key);
        if (i < 0 || values[i] == null) {
            return null;
        }
        if (folded == null) {
            folded = new Object[names.length];
        }
        Object f = folded[i];
        if (f == null) {
            f = fold.apply(values[i]);
            folded[i] = f;
        }
        return f;
    }

    private int indexOf(Object key) {
        if (!(key instanceof String name)) {
            return -1;
        }
        int hash = name.hashCode();
        if (index != null) {
            int mask = index.length - 1;
            for (int slot = spread(hash) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
                int i = index[slot] - 1;
                if (hashes[i] == hash && (names[i] == name || names[i].equals(name))) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && (names[i] == name || names[i].equals(name))) {
                return i;
            }
        }
        return -1;
    }

    private void append(String key, Object value) {
        checkWritable();
        if (key == null) {
            throw new NullPointerException("a field needs a name");
        }
        if (size == names.length) {
            int grown = size * 2;
            names = Arrays.copyOf(names, grown);
            hashes = Arrays.copyOf(hashes, grown);
            values = Arrays.copyOf(values, grown);
            if (folded != null) {
                folded = Arrays.copyOf(folded, grown);
            }
        }
        names[size] = key;
        hashes[size] = key.hashCode();
        values[size] = value;
        size++;
        if (size > SCAN_LIMIT) {
            if (index == null || size * 2 > index.length) {
                reindex();
            } else {
                slotIn(index, size - 1);
            }
        }
    }

    private void reindex() {
        if (size <= SCAN_LIMIT) {
            index = null;
            return;
        }
        index = new int[Integer.highestOneBit(size * 4 - 1) << 1];
        for (int i = 0; i < size; i++) {
            slotIn(index, i);
        }
    }

    private void slotIn(int[] table, int i) {
        int mask = table.length - 1;
        int slot = spread(hashes[i]) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = i + 1;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private void checkWritable() {
        if (frozen) {
            throw new UnsupportedOperationException("an event's fields do not change once it is read");
        }
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < size; i++) {
            action.accept(names[i], values[i]);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        return new SimpleImmutableEntry<>(names[last], values[last]);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException();
                        }
                        FieldMap.this.remove(names[last]);
                        next = last;
                        last = -1;
                    }
                };
            }
        };
    }
}
