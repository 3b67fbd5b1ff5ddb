package org.eqlfusion.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eqlfusion.server.EqlServer;
import org.eqlfusion.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code serve}: the ingestion server, until SIGTERM or Ctrl-C, which stop it in order. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the ingestion server: Elasticsearch-compatible HTTP (_bulk, /events), NDJSON over TCP,",
                "alerts to a file, a webhook, GET /alerts and GET /alerts/stream.",
                "Every setting can also come from --config FILE (TOML) or an EQLFUSION_* environment variable;",
                "flags win over the environment, which wins over the file. See README, 'Serve'."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "a TOML file of settings (name = value)")
    private Path configFile;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (default 9200; 0 picks one)")
    private String httpPort;

    @Option(names = "--tcp-port", paramLabel = "PORT", description = "NDJSON TCP port (default 9250; -1 turns it off)")
    private String tcpPort;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to listen on (default 127.0.0.1; others need API keys)")
    private String host;

    @Option(names = "--alerts-file", paramLabel = "FILE", description = "alerts appended as NDJSON (default alerts.ndjson; none for no file)")
    private String alertsFile;

    @Option(names = "--rules", paramLabel = "DIR", description = "run the .drl files under DIR instead of the bundled rules")
    private String rules;

    @Option(names = "--exceptions", paramLabel = "DIR",
            description = "exceptions files kept apart from --rules (a team's tuning beside Elastic's catalogue), watched with it")
    private String exceptions;

    @Option(names = "--lateness", paramLabel = "DURATION", description = "allowed out-of-order arrival (default 10s)")
    private String lateness;

    @Option(names = "--sessions", paramLabel = "N",
            description = "split the events by host over N KieSessions, each on its own thread, with one more for rules that join hosts (default 1)")
    private String sessions;

    @Option(names = "--scope-by-index",
            description = "each rule reads only events sent (_bulk) to indices its index patterns name, as in Elasticsearch")
    private boolean scopeByIndex;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "any other setting, e.g. --set max-body-bytes=50mb")
    private Map<String, String> others = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = new ServerSettings();
        try {
            if (configFile != null) {
                settings.file(configFile);
            }
            settings.environment(System.getenv());
            flag(settings, "http-port", httpPort);
            flag(settings, "tcp-port", tcpPort);
            flag(settings, "host", host);
            flag(settings, "alerts-file", alertsFile);
            flag(settings, "rules", rules);
            flag(settings, "exceptions", exceptions);
            flag(settings, "lateness", lateness);
            flag(settings, "sessions", sessions);
            if (scopeByIndex) {
                settings.set("scope-by-index", "yes", "--scope-by-index");
            }
            others.forEach((name, value) -> settings.set(name, value, "--set"));
        } catch (IllegalArgumentException | java.io.IOException e) {
            spec.commandLine().getErr().println("eql-fusion serve: " + e.getMessage());
            return 2;
        }
        EqlServer server;
        try {
            server = EqlServer.start(settings.config());
        } catch (IllegalStateException | org.eqlfusion.engine.RuleSetException e) {
            spec.commandLine().getErr().println("eql-fusion serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long started = System.nanoTime();
            server.close();
            // java.util.logging resets itself in its own shutdown hook: report on stderr directly
            System.err.printf("eql-fusion serve: stopped in %d ms: %d events processed, %d alerts%n",
                    (System.nanoTime() - started) / 1_000_000, server.engine() == null ? 0 : server.engine().stats().processed(),
                    server.engine() == null ? 0 : server.engine().alertCounts().values().stream().mapToLong(Long::longValue).sum());
            stopped.countDown();
        }, "eql-fusion-shutdown"));
        System.err.println("eql-fusion serve: listening on http://" + settings.config().host + ":" + server.httpPort()
                + (server.tcpPort() >= 0 ? " and tcp " + settings.config().host + ":" + server.tcpPort() : "")
                + "; alerts to " + (settings.config().alertsFile == null ? "no file" : settings.config().alertsFile)
                + ". Stop with Ctrl-C or SIGTERM.");
        stopped.await();
        return 0;
    }

    private static void flag(ServerSettings settings, String name, String value) {
        if (value != null) {
            settings.set(name, value, "--" + name);
        }
    }
}
