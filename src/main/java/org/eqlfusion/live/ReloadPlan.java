package org.eqlfusion.live;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * What a reload changes, worked out and built before any session changes: the files added,
 * changed and removed; for each KieBase (one, or two when the rules run split) the running files
 * that leave it and the new builds that join it; and what runs once it is applied. A file that
 * cannot join on its own refuses the whole plan ({@link Refused}).
 */
final class ReloadPlan {

    /** Why a reload cannot go ahead, naming the file. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    final List<String> added = new ArrayList<>();
    final List<String> changed = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    /** Per KieBase: the running files whose rules leave it. */
    final List<List<LiveRules.Loaded>> leaving = new ArrayList<>();
    /** Per KieBase: the files that join it, each built for it (Drools' rule objects belong to one KieBase). */
    final List<Map<String, Collection<KiePackage>>> joining = new ArrayList<>();
    /** The running files once the plan is applied. */
    final Map<String, LiveRules.Loaded> after;

    private ReloadPlan(Map<String, LiveRules.Loaded> running, Map<String, RuleSource> next, int kieBases) throws Refused {
        for (String name : running.keySet()) {
            if (!next.containsKey(name)) {
                removed.add(name);
            } else if (!next.get(name).version().equals(running.get(name).source().version())) {
                changed.add(name);
            }
        }
        for (String name : next.keySet()) {
            if (!running.containsKey(name)) {
                added.add(name);
            }
        }
        List<LiveRules.Loaded> out = new ArrayList<>();
        removed.forEach(name -> out.add(running.get(name)));
        changed.forEach(name -> out.add(running.get(name)));

        // where each joining file runs: where SessionPlacement says, from what it holds now
        Map<String, LiveRules.Loaded> now = new TreeMap<>(running);
        removed.forEach(now::remove);
        Map<String, Integer> placed = new LinkedHashMap<>();
        for (String name : java.util.stream.Stream.concat(changed.stream(), added.stream()).toList()) {
            placed.put(name, SessionPlacement.place(next.get(name), kieBases));
        }
        Map<String, Collection<KiePackage>> built = new LinkedHashMap<>();
        for (int i = 0; i < kieBases; i++) {
            int session = i;
            leaving.add(out.stream().filter(l -> SessionPlacement.runsIn(l.session(), session)).toList());
            Map<String, Collection<KiePackage>> in = new LinkedHashMap<>();
            Map<String, RuleSource> neighbours = new TreeMap<>();
            running.forEach((name, loaded) -> {
                if (!out.contains(loaded) && SessionPlacement.runsIn(loaded.session(), session)) {
                    neighbours.put(name, loaded.source());
                }
            });
            for (Map.Entry<String, Integer> file : placed.entrySet()) {
                if (SessionPlacement.runsIn(file.getValue(), session)) {
                    in.put(file.getKey(), packages(next.get(file.getKey())));
                    built.putIfAbsent(file.getKey(), in.get(file.getKey()));
                    neighbours.put(file.getKey(), next.get(file.getKey()));
                }
            }
            for (Map.Entry<String, Collection<KiePackage>> file : in.entrySet()) {
                String conflict = FunctionPackages.conflict(file.getKey(), file.getValue(), neighbours);
                if (conflict != null) {
                    throw new Refused(conflict);
                }
            }
            joining.add(in);
        }
        built.forEach((name, packages) -> now.put(name, LiveRules.Loaded.of(next.get(name),
                packages.stream().flatMap(p -> p.getRules().stream()).toList(), placed.get(name))));
        after = now;
    }

    /** Whether the plan changes KieBase {@code kieBase} at all (files leave it or join it). */
    boolean changes(int kieBase) {
        return !leaving.get(kieBase).isEmpty() || !joining.get(kieBase).isEmpty();
    }

    /** The plan that takes the {@code running} files to the {@code next} ones over {@code kieBases} KieBases. */
    static ReloadPlan of(Map<String, LiveRules.Loaded> running, Map<String, RuleSource> next, int kieBases) throws Refused {
        return new ReloadPlan(running, next, kieBases);
    }

    /** A file built by itself, as a reload puts it into a running KieBase. */
    static Collection<KiePackage> packages(RuleSource source) throws Refused {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        builder.add(ResourceFactory.newByteArrayResource(source.drl().getBytes(StandardCharsets.UTF_8))
                .setSourcePath(source.drlName()), ResourceType.DRL);
        if (builder.hasErrors()) {
            throw new Refused(source.name() + " does not build on its own (it builds with the other files): a reload"
                    + " puts each changed file into the running rules by itself, so what it uses (a function, a declared"
                    + " type) must be in that file, or the server restarted; Drools says: " + builder.getErrors().toString().strip());
        }
        return builder.getKnowledgePackages();
    }
}
