package org.placementexplorer.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TestProblems;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.local.LocalSearchSolver;

class LocalSearchTest {

    /**
     * A chain A → B → C → D, every operator 1 on either device, every transfer 5, devices that pay
     * for transfers. Alternating devices costs latency 4 + 3·5 = 19 and period max(2 + 5 + 5, …) =
     * 12 (d1 receives two tensors and sends one: 2 + 10 + 5 = 17); all on one device costs 4 for both.
     */
    @Test
    void repairsAKnownBadPlacement() {
        var g = TestProblems.graph(List.of(TestProblems.op("A", 1), TestProblems.op("B", 1), TestProblems.op("C", 1),
                TestProblems.op("D", 1)), "A>B", "B>C", "C>D");
        double[][] t = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};
        Problem p = TestProblems.problem(g, TestProblems.unlinked(TestProblems.device("d0", 1e9, false),
                TestProblems.device("d1", 1e9, false)), t, new double[] {5, 5, 5, 5});
        Placement bad = Placement.of(new int[] {0, 1, 0, 1});
        Evaluator ev = new Evaluator(p);
        assertEquals(19, ev.objective(bad, Objective.LATENCY));
        assertEquals(17, ev.objective(bad, Objective.THROUGHPUT));
        for (Objective o : Objective.values()) {
            SolveRequest req = SolveRequest.of(o, Duration.ofSeconds(10)).withWarmStart(bad);
            SolverResult r = new LocalSearchSolver().solve(p, req);
            assertEquals(4, r.best().objective(), o.name());
            assertTrue(r.incumbents().get(0).objective() > 4, "the start is the first incumbent");
        }
    }

    @Test
    void neverWorseThanItsStart() {
        Random rnd = new Random(17);
        for (int trial = 0; trial < 20; trial++) {
            Problem p = trial % 2 == 0 ? TestProblems.random(rnd, 8 + rnd.nextInt(20), 2 + rnd.nextInt(3), 0.2)
                    : TestProblems.randomRouted(rnd, 10 + rnd.nextInt(20), "dgx-8gpu", 0.2);
            int[] dev = new int[p.operators()];
            for (int v = 0; v < dev.length; v++) {
                dev[v] = rnd.nextInt(p.deviceCount());
            }
            for (Objective o : Objective.values()) {
                double start = new Evaluator(p).objective(Placement.of(dev), o);
                SolveRequest req = new SolveRequest(o, Duration.ofSeconds(10), trial, Map.of(), Placement.of(dev),
                        Map.of("iterations", "5"));
                SolverResult r = new LocalSearchSolver().solve(p, req);
                assertTrue(r.best().objective() <= start, o + ": " + r.best().objective() + " > " + start);
            }
        }
    }
}
