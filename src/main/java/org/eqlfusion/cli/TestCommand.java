package org.eqlfusion.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eqlfusion.preview.RuleTests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code test DIR}: runs the rule tests (x.test.json beside x.toml or x.drl) and says which fail. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs every rule test under DIR: a file x.test.json beside a rule x.toml or x.drl, holding",
                "sample events and the alerts they must give. Exits 1 when any test fails."})
final class TestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "a folder of rules and their tests, or one test file")
    private Path dir;

    @Option(names = "--exceptions", paramLabel = "DIR",
            description = "exceptions files kept apart from the rules (as serve's exceptions setting), applied with DIR's own")
    private Path exceptions;

    @Override
    public Integer call() throws Exception {
        String problem = InputPaths.rulesProblem(dir);
        problem = problem != null ? problem : InputPaths.exceptionsProblem(exceptions);
        if (problem != null) {
            System.err.println("eql-fusion test: " + problem);
            return 1;
        }
        List<RuleTests.Outcome> outcomes = RuleTests.run(dir, exceptions);
        long failed = 0;
        for (RuleTests.Outcome o : outcomes) {
            System.out.println((o.passed() ? "PASS " : "FAIL ") + o.test());
            o.problems().forEach(p -> System.out.println("     " + p.replace("\n", "\n     ")));
            failed += o.passed() ? 0 : 1;
        }
        System.out.printf("%d rule tests, %d failed%n", outcomes.size(), failed);
        return outcomes.isEmpty() || failed > 0 ? 1 : 0;
    }
}
