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
            .toFormatter()
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

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
        long fast = utcFastPath(text);
        if (fast != Long.MIN_VALUE) {
            // the common case first: "2024-05-01T00:00:00.123Z"
            return fast;
        }
        if (isDecimal(text)) {
            try {
                // exact: "1714557600000.123456" keeps its nanoseconds, which a double would round
                return new java.math.BigDecimal(text).movePointRight(6).setScale(0, java.math.RoundingMode.FLOOR)
                        .longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
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
            throw new EventRejectedException("@timestamp " + Quoted.of(text) + " is neither ISO-8601 nor epoch milliseconds");
        }
    }

    /** Digits with an optional leading minus and decimal point: epoch milliseconds written as text. */
    private static boolean isDecimal(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The shape nearly every shipper sends, {@code 2024-05-01T10:00:00.123Z} (0 to 9 fraction
     * digits, UTC), read without the general formatter; Long.MIN_VALUE for anything else.
     */
    static long utcFastPath(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        long nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return Long.MIN_VALUE;
            }
            int fraction = n - 21;
            int value = digits(s, 20, fraction);
            if (value < 0) {
                return Long.MIN_VALUE;
            }
            nanos = value;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second;
        return seconds * 1_000_000_000L + nanos;
    }

    /** The decimal number of {@code length} digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static long millisToNanos(double millis) throws EventRejectedException {
        if (Double.isNaN(millis) || Math.abs(millis) > 9.2e12) {
            throw new EventRejectedException("@timestamp " + millis + " is out of range for epoch milliseconds");
        }
        return Math.round(millis * 1_000_000d);
    }
}
