package org.eqlfusion.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eqlfusion.live.FolderBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code validate}: every error of the given rule files, as FILE:LINE:COLUMN: message; exit 1 when any. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks rule files (detection-rules .toml through the compiler, .drl through Drools) the way",
                "the server checks them before a reload. Prints each error as FILE:LINE:COLUMN: message",
                "(for EQL in a TOML file, the line and column in that file); exits 1 when there is any."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "rule files or folders")
    private List<Path> paths;

    @picocli.CommandLine.Option(names = "--exceptions", paramLabel = "DIR",
            description = "exceptions files kept apart from the rules (as serve's exceptions setting), applied to each PATH")
    private Path exceptions;

    @Override
    public Integer call() throws Exception {
        String exceptionsProblem = InputPaths.exceptionsProblem(exceptions);
        if (exceptionsProblem != null) {
            System.err.println("eql-fusion validate: " + exceptionsProblem);
            return 1;
        }
        int errors = 0;
        for (Path path : paths) {
            String problem = InputPaths.rulesProblem(path);
            if (problem != null) {
                // a folder without rules would otherwise say "no errors"
                System.err.println(problem);
                errors++;
                continue;
            }
            FolderBuild.Validation validation = FolderBuild.validation(path, exceptions);
            for (String error : validation.errors()) {
                System.out.println(error);
                errors++;
            }
            // past their expiry: harmless, and left only to be removed
            validation.warnings().forEach(w -> System.err.println("warning: " + w));
        }
        System.err.println(errors == 0 ? "no errors" : errors + (errors == 1 ? " error" : " errors"));
        return errors == 0 ? 0 : 1;
    }
}
