package org.eqlfusion.server.http;

import java.util.Locale;

/** The request body types Elasticsearch takes, and so do we. */
final class ContentTypes {

    private ContentTypes() {
    }

    /** Whether a body of this Content-Type is JSON or NDJSON as Elasticsearch accepts it; a missing type is taken as JSON. */
    static boolean supported(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mime) {
            case "application/json", "application/x-ndjson", "application/vnd.elasticsearch+json",
                 "application/vnd.elasticsearch+x-ndjson" -> true;
            default -> false;
        };
    }

    static boolean ndjson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("ndjson");
    }
}
