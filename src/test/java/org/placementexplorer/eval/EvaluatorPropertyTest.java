package org.placementexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TestProblems;
import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/** Properties over random small problems, checked on every placement. */
class EvaluatorPropertyTest {

    @Test
    void reEvaluatingTheDerivedOrderGivesTheSameSchedule() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            Problem p = TestProblems.random(rnd, 2 + rnd.nextInt(12), 1 + rnd.nextInt(3), 0.3);
            int[] dev = new int[p.operators()];
            for (int v = 0; v < dev.length; v++) {
                dev[v] = rnd.nextInt(p.deviceCount());
            }
            Evaluator ev = new Evaluator(p);
            Evaluation first = ev.evaluate(Placement.of(dev), Objective.LATENCY);
            Evaluation again = ev.evaluate(first.placement(), Objective.LATENCY);
            assertEquals(first.objective(), again.objective());
            assertArrayEquals(first.schedule().start(), again.schedule().start());
        }
    }

    @Test
    void scheduleRespectsDependenciesTransfersAndOneOperatorAtATime() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            Problem p = TestProblems.random(rnd, 2 + rnd.nextInt(12), 1 + rnd.nextInt(3), 0.35);
            int[] dev = new int[p.operators()];
            for (int v = 0; v < dev.length; v++) {
                dev[v] = rnd.nextInt(p.deviceCount());
            }
            Schedule s = new Evaluator(p).schedule(Placement.of(dev));
            var g = p.graph();
            for (var e : g.edges()) {
                double lag = dev[e.from()] == dev[e.to()] ? 0
                        : p.transferTime(g.tensorOfEdge(g.edges().indexOf(e)), dev[e.from()], dev[e.to()]);
                assertTrue(s.start()[e.to()] >= s.end()[e.from()] + lag - 1e-12);
            }
            for (int[] seq : s.order()) {
                for (int i = 1; i < seq.length; i++) {
                    assertTrue(s.start()[seq[i]] >= s.end()[seq[i - 1]]);
                }
            }
        }
    }

    @Test
    void quickBoundsNeverExceedAnyPlacementsObjective() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 60; trial++) {
            int n = 2 + rnd.nextInt(6);
            int nd = 1 + rnd.nextInt(3);
            Problem p = TestProblems.random(rnd, n, nd, 0.4);
            Evaluator ev = new Evaluator(p);
            for (Objective o : Objective.values()) {
                BoundReport b = Bounds.quick(p, o);
                int[] dev = new int[n];
                int total = (int) Math.pow(nd, n);
                for (int code = 0; code < total; code++) {
                    int c = code;
                    for (int v = 0; v < n; v++) {
                        dev[v] = c % nd;
                        c /= nd;
                    }
                    double obj = ev.objective(Placement.of(dev), o);
                    for (var e : b.values().entrySet()) {
                        assertTrue(e.getValue() <= obj + 1e-12, e.getKey() + " " + e.getValue() + " > " + obj);
                    }
                }
            }
        }
    }
}
