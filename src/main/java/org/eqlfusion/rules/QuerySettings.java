package org.eqlfusion.rules;

/**
 * How Elasticsearch runs a rule's query, from the rule file's optional settings.
 *
 * @param eventCategoryField the field whose value a category ({@code process where}) must hold:
 *                           {@code event.category}, or the rule's {@code event_category_override}
 *                           (AWS CloudTrail rules ask {@code info where} of {@code event.type})
 * @param timestampField     the field that orders a sequence's events ({@code timestamp_field}):
 *                           {@code @timestamp} unless the rule names another
 * @param tiebreakerField    the field that orders events of the same timestamp
 *                           ({@code tiebreaker_field}), or null
 * @param timestampOverride  the field Elastic's scheduled runs pick each run's events by
 *                           ({@code timestamp_override}, usually {@code event.ingested}), or null; it
 *                           decides which events a run searches, not how they match, and a stream
 *                           sees every event, so it changes no answer here
 */
public record QuerySettings(String eventCategoryField, String timestampField, String tiebreakerField,
                            String timestampOverride) {

    public static final String EVENT_CATEGORY = "event.category";
    public static final String TIMESTAMP = "@timestamp";

    /** Elasticsearch's defaults: categories on event.category, order by @timestamp, no tiebreaker. */
    public static final QuerySettings DEFAULT = new QuerySettings(EVENT_CATEGORY, TIMESTAMP, null, null);

    /** Whether categories are read from another field than {@code event.category}. */
    public boolean categoryOverridden() {
        return !EVENT_CATEGORY.equals(eventCategoryField);
    }

    /** Whether the rule orders events otherwise than the engine does: by {@code @timestamp}, ties by arrival. */
    public boolean ordersOtherwise() {
        return !TIMESTAMP.equals(timestampField) || tiebreakerField != null;
    }
}
