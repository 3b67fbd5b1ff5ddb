package org.eqlfusion.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.event.EcsSchema;
import org.eqlfusion.engine.KjarRepository;
import org.eqlfusion.live.KjarRules;
import org.eqlfusion.live.LiveRules;
import org.eqlfusion.metrics.ServerMetrics;
import org.eqlfusion.server.http.HttpApi;
import org.eqlfusion.server.tcp.TcpNdjsonServer;
import org.eqlfusion.session.LateEventListener;
import org.eqlfusion.sink.AlertFanout;
import org.eqlfusion.sink.AlertFile;
import org.eqlfusion.sink.AlertSink;
import org.eqlfusion.sink.AlertSubscribers;
import org.eqlfusion.sink.RecentAlerts;
import org.eqlfusion.sink.WebhookSink;

/**
 * The ingestion server: HTTP and TCP listeners in front of one engine, alerts to the configured
 * sinks. {@link #start} returns once it listens and its rules are built (until then
 * {@code /health} answers 503 and ingest 503). {@link #close} is the orderly stop SIGTERM runs:
 * stop accepting, let in-flight requests finish, process everything the engine took (the reorder
 * buffer included), write and sync every alert, then release the ports.
 */
public final class EqlServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EqlServer.class.getName());
    private static final long SHUTDOWN_GRACE_SECONDS = 30;

    /** Events dated ahead of the clock so far (the writer thread's count, for logging one in many). */
    private long aheadLogged;
    private final ServerConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final RecentAlerts recent;
    private final AlertSubscribers subscribers = new AlertSubscribers();
    private final AlertFanout fanout;
    private final WebhookSink webhook;
    private final IngestGate gate;
    private final Vertx vertx;
    private HttpServer http;
    private NetServer tcp;
    private volatile EqlEngine engine;
    /** The rule folder kept live; null when the server runs the bundled rules. */
    private final LiveRules live;
    /** The KJAR kept live; null unless the server runs a KJAR by GAV. */
    private KjarRules kjar;
    private volatile String rulesDescription;
    private volatile String status = "loading";
    private boolean closed;

    private EqlServer(ServerConfig config) throws IOException {
        this.config = config;
        this.recent = new RecentAlerts(config.recentAlerts);
        this.live = config.rules == null ? null : new LiveRules(config.rules, config.exceptions, config.sessions);
        List<AlertSink> sinks = new ArrayList<>();
        sinks.add(metrics);
        if (config.alertsFile != null) {
            try {
                sinks.add(new AlertFile(config.alertsFile, config.alertsFsync, config.alertsFsyncInterval));
            } catch (IOException e) {
                // said before anything listens, in a line, not as a stack trace
                throw new IllegalStateException("cannot open the alerts file " + config.alertsFile + " (alerts-file): "
                        + (e instanceof java.nio.file.NoSuchFileException missing ? "no folder " + missing.getFile() : e.toString()), e);
            }
        }
        if (config.webhookUrl != null) {
            webhook = new WebhookSink(URI.create(config.webhookUrl),
                    config.webhookAuthorization == null ? Map.of() : Map.of("Authorization", config.webhookAuthorization),
                    config.webhookSpoolDir, config.webhookMaxBackoff, config.webhookShutdownGrace, config.webhookSpoolMaxBytes);
            sinks.add(webhook);
            metrics.gauge("eqlfusion.webhook.backlog.bytes", "alert bytes spooled, not yet delivered", webhook::backlogBytes);
            metrics.gauge("eqlfusion.webhook.delivered", "alerts the webhook target acknowledged", webhook::delivered);
            metrics.gauge("eqlfusion.webhook.failed.attempts", "webhook POSTs that failed and were retried", webhook::failedAttempts);
            metrics.gauge("eqlfusion.webhook.dropped", "alerts not spooled for the webhook: its spool was full", webhook::dropped);
            metrics.gauge("eqlfusion.webhook.rejected", "alerts the webhook target refused as documents (400, 413, 422): not sent again",
                    webhook::rejected);
        } else {
            webhook = null;
        }
        sinks.add(recent);
        sinks.add(subscribers);
        this.fanout = new AlertFanout(sinks);
        metrics.gauge("eqlfusion.alerts.pending", "alerts raised and not yet handed to every sink", fanout::pending);
        this.gate = new IngestGate(new EcsEventDecoder(EcsSchema.ECS, null, config.maxNestingDepth, config.scopeByIndex),
                metrics, config.decodeHelper);
        this.vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
    }

    /**
     * A listener once it listens; when it cannot (the port is taken, the keystore unreadable), an
     * error naming the address, the setting and the reason, which serve prints as one line.
     */
    private <T> T listening(Future<T> listen, String setting, int port) throws Exception {
        try {
            return listen.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new IllegalStateException("cannot listen on " + config.host + ":" + port + " (" + setting + ")"
                    + (config.tlsKeystore != null ? " with the TLS keystore " + config.tlsKeystore : "") + ": " + cause, e);
        }
    }

    /** Starts listening, builds the rules, and returns once events are taken in. */
    public static EqlServer start(ServerConfig config) throws Exception {
        checkSecurity(config);
        if (config.kjar != null && config.rules != null) {
            throw new IllegalStateException("rules (a folder) and kjar (a GAV) are two rule sources: set one of them");
        }
        if (config.exceptions != null && config.rules == null) {
            throw new IllegalStateException("exceptions apply to a folder of detection-rules TOML files: set rules as well");
        }
        if (config.exceptions != null && !java.nio.file.Files.exists(config.exceptions)) {
            throw new IllegalStateException("exceptions: no such file or folder: " + config.exceptions);
        }
        EqlServer server = new EqlServer(config);
        try {
            server.listen();
            server.loadRules();
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Binding anything but loopback without API keys would open ingest and alerts to the network. */
    static void checkSecurity(ServerConfig config) throws UnknownHostException {
        boolean loopback = InetAddress.getByName(config.host).isLoopbackAddress();
        if (!loopback && !config.keysConfigured()) {
            throw new IllegalStateException("refusing to listen on " + config.host + " without API keys: set "
                    + "ingest-api-keys and admin-api-keys (or listen on 127.0.0.1)");
        }
        if (!loopback && config.tcpPort >= 0 && (config.tlsKeystore == null || config.tcpClientTruststore == null)) {
            throw new IllegalStateException("refusing to open the TCP listener on " + config.host + " to anyone: it has no "
                    + "API keys, so it needs mutual TLS (tls-keystore and tcp-client-truststore), or turn it off (tcp-port = -1)");
        }
        if (config.tcpClientTruststore != null && config.tlsKeystore == null) {
            throw new IllegalStateException("tcp-client-truststore needs tls-keystore: mutual TLS is TLS first");
        }
    }

    private void listen() throws Exception {
        HttpServerOptions httpOptions = new HttpServerOptions()
                .setHost(config.host).setPort(config.httpPort)
                .setDecompressionSupported(true)
                .setCompressionSupported(true)
                .setMaxInitialLineLength(16 * 1024)
                .setMaxChunkSize(64 * 1024)
                // HTTP/1.1 only, as Elasticsearch: a JDK client's h2c upgrade of a request whose
                // answer was over 16 KB (GET /metrics) now and then never got its answer
                .setHttp2ClearTextEnabled(false);
        NetServerOptions tcpOptions = new NetServerOptions().setHost(config.host).setPort(Math.max(0, config.tcpPort));
        if (config.tlsKeystore != null) {
            KeyStoreOptions keys = new KeyStoreOptions().setType("PKCS12")
                    .setPath(config.tlsKeystore.toString()).setPassword(config.tlsKeystorePassword);
            httpOptions.setSsl(true).setKeyCertOptions(keys);
            tcpOptions.setSsl(true).setKeyCertOptions(keys);
            if (config.tcpClientTruststore != null) {
                tcpOptions.setTrustOptions(new KeyStoreOptions().setType("PKCS12")
                                .setPath(config.tcpClientTruststore.toString()).setPassword(config.tcpClientTruststorePassword))
                        .setClientAuth(io.vertx.core.http.ClientAuth.REQUIRED);
            }
        }
        // the decoding threads of both transports; the session writer needs a core of its own
        WorkerExecutor decoders = vertx.createSharedWorkerExecutor("eql-fusion-decode", config.decodeThreads);
        http = listening(vertx.createHttpServer(httpOptions)
                .requestHandler(HttpApi.router(vertx, decoders, config, gate, recent, subscribers, metrics.registry(), this::health,
                        () -> engine, live, () -> kjar))
                .listen(), "http-port", config.httpPort);
        if (config.tcpPort >= 0) {
            tcp = listening(new TcpNdjsonServer(vertx, gate, decoders, metrics, config.maxLineBytes).listen(tcpOptions),
                    "tcp-port", config.tcpPort);
        }
        String collectors = JvmHints.collectors();
        LOG.info("event=listening http=" + config.host + ":" + http.actualPort()
                + (tcp != null ? " tcp=" + config.host + ":" + tcp.actualPort() : " tcp=off")
                + " tls=" + (config.tlsKeystore != null) + " api_keys=" + config.keysConfigured()
                + " gc=\"" + collectors + "\"");
        JvmHints.log(collectors);
    }

    private void loadRules() {
        long started = System.nanoTime();
        RuleSet rules;
        try {
            if (config.kjar != null) {
                kjar = new KjarRules(KjarRepository.container(config.kjar));
                rules = RuleSet.fromContainer(kjar.container());
                if (config.sessions > 1) {
                    LOG.warning("event=sessions_ignored sessions=" + config.sessions
                            + " reason=\"a KJAR's KieBase runs in one session\"");
                }
            } else {
                rules = live == null ? RuleSet.bundled(config.sessions) : live.initial();
            }
        } catch (IOException e) {
            status = "failed";
            throw new java.io.UncheckedIOException("cannot read the rules in " + config.rules, e);
        } catch (RuntimeException e) {
            status = "failed";
            throw e;
        }
        EqlEngine.Builder builder = EqlEngine.builder()
                .rules(rules)
                .lateness(config.lateness)
                .queueCapacity(config.queueCapacity)
                .maxBufferedEvents(config.maxBufferedEvents)
                .onAlert(fanout)
                .onLateEvent(new LateEventListener() {
                    @Override
                    public void onLate(EcsEvent event, long behindMillis) {
                        metrics.late();
                    }

                    @Override
                    public void onAhead(EcsEvent event, long aheadMillis) {
                        metrics.ahead();
                        // the first of each run of them names the host whose clock is wrong
                        if (aheadLogged++ % 10_000 == 0) {
                            LOG.warning("event=ahead_of_clock host=" + org.eqlfusion.event.Quoted.of(event.get("host.name")) + " event_time="
                                    + java.time.Instant.ofEpochMilli(event.getTimestamp()) + " ahead_ms=" + aheadMillis
                                    + " message=\"dated beyond max-future: processed at the engine's time, which it does"
                                    + " not move (1 in 10,000 such events logged)\"");
                        }
                    }
                })
                .maxFuture(config.maxFuture);
        if (config.idleFlush != null) {
            builder.idleFlush(config.idleFlush);
        }
        engine = builder.build();
        rulesDescription = rules.description();
        metrics.bindEngine(engine::stats);
        metrics.bindSessionCpu(engine.sessionRoles(), engine::sessionCpuNanos);
        gate.engine(engine);
        if (kjar != null) {
            kjar.attach(engine);
        }
        if (live != null) {
            live.attach(engine);
            watchRules();
            metrics.gauge("eqlfusion.rules.reloads", "rule folder reloads applied", live::reloads);
            metrics.gauge("eqlfusion.rules.reload.failures", "rule folder reloads refused because a rule did not compile",
                    live::failedReloads);
            metrics.gauge("eqlfusion.rules.reload.failing", "1 while the rule folder's latest version does not compile",
                    () -> live.lastErrors().isEmpty() ? 0 : 1);
        }
        // a suppressed group's count goes out once events past its window are processed, not at the next alert
        WorkerExecutor counts = vertx.createSharedWorkerExecutor("eql-fusion-suppression-counts", 1);
        EqlEngine running = engine;
        vertx.setPeriodic(1000, id -> counts.executeBlocking(() -> {
            running.sendPassedSuppressionCounts();
            return null;
        }, true));
        status = "ready";
        LOG.info("event=ready rules=\"" + rulesDescription + "\" build_ms=" + (System.nanoTime() - started) / 1_000_000
                + " lateness=" + config.lateness + " alerts_file=" + config.alertsFile);
    }

    /** Polls the rule folder; when a file changed, reloads it (off the event loop). */
    private void watchRules() {
        try {
            live.remember();
        } catch (IOException e) {
            LOG.warning("event=rules_watch_failed error=\"" + e + "\"");
        }
        if (config.rulesWatchInterval == null) {
            return;
        }
        WorkerExecutor watcher = vertx.createSharedWorkerExecutor("eql-fusion-rules-watch", 1);
        vertx.setPeriodic(config.rulesWatchInterval.toMillis(), id -> watcher.executeBlocking(() -> {
            if (live.changedOnDisk()) {
                live.remember();
                live.reload();
            }
            return null;
        }, true).onFailure(e -> LOG.warning("event=rules_watch_failed error=\"" + e + "\"")));
    }

    private JsonObject health() {
        JsonObject h = new JsonObject().put("status", status);
        EqlEngine e = engine;
        if (e != null) {
            var s = e.stats();
            JsonObject events = new JsonObject().put("received", s.received()).put("processed", s.processed())
                    .put("late", s.late()).put("ahead", s.ahead()).put("buffered", s.buffered()).put("queued_batches", s.queued());
            if (s.newestEventMillis() != Long.MIN_VALUE) {
                // what a sender must stay after, less the lateness, for its events to be put in order
                events.put("newest_event_time", java.time.Instant.ofEpochMilli(s.newestEventMillis()).toString());
            }
            h.put("rules", rulesDescription).put("events", events).put("session_facts", s.facts());
        }
        return h;
    }

    public int httpPort() {
        return http.actualPort();
    }

    /** The TCP listener's port; -1 when it is off. */
    public int tcpPort() {
        return tcp == null ? -1 : tcp.actualPort();
    }

    public EqlEngine engine() {
        return engine;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Processes everything taken in so far and delivers its alerts (tests, and operators via shutdown). */
    public void flush() {
        if (engine != null) {
            engine.flush();
        }
        fanout.drain();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        // 1. stop accepting; requests already in flight finish and get their answer
        if (http != null) {
            await(http.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS));
        }
        if (tcp != null) {
            await(tcp.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS));
        }
        gate.close();
        // 2. everything taken in is processed, held events and pending timers included
        EqlEngine e = engine;
        if (e != null) {
            e.close();
        }
        // 3. every alert written, synced, delivered or spooled
        fanout.close();
        await(vertx.close());
        metrics.close();
        EqlEngine last = e;
        LOG.info("event=stopped took_ms=" + (System.nanoTime() - started) / 1_000_000
                + (last != null ? " processed=" + last.stats().processed() : ""));
    }

    private static void await(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(SHUTDOWN_GRACE_SECONDS + 5, TimeUnit.SECONDS);
        } catch (Exception ex) {
            LOG.warning("event=shutdown_step_failed error=\"" + ex + "\"");
        }
    }
}
