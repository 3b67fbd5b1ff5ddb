package org.eqlfusion.alert;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.sequence.PartialSequence;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The DRL global {@code alerts}: a rule's consequence calls {@link #raise} with what completed it,
 * and the rule's metadata and the events go to the listener.
 */
public final class Alerts {

    private final MatchListener listener;
    /**
     * Each rule's metadata, read once per rule object. Drools' rules are equal by package and
     * name, so a rule a reload changed (its severity, risk score, name) finds the old one's entry:
     * the entry keeps the rule it was read from, and a different object reads it again.
     */
    private final Map<Rule, Read> metadata = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> countsByRule = new ConcurrentHashMap<>();

    /** Each match goes to {@code listener} with its events (which builds the alert, if it wants one). */
    public Alerts(MatchListener listener) {
        this.listener = listener;
    }

    /** A sequence rule completed: {@code sequence} holds its events in order. */
    public void raise(RuleContext kcontext, PartialSequence sequence) {
        raise(kcontext.getRule(), sequence.getEvents(), sequence.getKey().values());
    }

    /** A sample rule filled every slot of a key's sample: its events, in filter order. */
    public void raise(RuleContext kcontext, org.eqlfusion.sequence.Sample sample) {
        raise(kcontext.getRule(), sample.getEvents(), sample.getKey().values());
    }

    /**
     * An event rule matched one event. An event listing hosts of several host shards is in each of
     * them; only the shard of its first host alerts ({@link org.eqlfusion.event.HostScope}).
     */
    public void raise(RuleContext kcontext, EcsEvent event) {
        if (org.eqlfusion.event.HostScope.alertsHere(event)) {
            raise(kcontext.getRule(), List.of(event), List.of());
        }
    }

    private void raise(Rule rule, List<EcsEvent> events, List<Object> joinKeys) {
        Read read = metadata.get(rule);
        if (read == null || read.rule() != rule) {
            read = new Read(rule, RuleMetadata.of(rule.getName(), rule.getMetaData()));
            metadata.put(rule, read);
        }
        RuleMetadata meta = read.metadata();
        countsByRule.computeIfAbsent(meta.ruleId(), id -> new AtomicLong()).incrementAndGet();
        listener.onMatch(meta, events, joinKeys);
    }

    private record Read(Rule rule, RuleMetadata metadata) {
    }

    /** Alerts raised so far, by rule_id. */
    public Map<String, Long> countsByRule() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        countsByRule.forEach((id, n) -> counts.put(id, n.get()));
        return counts;
    }
}
