package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverRegistry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "solvers", description = "List the solvers, one line each.")
final class SolversCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Solver s : SolverRegistry.all()) {
            out.printf(Locale.ROOT, "%-16s %s%n", s.name(), s.description());
        }
        return 0;
    }
}
