package org.eqlfusion.event;

import java.util.Map;

/**
 * Field types as an index mapping gives them, where they change how values compare: numbers and
 * IP addresses; everything else is a keyword. {@link EcsSchema} reads them from ECS field names;
 * a test or an integration may bring its own mapping.
 */
public interface Schema {

    enum Type { KEYWORD, NUMBER, IP }

    Type typeOf(String field);

    /** Field aliases: alias name to the field it reads (an index mapping's {@code "type": "alias"}). */
    default Map<String, String> aliases() {
        return Map.of();
    }
}
