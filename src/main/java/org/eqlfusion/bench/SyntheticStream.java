package org.eqlfusion.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

/**
 * A reproducible stream of ECS events over many Windows hosts for benchmarks: mostly ordinary
 * process, network, file and registry activity, some near misses of the DCOM rules (mmc.exe
 * connecting out, explorer.exe starting programs with no inbound connection), and a set share of
 * events that belong to true DCOM lateral movement sequences (a connection accepted by mmc.exe,
 * explorer.exe or mshta.exe and the process it starts a moment later).
 */
public final class SyntheticStream {

    private static final String[] PARENTS = {"explorer.exe", "services.exe", "svchost.exe", "userinit.exe", "cmd.exe"};
    private static final String[] CHILDREN = {"cmd.exe", "powershell.exe", "notepad.exe", "chrome.exe", "conhost.exe"};
    private static final String[] NET_PROCS = {"svchost.exe", "chrome.exe", "lsass.exe", "System", "outlook.exe"};

    private final Random random;
    private final int hosts;
    private final double sequenceShare;
    private final long stepMicros;
    private long timeMicros;
    private long counter;
    private String pending;

    /**
     * @param eventsPerSecond event-time rate of the stream
     * @param sequenceShare   share of events that belong to true sequences (0.01 for 1 %)
     */
    public SyntheticStream(long seed, int hosts, int eventsPerSecond, double sequenceShare) {
        this(seed, hosts, eventsPerSecond, sequenceShare, Instant.parse("2024-05-01T00:00:00Z"));
    }

    /** @param start the event time of the stream's beginning */
    public SyntheticStream(long seed, int hosts, int eventsPerSecond, double sequenceShare, Instant start) {
        this.timeMicros = start.toEpochMilli() * 1000;
        this.random = new Random(seed);
        this.hosts = hosts;
        this.sequenceShare = sequenceShare;
        this.stepMicros = Math.max(1, 1_000_000L / eventsPerSecond);
    }

    /** The next event as one line of JSON (no newline). */
    public String next() {
        timeMicros += stepMicros;
        counter++;
        if (pending != null) {
            String line = pending.replace("@TS@", timestamp());
            pending = null;
            return line;
        }
        // a true sequence takes two events: the share of starts is half the share of events
        double draw = random.nextDouble();
        if (draw < sequenceShare / 2) {
            return sequenceStart();
        }
        if (draw < sequenceShare) {
            // as many first stages that nothing follows: partial sequences that must expire
            return network(host(), "mmc.exe", "{lone-" + counter + "}", "ingress", 49152 + random.nextInt(10000), 49152 + random.nextInt(10000));
        }
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> processStart(host(), PARENTS[random.nextInt(PARENTS.length)], "p" + random.nextInt(1000));
            case 4, 5, 6 -> network(host(), NET_PROCS[random.nextInt(NET_PROCS.length)], "n" + random.nextInt(1000),
                    random.nextBoolean() ? "ingress" : "egress", 1024 + random.nextInt(64000), 1024 + random.nextInt(64000));
            case 7 -> network(host(), "mmc.exe", "m" + random.nextInt(100), "egress", 49152 + random.nextInt(1000), 443);
            case 8 -> file(host());
            default -> registry(host());
        };
    }

    public byte[] nextBytes() {
        return next().getBytes(StandardCharsets.UTF_8);
    }

    private String sequenceStart() {
        String host = host();
        String[] dcom = {"mmc.exe", "explorer.exe"};
        String server = dcom[random.nextInt(dcom.length)];
        String entity = "{" + server + "-" + counter + "}";
        String start = network(host, server, entity, "ingress", 49152 + random.nextInt(10000), 49152 + random.nextInt(10000));
        pending = processStart(host, server, entity).replace("\"@timestamp\":\"" + timestamp() + "\"", "\"@timestamp\":\"@TS@\"");
        return start;
    }

    private String host() {
        return "host-" + random.nextInt(hosts);
    }

    private String timestamp() {
        return Instant.ofEpochSecond(timeMicros / 1_000_000, (timeMicros % 1_000_000) * 1000).toString();
    }

    private String common(String host, String category, String type) {
        return "{\"@timestamp\":\"" + timestamp() + "\",\"event\":{\"id\":\"ev-" + counter + "\",\"category\":[\"" + category
                + "\"],\"type\":[\"" + type + "\"],\"kind\":\"event\"},\"host\":{\"id\":\"" + host + "\",\"name\":\"" + host
                + "\",\"os\":{\"type\":\"windows\",\"family\":\"windows\"}},\"agent\":{\"type\":\"endpoint\",\"version\":\"8.14.0\"}";
    }

    private String processStart(String host, String parent, String parentEntity) {
        String child = CHILDREN[random.nextInt(CHILDREN.length)];
        return common(host, "process", "start") + ",\"process\":{\"name\":\"" + child + "\",\"pid\":" + (1000 + random.nextInt(60000))
                + ",\"entity_id\":\"{c-" + counter + "}\",\"executable\":\"C:\\\\Windows\\\\System32\\\\" + child
                + "\",\"args\":[\"" + child + "\",\"/c\",\"echo\"],\"parent\":{\"name\":\"" + parent + "\",\"entity_id\":\""
                + parentEntity + "\"}},\"user\":{\"name\":\"user" + random.nextInt(50) + "\"}}";
    }

    private String network(String host, String process, String entity, String direction, int sourcePort, int destinationPort) {
        return common(host, "network", "start") + ",\"process\":{\"name\":\"" + process + "\",\"entity_id\":\"" + entity
                + "\"},\"source\":{\"ip\":\"10." + random.nextInt(256) + "." + random.nextInt(256) + ".7\",\"port\":" + sourcePort
                + "},\"destination\":{\"ip\":\"10.1.2.3\",\"port\":" + destinationPort + "},\"network\":{\"direction\":\""
                + direction + "\",\"transport\":\"tcp\"}}";
    }

    private String file(String host) {
        return common(host, "file", "creation") + ",\"file\":{\"path\":\"C:\\\\Users\\\\u\\\\AppData\\\\Local\\\\Temp\\\\f"
                + random.nextInt(100000) + ".tmp\",\"extension\":\"tmp\"},\"process\":{\"name\":\"svchost.exe\"}}";
    }

    private String registry(String host) {
        return common(host, "registry", "change") + ",\"registry\":{\"path\":\"HKLM\\\\SOFTWARE\\\\Key" + random.nextInt(1000)
                + "\"},\"process\":{\"name\":\"services.exe\"}}";
    }
}
