package org.placementexplorer.solve.milp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.time.Duration;

import org.placementexplorer.TarnawskiStyle;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * Times the MILP backends on the same models (docs/benchmarks.md, "MILP backends"). Not a unit
 * test: run by hand, e.g.
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.placementexplorer.solve.milp.MilpBackendBenchmark 60 scip,cbc,highs,cp-sat,ojalgo}
 */
public final class MilpBackendBenchmark {
    private MilpBackendBenchmark() {
    }

    record Case(String name, Problem problem, Objective objective, boolean contiguous) {
    }

    public static void main(String[] args) throws Exception {
        double limit = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        String[] backends = (args.length > 1 ? args[1] : "scip,cbc,highs,cp-sat,ojalgo").split(",");
        String filter = args.length > 2 ? args[2] : "";
        List<Case> cases = new ArrayList<>();
        Path tiny = Path.of("sample-graphs/tiny-resnet.json");
        for (String c : List.of("cpu-2gpu", "edge-cpu-npu", "dgx-8gpu")) {
            Problem p = ProblemLoader.problem(ModelLoader.load(tiny), c, null);
            cases.add(new Case("tiny-resnet/" + c + "/throughput", p, Objective.THROUGHPUT, false));
            cases.add(new Case("tiny-resnet/" + c + "/throughput/contiguous", p, Objective.THROUGHPUT, true));
            cases.add(new Case("tiny-resnet/" + c + "/latency", p, Objective.LATENCY, false));
        }
        Path shared = TarnawskiStyle.sharedDir().resolve("instances/tarnawski");
        Path lat = shared.resolve("latency-inputs_LayerGraphs_bert24_inference.json");
        Path thr = shared.resolve("throughput-inputs_LayerGraphs_bert24_inference.json");
        if (Files.exists(lat)) {
            Problem pl = tarnawski(lat);
            Problem pt = tarnawski(thr);
            cases.add(new Case("bert24/throughput", pt, Objective.THROUGHPUT, false));
            cases.add(new Case("bert24/throughput/contiguous", pt, Objective.THROUGHPUT, true));
            cases.add(new Case("bert24/latency", pl, Objective.LATENCY, false));
        }
        System.out.printf(Locale.ROOT, "%-42s %-7s %-10s %8s %12s %12s  %s%n", "case", "backend", "status",
                "seconds", "objective", "bound", "model / notes");
        for (Case c : cases) {
            if (!c.name().contains(filter)) {
                continue;
            }
            for (String b : backends) {
                SolveRequest req = new SolveRequest(c.objective(), Duration.ofMillis((long) (limit * 1000)), 1,
                        Map.of(), null, Map.of("backend", b, "contiguous", Boolean.toString(c.contiguous())));
                SolverResult r = new MilpSolver().solve(c.problem(), req);
                String notes = String.join(" | ", r.notes());
                System.out.printf(Locale.ROOT, "%-42s %-7s %-10s %8.2f %12.6g %12.6g  %s%n", c.name(), b,
                        r.status(), r.seconds(), r.best() == null ? Double.NaN : r.best().objective(),
                        r.lowerBound() == null ? Double.NaN : r.lowerBound(), notes);
            }
        }
        System.exit(0);
    }

    /** The instance through the importer once it is in the build, else the test-only reader. */
    static Problem tarnawski(Path file) throws java.io.IOException {
        try {
            var m = ModelLoader.load(file);
            if (m.carriesDevices()) {
                return m.ownProblem();
            }
        } catch (org.placementexplorer.io.InputException e) {
            // no importer for this format yet
        }
        return TarnawskiStyle.read(file);
    }

    static Placement bestSingle(Problem p, Evaluator ev, Objective o) {
        Placement best = null;
        double bv = Double.POSITIVE_INFINITY;
        for (int d = 0; d < p.deviceCount(); d++) {
            Placement pl = Placement.allOn(p.operators(), d);
            var e = ev.evaluate(pl, o);
            if (e.feasible() && e.objective() < bv) {
                bv = e.objective();
                best = pl;
            }
        }
        return best;
    }
}
