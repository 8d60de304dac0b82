package org.placementexplorer.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.BruteForce;
import org.placementexplorer.RandomProblems;
import org.placementexplorer.TestProblems;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.SolverResult;

/** Every bound is at most every feasible objective: enumerated optima, and every solver's results. */
class BoundValidityTest {

    @Test
    void everyBoundIsBelowTheEnumeratedOptimum() {
        Random rnd = new Random(77);
        int compared = 0;
        for (int trial = 0; trial < 40; trial++) {
            RandomProblems.Kind kind = RandomProblems.Kind.values()[trial % 4];
            Objective o = trial % 2 == 0 ? Objective.THROUGHPUT : Objective.LATENCY;
            int n = o == Objective.THROUGHPUT ? 3 + rnd.nextInt(6) : 3 + rnd.nextInt(4);
            Problem p = RandomProblems.of(rnd, n, 2 + rnd.nextInt(2), kind);
            double opt = o == Objective.THROUGHPUT ? BruteForce.throughput(p, Map.of(), false).value()
                    : BruteForce.latency(p, Map.of()).value();
            if (Double.isInfinite(opt)) {
                continue;
            }
            BoundReport r = Bounds.compute(p, o, Bounds.all(), 2);
            for (var e : r.values().entrySet()) {
                assertTrue(e.getValue() <= opt * (1 + 1e-9) + 1e-12, o + " " + kind + " trial " + trial + ": "
                        + e.getKey() + " = " + e.getValue() + " > optimum " + opt);
            }
            compared++;
        }
        assertTrue(compared >= 20, "compared " + compared);
    }

    /** A single device: the heterogeneous-work LP is exact (the sum of the times), not a hair above. */
    @Test
    void heterogeneousWorkIsExactOnOneDevice() {
        OpGraph g = TestProblems.graph(java.util.List.of(TestProblems.op("a", 1), TestProblems.op("b", 1),
                TestProblems.op("c", 1)), "a>b", "a>c");
        Cluster c = TestProblems.unlinked(TestProblems.device("d", Double.POSITIVE_INFINITY, false));
        Problem p = TestProblems.problem(g, c, new double[][] {{0.1}, {0.2}, {0.3}}, new double[] {1, 1, 1});
        double v = new HeterogeneousWorkBound().compute(p, Objective.THROUGHPUT).orElseThrow();
        assertTrue(v <= 0.6 && v > 0.6 * (1 - 1e-8), "" + v);
    }

    /** On a slow CPU beside a fast GPU the LP sees what total-work cannot: 10 units at speeds 1 and 4. */
    @Test
    void heterogeneousWorkWeighsSpeeds() {
        java.util.List<org.placementexplorer.model.Operator> ops = new java.util.ArrayList<>();
        double[][] times = new double[10][];
        for (int i = 0; i < 10; i++) {
            ops.add(TestProblems.op("o" + i, 0));
            times[i] = new double[] {4, 1};
        }
        OpGraph g = TestProblems.graph(ops);
        Cluster c = TestProblems.unlinked(TestProblems.device("cpu", Double.POSITIVE_INFINITY, true),
                TestProblems.device("gpu", Double.POSITIVE_INFINITY, true));
        Problem p = TestProblems.problem(g, c, times, new double[10]);
        // total-work: Σ fastest / 2 = 5; LP: x on the CPU at speed 1/4: 4x = 10 - x → x = 2, P = 8
        assertEquals(5, new TotalWorkBound().compute(p, Objective.THROUGHPUT).orElseThrow(), 1e-12);
        assertEquals(8, new HeterogeneousWorkBound().compute(p, Objective.THROUGHPUT).orElseThrow(), 1e-6);
        // the true optimum is 8 too (2 on the CPU, 8 on the GPU); the block MIP finds it
        assertEquals(8, new BottleneckBlockBound().compute(p, Objective.THROUGHPUT, 5).orElseThrow(), 1e-6);
    }

    /** The bundled sample on every sample cluster: every bound below every solver's objective. */
    @Test
    void boundsStayBelowEverySolverOnTheSampleGraph() {
        Path graph = Path.of("sample-graphs/tiny-resnet.json");
        for (String cluster : Samples.CLUSTERS) {
            Problem p = ProblemLoader.problem(ModelLoader.load(graph), cluster, null);
            for (Objective o : Objective.values()) {
                BoundReport b = Bounds.compute(p, o, Bounds.all(), 0.5);
                for (Solver s : SolverRegistry.all()) {
                    if (!s.supports(o)) {
                        continue;
                    }
                    SolverResult r = s.solve(p, SolveRequest.of(o, Duration.ofSeconds(1)));
                    if (r.best() == null || !r.best().feasible()) {
                        continue;
                    }
                    for (var e : b.values().entrySet()) {
                        assertTrue(e.getValue() <= r.best().objective() * (1 + 1e-9), cluster + " " + o + ": "
                                + e.getKey() + " = " + e.getValue() + " > " + s.name() + "'s " + r.best().objective());
                    }
                    assertTrue(r.lowerBound() <= r.best().objective() * (1 + 1e-9), s.name());
                }
            }
        }
    }

    /**
     * On two identical servers a heuristic may run its placement as two data-parallel copies, whose
     * period is half one copy's: every bound must stay below it. Regression: largest-operator,
     * heterogeneous-work and the MILP's bound were above such a placement (deepa on 2x4gpu).
     */
    @Test
    void boundsHoldForDataParallelCopies() throws Exception {
        Problem p = ProblemLoader.problem(ModelLoader.load(Path.of("sample-graphs", "hello-deepa-wakeword.onnx")),
                Samples.cluster("2x4gpu"));
        assertEquals(2, Bounds.maxCopies(p));
        SolverResult ls = SolverRegistry.byName("local-search").orElseThrow().solve(p, new SolveRequest(
                Objective.THROUGHPUT, Duration.ofSeconds(20), 1, Map.of(), null, Map.of("iterations", "20")));
        assertTrue(ls.best().placement().replicas() > 1, "two copies beat one here: " + ls.notes());
        double v = ls.best().objective();
        org.placementexplorer.bound.BoundReport all = Bounds.compute(p, Objective.THROUGHPUT, Bounds.all());
        for (var e : all.values().entrySet()) {
            assertTrue(e.getValue() <= v * (1 + 1e-9), e.getKey() + " " + e.getValue() + " above two copies' " + v);
        }
        assertTrue(ls.lowerBound() <= v * (1 + 1e-9));
        SolverResult milp = SolverRegistry.byName("milp").orElseThrow().solve(p, new SolveRequest(
                Objective.THROUGHPUT, Duration.ofSeconds(20), 1, Map.of(), null, Map.of()));
        assertTrue(milp.lowerBound() <= v * (1 + 1e-9), "milp's bound " + milp.lowerBound() + " above " + v);
        if (milp.status() == org.placementexplorer.solve.Status.OPTIMAL) {
            assertTrue(milp.optimalAmong() != null && milp.optimalAmong().contains("without data-parallel copies"),
                    "the MILP places one copy: " + milp.optimalAmong());
        }
    }
}
