package org.eqlfusion.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.session.DriverStats;
import org.eqlfusion.sink.AlertSink;

/**
 * The server's Prometheus metrics ({@code GET /metrics}), beside Vert.x's own HTTP and TCP metrics
 * in the same registry: events by transport and outcome, alerts per rule, the engine's queue,
 * reorder buffer, fact count and watermark lag, and the alert latency (receipt of the completing
 * event to the alert, its wait for the allowed lateness excluded). And the JVM's own, from
 * Micrometer's binders: heap and collector pauses, threads, CPU, and the time the JIT compiler has
 * spent — on a small machine the compiler thread competes with the server for minutes after a
 * start, and a latency figure read without it is read blind.
 */
public final class ServerMetrics implements AlertSink, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer alertLatency;
    /** Micrometer holds gauge sources weakly: they are kept alive here. */
    private final java.util.List<Object> gaugeSources = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Listens to the collector's notifications until {@link #close}. */
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMetrics() {
        alertLatency = Timer.builder("eqlfusion.alert.latency")
                .description("receipt of the event that completed an alert to the alert, its wait for the allowed lateness excluded")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                // bucket bounds at the figures operators ask about ("within 10 ms?")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100))
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmCompilationMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Stops listening to the collector. */
    @Override
    public void close() {
        gc.close();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Events taken in by the engine. */
    public void received(String transport, long n) {
        counter("eqlfusion.events.received", "transport", transport).increment(n);
    }

    /** Events refused as not usable (bad JSON, no @timestamp, too deep...). */
    public void rejected(String transport, long n) {
        counter("eqlfusion.events.rejected", "transport", transport).increment(n);
    }

    /** Events refused because the engine was behind (HTTP 429). */
    public void throttled(String transport, long n) {
        counter("eqlfusion.events.throttled", "transport", transport).increment(n);
    }

    /** Requests answered 429 before their body was read: the engine was behind when they came. */
    public void refusedUnread(String transport) {
        counter("eqlfusion.requests.refused.unread", "transport", transport).increment();
    }

    public void late() {
        counter("eqlfusion.events.late", "transport", "any").increment();
    }

    /** An event dated further ahead of the server's clock than max-future allows (its host's clock is wrong). */
    public void ahead() {
        counter("eqlfusion.events.ahead", "transport", "any").increment();
    }

    /** The engine's gauges, read on each scrape. */
    public void bindEngine(Supplier<DriverStats> stats) {
        gaugeSources.add(stats);
        FunctionCounter.builder("eqlfusion.events.processed", stats, s -> s.get().processed())
                .description("events the session has processed").register(registry);
        FunctionCounter.builder("eqlfusion.events.routed", stats, s -> s.get().insertions())
                .description("entry-point insertions: events times the entry points each was routed to").register(registry);
        FunctionCounter.builder("eqlfusion.rule.errors", stats, s -> s.get().ruleErrors())
                .description("events on which a rule threw").register(registry);
        Gauge.builder("eqlfusion.engine.queue.batches", stats, s -> s.get().queued())
                .description("batches waiting for the session").register(registry);
        Gauge.builder("eqlfusion.engine.buffered.events", stats, s -> s.get().buffered())
                .description("events held for the allowed lateness").register(registry);
        Gauge.builder("eqlfusion.session.facts", stats, s -> s.get().facts())
                .description("facts in the session: partial sequences and their timers").register(registry);
        Gauge.builder("eqlfusion.watermark.lag", stats, ServerMetrics::watermarkLagSeconds)
                .baseUnit("seconds")
                .description("wall clock minus the newest event time processed").register(registry);
    }

    /**
     * One counter per session (tag {@code session}, from 1): the CPU seconds of the thread that
     * runs it. With the rules split over sessions, the busiest bounds the engine.
     */
    public void bindSessionCpu(List<String> roles, Supplier<long[]> cpuNanos) {
        gaugeSources.add(cpuNanos);
        for (int i = 0; i < roles.size(); i++) {
            int session = i;
            FunctionCounter.builder("eqlfusion.session.cpu", cpuNanos, c -> c.get()[session] / 1e9)
                    .baseUnit("seconds").tag("session", String.valueOf(session + 1)).tag("role", roles.get(session))
                    .description("CPU time of the thread that runs the session").register(registry);
        }
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        gaugeSources.add(value);
        Gauge.builder(name, value, v -> v.get().doubleValue()).description(description).register(registry);
    }

    @Override
    public void accept(Alert alert, byte[] json) {
        // a suppressed group's first alert sent again with its count: the count is of alerts not sent
        if (alert.suppressedCount() > 0) {
            counter("eqlfusion.alerts.suppressed", "rule_id", alert.ruleId()).increment(alert.suppressedCount());
            return;
        }
        counter("eqlfusion.alerts", "rule_id", alert.ruleId()).increment();
        if (alert.latencyNanos() >= 0) {
            alertLatency.record(alert.latencyNanos(), TimeUnit.NANOSECONDS);
        }
    }

    public Timer alertLatency() {
        return alertLatency;
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '\u0000' + value,
                k -> Counter.builder(name).tag(tag, value).register(registry));
    }

    private static double watermarkLagSeconds(Supplier<DriverStats> stats) {
        long watermark = stats.get().watermarkMillis();
        return watermark == Long.MIN_VALUE ? Double.NaN : (System.currentTimeMillis() - watermark) / 1000.0;
    }
}
