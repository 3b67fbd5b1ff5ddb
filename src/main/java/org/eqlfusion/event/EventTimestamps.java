package org.eqlfusion.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;

/**
 * {@code @timestamp} as Elasticsearch's default date format reads it
 * ({@code strict_date_optional_time||epoch_millis}): ISO-8601 with any offset (UTC when none),
 * a date alone, or epoch milliseconds as a number or numeric string.
 */
final class EventTimestamps {

    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private EventTimestamps() {
    }

    /** Nanoseconds since the epoch. */
    static long parse(Object value) throws EventRejectedException {
        if (value == null) {
            throw new EventRejectedException("missing @timestamp");
        }
        if (value instanceof List<?>) {
            throw new EventRejectedException("@timestamp has several values; expected one");
        }
        if (value instanceof Long millis && Math.abs(millis) < 9_000_000_000_000L) {
            return millis * 1_000_000L;
        }
        if (value instanceof Number n) {
            return millisToNanos(n.doubleValue());
        }
        String text = value.toString().trim();
        if (!text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-')
                && text.indexOf('-', 1) < 0) {
            try {
                return millisToNanos(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                // not epoch millis: try ISO-8601 below
            }
        }
        try {
            var parsed = ISO.parse(text);
            LocalDate date = LocalDate.from(parsed);
            LocalDateTime local = parsed.isSupported(ChronoField.HOUR_OF_DAY)
                    ? LocalDateTime.of(date, java.time.LocalTime.from(parsed)) : date.atStartOfDay();
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
            Instant instant = OffsetDateTime.of(local, offset).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeException | ArithmeticException e) {
            throw new EventRejectedException("@timestamp \"" + text + "\" is neither ISO-8601 nor epoch milliseconds");
        }
    }

    private static long millisToNanos(double millis) throws EventRejectedException {
        if (Double.isNaN(millis) || Math.abs(millis) > 9.2e12) {
            throw new EventRejectedException("@timestamp " + millis + " is out of range for epoch milliseconds");
        }
        return Math.round(millis * 1_000_000d);
    }
}
