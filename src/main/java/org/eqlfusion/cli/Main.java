package org.eqlfusion.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import org.eqlfusion.engine.RuleSetException;
import org.kie.api.conf.BetaRangeIndexOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar eql-fusion.jar <command>}: the command-line entry point. */
@Command(name = "eql-fusion", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Elastic EQL detection rules on Drools CEP, in real time.",
        subcommands = {ServeCommand.class, ValidateCommand.class, PreviewCommand.class, HuntCommand.class, TestCommand.class, LoadCommand.class, ReplayCommand.class, CompileCommand.class, ImportExceptionsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        // one line per log record, key=value messages: what log shippers parse
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ level=%4$s logger=%3$s %5$s%6$s%n");
        }
        // every KieBase of this process keeps "<" joins ordered (expiry visits only what expired),
        // a KJAR built elsewhere without META-INF/kie.properties.conf included
        if (System.getProperty(BetaRangeIndexOption.PROPERTY_NAME) == null) {
            System.setProperty(BetaRangeIndexOption.PROPERTY_NAME, "true");
        }
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::userError).execute(args);
    }

    /**
     * A command that fails on what the user gave it (a path, a URL, a server that is not there)
     * says so in one line and exits 1; anything else is a bug, and keeps its stack trace.
     */
    private static int userError(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String what;
        if (cause instanceof ConnectException) {
            what = "cannot connect: nothing answers there (is the server running, at that address?)";
        } else if (cause instanceof NoSuchFileException missing) {
            what = "no such file or folder: " + missing.getFile();
        } else if (cause instanceof IOException || cause instanceof IllegalArgumentException || cause instanceof RuleSetException) {
            what = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        } else {
            throw e;
        }
        command.getErr().println("eql-fusion " + command.getCommandName() + ": " + what);
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"eql-fusion " + (v == null ? "(development build)" : v)};
        }
    }
}
