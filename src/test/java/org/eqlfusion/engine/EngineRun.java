package org.eqlfusion.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.event.EcsEvent;

/** Runs events through an engine in the order given (their arrival order) and collects the alerts. */
final class EngineRun {

    private static RuleSet bundled;

    private EngineRun() {
    }

    static synchronized RuleSet bundledRules() {
        if (bundled == null) {
            bundled = RuleSet.bundled();
        }
        return bundled;
    }

    static List<Alert> alerts(Duration lateness, List<Map<String, Object>> events) {
        return alertsOf(bundledRules(), lateness, events.stream().map(SeedEvents::decode).toList());
    }

    static List<Alert> alertsOf(RuleSet rules, Duration lateness, List<EcsEvent> events) {
        List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        try (EqlEngine engine = EqlEngine.builder().rules(rules).lateness(lateness).onAlert(alerts::add).build()) {
            engine.submit(events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return alerts;
    }

    /** Each alert as the ids of its events joined by "+", e.g. "a1+b2". */
    static List<String> sequences(List<Alert> alerts) {
        return alerts.stream().map(a -> String.join("+", a.eventIds())).toList();
    }
}
