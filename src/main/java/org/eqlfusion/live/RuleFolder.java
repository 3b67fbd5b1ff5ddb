package org.eqlfusion.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.DrlGenerator;
import org.eqlfusion.drl.RuleCompileException;
import org.eqlfusion.drl.RuleCompiler;
import org.eqlfusion.engine.DuplicateRules;
import org.eqlfusion.event.EventDigest;
import org.eqlfusion.rules.RuleFileException;
import org.eqlfusion.rules.RuleFileLoader;

/**
 * Reads a folder of rules as analysts keep them: DRL files, and detection-rules TOML files that
 * the compiler turns into DRL. The shared sequence rule ({@code sequences.drl}) is added when the
 * folder has none. A file that does not compile is an error naming file, line and column.
 */
public final class RuleFolder {

    /** What the folder holds now: its rule files, and the errors of those that did not compile. */
    public record Snapshot(Map<String, RuleSource> sources, List<String> errors) {
    }

    private RuleFolder() {
    }

    public static Snapshot read(Path root) throws IOException {
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
        for (Path file : files) {
            String name = base.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String version = HexFormat.of().formatHex(EventDigest.sha256(text)).substring(0, 16);
            if (name.endsWith(".drl")) {
                sources.put(name, new RuleSource(name, file.toString(), text, version));
                continue;
            }
            try {
                sources.put(name, new RuleSource(name, file.toString(), RuleCompiler.compile(RuleFileLoader.load(file, base)), version));
            } catch (RuleFileException | RuleCompileException e) {
                // the compiler names the file relative to the folder; errors name it as the user gave it
                for (String line : e.getMessage().split("\n")) {
                    errors.add(line.startsWith(name) && !name.equals(file.toString()) ? file + line.substring(name.length()) : line);
                }
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
        return new Snapshot(sources, errors);
    }

    /** {@code x.toml} and the {@code x.drl} compile makes of it. */
    private static boolean siblings(String a, String b) {
        return stem(a).equals(stem(b)) && !a.equals(b);
    }

    private static String stem(String path) {
        return path.endsWith(".toml") ? path.substring(0, path.length() - 5) : path.endsWith(".drl") ? path.substring(0, path.length() - 4) : path;
    }
}
