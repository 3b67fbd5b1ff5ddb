package org.eqlfusion.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar eql-fusion.jar <command>}: the command-line entry point. */
@Command(name = "eql-fusion", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Elastic EQL detection rules on Drools CEP, in real time.",
        subcommands = {ReplayCommand.class, CompileCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"eql-fusion " + (v == null ? "(development build)" : v)};
        }
    }
}
