package org.eqlfusion.semantics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Date values as nanoseconds since the epoch, so that date_nanos fields compare exactly: numbers
 * and numeric strings are epoch milliseconds (with a fraction for sub-millisecond precision), text
 * is ISO-8601.
 */
final class Dates {

    private Dates() {
    }

    static Long nanos(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue() * 1_000_000L;
        }
        String s = value.toString().trim();
        try {
            return new BigDecimal(s).movePointRight(6).longValue();
        } catch (NumberFormatException notANumber) {
            try {
                return toNanos(Instant.parse(s));
            } catch (DateTimeParseException e) {
                try {
                    return toNanos(OffsetDateTime.parse(s).toInstant());
                } catch (DateTimeParseException again) {
                    return null;
                }
            }
        }
    }

    private static long toNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
