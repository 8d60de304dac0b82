package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.util.Set;

import org.placementexplorer.app.Version;
import org.placementexplorer.io.InputException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line interface. Exit codes: 0 success; 2 bad input (one line on stderr naming the file
 * and the problem, or the bad option); 1 internal error.
 */
@Command(name = "placement-explorer", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Explore placements of operator graphs on devices. Without a command, opens the GUI.",
        subcommands = {InfoCommand.class, EvaluateCommand.class, SolveCommand.class, BoundCommand.class,
                SolversCommand.class, ExportCommand.class, BenchImportCommand.class, BenchCommand.class})
public final class Cli implements Runnable {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int BAD_INPUT = 2;

    /** The sub-command names (the launcher uses them to choose between CLI and GUI). */
    public static final Set<String> COMMANDS = Set.of("info", "evaluate", "solve", "bound", "solvers", "bench-import", "bench", "export",
            "help");

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI on the process's streams. */
    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs the CLI; the streams are flushed before returning. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InputException ie) {
                commandLine.getErr().println("error: " + ie.getMessage());
                return BAD_INPUT;
            }
            if (ex instanceof CommandLine.ParameterException pe) {
                commandLine.getErr().println("error: " + pe.getMessage());
                return BAD_INPUT;
            }
            commandLine.getErr().println("internal error: " + ex + (debug() ? "" : "  (set PLACEMENT_EXPLORER_DEBUG=1 "
                    + "for details)"));
            if (debug()) {
                ex.printStackTrace(commandLine.getErr());
            }
            return INTERNAL_ERROR;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage() + "  (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return BAD_INPUT;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static boolean debug() {
        return System.getenv("PLACEMENT_EXPLORER_DEBUG") != null;
    }

    /** Version for --version. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Placement Explorer " + Version.get()};
        }
    }
}
