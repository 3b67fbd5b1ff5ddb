package org.eqlfusion.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.IpAddresses;
import org.eqlfusion.event.Schema;
import org.kie.api.runtime.rule.EntryPoint;

/**
 * The patterns of one category (or of none) by the keys that route events to them: for each field
 * a key names, the entry points by the value the field must hold, by the end it must have, or, on
 * an IP field, by the address. {@link EventRouter} holds one per category.
 */
final class CategoryRoutes {

    /** Takes an entry point (by its number) for the event being routed. */
    interface Taker {
        void take(int entryPoint, List<EntryPoint> out);
    }

    /** Entry points of patterns without a key here: every event of the category. */
    private final List<Integer> always = new ArrayList<>();
    private final Map<String, FieldIndex> byField = new HashMap<>();
    private int[] alwaysArray = new int[0];
    /** byField as arrays, to walk when the event has more fields than are indexed. */
    private String[] indexedFields = new String[0];
    private FieldIndex[] indexes = new FieldIndex[0];

    /** Files the entry point of a pattern under {@code key} (null: every event of the category). */
    void add(int entryPoint, RouteKey key) {
        if (key == null) {
            always.add(entryPoint);
            return;
        }
        for (RouteKey.FieldValues alternative : key.anyOf()) {
            FieldIndex index = byField.computeIfAbsent(alternative.field(), f -> new FieldIndex());
            if (alternative.anyValue()) {
                index.present.add(entryPoint);
                continue;
            }
            index.all.add(entryPoint);
            boolean notAllAddresses = false;
            for (String value : alternative.values()) {
                // on an IP field, the value as an address (events hold the canonical text)
                String address = alternative.suffixes() ? null : IpAddresses.canonical(value);
                if (address == null) {
                    notAllAddresses = true;
                } else {
                    index.byAddress.computeIfAbsent(RouteKey.fold(address), v -> new ArrayList<>()).add(entryPoint);
                }
                if (alternative.suffixes()) {
                    // filed under its last characters: a value's own last characters find it
                    String last = value.substring(value.length() - RouteKey.MIN_SUFFIX);
                    index.byEnd.computeIfAbsent(last, v -> new ArrayList<>()).add(new Ending(value, entryPoint));
                } else {
                    index.byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(entryPoint);
                }
            }
            if (notAllAddresses) {
                index.notAddresses.add(entryPoint);
            }
        }
    }

    /** Done filing: the tables as arrays, for routing. */
    void seal() {
        alwaysArray = distinct(always);
        indexedFields = byField.keySet().toArray(String[]::new);
        indexes = java.util.Arrays.stream(indexedFields).map(byField::get).toArray(FieldIndex[]::new);
        byField.values().forEach(FieldIndex::seal);
    }

    /** Takes every entry point of this category whose key the event meets. */
    void route(EcsEvent event, Taker taker, List<EntryPoint> out) {
        for (int entryPoint : alwaysArray) {
            taker.take(entryPoint, out);
        }
        Map<String, Object> fields = event.getFields();
        if (indexedFields.length <= fields.size()) {
            // few indexed fields: look each up in the event
            for (int i = 0; i < indexedFields.length; i++) {
                if (fields.get(indexedFields[i]) != null) {
                    route(event, indexedFields[i], indexes[i], taker, out);
                }
            }
        } else {
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                FieldIndex index = byField.get(field.getKey());
                if (index != null && field.getValue() != null) {
                    route(event, field.getKey(), index, taker, out);
                }
            }
        }
    }

    /** Takes the entry points whose key on {@code field} the event's value meets. */
    private static void route(EcsEvent event, String field, FieldIndex index, Taker taker, List<EntryPoint> out) {
        takeAll(index.presentArray, taker, out);
        if (index.valuesEmpty) {
            return;
        }
        Schema.Type type = event.schemaTypeOf(field);
        if (type == Schema.Type.DATE) {
            // equality there is by instant, not text: every pattern keyed on it may match
            takeAll(index.allArray, taker, out);
            return;
        }
        if (type == Schema.Type.IP) {
            // the event holds the address's canonical text: patterns keyed on that address, and
            // those keyed on a CIDR block (or anything not an address), may match
            takeAll(index.notAddressesArray, taker, out);
        }
        Object folded = event.foldedValue(field);
        if (folded instanceof String one) {
            routeValue(one, type == Schema.Type.IP, index, taker, out);
        } else if (folded != null) {
            for (Object value : (List<?>) folded) {
                routeValue((String) value, type == Schema.Type.IP, index, taker, out);
            }
        }
    }

    /** Takes the entry points keyed on one of the field's values (folded): on an IP field, by address. */
    private static void routeValue(String value, boolean address, FieldIndex index, Taker taker, List<EntryPoint> out) {
        if (address) {
            takeAll(index.byAddressArrays.get(value), taker, out);
            return;
        }
        takeAll(index.byValueArrays.get(value), taker, out);
        if (index.endings != null && value.length() >= RouteKey.MIN_SUFFIX) {
            Ending[] endings = index.endings.get(value);
            if (endings != null) {
                for (Ending e : endings) {
                    if (value.endsWith(e.suffix)) {
                        taker.take(e.entryPoint, out);
                    }
                }
            }
        }
    }

    private static void takeAll(int[] entryPoints, Taker taker, List<EntryPoint> out) {
        if (entryPoints != null) {
            for (int entryPoint : entryPoints) {
                taker.take(entryPoint, out);
            }
        }
    }

    /** A pattern that requires the field's value to end with {@code suffix} (folded). */
    private record Ending(String suffix, int entryPoint) {
    }

    private static final class FieldIndex {
        final Map<String, List<Integer>> byValue = new HashMap<>();
        /** Endings, by their last {@link RouteKey#MIN_SUFFIX} characters. */
        final Map<String, List<Ending>> byEnd = new HashMap<>();
        final List<Integer> all = new ArrayList<>();
        /** For an IP field: by the canonical address of each value, and the patterns with a value that is no address (a CIDR block). */
        final Map<String, List<Integer>> byAddress = new HashMap<>();
        final List<Integer> notAddresses = new ArrayList<>();
        /** Patterns that need the field present, whatever its value. */
        final List<Integer> present = new ArrayList<>();
        // the same, sealed for routing
        final Map<String, int[]> byValueArrays = new HashMap<>();
        final Map<String, int[]> byAddressArrays = new HashMap<>();
        int[] allArray;
        int[] notAddressesArray;
        int[] presentArray;
        /** byEnd by the value's last characters, read without cutting them out (null: none). */
        EndingTable endings;
        /** No pattern here needs a value of the field: its presence alone decides. */
        boolean valuesEmpty;

        void seal() {
            presentArray = distinct(present);
            valuesEmpty = all.isEmpty();
            byValue.forEach((value, entryPoints) -> byValueArrays.put(value, distinct(entryPoints)));
            byAddress.forEach((address, entryPoints) -> byAddressArrays.put(address, distinct(entryPoints)));
            allArray = distinct(all);
            notAddressesArray = distinct(notAddresses);
            endings = byEnd.isEmpty() ? null : new EndingTable(byEnd);
        }
    }

    /**
     * Endings by a hash of their last {@link RouteKey#MIN_SUFFIX} characters, looked up with a
     * value's own last characters in place: routing cuts no substring out of each value. Values
     * whose end only shares the hash find a list whose suffixes they do not end with.
     */
    private static final class EndingTable {
        private final int[] hashes;
        private final Ending[][] lists;

        EndingTable(Map<String, List<Ending>> byEnd) {
            int length = Integer.highestOneBit(Math.max(1, byEnd.size() * 4 - 1)) << 1;
            hashes = new int[length];
            lists = new Ending[length][];
            byEnd.forEach((last, endings) -> {
                int hash = hashOfEnd(last);
                int slot = hash & (length - 1);
                while (lists[slot] != null && hashes[slot] != hash) {
                    slot = (slot + 1) & (length - 1);
                }
                Ending[] held = lists[slot] == null ? new Ending[0] : lists[slot];
                Ending[] more = java.util.Arrays.copyOf(held, held.length + endings.size());
                for (int i = 0; i < endings.size(); i++) {
                    more[held.length + i] = endings.get(i);
                }
                hashes[slot] = hash;
                lists[slot] = more;
            });
        }

        /** The endings filed under the last characters of {@code value} (at least MIN_SUFFIX long), or null. */
        Ending[] get(String value) {
            int hash = hashOfEnd(value);
            int mask = hashes.length - 1;
            for (int slot = hash & mask; lists[slot] != null; slot = (slot + 1) & mask) {
                if (hashes[slot] == hash) {
                    return lists[slot];
                }
            }
            return null;
        }

        private static int hashOfEnd(String text) {
            int h = 0;
            for (int i = text.length() - RouteKey.MIN_SUFFIX; i < text.length(); i++) {
                h = 31 * h + text.charAt(i);
            }
            return h ^ (h >>> 16);
        }
    }

    private static int[] distinct(List<Integer> entryPoints) {
        return entryPoints.stream().mapToInt(Integer::intValue).distinct().toArray();
    }
}
