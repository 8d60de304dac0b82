package org.placementexplorer.mip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.RandomProblems;
import org.placementexplorer.BruteForce;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * The MILPs are exact models of the evaluator: for random placements (no solver involved), the
 * model point built from a placement satisfies every row, and its period / makespan variable equals
 * the evaluator's value. This checks the load, transfer, link, memory, big-M and cut rows against
 * the one evaluator on every pricing.
 */
class FormulationExactnessTest {

    @Test
    void throughputModelValueIsTheEvaluatorsPeriod() {
        Random rnd = new Random(11);
        int checked = 0;
        for (int trial = 0; trial < 60; trial++) {
            RandomProblems.Kind kind = RandomProblems.Kind.values()[trial % 4];
            Problem p = RandomProblems.of(rnd, 3 + rnd.nextInt(6), 2 + rnd.nextInt(3), kind);
            Evaluator ev = new Evaluator(p);
            boolean contiguous = trial % 3 == 0;
            for (int k = 0; k < 10; k++) {
                Placement pl = randomPlacement(rnd, p);
                Evaluation e = ev.evaluate(pl, Objective.THROUGHPUT);
                if (!e.feasible() || (contiguous && !BruteForce.acyclicQuotient(p, pl.devices()))) {
                    continue;
                }
                ThroughputFormulation f = ThroughputFormulation.build(p,
                        new ThroughputFormulation.Options(contiguous, Map.of(), true, e.objective() * 1.5 + 1));
                double[] x = f.hint(pl);
                assertNotNull(x, "a feasible placement must be a model point: " + kind);
                assertTrue(f.model().maxViolation(x) < 1e-7, kind + ": " + f.model().worstRow(x));
                assertEquals(e.objective(), f.toTime(x[f.periodVariable()]), 1e-9 * (1 + e.objective()),
                        kind + " " + pl);
                checked++;
            }
        }
        assertTrue(checked > 150, "checked " + checked);
    }

    @Test
    void latencyModelAdmitsEverySchedule() {
        Random rnd = new Random(12);
        int checked = 0;
        for (int trial = 0; trial < 60; trial++) {
            RandomProblems.Kind kind = RandomProblems.Kind.values()[trial % 4];
            Problem p = RandomProblems.of(rnd, 3 + rnd.nextInt(6), 2 + rnd.nextInt(3), kind);
            Evaluator ev = new Evaluator(p);
            for (int k = 0; k < 10; k++) {
                Placement pl = randomPlacement(rnd, p);
                Evaluation e = ev.evaluate(pl, Objective.LATENCY);
                if (!e.feasible()) {
                    continue;
                }
                // horizon: this makespan (the tightest the solver would use), or the data bound
                double h = k % 2 == 0 ? e.objective() : Double.POSITIVE_INFINITY;
                LatencyFormulation f = LatencyFormulation.build(p, new LatencyFormulation.Options(Map.of(), true, h));
                double[] x = f.hint(e.placement(), ev);
                assertNotNull(x, kind + " " + pl);
                assertTrue(f.model().maxViolation(x) < 1e-7, kind + ": " + f.model().worstRow(x));
                assertEquals(e.objective(), f.toTime(x[f.makespanVariable()]), 1e-9 * (1 + e.objective()));
                // and the decoded placement reproduces the order
                Placement back = f.decode(x);
                assertEquals(e.objective(), ev.objective(back, Objective.LATENCY), 1e-9 * (1 + e.objective()));
                checked++;
            }
        }
        assertTrue(checked > 150, "checked " + checked);
    }

    /** Solved by the backend: the MILP's own optimum equals the evaluator's value of its placement. */
    @Test
    void solvedModelObjectiveIsTheEvaluatorsValue() {
        Random rnd = new Random(13);
        int solved = 0;
        for (int trial = 0; trial < 24; trial++) {
            RandomProblems.Kind kind = RandomProblems.Kind.values()[trial % 4];
            Problem p = RandomProblems.of(rnd, 3 + rnd.nextInt(5), 2 + rnd.nextInt(2), kind);
            if (Groups.of(p, Map.of()).anyUnplaceable()) {
                continue;
            }
            Evaluator ev = new Evaluator(p);
            Objective o = trial % 2 == 0 ? Objective.THROUGHPUT : Objective.LATENCY;
            MipModel m;
            java.util.function.Function<double[], Placement> decode;
            double scale;
            if (o == Objective.THROUGHPUT) {
                ThroughputFormulation f = ThroughputFormulation.build(p, new ThroughputFormulation.Options(trial % 3 == 0,
                        Map.of(), true, Double.POSITIVE_INFINITY));
                m = f.model();
                decode = f::decode;
                scale = f.scale();
            } else {
                LatencyFormulation f = LatencyFormulation.build(p, LatencyFormulation.Options.defaults());
                m = f.model();
                decode = f::decode;
                scale = f.scale();
            }
            MipResult r = MipBackends.defaultMip().solve(m, MipParams.of(20));
            if (r.status() == MipResult.Status.INFEASIBLE) {
                continue;
            }
            assertEquals(MipResult.Status.OPTIMAL, r.status(), kind + " " + o);
            double mip = r.objective() * scale;
            double eval = ev.objective(decode.apply(r.values()), o);
            assertEquals(mip, eval, 1e-6 * Math.max(mip, 1e-9), kind + " " + o + ": model " + mip + ", evaluator " + eval);
            solved++;
        }
        assertTrue(solved >= 12, "solved " + solved);
    }

    static Placement randomPlacement(Random rnd, Problem p) {
        int[] dev = new int[p.operators()];
        for (int v = 0; v < dev.length; v++) {
            dev[v] = rnd.nextInt(p.deviceCount());
        }
        // honour colocation so that more candidates are feasible
        for (int v = 0; v < dev.length; v++) {
            for (int w = 0; w < v; w++) {
                if (p.colocationGroup(v) >= 0 && p.colocationGroup(v) == p.colocationGroup(w)) {
                    dev[v] = dev[w];
                }
            }
        }
        return Placement.of(dev);
    }
}
