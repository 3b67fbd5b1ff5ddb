package org.eqlfusion.event;

import java.util.Map;

/**
 * Field types as an index mapping gives them, where they change how values compare: numbers, IP
 * addresses, dates and semantic versions; everything else is a keyword. {@link EcsSchema} reads them from ECS field names;
 * a test or an integration may bring its own mapping.
 */
public interface Schema {

    enum Type { KEYWORD, NUMBER, IP, DATE, VERSION }

    Type typeOf(String field);

    /** The value an explicit JSON null stands for (a mapping's {@code null_value}), or null. */
    default Object nullValue(String field) {
        return null;
    }

    /**
     * How a date field's values are read and kept, when the schema says ({@link DateField}: an index
     * mapping's date fields); null: kept as they come (ECS, whose rules compare dates as dates anyway).
     */
    default DateField dateField(String field) {
        return null;
    }

    /** Field aliases: alias name to the field it reads (an index mapping's {@code "type": "alias"}). */
    default Map<String, String> aliases() {
        return Map.of();
    }
}
