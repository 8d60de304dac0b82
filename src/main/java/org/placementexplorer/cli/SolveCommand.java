package org.placementexplorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.ResultJson;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverListener;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.util.Fmt;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "solve", description = "Run a placement solver and print its best placement, bound and gap.")
final class SolveCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ClusterOption cluster;

    @Option(names = "--objective", required = true, paramLabel = "latency|throughput",
            converter = ObjectiveConverter.class)
    Objective objective;

    @Option(names = "--solver", required = true, paramLabel = "NAME", description = "see 'placement-explorer solvers'")
    String solverName;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "wall-clock limit (default ${DEFAULT-VALUE} s)")
    double timeLimit;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed for randomised solvers")
    long seed;

    @Option(names = "--out", paramLabel = "P", description = "also write the result JSON to this file")
    Path out;

    @Option(names = "--json", description = "print the result JSON")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "log each incumbent and bound on stderr")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Solver solver = SolverRegistry.byName(solverName).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "unknown solver '" + solverName + "' (known: "
                        + String.join(", ", SolverRegistry.names()) + ")"));
        if (!(timeLimit > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--time-limit must be positive");
        }
        if (!solver.supports(objective)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "solver '" + solverName
                    + "' does not support the " + objective.jsonName() + " objective");
        }
        LoadedModel m = model.load();
        Problem p = cluster.problem(m);
        PrintWriter err = spec.commandLine().getErr();
        SolverListener listener = !verbose ? SolverListener.NONE : new SolverListener() {
            @Override
            public void onIncumbent(Placement placement, double value, double seconds) {
                err.printf(Locale.ROOT, "[%8.3f s] incumbent %s%n", seconds, Fmt.time(value, p.units()));
                err.flush();
            }

            @Override
            public void onBound(double bound, String name, double seconds) {
                err.printf(Locale.ROOT, "[%8.3f s] bound     %s (%s)%n", seconds, Fmt.time(bound, p.units()), name);
                err.flush();
            }

            @Override
            public void onMessage(String message) {
                err.println(message);
                err.flush();
            }
        };
        SolveRequest req = new SolveRequest(objective, Duration.ofNanos((long) (timeLimit * 1e9)), seed, null, null,
                null);
        SolverResult r = solver.start(p, req, listener).await();
        ObjectNode result = ResultJson.ofSolve(p, r, m.file());
        if (out != null) {
            try {
                Json.write(out, result);
            } catch (IOException e) {
                throw new InputException(out.toString(), "cannot be written (" + e.getMessage() + ")");
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.print(Json.pretty(result));
        } else {
            Report.line(o, "graph", p.graph().name() + " on " + p.cluster().name());
            Report.line(o, "solver", r.solver());
            Report.line(o, "status", r.status().name() + (r.status() == org.placementexplorer.solve.Status.OPTIMAL
                    && r.optimalAmong() != null ? "  (optimal among " + r.optimalAmong() + ")" : ""));
            if (r.best() != null) {
                Report.line(o, "objective", Report.objectiveText(p, objective, r.best().objective()));
            } else {
                Report.line(o, "objective", "none (no placement found)");
            }
            Report.bound(o, p, r.lowerBound(), r.boundName(), r.gap());
            Report.line(o, "time", String.format(Locale.ROOT, "%.3f s", r.seconds()));
            for (String n : r.notes()) {
                Report.line(o, "note", n);
            }
            if (r.best() != null) {
                Report.evaluation(o, p, r.best());
            }
            if (out != null) {
                Report.line(o, "written", out.toString());
            }
        }
        return 0;
    }
}
