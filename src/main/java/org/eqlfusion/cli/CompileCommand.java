package org.eqlfusion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eqlfusion.drl.CatalogueCompiler;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compile RULE.toml|DIR --out DIR} or {@code compile --report RULE.toml|DIR}. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compiles Elastic detection-rules TOML files (EQL) to DRL.",
                "A rule is compiled when its DRL was generated and Drools built it."})
final class CompileCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RULE.toml|DIR", description = "rule files, or folders searched for .toml files")
    private java.util.List<Path> inputs;

    @Option(names = "--root", paramLabel = "DIR",
            description = "DRL packages and source names are taken relative to DIR (default: each folder given, or a file's folder)")
    private Path root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Mode mode;

    static final class Mode {
        @Option(names = "--out", paramLabel = "DIR", description = "write the .drl files here (with sequences.drl)")
        Path out;

        @Option(names = "--report", description = "print each rule that does not compile and why, then counts")
        boolean report;
    }

    /** The .drl files under {@code out} this compile did not write. */
    private static List<Path> notWritten(CatalogueCompiler.Result result, Path out) throws IOException {
        Set<Path> written = new HashSet<>();
        result.drl().keySet().forEach(name -> written.add(out.resolve(name).normalize()));
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.filter(p -> p.toString().endsWith(".drl") && !written.contains(p.normalize())).sorted().toList();
        }
    }

    @Override
    public Integer call() throws Exception {
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                System.err.println("eql-fusion compile: no such file or folder: " + input);
                return 1;
            }
        }
        CatalogueCompiler.Result result = CatalogueCompiler.compile(inputs, root);
        if (mode.out != null) {
            CatalogueCompiler.write(result, mode.out);
            result.failures().forEach(f -> System.err.println(f.message()));
            // the rules compile without an exception that does not: said, and the exit code says so
            result.exceptionErrors().forEach(System.err::println);
            result.disabled().forEach(d -> System.err.println("disabled, not compiled: " + d));
            System.err.printf("wrote %d DRL files to %s; compiled %d of %d rules%n",
                    result.drl().size(), mode.out, result.compiled(), result.total());
            List<Path> stale = notWritten(result, mode.out);
            if (!stale.isEmpty()) {
                // replay --rules OUT runs every .drl under it: a rule removed or renamed since would still run
                System.err.printf("%d .drl file%s in %s %s not written by this compile (left from an earlier one?), and would"
                                + " run with the rest: %s%s%n", stale.size(), stale.size() == 1 ? "" : "s", mode.out,
                        stale.size() == 1 ? "was" : "were", stale.subList(0, Math.min(5, stale.size())), stale.size() > 5 ? " ..." : "");
            }
            return result.failures().isEmpty() && result.exceptionErrors().isEmpty() ? 0 : 1;
        }
        Map<String, Integer> byReason = new TreeMap<>();
        for (CatalogueCompiler.Failure f : result.failures()) {
            System.out.println(f.file() + ": " + f.reason() + ": " + f.message().lines().findFirst().orElse("")
                    .replace(f.file() + ": ", "").replace(f.file() + ":", ""));
            byReason.merge(f.reason(), 1, Integer::sum);
        }
        result.exceptionErrors().forEach(error -> System.out.println(error + " (the rules it names compiled without it)"));
        result.disabled().forEach(d -> System.out.println("disabled, not compiled: " + d));
        byReason.forEach((reason, n) -> System.out.printf("%5d %s%n", n, reason));
        System.out.printf("compiled %d of %d rules%n", result.compiled(), result.total());
        return 0;
    }
}
