package org.eqlfusion.drl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.DuplicateRules;
import org.eqlfusion.rules.RuleDefinition;
import org.eqlfusion.rules.RuleFileException;
import org.eqlfusion.rules.RuleFileLoader;

/**
 * Compiles a rule file or a folder of them: each TOML rule to DRL, then all the DRL through
 * Drools together. A rule counts as compiled only when its DRL was generated and Drools built it;
 * every other rule is reported with its reason.
 */
public final class CatalogueCompiler {

    /** One rule that did not compile. */
    public record Failure(String file, String reason, String message) {
    }

    /**
     * @param drl      DRL file path (relative, e.g. windows/x.drl) to text, the shared sequences.drl included
     * @param total    rule files read
     */
    public record Result(Map<String, String> drl, List<Failure> failures, int total) {

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
        int total = 0;
        for (Path input : inputs) {
            Path base = root != null ? root : Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
            List<Path> files = tomlFiles(input);
            total += files.size();
            generate(files, base, drl, sourceOf, failures);
        }
        dropDuplicates(drl, sourceOf, failures);
        drl.put(DrlGenerator.SEQUENCES_DRL, sequencesDrl());
        buildAndDropRefused(drl, sourceOf, failures);
        return new Result(drl, failures, total);
    }

    private static void generate(List<Path> files, Path root, Map<String, String> drl, Map<String, String> sourceOf,
                                 List<Failure> failures) {
        for (Path file : files) {
            try {
                RuleDefinition rule = RuleFileLoader.load(file, root);
                String name = rule.packageSuffix().replace('.', '/') + "/" + file.getFileName().toString().replaceAll("\\.toml$", ".drl");
                drl.put(name, RuleCompiler.compile(rule));
                sourceOf.put(name, file.toString());
            } catch (RuleFileException e) {
                failures.add(new Failure(file.toString(), "unusable rule file", e.getMessage()));
            } catch (RuleCompileException e) {
                failures.add(new Failure(file.toString(), e.reason(), e.getMessage()));
            }
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
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
