package org.eqlfusion.semantics;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Date values as epoch milliseconds: numbers (and numeric strings) are epoch millis, text is ISO-8601. */
final class Dates {

    private Dates() {
    }

    static Long millis(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value == null) {
            return null;
        }
        String s = value.toString().trim();
        Number n = Numbers.parse(s);
        if (n != null) {
            return n.longValue();
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
