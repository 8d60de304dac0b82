package org.placementexplorer.solve.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.BruteForce;
import org.placementexplorer.RandomProblems;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.Status;

/**
 * milp against exhaustive enumeration on random problems of up to 9 operators and 3 devices, on
 * every pricing (per-tensor per destination, once per tensor, routed over links, matrix), with
 * memory limits, colocation, unsupported pairs, pins and interchangeable devices; latency
 * enumeration ranges over per-device orders too. Also: the result's bound is below the optimum, and
 * the evaluator reproduces the reported objective from the returned placement (with its order).
 */
class MilpExactTest {
    static final double TOL = 1e-7;

    @Test
    void throughputEqualsEnumeration() {
        run(Objective.THROUGHPUT, false, 101, 16);
    }

    @Test
    void contiguousThroughputEqualsEnumerationOverContiguousPlacements() {
        run(Objective.THROUGHPUT, true, 202, 12);
    }

    @Test
    void latencyEqualsEnumerationOverPlacementsAndOrders() {
        run(Objective.LATENCY, false, 303, 16);
    }

    private void run(Objective objective, boolean contiguous, long seed, int trials) {
        Random rnd = new Random(seed);
        int optimal = 0;
        for (int trial = 0; trial < trials; trial++) {
            RandomProblems.Kind kind = RandomProblems.Kind.values()[trial % 4];
            int n = trial < trials / 2 ? 4 + rnd.nextInt(3) : 7 + rnd.nextInt(3);
            int nd = 2 + rnd.nextInt(2);
            Problem p = RandomProblems.of(rnd, n, nd, kind);
            Map<Integer, Integer> pins = new HashMap<>();
            if (rnd.nextInt(4) == 0) {
                int v = rnd.nextInt(n);
                int d = rnd.nextInt(nd);
                if (p.canRun(v, d)) {
                    pins.put(v, d);
                }
            }
            String what = objective.jsonName() + (contiguous ? " contiguous" : "") + " trial " + trial + " " + kind
                    + " n=" + n + " devices=" + nd + " pins=" + pins;
            SolveRequest req = new SolveRequest(objective, Duration.ofSeconds(30), 1, pins, null,
                    contiguous ? Map.of("contiguous", "true") : Map.of());
            SolverResult r = new MilpSolver().solve(p, req);
            // latency: the enumeration looks for anything strictly better than milp's answer (and
            // must find nothing); it would find the true optimum if milp's answer were too high
            BruteForce.Best bf = objective == Objective.LATENCY
                    ? BruteForce.latency(p, pins, r.best() == null || !r.best().feasible() ? Double.POSITIVE_INFINITY
                            : r.best().objective())
                    : BruteForce.throughput(p, pins, contiguous);
            if (Double.isInfinite(bf.value())) {
                assertTrue(r.best() == null || !r.best().feasible(), what + ": enumeration found nothing feasible");
                assertEquals(Status.INFEASIBLE, r.status(), what);
                continue;
            }
            assertEquals(Status.OPTIMAL, r.status(), what + " " + r.notes());
            assertNotNull(r.best(), what);
            assertEquals(bf.value(), r.best().objective(), TOL * (1 + bf.value()), what + " " + r.notes());
            // the evaluator reproduces the objective from the placement (and its order)
            Evaluator ev = new Evaluator(p);
            assertEquals(r.best().objective(), ev.evaluate(r.best().placement(), objective).objective(), 0.0, what);
            assertTrue(r.best().feasible(), what);
            if (contiguous) {
                assertTrue(BruteForce.acyclicQuotient(p, r.best().placement().devices()), what);
            }
            for (var pin : pins.entrySet()) {
                assertEquals(pin.getValue(), r.best().placement().deviceOf(pin.getKey()), what);
            }
            // the result's bound is at most the optimum (BoundValidityTest checks every bound)
            assertTrue(r.lowerBound() <= bf.value() * (1 + TOL) + TOL, what + " bound " + r.lowerBound());
            optimal++;
        }
        assertTrue(optimal >= trials / 2, "only " + optimal + " feasible trials");
    }
}
