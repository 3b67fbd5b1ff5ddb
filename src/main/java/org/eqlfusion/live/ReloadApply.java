package org.eqlfusion.live;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.live.LiveRules.Loaded;
import org.eqlfusion.sequence.PartialSequence;
import org.eqlfusion.sequence.Sample;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Puts a {@link ReloadPlan} into the running KieBases, one after the other, each with its sessions
 * stopped: the rules of the files that leave go (with their partial sequences and samples), the
 * new builds come in. When Drools refuses one half-way, that KieBase and every one changed before
 * it are put back as they ran, with the partial sequences and samples they held.
 */
final class ReloadApply {

    private static final Logger LOG = Logger.getLogger(ReloadApply.class.getName());

    private ReloadApply() {
    }

    /** Applies {@code plan}; null when done, else why not (and that the old rules run again). */
    static String apply(ReloadPlan plan, EqlEngine engine, Path folder) {
        List<Map<KieSession, List<Object>>> dropped = new ArrayList<>();
        for (int i = 0; i < plan.leaving.size(); i++) {
            Map<KieSession, List<Object>> state = new IdentityHashMap<>();
            dropped.add(state);
            if (!plan.changes(i)) {
                continue;
            }
            List<Loaded> out = plan.leaving.get(i);
            Map<String, Collection<KiePackage>> in = plan.joining.get(i);
            try {
                engine.change(i, (kieBase, itsSessions) -> swap(kieBase, itsSessions, out, in, state));
            } catch (RuntimeException e) {
                return notApplied(in.keySet(), e) + putBack(plan, i, engine, folder, dropped);
            }
        }
        return null;
    }

    /**
     * With the sessions of {@code kieBase} stopped: out with the old rules and their state (kept in
     * {@code dropped}, per session, should the reload be undone), in with the new rules.
     */
    private static void swap(org.kie.api.KieBase kieBase, List<KieSession> sessions, List<Loaded> leaving,
                             Map<String, Collection<KiePackage>> joining, Map<KieSession, List<Object>> dropped) {
        InternalKnowledgeBase kbase = (InternalKnowledgeBase) kieBase;
        Set<String> stale = new HashSet<>();
        for (Loaded old : leaving) {
            old.rulesByPackage().forEach((pkg, rules) -> rules.forEach(rule -> kbase.removeRule(pkg, rule)));
            stale.addAll(old.ruleIds());
        }
        for (KieSession session : stale.isEmpty() ? List.<KieSession>of() : sessions) {
            // a copy: Drools' view reads the live store, which the deletions change
            List<FactHandle> handles = new ArrayList<>(session.getFactHandles(o -> stale.contains(ruleOf(o))));
            List<Object> state = new ArrayList<>(handles.size());
            for (FactHandle handle : handles) {
                state.add(session.getObject(handle));
                session.delete(handle);
            }
            dropped.put(session, state);
        }
        List<KiePackage> packages = new ArrayList<>();
        joining.values().forEach(packages::addAll);
        if (!packages.isEmpty()) {
            kbase.addPackages(packages);
        }
    }

    /** The rule id of a partial sequence or a sample, else null. */
    private static String ruleOf(Object fact) {
        return fact instanceof PartialSequence p ? p.getRule() : fact instanceof Sample s ? s.getRule() : null;
    }

    /**
     * What went wrong when Drools refused new rules that had built on their own (a type declared
     * again with other attributes, a global of another type in a shared package: found only as the
     * KieBase merges them).
     */
    private static String notApplied(Collection<String> files, RuntimeException e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return String.join(", ", files) + " built, but the running rules would not take "
                + (files.size() == 1 ? "it" : "them") + "; Drools says: " + cause.getMessage();
    }

    /**
     * Undoes a reload that failed in KieBase {@code failed}: there and in every KieBase changed
     * before it, the new rules go and the rules of the files that left come back, built again from
     * the sources that ran, and the partial sequences and samples they held ({@code dropped}, per
     * KieBase and session) go back into their sessions, so that a sequence half-way through still
     * completes. Returns what to add to the error: that the old rules run again, or which of them
     * could not come back (their pending sequences are gone).
     */
    private static String putBack(ReloadPlan plan, int failed, EqlEngine engine, Path folder,
                                  List<Map<KieSession, List<Object>>> dropped) {
        List<String> lost = new ArrayList<>();
        for (int i = 0; i <= failed; i++) {
            if (!plan.changes(i)) {
                continue;
            }
            List<Loaded> out = plan.leaving.get(i);
            Map<String, Collection<KiePackage>> in = plan.joining.get(i);
            List<KiePackage> back = new ArrayList<>();
            Set<String> backRules = new HashSet<>();
            for (Loaded old : out) {
                try {
                    back.addAll(ReloadPlan.packages(old.source()));
                    backRules.addAll(old.ruleIds());
                } catch (ReloadPlan.Refused e) {
                    lost.add(old.source().name());
                }
            }
            Map<KieSession, List<Object>> state = dropped.get(i);
            try {
                engine.change(i, (kieBase, itsSessions) -> {
                    restore(kieBase, in, back);
                    state.forEach((session, facts) -> facts.stream()
                            .filter(fact -> backRules.contains(ruleOf(fact))).forEach(session::insert));
                });
            } catch (RuntimeException e) {
                out.forEach(old -> lost.add(old.source().name()));
                LOG.log(Level.SEVERE, "the rules that ran before a failed reload could not be put back", e);
            }
        }
        if (lost.isEmpty()) {
            return "; nothing changed: the rules that ran before run again, their pending sequences with them";
        }
        LOG.severe("event=reload_rollback_incomplete folder=" + folder + " not_running=" + lost);
        return "; the rules that ran before run again, except those of " + String.join(", ", lost)
                + ", which could not be built again on their own: restart the server to run them";
    }

    /** In {@code kieBase}: the rules {@code joining} brought go (those that got in), {@code back} comes back. */
    private static void restore(org.kie.api.KieBase kieBase, Map<String, Collection<KiePackage>> joining,
                                List<KiePackage> back) {
        InternalKnowledgeBase kbase = (InternalKnowledgeBase) kieBase;
        for (Collection<KiePackage> packages : joining.values()) {
            for (KiePackage pkg : packages) {
                for (Rule rule : pkg.getRules()) {
                    if (kbase.getRule(pkg.getName(), rule.getName()) != null) {
                        kbase.removeRule(pkg.getName(), rule.getName());
                    }
                }
            }
        }
        if (!back.isEmpty()) {
            kbase.addPackages(back);
        }
    }
}
