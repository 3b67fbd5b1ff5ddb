package org.eqlfusion.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * API keys as Elasticsearch clients send them, {@code Authorization: ApiKey <key>}, or
 * {@code Authorization: Bearer <key>}. A configured key matches either as sent (Elasticsearch's
 * encoded form, base64 of {@code id:api_key}) or as the decoded {@code id:api_key}. Ingest keys open
 * the ingest endpoints; admin keys open everything. With no keys configured (allowed on loopback
 * only) every request passes.
 */
final class ApiKeyAuth {

    enum Level { INGEST, ADMIN }

    private final List<byte[]> ingestKeys;
    private final List<byte[]> adminKeys;

    ApiKeyAuth(List<String> ingestKeys, List<String> adminKeys) {
        this.ingestKeys = ingestKeys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.adminKeys = adminKeys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    Handler<RoutingContext> require(Level level) {
        return ctx -> {
            if (ingestKeys.isEmpty() && adminKeys.isEmpty()) {
                ctx.next();
                return;
            }
            String header = ctx.request().getHeader("Authorization");
            byte[] token = token(header);
            if (token == null) {
                ctx.response().putHeader("WWW-Authenticate", "ApiKey, Bearer");
                EsResponses.error(ctx, 401, "security_exception",
                        "missing authentication credentials: send Authorization: ApiKey <key> or Bearer <key>");
            } else if (matches(adminKeys, token) || level == Level.INGEST && matches(ingestKeys, token)) {
                ctx.next();
            } else if (matches(ingestKeys, token)) {
                EsResponses.error(ctx, 403, "security_exception",
                        "this API key may only send events; " + ctx.request().path() + " needs an admin key");
            } else {
                ctx.response().putHeader("WWW-Authenticate", "ApiKey, Bearer");
                EsResponses.error(ctx, 401, "security_exception", "unable to authenticate with the provided API key");
            }
        };
    }

    private static byte[] token(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = h.substring(0, space);
        if (!scheme.equalsIgnoreCase("ApiKey") && !scheme.equalsIgnoreCase("Bearer")) {
            return null;
        }
        return h.substring(space + 1).trim().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean matches(List<byte[]> keys, byte[] token) {
        byte[] decoded = decode(token);
        boolean found = false;
        for (byte[] key : keys) {
            // constant time per key, and every key is compared
            boolean asSent = MessageDigest.isEqual(key, token);
            boolean asDecoded = decoded != null && MessageDigest.isEqual(key, decoded);
            found |= asSent | asDecoded;
        }
        return found;
    }

    private static byte[] decode(byte[] token) {
        try {
            return Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
