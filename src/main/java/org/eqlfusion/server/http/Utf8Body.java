package org.eqlfusion.server.http;

/**
 * Ingest bodies are UTF-8, as every shipper sends them. A body in UTF-16 or UTF-32 is told apart
 * the way JSON parsers tell it (RFC 4627: a byte order mark, or zero bytes among the first four,
 * since JSON text begins with ASCII) and refused whole: read byte by byte as lines it made no
 * sense, and Jackson, which would decode it, gives no byte offsets to cut documents out by.
 */
final class Utf8Body {

    private static final String NOT_UTF8 = "the body is not UTF-8 (it reads as UTF-16 or UTF-32): send UTF-8";

    private Utf8Body() {
    }

    /** Why {@code body} is not UTF-8, or null when nothing says so. */
    static String problem(byte[] body) {
        if (body.length >= 2 && ((body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF || (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE)) {
            return NOT_UTF8;
        }
        if (body.length < 4) {
            return null;
        }
        boolean z0 = body[0] == 0, z1 = body[1] == 0, z2 = body[2] == 0, z3 = body[3] == 0;
        // the four shapes of two ASCII characters in UTF-16 and of one in UTF-32, either byte order;
        // a first line of zero bytes alone is no encoding, only a bad line among good ones
        boolean utf16 = z0 != z1 && z0 == z2 && z1 == z3;
        boolean utf32 = z1 && z2 && z0 != z3;
        return utf16 || utf32 ? NOT_UTF8 : null;
    }
}
