package org.placementexplorer.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * Every heuristic on every shared ONNX model (each on one sample cluster and objective in turn, to
 * keep the suite fast; the bench runs the full cross product): a feasible placement within the time
 * limit whose objective the evaluator reproduces.
 */
class SharedModelsHeuristicsTest {
    static final Map<String, Map<String, String>> RUNS = Map.of("round-robin-topological", Map.of(), "heft",
            Map.of(), "local-search", Map.of("iterations", "3"), "slicegraph", Map.of("generations", "2",
                    "population", "8"));

    @Test
    void everyHeuristicPlacesEverySharedModel() throws IOException {
        Path dir = Path.of(System.getProperty("shared.dir", "../shared"), "onnx");
        Assumptions.assumeTrue(Files.isDirectory(dir), "the shared ONNX models are not here (" + dir + ")");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
        int k = 0;
        for (Path f : files) {
            LoadedModel m = ModelLoader.load(f);
            String cluster = Samples.CLUSTERS.get(k % Samples.CLUSTERS.size());
            Objective o = Objective.values()[(k / Samples.CLUSTERS.size() + k) % 2];
            k++;
            Problem p = ProblemLoader.problem(m, Samples.cluster(cluster));
            for (var run : RUNS.entrySet()) {
                double limit = 20;
                SolverResult r = SolverRegistry.byName(run.getKey()).orElseThrow().solve(p,
                        new SolveRequest(o, Duration.ofSeconds((long) limit), 1, Map.of(), null, run.getValue()));
                String what = run.getKey() + " on " + f.getFileName() + " / " + cluster + " / " + o;
                assertTrue(r.best() != null && r.best().feasible(), what + ": " + r.status() + " " + r.notes());
                assertTrue(r.seconds() <= limit + 1, what + " took " + r.seconds() + " s");
                assertEquals(r.best().objective(), new Evaluator(p).objective(r.best().placement(), o), what);
            }
        }
    }
}
