package org.eqlfusion.drl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.DuplicateRules;
import org.eqlfusion.rules.DisabledRules;
import org.eqlfusion.rules.RuleDefinition;
import org.eqlfusion.rules.RuleException;
import org.eqlfusion.rules.RuleFileException;
import org.eqlfusion.rules.RuleFileLoader;

/**
 * Compiles a rule file or a folder of them: each TOML rule to DRL, with the exceptions of the
 * folder's {@code *.exceptions.toml} files that apply to it, then all the DRL through Drools
 * together. A rule counts as compiled only when its DRL was generated and Drools built it; every
 * other rule is reported with its reason.
 */
public final class CatalogueCompiler {

    /** One rule that did not compile. */
    public record Failure(String file, String reason, String message) {
    }

    /**
     * @param drl              DRL file path (relative, e.g. windows/x.drl) to text, the shared sequences.drl included
     * @param total            rule files read
     * @param exceptionErrors  the problems of the exceptions files (the rules compile without those exceptions)
     * @param disabled         the rule files not compiled because an exceptions file disables their rule, each
     *                         as {@code file: rule_id (reason)}; not counted in total
     */
    public record Result(Map<String, String> drl, List<Failure> failures, int total, List<String> exceptionErrors,
                         List<String> disabled) {

        public int compiled() {
            return total - failures.size();
        }
    }

    private CatalogueCompiler() {
    }

    public static Result compile(Path input) {
        return compile(List.of(input), null);
    }

    /**
     * @param root the folder DRL packages and source names are relative to; null: each input folder
     *             (or a file's own folder)
     */
    public static Result compile(List<Path> inputs, Path root) {
        Map<String, String> drl = new TreeMap<>();
        Map<String, String> sourceOf = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        Map<Path, RuleDefinition> rules = new LinkedHashMap<>();
        int total = 0;
        for (Path input : inputs) {
            List<Path> files = tomlFiles(input);
            total += files.size();
            load(files, base(input, root), rules, failures);
        }
        Set<String> ruleIds = new HashSet<>();
        rules.values().forEach(rule -> ruleIds.add(rule.ruleId()));
        List<RuleExceptions> perInput = new ArrayList<>();
        for (Path input : inputs) {
            perInput.add(RuleExceptions.read(RuleExceptions.filesUnder(input), base(input, root), ruleIds, Set.of()));
        }
        RuleExceptions tuning = RuleExceptions.merge(perInput);
        List<String> disabled = new ArrayList<>();
        for (Map.Entry<Path, RuleDefinition> rule : rules.entrySet()) {
            DisabledRules off = tuning.disabling(rule.getValue().ruleId());
            if (off != null) {
                disabled.add(rule.getKey() + ": " + rule.getValue().ruleId() + " (" + off.reason() + ")");
                continue;
            }
            generate(rule.getKey(), tuning.tune(rule.getValue()), drl, sourceOf, failures);
        }
        dropDuplicates(drl, sourceOf, failures);
        drl.put(DrlGenerator.SEQUENCES_DRL, sequencesDrl());
        buildAndDropRefused(drl, sourceOf, failures);
        return new Result(drl, failures, total - disabled.size(), tuning.errors(), List.copyOf(disabled));
    }

    /** The folder names are taken relative to: root, else the input folder, else a file's folder. */
    private static Path base(Path input, Path root) {
        return root != null ? root : Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
    }

    private static void load(List<Path> files, Path root, Map<Path, RuleDefinition> rules, List<Failure> failures) {
        for (Path file : files) {
            try {
                rules.put(file, RuleFileLoader.load(file, root));
            } catch (RuleFileException e) {
                failures.add(new Failure(file.toString(), "unusable rule file", e.getMessage()));
            }
        }
    }

    private static void generate(Path file, RuleDefinition rule, Map<String, String> drl, Map<String, String> sourceOf,
                                 List<Failure> failures) {
        try {
            String name = rule.packageSuffix().replace('.', '/') + "/" + file.getFileName().toString().replaceAll("\\.toml$", ".drl");
            drl.put(name, RuleCompiler.compile(rule));
            sourceOf.put(name, file.toString());
        } catch (RuleCompileException e) {
            failures.add(new Failure(file.toString(), e.reason(), e.getMessage()));
        }
    }

    /** Drops a file that defines a rule_id or rule name an earlier one does: said once, not as Drools' duplicate classes. */
    private static void dropDuplicates(Map<String, String> drl, Map<String, String> sourceOf, List<Failure> failures) {
        Map<String, String> drlByFile = new LinkedHashMap<>();
        Map<String, String> nameOfFile = new LinkedHashMap<>();
        sourceOf.forEach((name, file) -> {
            drlByFile.put(file, drl.get(name));
            nameOfFile.put(file, name);
        });
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (DuplicateRules.Duplicate duplicate : DuplicateRules.find(drlByFile)) {
            reasons.computeIfAbsent(duplicate.file(), f -> new ArrayList<>()).add(duplicate.what());
        }
        reasons.forEach((file, messages) -> {
            drl.remove(nameOfFile.get(file));
            sourceOf.remove(nameOfFile.get(file));
            failures.add(new Failure(file, "defines a rule_id or rule name another file does", file + ": " + String.join("; ", messages)));
        });
    }

    /** Builds everything; drops the files Drools refuses and builds again, until the rest builds. */
    private static void buildAndDropRefused(Map<String, String> drl, Map<String, String> sourceOf, List<Failure> failures) {
        for (int attempt = 0; attempt < 5 && drl.size() > 1; attempt++) {
            DrlBuild.Result built = DrlBuild.build(drl);
            if (built.errors().isEmpty()) {
                break;
            }
            for (Map.Entry<String, List<String>> bad : built.errors().entrySet()) {
                String source = sourceOf.getOrDefault(bad.getKey(), bad.getKey());
                if (drl.remove(bad.getKey()) != null && sourceOf.containsKey(bad.getKey())) {
                    failures.add(new Failure(source, "Drools refused the DRL", bad.getKey()
                            + String.join("; " + bad.getKey(), bad.getValue())));
                }
            }
        }
    }

    /** Writes the DRL files under {@code out}, in their package folders. */
    public static void write(Result result, Path out) throws IOException {
        for (Map.Entry<String, String> file : result.drl().entrySet()) {
            Path target = out.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
    }

    /** The shared sequence state machine, as bundled. */
    public static String sequencesDrl() {
        try (InputStream in = CatalogueCompiler.class.getClassLoader()
                .getResourceAsStream("eqlfusion/rules/" + DrlGenerator.SEQUENCES_DRL)) {
            if (in == null) {
                throw new IllegalStateException("eqlfusion/rules/sequences.drl is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> tomlFiles(Path input) {
        if (!Files.isDirectory(input)) {
            return RuleException.isExceptionsFile(input) ? List.of() : List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(p -> p.toString().endsWith(".toml") && !RuleException.isExceptionsFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
