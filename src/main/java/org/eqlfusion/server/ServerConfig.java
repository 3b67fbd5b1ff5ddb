package org.eqlfusion.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eqlfusion.sink.AlertFile;

/**
 * Everything {@code serve} can be told, with its defaults. Each setting has one name, used as the
 * command-line flag ({@code --http-port}), the key in the TOML config file ({@code http-port}) and,
 * upper-cased with underscores, the environment variable ({@code EQLFUSION_HTTP_PORT}); see
 * {@link ServerSettings}.
 */
public final class ServerConfig {

    public String host = "127.0.0.1";
    /** 9200, where Elasticsearch clients look by default; 0 picks a free port. */
    public int httpPort = 9200;
    /** The NDJSON TCP listener; 0 picks a free port, -1 turns it off. */
    public int tcpPort = 9250;
    /** Alerts are appended here as NDJSON; null writes no file. */
    public Path alertsFile = Path.of("alerts.ndjson");
    public AlertFile.Fsync alertsFsync = AlertFile.Fsync.INTERVAL;
    public Duration alertsFsyncInterval = Duration.ofSeconds(1);
    /** A folder of .drl and detection-rules .toml files, kept live; null runs the bundled rules. */
    public Path rules;
    /**
     * A folder (or file) of exceptions files kept apart from {@link #rules} — a team's tuning beside a
     * checkout of Elastic's catalogue — applied and watched with it; null: only those under rules.
     */
    public Path exceptions;
    /** A KJAR by GAV (group:artifact:version) from the local Maven repository, upgradable in place; instead of {@link #rules}. */
    public String kjar;
    /** How often the rule folder is checked for changes; null: only {@code POST /rules/_reload}. */
    public Duration rulesWatchInterval = Duration.ofSeconds(2);
    public Duration lateness = Duration.ofSeconds(10);
    /**
     * An event dated further ahead of this machine's clock (its host's clock is wrong) is processed
     * at the engine's time without moving it; null: every event's time counts.
     */
    public Duration maxFuture = Duration.ofMinutes(5);
    /** When no event arrives for this long, held events are processed without waiting for newer ones. */
    public Duration idleFlush = Duration.ofSeconds(2);
    /**
     * Batches of up to {@link #BATCH_EVENTS} events that may wait for the session before ingest
     * answers 429. Short on purpose: every queued batch adds to the alert latency of the events
     * behind it, and a 429 tells the shipper to wait rather than letting latency grow.
     */
    public int queueCapacity = 64;
    public int maxBufferedEvents = 200_000;
    /**
     * Threads that parse and decode request bodies off the event loop; by default all cores but the
     * session writer's (the {@link #decodeHelper} is one more, and gives way under load).
     */
    public int decodeThreads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    /**
     * A second thread that decodes the next batch of a {@code _bulk} request while the request's
     * own decodes the current one (halves what the last events of a request wait at low load).
     */
    public boolean decodeHelper = Runtime.getRuntime().availableProcessors() > 1;
    /**
     * Each rule reads only the events sent ({@code _bulk}) to the indices its {@code index} patterns
     * name, as in Elasticsearch; events sent to no index are read by every rule. Off: every rule
     * reads every event.
     */
    public boolean scopeByIndex = false;
    /** KieSessions the rules are split over, each on its own writer thread (not for a KJAR: one session). */
    public int sessions = 1;
    public long maxBodyBytes = 100L * 1024 * 1024;
    public int maxLineBytes = 1024 * 1024;
    public int maxNestingDepth = 100;
    /** Requests being read or decoded at once; beyond it ingest answers 429 at once (bounds memory). */
    public int maxInflightRequests = 16;
    public List<String> ingestApiKeys = List.of();
    public List<String> adminApiKeys = List.of();
    /** A PKCS#12 key store for HTTPS and TLS on the TCP listener; null serves plain text. */
    public Path tlsKeystore;
    public String tlsKeystorePassword = "";
    /**
     * A PKCS#12 trust store of the certificates (or their CA) that TCP clients must present: mutual
     * TLS on the TCP listener, which has no API keys. Needed to listen beyond loopback with TCP on.
     */
    public Path tcpClientTruststore;
    public String tcpClientTruststorePassword = "";
    /** Alerts are POSTed here too, when set. */
    public String webhookUrl;
    /** Sent as the webhook's Authorization header, when set. */
    public String webhookAuthorization;
    public Path webhookSpoolDir = Path.of("webhook-spool");
    /** The most the webhook's spool file may hold; beyond it new alerts are not spooled for the webhook (counted). */
    public long webhookSpoolMaxBytes = 1L << 30;
    public Duration webhookMaxBackoff = Duration.ofSeconds(60);
    /** At shutdown, how long the webhook may keep delivering before what is left stays spooled for the next start. */
    public Duration webhookShutdownGrace = Duration.ofSeconds(10);
    /** How many alerts {@code GET /alerts} can look back over. */
    public int recentAlerts = 10_000;

    /**
     * The most events handed to the session as one batch: small, so that the session starts on the
     * first events of a large request while the rest are still being decoded.
     */
    public static final int BATCH_EVENTS = 128;

    public boolean keysConfigured() {
        return !ingestApiKeys.isEmpty() || !adminApiKeys.isEmpty();
    }
}
