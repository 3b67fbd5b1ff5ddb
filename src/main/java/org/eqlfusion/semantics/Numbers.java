package org.eqlfusion.semantics;

/** Numbers read from text as Elasticsearch coerces numeric strings: integers as Long, others as Double. */
public final class Numbers {

    private Numbers() {
    }

    /** The number the text holds, or null when it holds none. */
    public static Number parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException notLong) {
            try {
                double d = Double.parseDouble(s);
                return Double.isNaN(d) ? null : d;
            } catch (NumberFormatException notDouble) {
                return null;
            }
        }
    }
}
