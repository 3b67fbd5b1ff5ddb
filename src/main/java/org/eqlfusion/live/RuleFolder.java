package org.eqlfusion.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.DrlGenerator;
import org.eqlfusion.drl.RuleCompileException;
import org.eqlfusion.drl.RuleCompiler;
import org.eqlfusion.drl.RuleExceptions;
import org.eqlfusion.engine.DuplicateRules;
import org.eqlfusion.event.EventDigest;
import org.eqlfusion.rules.DisabledRules;
import org.eqlfusion.rules.RuleDefinition;
import org.eqlfusion.rules.RuleException;
import org.eqlfusion.rules.RuleFileException;
import org.eqlfusion.rules.RuleFileLoader;

/**
 * Reads a folder of rules as analysts keep them: DRL files, and detection-rules TOML files that
 * the compiler turns into DRL, with the exceptions of the folder's {@code *.exceptions.toml} files
 * that apply to them, but for the rules those files disable. The shared sequence rule
 * ({@code sequences.drl}) is added when the folder has none. A file that does not compile is an
 * error naming file, line and column.
 */
public final class RuleFolder {

    /**
     * What the folder holds now: its rule files, the errors of those that did not compile,
     * warnings that stop nothing (an exception past its expiry), and the rules its exceptions files
     * turn off.
     */
    public record Snapshot(Map<String, RuleSource> sources, List<String> errors, List<String> warnings, List<Disabled> disabled) {
    }

    /** A TOML rule not compiled nor run: its file, rule_id, the reason given and where ({@code file:line}). */
    public record Disabled(String file, String ruleId, String reason, String by) {
    }

    private RuleFolder() {
    }

    public static Snapshot read(Path root) throws IOException {
        return read(root, (Path) null);
    }

    /**
     * The folder's rules with the exceptions files under it and, when not null, under {@code tuning}
     * (a team's tuning kept apart from a checkout of Elastic's catalogue).
     */
    public static Snapshot read(Path root, Path tuning) throws IOException {
        return read(root, RuleExceptions.filesUnder(root, tuning), false);
    }

    /**
     * A rule file previewed or tested with these exceptions files: their exceptions that name it
     * apply; those naming other rules are passed over, and it runs even when they disable it.
     */
    public static Snapshot readWithExceptions(Path root, List<Path> exceptionFiles) throws IOException {
        return read(root, exceptionFiles, true);
    }

    /**
     * @param partial the exceptions files cover rules that are not here (a rule previewed alone, an
     *                exceptions file checked alone): rule_ids they name are not checked, and they disable nothing
     */
    private static Snapshot read(Path root, List<Path> exceptionFiles, boolean partial) throws IOException {
        Map<String, RuleSource> sources = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        List<Path> files;
        if (Files.isDirectory(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".drl") || p.toString().endsWith(".toml"))
                        .sorted().toList();
            }
        } else {
            files = List.of(root);
        }
        Path base = Files.isDirectory(root) ? root : root.toAbsolutePath().getParent();
        Map<String, RuleDefinition> tomlRules = new TreeMap<>();
        Map<String, Path> fileOf = new TreeMap<>();
        Map<String, String> versionOf = new TreeMap<>();
        for (Path file : files) {
            if (RuleException.isExceptionsFile(file)) {
                continue;
            }
            String name = base.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
            String text = Files.readString(file, StandardCharsets.UTF_8);
            fileOf.put(name, file);
            versionOf.put(name, digest(text));
            if (name.endsWith(".drl")) {
                sources.put(name, new RuleSource(name, file.toString(), text, versionOf.get(name)));
                continue;
            }
            try {
                tomlRules.put(name, RuleFileLoader.load(file, base));
            } catch (RuleFileException e) {
                errors.addAll(asGiven(e.getMessage(), name, file));
            }
        }
        Set<String> tomlIds = new HashSet<>();
        tomlRules.values().forEach(rule -> tomlIds.add(rule.ruleId()));
        Set<String> drlIds = new HashSet<>();
        sources.values().forEach(source -> drlIds.addAll(DuplicateRules.ruleIdsOf(source.drl())));
        // an exceptions file checked on its own (POST /rules/_validate) names rules that are not here
        boolean alone = partial || !Files.isDirectory(root) && RuleException.isExceptionsFile(root);
        RuleExceptions exceptions = RuleExceptions.read(exceptionFiles, base, alone ? null : tomlIds, drlIds);
        errors.addAll(exceptions.errors());
        List<Disabled> disabled = new ArrayList<>();
        for (Map.Entry<String, RuleDefinition> entry : tomlRules.entrySet()) {
            String name = entry.getKey();
            // a rule previewed or tested with some exceptions files runs as written, disabled or not
            DisabledRules off = partial ? null : exceptions.disabling(entry.getValue().ruleId());
            if (off != null) {
                // not compiled either: a rule may be turned off because it does not compile here
                disabled.add(new Disabled(name, entry.getValue().ruleId(), off.reason(), off.source() + ":" + off.line()));
                continue;
            }
            RuleDefinition rule = exceptions.tune(entry.getValue());
            // an exception or a suppression added, changed or removed changes the rule: a reload replaces it
            String version = rule.exceptions().isEmpty() && rule.suppression() == entry.getValue().suppression()
                    ? versionOf.get(name) : digest(versionOf.get(name) + rule.exceptions() + rule.suppression());
            try {
                sources.put(name, new RuleSource(name, fileOf.get(name).toString(), RuleCompiler.compile(rule), version,
                        rule.exceptions().stream().map(RuleException::name).toList(),
                        rule.suppression() == null ? null : rule.suppression().describe()));
            } catch (RuleCompileException e) {
                errors.addAll(asGiven(e.getMessage(), name, fileOf.get(name)));
            }
        }
        for (String name : sources.keySet()) {
            String sibling = name.endsWith(".toml") ? name.substring(0, name.length() - ".toml".length()) + ".drl" : null;
            if (sibling != null && sources.containsKey(sibling)) {
                // Drools would only say that a rule is defined twice
                errors.add(sources.get(sibling).path() + ": " + name + " beside it defines the same rules (" + sibling
                        + " is what compile makes of it); keep one of the two");
            }
        }
        Map<String, String> drlByPath = new LinkedHashMap<>();
        sources.values().forEach(source -> drlByPath.put(source.path(), source.drl()));
        for (DuplicateRules.Duplicate duplicate : DuplicateRules.find(drlByPath)) {
            // reported once, in the reader's terms (a TOML file beside its own DRL was, above); the
            // file stays out so that Drools does not report it again as classes defined twice
            if (!siblings(duplicate.file(), duplicate.earlierFile())) {
                errors.add(duplicate.message());
            }
            sources.values().removeIf(source -> source.path().equals(duplicate.file()));
        }
        boolean hasSequences = sources.keySet().stream().anyMatch(n -> n.endsWith(DrlGenerator.SEQUENCES_DRL));
        if (!hasSequences) {
            String shared = CatalogueCompiler.sequencesDrl();
            sources.put(DrlGenerator.SEQUENCES_DRL, new RuleSource(DrlGenerator.SEQUENCES_DRL, "(built-in) " + DrlGenerator.SEQUENCES_DRL,
                    shared, "built-in"));
        }
        return new Snapshot(sources, errors, exceptions.expiredBy(java.time.Instant.now(), base), List.copyOf(disabled));
    }

    private static String digest(String text) {
        return HexFormat.of().formatHex(EventDigest.sha256(text)).substring(0, 16);
    }

    /** The compiler names the file relative to the folder; errors name it as the user gave it. */
    private static List<String> asGiven(String message, String name, Path file) {
        List<String> out = new ArrayList<>();
        for (String line : message.split("\n")) {
            out.add(line.startsWith(name) && !name.equals(file.toString()) ? file + line.substring(name.length()) : line);
        }
        return out;
    }

    /** {@code x.toml} and the {@code x.drl} compile makes of it. */
    private static boolean siblings(String a, String b) {
        return stem(a).equals(stem(b)) && !a.equals(b);
    }

    private static String stem(String path) {
        return path.endsWith(".toml") ? path.substring(0, path.length() - 5) : path.endsWith(".drl") ? path.substring(0, path.length() - 4) : path;
    }
}
