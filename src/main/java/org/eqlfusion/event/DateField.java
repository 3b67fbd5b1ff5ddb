package org.eqlfusion.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * A date field as an index mapping declares it ({@code "type": "date", "format": "dd-MM-yyyy"}):
 * its values are read as dates and kept in one text, ISO-8601 in UTC with at least milliseconds
 * ({@code 2022-12-17T00:00:00.000Z}), so that two values naming the same instant are equal — as
 * join keys, as Elasticsearch compares them — whatever format each index wrote them in.
 *
 * @param pattern the mapping's own format, or null: Elasticsearch's default, ISO-8601 or epoch milliseconds
 */
public record DateField(DateTimeFormatter pattern) {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * The canonical text of {@code value}; a value that reads as no date here (out of the range this
     * reads, or not in the format) stays as it came, compared as text.
     */
    Object canonical(Object value) {
        Instant instant = pattern == null ? defaultFormat(value) : custom(value.toString());
        if (instant == null) {
            return value;
        }
        int nanos = instant.getNano();
        String fraction = nanos % 1_000_000 == 0 ? String.format("%03d", nanos / 1_000_000)
                : nanos % 1_000 == 0 ? String.format("%06d", nanos / 1_000) : String.format("%09d", nanos);
        return SECONDS.format(instant) + "." + fraction + "Z";
    }

    private static Instant defaultFormat(Object value) {
        try {
            long nanos = EventTimestamps.parse(value);
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        } catch (EventRejectedException e) {
            return null;
        }
    }

    private Instant custom(String text) {
        try {
            TemporalAccessor parsed = pattern.parse(text.trim());
            LocalDate date = LocalDate.from(parsed);
            LocalTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
            return LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
