package org.eqlfusion.event;

/**
 * How a JSON text that is not UTF-8 shows it, the way JSON parsers tell it (RFC 4627): a UTF-16
 * byte order mark, or the zero bytes two ASCII characters leave in UTF-16 (one in UTF-32), either
 * byte order. Jackson would decode such text, but read as bytes it makes no sense, and Jackson
 * then gives no byte offsets to cut documents out by: eql-fusion takes UTF-8, as shippers send it.
 */
public final class JsonEncodings {

    private JsonEncodings() {
    }

    /** Whether {@code bytes[offset..offset+length)} begins with a UTF-16 byte order mark (FE FF or FF FE). */
    public static boolean startsWithUtf16ByteOrderMark(byte[] bytes, int offset, int length) {
        if (length < 2) {
            return false;
        }
        int a = bytes[offset] & 0xFF;
        int b = bytes[offset + 1] & 0xFF;
        return a == 0xFE && b == 0xFF || a == 0xFF && b == 0xFE;
    }

    /** Whether {@code bytes} read as UTF-16 or UTF-32: a byte order mark, or the zero bytes of either. */
    public static boolean isUtf16Or32(byte[] bytes) {
        if (startsWithUtf16ByteOrderMark(bytes, 0, bytes.length)) {
            return true;
        }
        if (bytes.length < 4) {
            return false;
        }
        boolean z0 = bytes[0] == 0, z1 = bytes[1] == 0, z2 = bytes[2] == 0, z3 = bytes[3] == 0;
        // a first line of zero bytes alone is no encoding, only a bad line among good ones
        boolean utf16 = z0 != z1 && z0 == z2 && z1 == z3;
        boolean utf32 = z1 && z2 && z0 != z3;
        return utf16 || utf32;
    }
}
