package org.eqlfusion.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.RulePartition;

/**
 * A rule folder (or one rule file) compiled and built once, as {@code validate}, {@code preview}
 * and the first load of a live folder need it: every error, named by the file it came from, or
 * the KieBases the rules make.
 */
public final class FolderBuild {

    private FolderBuild() {
    }

    /**
     * Every error of the rule files under {@code path} (a folder or one file), as
     * {@code FILE:LINE:COLUMN: message}; empty when all of them compile and Drools builds them together.
     */
    public static List<String> validate(Path path) throws IOException {
        return validation(path).errors();
    }

    /** Every error of the rule files under {@code path}, and the warnings that stop nothing (an exception past its expiry). */
    public record Validation(List<String> errors, List<String> warnings) {
    }

    /** As {@link #validate}, with the warnings. */
    public static Validation validation(Path path) throws IOException {
        return validation(path, null);
    }

    /** As {@link #validation(Path)}, with the exceptions files under {@code tuning} as well (null: none). */
    public static Validation validation(Path path, Path tuning) throws IOException {
        RuleFolder.Snapshot snapshot = RuleFolder.read(path, tuning);
        return new Validation(check(snapshot, true).errors(), snapshot.warnings());
    }

    /** Rule files compiled and built: what they hold, and the KieBase they make. */
    public record Compiled(RuleFolder.Snapshot snapshot, org.kie.api.KieBase kieBase) {
    }

    /**
     * Reads and builds the rule files under {@code path} (a folder or one file), once.
     *
     * @throws org.eqlfusion.engine.RuleSetException with every error as FILE:LINE:COLUMN: message
     */
    public static Compiled compile(Path path) throws IOException {
        return compile(path, null);
    }

    /** As {@link #compile(Path)}, with these exceptions files (null: those under {@code path}). */
    public static Compiled compile(Path path, List<Path> exceptionFiles) throws IOException {
        RuleFolder.Snapshot snapshot = exceptionFiles == null ? RuleFolder.read(path) : RuleFolder.readWithExceptions(path, exceptionFiles);
        Check check = check(snapshot, true);
        if (!check.errors().isEmpty()) {
            throw new org.eqlfusion.engine.RuleSetException(String.join("\n", check.errors()));
        }
        return new Compiled(snapshot, check.kieBases().get(0));
    }

    /** A folder's snapshot compiled and built: the KieBases (null on any error), and every error. */
    record Check(List<org.kie.api.KieBase> kieBases, List<String> errors) {
    }

    /**
     * @param buildDespiteCompileErrors build the files that did compile even when others did not
     *                                  (validation lists every error; a reload stops at the first kind)
     */
    private static Check check(RuleFolder.Snapshot snapshot, boolean buildDespiteCompileErrors) {
        return check(snapshot, buildDespiteCompileErrors, 1);
    }

    /** Builds the snapshot split for {@code sessions}; an error of a file in both KieBases is listed once. */
    static Check check(RuleFolder.Snapshot snapshot, boolean buildDespiteCompileErrors, int sessions) {
        List<String> errors = new ArrayList<>(snapshot.errors());
        List<DrlBuild.Result> built = List.of();
        if (errors.isEmpty() || buildDespiteCompileErrors) {
            built = DrlBuild.buildEach(RulePartition.split(drlOf(snapshot.sources()), sessions), DrlBuild.Mode.DRL);
            Set<String> buildErrors = new java.util.LinkedHashSet<>();
            built.forEach(b -> buildErrors.addAll(buildErrors(b, snapshot.sources())));
            errors.addAll(buildErrors);
        }
        return new Check(errors.isEmpty() ? built.stream().map(DrlBuild.Result::kieBase).toList() : null, errors);
    }

    private static Map<String, String> drlOf(Map<String, RuleSource> sources) {
        Map<String, String> drl = new TreeMap<>();
        sources.values().forEach(s -> drl.put(s.drlName(), s.drl()));
        return drl;
    }

    /** Drools' errors, under the names of the files they came from ({@code windows/x.toml:12:5: ...}). */
    private static List<String> buildErrors(DrlBuild.Result built, Map<String, RuleSource> sources) {
        List<String> errors = new ArrayList<>();
        built.errors().forEach((drlName, messages) -> {
            String origin = sources.values().stream().filter(s -> s.drlName().equals(drlName))
                    .map(s -> s.name().endsWith(".toml") ? s.path() + " (generated DRL)" : s.path())
                    .findFirst().orElse(drlName);
            messages.forEach(m -> errors.add(origin + m));
        });
        return errors;
    }

}
