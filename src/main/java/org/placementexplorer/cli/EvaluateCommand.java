package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementJson;
import org.placementexplorer.io.json.ResultJson;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolverResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", description = "Evaluate a placement: objective, schedule, stages, bottleneck, memory.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ClusterOption cluster;

    @Option(names = "--placement", paramLabel = "P", required = true,
            description = "placement or result JSON (a 'solve --json' output works)")
    Path placement;

    @Option(names = "--objective", required = true, paramLabel = "latency|throughput",
            converter = ObjectiveConverter.class)
    Objective objective;

    @Option(names = "--json", description = "print the result JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoadedModel m = model.load();
        Problem p = cluster.problem(m);
        Placement pl = PlacementJson.read(placement.toString(), Json.read(placement), p);
        long t0 = System.nanoTime();
        Evaluation e;
        try {
            e = new Evaluator(p).evaluate(pl, objective);
        } catch (ModelException ex) {
            throw new InputException(placement.toString(), ex.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        BoundReport bounds = Bounds.quick(p, objective);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.pretty(ResultJson.ofEvaluate(p, e, bounds, seconds, m.file())));
        } else {
            Report.line(out, "graph", p.graph().name() + " on " + p.cluster().name());
            Report.line(out, "objective", Report.objectiveText(p, objective, e.objective()));
            Report.bound(out, p, bounds.best(), bounds.bestName(),
                    bounds.best() == null ? null : SolverResult.gap(e.objective(), bounds.best()));
            Report.evaluation(out, p, e);
        }
        return 0;
    }
}
