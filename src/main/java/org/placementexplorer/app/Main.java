package org.placementexplorer.app;

import org.placementexplorer.cli.Cli;

/**
 * Entry point of the jar. With no argument, or with one argument that is a file rather than a
 * command, it opens the GUI; otherwise it runs the command line. (This class must not extend
 * JavaFX's Application, or a plain {@code java -jar} refuses to start.)
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (opensGui(args)) {
            int code = GuiLauncher.launch(args);
            if (code != 0) {
                System.exit(code);
            }
        } else {
            System.exit(Cli.run(args));
        }
    }

    /** True for no arguments, or a single argument that is neither a command nor an option. */
    static boolean opensGui(String[] args) {
        if (args.length == 0) {
            return true;
        }
        return args.length == 1 && !args[0].startsWith("-") && !Cli.COMMANDS.contains(args[0]);
    }
}
