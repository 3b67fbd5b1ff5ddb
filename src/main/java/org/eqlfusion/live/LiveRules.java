package org.eqlfusion.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.eqlfusion.engine.DuplicateRules;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RulePartition;
import org.eqlfusion.engine.RuleSet;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * A rule folder kept live in a running engine. {@link #reload()} reads the folder again and, when
 * the whole new set compiles, changes the running KieBase in place between two events: the rules
 * of removed and changed files leave (with their partial sequences and samples: a changed rule
 * starts clean), the rules of new and changed files join, and the rules of unchanged files keep
 * running with their partial sequences and expiry timers untouched — a sequence half-way through
 * its window completes across a reload. When anything in the new set fails to compile, or a file
 * cannot join the running rules on its own (it needs what another file declares, or it declares
 * functions in a package other running files use: {@link FunctionPackages}), nothing is changed —
 * every session's change is built before any is applied ({@link ReloadPlan}) —: the old rules
 * keep running and the errors are kept for {@code GET /rules}. A change Drools refuses as it
 * merges it is undone ({@link ReloadApply}) and refused the same way.
 *
 * <p>When the rules run split over several sessions ({@link org.eqlfusion.engine.RulePartition}),
 * a new or changed file joins the KieBase {@link SessionPlacement} picks from what it holds (that
 * of the host shards, or that of the session given every event), a file that raises no alert
 * joins both, and each KieBase changes once, with every session that runs it stopped.
 */
public final class LiveRules {

    private static final Logger LOG = Logger.getLogger(LiveRules.class.getName());

    /** What a reload did, or why it did nothing. */
    public record Outcome(List<String> added, List<String> changed, List<String> removed, List<String> errors) {
        public boolean applied() {
            return errors.isEmpty();
        }
    }

    /**
     * One running rule file: its source, the DRL rules and rule_ids it put in the KieBase, and the
     * KieBase it runs in, when the rules run split ({@link org.eqlfusion.engine.RulePartition#HOST_SHARDS_KIEBASE}
     * or {@link org.eqlfusion.engine.RulePartition#ALL_EVENTS_KIEBASE}; {@link #EVERY_SESSION} for
     * a file that raises no alert, and for every file of one session).
     */
    public record Loaded(RuleSource source, Map<String, List<String>> rulesByPackage, Set<String> ruleIds,
                         Map<String, String> names, Instant loadedAt, int session) {

        /** A file and the rules it put in (or, placed but not built yet, none), loaded now. */
        static Loaded of(RuleSource source, Collection<Rule> fileRules, int session) {
            Map<String, List<String>> rules = new TreeMap<>();
            Set<String> ids = new HashSet<>();
            Map<String, String> names = new TreeMap<>();
            for (Rule rule : fileRules) {
                rules.computeIfAbsent(rule.getPackageName(), p -> new ArrayList<>()).add(rule.getName());
                Object id = rule.getMetaData().get("ruleId");
                if (id != null) {
                    ids.add(id.toString());
                    Object name = rule.getMetaData().get("name");
                    if (name != null) {
                        names.put(id.toString(), name.toString());
                    }
                }
            }
            return new Loaded(source, rules, ids, names, Instant.now(), session);
        }
    }

    /** Where a file runs that every session holds. */
    public static final int EVERY_SESSION = -1;

    private final Path folder;
    private final int sessions;
    private final Path tuning;
    private Map<String, Loaded> running = new TreeMap<>();
    private List<RuleFolder.Disabled> disabled = List.of();
    private EqlEngine engine;
    private volatile List<String> lastErrors = List.of();
    private volatile Instant lastReload;
    private long reloads;
    private long failedReloads;
    /** The folder's files as of the last reload (for the watch). */
    private String fingerprint = "";

    public LiveRules(Path folder) {
        this(folder, 1);
    }

    /** A folder whose rules run split over {@code sessions} host shards and a session of every event (see RulePartition). */
    public LiveRules(Path folder, int sessions) {
        this(folder, null, sessions);
    }

    /**
     * @param tuning a folder (or file) of exceptions files kept apart from the rule folder (a checkout
     *               of Elastic's catalogue), watched with it; null for none
     */
    public LiveRules(Path folder, Path tuning, int sessions) {
        if (sessions < 1) {
            throw new IllegalArgumentException("at least one session: " + sessions);
        }
        this.folder = folder;
        this.tuning = tuning;
        this.sessions = sessions;
    }

    /** The first load: the rule set to build the engine with (throws when the folder does not compile). */
    public synchronized RuleSet initial() throws IOException {
        RuleFolder.Snapshot snapshot = RuleFolder.read(folder, tuning);
        warn(snapshot);
        FolderBuild.Check check = FolderBuild.check(snapshot, false, sessions);
        if (!check.errors().isEmpty()) {
            throw new org.eqlfusion.engine.RuleSetException("the rules in " + folder + " do not compile:\n  "
                    + String.join("\n  ", check.errors()));
        }
        // which rules came from which file: from the built KieBases (building each file again
        // would double the start-up)
        Map<String, List<Rule>> rulesByFile = new TreeMap<>();
        Map<String, Integer> firstSession = new TreeMap<>();
        for (int i = 0; i < check.kieBases().size(); i++) {
            int session = i;
            for (KiePackage pkg : check.kieBases().get(i).getKiePackages()) {
                for (Rule rule : pkg.getRules()) {
                    org.kie.api.io.Resource resource = ((RuleImpl) rule).getResource();
                    String path = (resource == null || resource.getSourcePath() == null ? "" : resource.getSourcePath())
                            .replaceFirst("^src/main/resources/", "");
                    // a file every session holds: its rules once
                    if (firstSession.computeIfAbsent(path, p -> session) == session) {
                        rulesByFile.computeIfAbsent(path, p -> new ArrayList<>()).add(rule);
                    }
                }
            }
        }
        Map<String, Loaded> loaded = new TreeMap<>();
        for (RuleSource source : snapshot.sources().values()) {
            loaded.put(source.name(), Loaded.of(source, rulesByFile.getOrDefault(source.drlName(), List.of()),
                    SessionPlacement.place(source, check.kieBases().size())));
        }
        running = loaded;
        disabled = snapshot.disabled();
        lastReload = Instant.now();
        return RuleSet.of(check.kieBases(), sessions, snapshot.sources().size() + " rule files from " + folder
                + RuleSet.split(sessions));
    }

    /** The engine the rules run in; reloads change its session. */
    public synchronized void attach(EqlEngine engine) {
        this.engine = engine;
    }

    /** Reads the folder again and applies what changed (see the class comment). */
    public synchronized Outcome reload() throws IOException {
        RuleFolder.Snapshot snapshot = RuleFolder.read(folder, tuning);
        warn(snapshot);
        List<String> errors = FolderBuild.check(snapshot, false, 1).errors();
        if (!errors.isEmpty()) {
            return refused(errors);
        }
        long alerting = running.values().stream().filter(l -> !l.ruleIds().isEmpty()).count();
        // "a rule" both ways by its rule_id: what runs by its rules' @ruleId metadata, the folder by the same in its DRL
        if (alerting > 0 && snapshot.sources().values().stream().allMatch(source -> DuplicateRules.ruleIdsOf(source.drl()).isEmpty())) {
            // a folder moved away, a checkout half done, a mount gone: not an analyst removing rules one by one
            String why = snapshot.disabled().isEmpty() ? " holds no rule now"
                    : " holds no rule that may run: the " + snapshot.disabled().size() + " it holds are disabled ([[disabled]] in "
                    + snapshot.disabled().get(0).by() + (snapshot.disabled().size() > 1 ? ", ..." : "") + ")";
            return refused(List.of(folder + why + ": the reload would stop every rule (" + alerting
                    + " file" + (alerting == 1 ? "" : "s") + " running) and leave the server detecting nothing; put rules back,"
                    + " or stop the server"));
        }
        ReloadPlan plan;
        try {
            plan = ReloadPlan.of(running, snapshot.sources(), RulePartition.kieBases(sessions));
        } catch (ReloadPlan.Refused e) {
            return refused(List.of(e.getMessage()));
        }
        String notApplied = ReloadApply.apply(plan, engine, folder);
        if (notApplied != null) {
            return refused(List.of(notApplied));
        }
        running = plan.after;
        disabled = snapshot.disabled();
        reloads++;
        lastErrors = List.of();
        lastReload = Instant.now();
        LOG.info("event=reloaded folder=" + folder + " added=" + plan.added + " changed=" + plan.changed
                + " removed=" + plan.removed);
        return new Outcome(plan.added, plan.changed, plan.removed, List.of());
    }

    /**
     * Puts one rule live: writes {@code text} to the file that holds {@code ruleId} now (or, for a
     * new rule, to {@code fileName} in the folder) and reloads. When the reload is refused the file
     * is put back as it was, so the folder keeps matching what runs.
     */
    public synchronized Outcome put(String ruleId, String fileName, String text) throws IOException {
        // what the body is: as the file name says, else a detection-rules TOML file unless it reads as DRL
        String kind = fileName != null && fileName.endsWith(".drl") ? ".drl" : fileName != null && fileName.endsWith(".toml")
                ? ".toml" : text.contains("[rule]") ? ".toml" : ".drl";
        String notThatRule = notDefining(ruleId, kind, text);
        if (notThatRule != null) {
            // an empty body compiled to nothing, and replaced the rule's file with an empty one: the rule gone
            return new Outcome(List.of(), List.of(), List.of(), List.of(notThatRule));
        }
        Path current = running.values().stream().filter(l -> l.ruleIds().contains(ruleId)).findFirst()
                .map(l -> folder.resolve(l.source().name())).orElse(null);
        Path target = current == null ? null
                : current.resolveSibling(current.getFileName().toString().replaceAll("\\.(toml|drl)$", kind));
        if (target == null) {
            if (fileName == null || !(fileName.endsWith(".toml") || fileName.endsWith(".drl"))
                    || Path.of(fileName).isAbsolute() || fileName.contains("..")) {
                return new Outcome(List.of(), List.of(), List.of(), List.of("rule " + ruleId
                        + " is not running: say where to put it with ?file=NAME.toml (or .drl), inside the rule folder"));
            }
            target = folder.resolve(fileName);
        }
        byte[] before = Files.exists(target) ? Files.readAllBytes(target) : null;
        // a rule that changes form (DRL to TOML, say) leaves its old file
        Path replaced = current != null && !current.equals(target) ? current : null;
        byte[] replacedBefore = replaced == null ? null : Files.readAllBytes(replaced);
        Files.createDirectories(target.getParent());
        Files.writeString(target, text, StandardCharsets.UTF_8);
        if (replaced != null) {
            Files.delete(replaced);
        }
        Outcome outcome = reload();
        if (!outcome.applied()) {
            if (before == null) {
                Files.delete(target);
            } else {
                Files.write(target, before);
            }
            if (replaced != null) {
                Files.write(replaced, replacedBefore);
            }
        }
        remember();
        return outcome;
    }

    /** Why a body sent for {@code ruleId} cannot be its file: empty, or the rule_id it defines is another; null when it can. */
    private static String notDefining(String ruleId, String kind, String text) {
        if (text.isBlank()) {
            return "the body is empty: send the file of rule " + ruleId + " (a detection-rules TOML file or DRL)";
        }
        Set<String> defined;
        if (kind.equals(".toml")) {
            try {
                JsonNode id = new TomlMapper().readTree(text).path("rule").path("rule_id");
                if (!id.isTextual()) {
                    return null; // the reload names what is wrong with the file, and puts the old one back
                }
                defined = Set.of(id.asText());
            } catch (IOException e) {
                return null;
            }
        } else {
            defined = DuplicateRules.ruleIdsOf(text);
        }
        return defined.contains(ruleId) ? null : "the body defines " + (defined.isEmpty() ? "no rule_id" : "rule_id " + String.join(", ", defined))
                + ", not " + ruleId + ": PUT a rule to /rules/<its rule_id>";
    }

    public synchronized Map<String, Loaded> running() {
        return Map.copyOf(running);
    }

    /** The rule folder's files and the tuning folder's, for the watch. */
    private String fingerprint() throws IOException {
        return FolderFingerprint.of(folder) + (tuning == null ? "" : FolderFingerprint.of(tuning));
    }

    /** The exceptions folder kept apart from the rules, or null. */
    public Path tuning() {
        return tuning;
    }

    /** The folder's rules that its exceptions files turn off, as of the last applied load. */
    public synchronized List<RuleFolder.Disabled> disabled() {
        return disabled;
    }

    public List<String> lastErrors() {
        return lastErrors;
    }

    public Instant lastReload() {
        return lastReload;
    }

    public synchronized long reloads() {
        return reloads;
    }

    public synchronized long failedReloads() {
        return failedReloads;
    }

    public Path folder() {
        return folder;
    }

    /** Whether the folder's files differ from what runs (for the folder watch): cheap, no compilation of unchanged files. */
    public synchronized boolean changedOnDisk() throws IOException {
        return !fingerprint().equals(fingerprint);
    }

    /** Records the folder as it was at the last successful or refused reload. */
    public synchronized void remember() throws IOException {
        fingerprint = fingerprint();
    }

    /** What stops nothing but should be seen (an exception past its expiry), in the log. */
    private void warn(RuleFolder.Snapshot snapshot) {
        snapshot.warnings().forEach(w -> LOG.warning("event=rule_folder_warning folder=" + folder + " warning="
                + org.eqlfusion.event.Quoted.of(w)));
    }

    /** A reload refused: counted and logged, the running rules stay as they are. */
    private Outcome refused(List<String> errors) {
        failedReloads++;
        lastErrors = List.copyOf(errors);
        LOG.warning("event=reload_refused folder=" + folder + " errors=" + errors.size()
                + " first=\"" + errors.get(0).lines().findFirst().orElse("") + "\" (the running rules stay)");
        return new Outcome(List.of(), List.of(), List.of(), errors);
    }
}
