package org.eqlfusion.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.logging.Logger;

/**
 * What the server says at start-up about the JVM it runs in: its collector, and what in the JVM's
 * settings is known to delay alerts (README, "The server under load").
 */
final class JvmHints {

    /** The server's logger: the hints are lines of its start-up. */
    private static final Logger LOG = Logger.getLogger(EqlServer.class.getName());

    private JvmHints() {
    }

    /** The collectors' names, as the JVM reports them. */
    static String collectors() {
        return String.join(",", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }

    /** Logs a hint for each setting that delays alerts; {@code collectors} as {@link #collectors()} gave them. */
    static void log(String collectors) {
        if (collectors.contains("G1")) {
            // G1 stops the writer for tens to hundreds of ms when the reorder buffer holds many events
            LOG.info("event=hint message=\"for steadier alert latency run the JVM with -XX:+UseZGC\"");
        }
        if (!largePages()) {
            // a heap in small pages is walked by a kernel thread reclaiming cold memory (kdamond on
            // this project's VM): threads stalled 10 - 60 ms about twice a second ("The machine's own stalls")
            LOG.info("event=hint message=\"for steadier alert latency back the heap with huge pages: reserve them"
                    + " (sysctl vm.nr_hugepages) and run the JVM with -XX:+UseLargePages\"");
        }
    }

    private static boolean largePages() {
        HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return diagnostics != null && Boolean.parseBoolean(diagnostics.getVMOption("UseLargePages").getValue());
    }
}
