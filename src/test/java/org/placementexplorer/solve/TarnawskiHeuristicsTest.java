package org.placementexplorer.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * The heuristics on the Tarnawski instances shipped in sample-graphs, against {@code dp}'s proven
 * pipeline optimum: the best heuristic is within 5 % of it (or below: heuristics may place
 * non-contiguously), and slicegraph, which only makes pipelines on inference graphs, never beats it
 * there.
 */
class TarnawskiHeuristicsTest {
    @ParameterizedTest
    @ValueSource(strings = {"throughput-inputs_LayerGraphs_bert24_inference.json",
        "throughput-inputs_LayerGraphs_bert24_training.json", "throughput-inputs_LayerGraphs_gnmt_inference.json",
        "throughput-inputs_LayerGraphs_resnet50_inference.json",
        "throughput-inputs_OperatorGraphs_bert_l-3_inference.json"})
    void bestHeuristicIsWithinFivePercentOfThePipelineOptimum(String file) {
        var m = ModelLoader.load(Path.of("sample-graphs", file));
        Problem p = ProblemLoader.problem(m, (String) null, org.placementexplorer.cost.MeasuredCosts.NONE);
        Objective o = Objective.THROUGHPUT;
        Solver exact = SolverRegistry.byName("dp").orElseThrow();
        SolverResult dp = exact.solve(p, SolveRequest.of(o, Duration.ofSeconds(60)));
        assertEquals(Status.OPTIMAL, dp.status());
        double optimum = dp.best().objective();
        double best = Double.POSITIVE_INFINITY;
        for (var run : Map.of("heft", Map.<String, String>of(), "local-search", Map.of("iterations", "200"),
                "slicegraph", Map.of("generations", "15")).entrySet()) {
            SolverResult r = SolverRegistry.byName(run.getKey()).orElseThrow().solve(p,
                    new SolveRequest(o, Duration.ofSeconds(60), 1, Map.of(), null, run.getValue()));
            assertTrue(r.best().feasible());
            assertEquals(r.best().objective(), new Evaluator(p).objective(r.best().placement(), o));
            if (run.getKey().equals("slicegraph") && !file.contains("training")) {
                assertTrue(r.best().objective() >= optimum * (1 - 1e-9), "a pipeline below the pipeline optimum");
            }
            best = Math.min(best, r.best().objective());
        }
        assertTrue(best <= 1.05 * optimum, file + ": best heuristic " + best + " vs optimum " + optimum);
    }
}
