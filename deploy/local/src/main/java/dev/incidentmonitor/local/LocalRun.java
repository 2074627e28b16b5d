package dev.incidentmonitor.local;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code incident-monitor} command line of the local run.
 *
 * <p>One top-level command with subcommands ({@code up} now; {@code import}, {@code report}, {@code bench} and
 * {@code simulate} later) so that one launcher script and one jar serve every local task. Failures a person can
 * fix (a port in use, a data directory that is not writable, the registry not built) are printed as one line
 * and give exit code 1 through picocli's return code; only {@link #main(String[])} calls {@link System#exit}.
 */
@Command(
        name = "incident-monitor",
        mixinStandardHelpOptions = true,
        versionProvider = LocalRun.ManifestVersion.class,
        description = "Runs the incident monitor on this machine.",
        subcommands = {
            UpCommand.class,
            IngestCommand.class,
            StreamsCommand.class,
            ImportCommand.class,
            ReportCommand.class,
            SimulateCommand.class,
            BenchCommand.class
        })
public final class LocalRun implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Used by picocli. */
    public LocalRun() {}

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the command line, e.g. {@code up --kafka-port 9092}
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns its exit code, for tests and for {@link #main(String[])}.
     *
     * @param args the command line
     * @return 0 on success, 1 on a start-up failure, 2 on a usage error
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /* test */ static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LocalRun());
        commandLine.setExecutionExceptionHandler(LocalRun::reportFailure);
        return commandLine;
    }

    /** Without a subcommand there is nothing to do: show the usage as a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText("error: " + describe(failure)));
        err.flush();
        return 1;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getName() : message;
    }

    /** The version from the jar manifest, so it is never out of date with the build. */
    static final class ManifestVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LocalRun.class.getPackage().getImplementationVersion();
            return new String[] {
                "incident-monitor " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"
            };
        }
    }
}
