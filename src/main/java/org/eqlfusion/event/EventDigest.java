package org.eqlfusion.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Digests: the ids the engine gives events that came without one (a digest of the content, so a replay gives the same id). */
public final class EventDigest {

    private EventDigest() {
    }

    static String digest(Map<String, Object> fields, long timestampNanos) {
        StringBuilder canonical = new StringBuilder(256).append(timestampNanos);
        new TreeMap<>(fields).forEach((k, v) -> canonical.append('\u0000').append(k).append('=').append(v));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(truncated(sha256(canonical.toString())));
    }

    private static byte[] truncated(byte[] hash) {
        byte[] out = new byte[15];
        System.arraycopy(hash, 0, out, 0, out.length);
        return out;
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
