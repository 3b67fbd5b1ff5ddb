package org.eqlfusion.server.http;

import org.eqlfusion.event.JsonEncodings;

/** Ingest bodies are UTF-8, as every shipper sends them; one in UTF-16 or UTF-32 is refused whole. */
final class Utf8Body {

    private static final String NOT_UTF8 = "the body is not UTF-8 (it reads as UTF-16 or UTF-32): send UTF-8";

    private Utf8Body() {
    }

    /** Why {@code body} is not UTF-8, or null when nothing says so. */
    static String problem(byte[] body) {
        return JsonEncodings.isUtf16Or32(body) ? NOT_UTF8 : null;
    }
}
