package org.eqlfusion.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eqlfusion.drl.RuleExceptions;
import org.eqlfusion.rules.ExceptionsFileWriter;
import org.eqlfusion.rules.KibanaExceptionImport;
import org.eqlfusion.rules.RuleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import-exceptions EXPORT.ndjson --out FILE.exceptions.toml}: Kibana's exception lists as an exceptions file. */
@Command(name = "import-exceptions", mixinStandardHelpOptions = true,
        description = {"Turns Kibana exception lists into an exceptions file for a rule folder: an export of exception",
                "lists (POST /api/exception_lists/_export), or of rules with their exceptions",
                "(POST /api/detection_engine/rules/_export). Each item becomes an [[exception]] whose where is its",
                "entries in EQL; it applies to the EQL rules of the export that use its list, unless --rule-id or",
                "--all-rules say otherwise. Items that cannot be converted are named with why; exit 1 when any."})
final class ImportExceptionsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "EXPORT.ndjson", description = "the export Kibana gave")
    private Path export;

    @Option(names = "--out", required = true, paramLabel = "FILE.exceptions.toml", description = "the exceptions file to write")
    private Path out;

    @Option(names = "--rule-id", paramLabel = "ID", description = "the rules every item applies to (repeat for several)")
    private List<String> ruleIds = new ArrayList<>();

    @Option(names = "--all-rules", description = "every item applies to every rule of the folder")
    private boolean allRules;

    @Option(names = "--disabled-rules", description = "also turn off the EQL rules the export has disabled ([[disabled]])")
    private boolean disabledRules;

    @Override
    public Integer call() throws Exception {
        if (!out.getFileName().toString().endsWith(RuleException.FILE_SUFFIX)) {
            // any other .toml in a rule folder is read as a rule
            System.err.println("eql-fusion import-exceptions: --out must end in " + RuleException.FILE_SUFFIX + ": " + out);
            return 1;
        }
        if (allRules && !ruleIds.isEmpty()) {
            System.err.println("eql-fusion import-exceptions: --rule-id or --all-rules, not both");
            return 1;
        }
        if (!Files.isRegularFile(export)) {
            System.err.println("eql-fusion import-exceptions: no such file: " + export);
            return 1;
        }
        KibanaExceptionImport.Result result = KibanaExceptionImport.read(
                Files.readString(export, StandardCharsets.UTF_8), export.toString(), ruleIds, allRules);
        result.problems().forEach(System.err::println);
        result.passedOver().forEach(System.err::println);
        List<String> disabled = disabledRules ? result.disabledRuleIds() : List.of();
        if (result.exceptions().isEmpty() && disabled.isEmpty()) {
            System.err.println("eql-fusion import-exceptions: nothing to write: " + result.items() + " items in " + export
                    + ", none imported");
            return result.problems().isEmpty() ? 0 : 1;
        }
        String header = "Exceptions imported from Kibana's " + export.getFileName() + " on " + LocalDate.now(ZoneOffset.UTC)
                + " by eql-fusion import-exceptions.\nEach [[exception]] was an exception list item; where is its entries in EQL.";
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, ExceptionsFileWriter.write(result.exceptions(), disabled,
                "disabled in Kibana when " + export.getFileName() + " was exported", header), StandardCharsets.UTF_8);
        // what was written reads back and compiles: a conversion that did not would be ours to fix
        List<String> unreadable = RuleExceptions.read(List.of(out), out.toAbsolutePath().getParent(), null, java.util.Set.of()).errors();
        unreadable.forEach(System.err::println);
        System.err.printf("imported %d of %d items into %s%s%s%n", result.exceptions().size(), result.items(), out,
                result.passedOver().isEmpty() ? "" : " (" + result.passedOver().size() + " for rules of other types passed over)",
                disabled.isEmpty() ? "" : "; " + disabled.size() + " EQL rule" + (disabled.size() == 1 ? "" : "s") + " disabled as in Kibana");
        return result.problems().isEmpty() && unreadable.isEmpty() ? 0 : 1;
    }
}
