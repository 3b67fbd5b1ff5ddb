package org.eqlfusion.server.tcp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.logging.Logger;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.metrics.ServerMetrics;
import org.eqlfusion.server.IngestGate;

/**
 * Newline-delimited JSON over TCP, as syslog-ng {@code network()}, rsyslog {@code omfwd} and
 * Logstash {@code tcp} send it: one event per line, nothing answered. Each connection is read a
 * chunk at a time; while its lines are decoded (on a worker) and handed to the engine, reading is
 * paused, and it stays paused while the engine has no room — TCP's own flow control then slows
 * the sender. A bad line is logged with the peer and line number and skipped.
 */
public final class TcpNdjsonServer {

    private static final Logger LOG = Logger.getLogger(TcpNdjsonServer.class.getName());
    private static final int LOGGED_REJECTS_PER_CONNECTION = 10;
    private static final long RETRY_MILLIS = 5;

    private final Vertx vertx;
    private final IngestGate gate;
    private final WorkerExecutor workers;
    private final ServerMetrics metrics;
    private final int maxLineBytes;

    public TcpNdjsonServer(Vertx vertx, IngestGate gate, WorkerExecutor workers, ServerMetrics metrics, int maxLineBytes) {
        this.vertx = vertx;
        this.gate = gate;
        this.workers = workers;
        this.metrics = metrics;
        this.maxLineBytes = maxLineBytes;
    }

    public Future<NetServer> listen(NetServerOptions options) {
        return vertx.createNetServer(options).connectHandler(socket -> new Connection(socket).start()).listen();
    }

    /** One client: its lines in order, one batch in flight at a time. */
    private final class Connection {
        private final NetSocket socket;
        private final LineSplitter lines = new LineSplitter(maxLineBytes);
        private final String peer;
        private long rejects;
        private boolean ended;

        Connection(NetSocket socket) {
            this.socket = socket;
            this.peer = String.valueOf(socket.remoteAddress());
        }

        void start() {
            socket.handler(this::chunk);
            socket.endHandler(v -> {
                ended = true;
                take(lines.finish(), () -> { });
            });
            socket.exceptionHandler(e -> LOG.warning("tcp peer=" + peer + " error=" + e));
        }

        private void chunk(Buffer data) {
            LineSplitter.Lines got = lines.feed(data);
            socket.pause();
            take(got, () -> {
                if (!ended) {
                    socket.resume();
                }
            });
        }

        private void take(LineSplitter.Lines got, Runnable then) {
            for (long line : got.tooLong()) {
                reject(line, "line longer than the limit of " + maxLineBytes + " bytes");
            }
            if (got.docs().isEmpty()) {
                then.run();
                return;
            }
            if (!gate.ready()) {
                // rules still loading: wait, reading stays paused
                vertx.setTimer(100, id -> take(got, then));
                return;
            }
            long received = System.nanoTime();
            workers.executeBlocking(() -> gate.decode(got.docs(), received), true).onComplete(done -> {
                if (done.failed()) {
                    LOG.severe("tcp peer=" + peer + " decoding failed: " + done.cause());
                    socket.close();
                    return;
                }
                IngestGate.Decoded decoded = done.result();
                for (int i = 0; i < decoded.rejectedDocs().size(); i++) {
                    reject(decoded.rejectedDocs().get(i).where(), decoded.reasons().get(i));
                }
                offer(decoded.events(), then);
            });
        }

        private void offer(List<EcsEvent> events, Runnable then) {
            if (events.isEmpty()) {
                then.run();
                return;
            }
            if (gate.offer(events)) {
                metrics.received("tcp", events.size());
                then.run();
            } else {
                vertx.setTimer(RETRY_MILLIS, id -> offer(events, then));
            }
        }

        private void reject(long line, String reason) {
            metrics.rejected("tcp", 1);
            rejects++;
            if (rejects <= LOGGED_REJECTS_PER_CONNECTION) {
                LOG.warning("tcp peer=" + peer + " line=" + line + " rejected: " + reason
                        + (rejects == LOGGED_REJECTS_PER_CONNECTION ? " (further rejects on this connection are only counted)" : ""));
            }
        }
    }
}
