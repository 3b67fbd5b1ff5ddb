package org.eqlfusion.server.http;

import io.netty.handler.codec.compression.DecompressionException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reads an ingest request's body as the chunks Vert.x hands over, kept as they are
 * ({@link BodyParts}): {@code _bulk} reads them in place, other endpoints get them joined into one
 * array of the body's exact size. Vert.x's BodyHandler grows its buffer from 64 KB by doubling (a
 * 450 KB {@code _bulk} request of 1,000 events was copied four times on the way, and once more out
 * of the buffer), which was a quarter of the bytes the server allocated under load. A body longer
 * than {@code limit} (Content-Length, or counted as it streams, gzip-decoded) fails the request
 * with 413 and the rest of it is discarded.
 */
final class IngestBody implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(IngestBody.class.getName());
    private static final String KEY = "eqlfusion.body";

    private final long limit;

    IngestBody(long limit) {
        // one array holds the body
        this.limit = Math.min(limit, Integer.MAX_VALUE - 16);
    }

    /** The body read by this handler ahead of the route's next one, in one array. */
    static byte[] of(RoutingContext ctx) {
        return parts(ctx).joined();
    }

    /** The body read by this handler ahead of the route's next one, as it arrived. */
    static BodyParts parts(RoutingContext ctx) {
        BodyParts body = ctx.get(KEY);
        return body == null ? BodyParts.EMPTY : body;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long declared = contentLength(request);
        if (declared > limit) {
            ctx.fail(413);
            return;
        }
        if (!hasBody(request, declared)) {
            ctx.put(KEY, BodyParts.EMPTY);
            ctx.next();
            return;
        }
        if (request.isEnded()) {
            ctx.fail(new IllegalStateException("the request body was read before eql-fusion could"));
            return;
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null && expect.equalsIgnoreCase("100-continue") && request.version() == HttpVersion.HTTP_1_1) {
            ctx.response().writeContinue();
        }
        Chunks chunks = new Chunks();
        request.handler(chunk -> {
            if (chunks.refused) {
                return;
            }
            chunks.size += chunk.length();
            if (chunks.size > limit) {
                chunks.refused = true;
                chunks.parts.clear();
                ctx.fail(413);
                return;
            }
            chunks.parts.add(chunk);
        });
        request.exceptionHandler(e -> {
            if (!chunks.refused) {
                chunks.refused = true;
                chunks.parts.clear();
                if (e instanceof DecompressionException) {
                    // the client's mistake, not ours: a 400 saying so, not a 500 and a stack trace. Vert.x
                    // 5.0 closes the connection before that answer is flushed (eclipse-vertx/vert.x#6155,
                    // fixed in 5.1.4), so the log line is what the operator sees
                    String reason = "the body does not decompress as its Content-Encoding says: " + e.getMessage();
                    LOG.warning("event=bad_body_encoding remote=" + request.remoteAddress() + " path=" + request.path()
                            + " reason=\"" + reason + "\"");
                    // the rest of the stream cannot be trusted: a client that does get the 400 must not reuse it
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    ctx.fail(400, new IllegalArgumentException(reason));
                } else {
                    ctx.fail(e);
                }
            }
        });
        request.endHandler(end -> {
            if (chunks.refused) {
                return;
            }
            ctx.put(KEY, BodyParts.of(chunks.parts));
            ctx.next();
        });
        request.resume();
    }

    private static long contentLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** HTTP/1.x carries a body only with a Content-Length or a Transfer-Encoding. */
    private static boolean hasBody(HttpServerRequest request, long declared) {
        if (request.version() == HttpVersion.HTTP_2) {
            return true;
        }
        return declared > 0 || (declared < 0 && request.headers().contains(HttpHeaders.TRANSFER_ENCODING));
    }

    /** The chunks of one body so far. */
    private static final class Chunks {
        final List<Buffer> parts = new ArrayList<>();
        long size;
        boolean refused;
    }
}
