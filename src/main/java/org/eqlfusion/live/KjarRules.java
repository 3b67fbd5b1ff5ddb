package org.eqlfusion.live;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.KjarRepository;
import org.eqlfusion.engine.RuleSetException;
import org.eqlfusion.sequence.PartialSequence;
import org.eqlfusion.sequence.Sample;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.Results;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * A KJAR by GAV, upgraded in place: {@link #upgrade} moves the running KieContainer to another
 * version with {@code KieContainer.updateToVersion}, between two events. Drools updates the
 * KieBase incrementally and the session keeps its facts, so partial sequences of the rules that
 * stay survive the upgrade; those of rules the new version no longer has are deleted. When the new
 * version cannot be loaded or has errors, the running version stays.
 */
public final class KjarRules {

    private static final Logger LOG = Logger.getLogger(KjarRules.class.getName());

    private final KieContainer container;
    private EqlEngine engine;
    private volatile String lastError;

    public KjarRules(KieContainer container) {
        this.container = container;
    }

    public KieContainer container() {
        return container;
    }

    public void attach(EqlEngine engine) {
        this.engine = engine;
    }

    /** The running GAV. */
    public String gav() {
        return container.getReleaseId().toString();
    }

    public String lastError() {
        return lastError;
    }

    /** Upgrades (or downgrades) to {@code version} of the same group and artifact; returns the errors, empty when done. */
    public synchronized List<String> upgrade(String version) {
        ReleaseId current = container.getReleaseId();
        ReleaseId next;
        try {
            next = KjarRepository.register(current.getGroupId(), current.getArtifactId(), version);
        } catch (RuleSetException e) {
            lastError = e.getMessage();
            return List.of(e.getMessage());
        }
        List<String> errors = new ArrayList<>();
        engine.change((kieBase, sessions) -> {
            Results results;
            try {
                results = container.updateToVersion(next);
            } catch (RuntimeException e) {
                // e.g. an executable-model KJAR (kie-maven-plugin's) cannot become a run-time DRL one
                errors.add("Drools cannot update " + current + " to " + next + ": " + e);
                return;
            }
            for (Message m : results.getMessages(Message.Level.ERROR)) {
                errors.add(m.getPath() + ":" + m.getLine() + ": " + m.getText());
            }
            if (errors.isEmpty()) {
                Set<String> remaining = ruleIds(kieBase);
                for (KieSession session : sessions) {
                    // a copy: Drools' view reads the live store, which the deletions change
                    List<FactHandle> orphans = new ArrayList<>(session.getFactHandles(o ->
                            o instanceof PartialSequence p && !remaining.contains(p.getRule())
                                    || o instanceof Sample s && !remaining.contains(s.getRule())));
                    orphans.forEach(session::delete);
                }
            }
        });
        if (errors.isEmpty()) {
            lastError = null;
            LOG.info("event=kjar_upgraded from=" + current + " to=" + next);
        } else {
            lastError = String.join("\n", errors);
            LOG.warning("event=kjar_upgrade_failed to=" + next + " errors=" + errors.size());
        }
        return errors;
    }

    static Set<String> ruleIds(KieBase kbase) {
        Set<String> ids = new HashSet<>();
        for (KiePackage pkg : kbase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                Object id = rule.getMetaData().get("ruleId");
                if (id != null) {
                    ids.add(id.toString());
                }
            }
        }
        return ids;
    }
}
