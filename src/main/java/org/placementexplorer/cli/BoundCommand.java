package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.ResultJson;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.util.Fmt;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bound", description = "Print every lower bound on the objective and the best of them.")
final class BoundCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ClusterOption cluster;

    @Option(names = "--objective", required = true, paramLabel = "latency|throughput",
            converter = ObjectiveConverter.class)
    Objective objective;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "10",
            description = "budget of each bound that runs a solver (default ${DEFAULT-VALUE} s; at the budget such "
                    + "a bound reports what it has proven so far, which is still a bound)")
    double budget;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoadedModel m = model.load();
        Problem p = cluster.problem(m);
        if (!(budget > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--time-limit must be positive");
        }
        BoundReport r = Bounds.compute(p, objective, Bounds.all(), budget);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.pretty(ResultJson.ofBounds(p, objective.jsonName(), r, m.file())));
        } else {
            Report.line(out, "graph", p.graph().name() + " on " + p.cluster().name() + "  (" + objective.jsonName()
                    + ")");
            for (Map.Entry<String, Double> e : r.values().entrySet()) {
                Report.line(out, e.getKey(), Fmt.time(e.getValue(), p.units()));
            }
            int copies = objective == org.placementexplorer.model.Objective.THROUGHPUT
                    ? org.placementexplorer.bound.Bounds.maxCopies(p) : 1;
            if (copies > 1) {
                Report.line(out, "note", copies + " identical servers can run data-parallel copies: the bounds on one "
                        + "device's time per sample are divided by " + copies);
            }
            Report.line(out, "best", r.best() == null ? "none" : Fmt.time(r.best(), p.units()) + "  ("
                    + r.bestName() + ")");
        }
        return 0;
    }
}
