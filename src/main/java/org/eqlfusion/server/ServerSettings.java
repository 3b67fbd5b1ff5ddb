package org.eqlfusion.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eqlfusion.cli.Durations;
import org.eqlfusion.event.JsonErrors;
import org.eqlfusion.sink.AlertFile;

/**
 * Fills a {@link ServerConfig} from, in rising precedence: its defaults, a TOML config file,
 * {@code EQLFUSION_*} environment variables, then command-line flags. A setting has the same name
 * everywhere ({@code max-body-bytes}, {@code EQLFUSION_MAX_BODY_BYTES}); an unknown name or a value
 * that does not parse is an error that names the setting and where it came from.
 */
public final class ServerSettings {

    /** Every setting's name, in the order README lists them. */
    public static final List<String> NAMES = List.of(
            "host", "http-port", "tcp-port", "alerts-file", "alerts-fsync", "alerts-fsync-interval", "rules", "rules-watch-interval", "exceptions", "kjar",
            "lateness", "max-future", "idle-flush", "queue-capacity", "max-buffered-events", "max-body-bytes", "max-line-bytes",
            "max-nesting-depth", "max-inflight-requests", "decode-threads", "decode-helper", "scope-by-index", "sessions", "ingest-api-keys", "admin-api-keys", "tls-keystore",
            "tls-keystore-password", "tcp-client-truststore", "tcp-client-truststore-password", "webhook-url", "webhook-authorization", "webhook-spool-dir", "webhook-spool-max-bytes",
            "webhook-max-backoff", "webhook-shutdown-grace", "recent-alerts");

    private static final String ENV_PREFIX = "EQLFUSION_";
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?");

    private final ServerConfig config = new ServerConfig();

    public ServerConfig config() {
        return config;
    }

    /** Settings from a TOML file of {@code name = value} lines. */
    public ServerSettings file(Path file) throws IOException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("config file " + file + JsonErrors.colonLineColumn(e) + ": " + JsonErrors.reason(e), e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String text;
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(item.asText()));
                text = String.join(",", items);
            } else {
                text = v.asText();
            }
            set(e.getKey(), text, "config file " + file);
        }
        return this;
    }

    /** Settings from {@code EQLFUSION_*} variables; other variables are ignored. */
    public ServerSettings environment(Map<String, String> env) {
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                set(key, value, "environment variable " + name);
            }
        });
        return this;
    }

    /** One setting; {@code source} says where it came from, for the error message. */
    public ServerSettings set(String name, String value, String source) {
        try {
            apply(name, value.trim());
        } catch (IllegalArgumentException | picocli.CommandLine.TypeConversionException e) {
            throw new IllegalArgumentException(source + ": " + name + " = '" + value + "': " + e.getMessage(), e);
        }
        return this;
    }

    private void apply(String name, String v) {
        ServerConfig c = config;
        switch (name) {
            case "host" -> c.host = v;
            case "http-port" -> c.httpPort = port(v, false);
            case "tcp-port" -> c.tcpPort = port(v, true);
            case "alerts-file" -> c.alertsFile = v.isEmpty() || v.equals("none") ? null : Path.of(v);
            case "alerts-fsync" -> c.alertsFsync = fsync(v);
            case "alerts-fsync-interval" -> c.alertsFsyncInterval = Durations.parse(v);
            case "rules" -> c.rules = v.isEmpty() ? null : Path.of(v);
            case "kjar" -> c.kjar = v.isEmpty() ? null : v;
            case "exceptions" -> c.exceptions = v.isEmpty() ? null : Path.of(v);
            case "rules-watch-interval" -> c.rulesWatchInterval = v.equals("0") || v.equals("off") ? null : Durations.parse(v);
            case "lateness" -> c.lateness = Durations.parse(v);
            case "max-future" -> c.maxFuture = v.equals("off") ? null : Durations.parse(v);
            case "idle-flush" -> c.idleFlush = v.equals("0") || v.equals("off") ? null : Durations.parse(v);
            case "queue-capacity" -> c.queueCapacity = positive(v);
            case "max-buffered-events" -> c.maxBufferedEvents = positive(v);
            case "max-body-bytes" -> c.maxBodyBytes = bytes(v);
            case "max-line-bytes" -> c.maxLineBytes = Math.toIntExact(bytes(v));
            case "max-nesting-depth" -> c.maxNestingDepth = positive(v);
            case "max-inflight-requests" -> c.maxInflightRequests = positive(v);
            case "decode-threads" -> c.decodeThreads = positive(v);
            case "decode-helper" -> c.decodeHelper = yesNo(v);
            case "scope-by-index" -> c.scopeByIndex = yesNo(v);
            case "sessions" -> c.sessions = positive(v);
            case "ingest-api-keys" -> c.ingestApiKeys = list(v);
            case "admin-api-keys" -> c.adminApiKeys = list(v);
            case "tls-keystore" -> c.tlsKeystore = v.isEmpty() ? null : Path.of(v);
            case "tls-keystore-password" -> c.tlsKeystorePassword = v;
            case "tcp-client-truststore" -> c.tcpClientTruststore = v.isEmpty() ? null : Path.of(v);
            case "tcp-client-truststore-password" -> c.tcpClientTruststorePassword = v;
            case "webhook-url" -> c.webhookUrl = v.isEmpty() ? null : url(v);
            case "webhook-authorization" -> c.webhookAuthorization = v.isEmpty() ? null : v;
            case "webhook-spool-dir" -> c.webhookSpoolDir = Path.of(v);
            case "webhook-spool-max-bytes" -> c.webhookSpoolMaxBytes = bytes(v);
            case "webhook-max-backoff" -> c.webhookMaxBackoff = Durations.parse(v);
            case "webhook-shutdown-grace" -> c.webhookShutdownGrace = Durations.parse(v);
            case "recent-alerts" -> c.recentAlerts = Math.max(0, integer(v));
            default -> throw new IllegalArgumentException("unknown setting; known: " + String.join(", ", NAMES));
        }
    }

    private static int port(String v, boolean mayBeOff) {
        int p = integer(v);
        if (p < (mayBeOff ? -1 : 0) || p > 65535) {
            throw new IllegalArgumentException("not a port (0 picks a free one" + (mayBeOff ? ", -1 turns it off)" : ")"));
        }
        return p;
    }

    private static int positive(String v) {
        int n = integer(v);
        if (n < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return n;
    }

    private static int integer(String v) {
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    /** Byte sizes as {@code 1048576}, {@code 512kb}, {@code 100mb}, {@code 1gb}. */
    static long bytes(String v) {
        Matcher m = SIZE.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size (examples: 1048576, 512kb, 100mb)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long bytes = switch (unit) {
            case "kb" -> n * 1024;
            case "mb" -> n * 1024 * 1024;
            case "gb" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
        if (bytes < 1) {
            throw new IllegalArgumentException("must be at least 1 byte");
        }
        return bytes;
    }

    private static boolean yesNo(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException("true or false");
        };
    }

    private static AlertFile.Fsync fsync(String v) {
        try {
            return AlertFile.Fsync.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("one of always, interval, never");
        }
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String url(String v) {
        try {
            java.net.URI uri = java.net.URI.create(v);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
    }
}
