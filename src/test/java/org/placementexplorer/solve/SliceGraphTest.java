package org.placementexplorer.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TestProblems;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.common.OpUnits;
import org.placementexplorer.solve.slicegraph.Brkga;
import org.placementexplorer.solve.slicegraph.SliceDp;
import org.placementexplorer.solve.slicegraph.SliceGraphSolver;

class SliceGraphTest {

    /** Every way to cut n positions into k contiguous, possibly empty slots: slot index per position. */
    static List<int[]> cuts(int n, int k) {
        List<int[]> out = new ArrayList<>();
        cut(new int[n], 0, 0, k, out);
        return out;
    }

    static void cut(int[] slot, int i, int s, int k, List<int[]> out) {
        if (i == slot.length) {
            out.add(slot.clone());
            return;
        }
        for (int t = s; t < k; t++) {
            slot[i] = t;
            cut(slot, i + 1, t, k, out);
        }
    }

    static List<Problem> smallProblems(Random rnd) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            out.add(TestProblems.random(rnd, 3 + rnd.nextInt(5), 1 + rnd.nextInt(3), 0.4));
            out.add(TestProblems.randomOncePerTensor(rnd, 3 + rnd.nextInt(5), 1 + rnd.nextInt(3), 0.4));
        }
        out.add(TestProblems.randomRouted(rnd, 7, "cpu-2gpu", 0.4));
        out.add(TestProblems.randomRouted(rnd, 6, "edge-cpu-npu", 0.4));
        return out;
    }

    /**
     * The DP's optimum equals the best of every cut of the order, for both objectives, for
     * topological orders and for arbitrary ones (edges pointing backwards, as colocation cycles
     * make them).
     */
    @Test
    void dpMatchesBruteForceOnSmallOrders() {
        Random rnd = new Random(31);
        int k = 0;
        for (Problem p : smallProblems(rnd)) {
            OpUnits units = OpUnits.colocation(p, Map.of()).acyclic();
            int[] order = k++ % 2 == 0 ? units.topologicalOrder() : permutation(rnd, units.count());
            for (boolean latency : new boolean[] {false, true}) {
                SliceDp dp = new SliceDp(p, units, latency);
                for (int trial = 0; trial < 3; trial++) {
                    int[] seq = permutation(rnd, p.deviceCount());
                    double brute = Double.POSITIVE_INFINITY;
                    for (int[] slot : cuts(order.length, seq.length)) {
                        int[] ud = new int[units.count()];
                        for (int i = 0; i < order.length; i++) {
                            ud[order[i]] = seq[slot[i]];
                        }
                        brute = Math.min(brute, dp.cost(order, ud));
                    }
                    SliceDp.Slicing s = dp.solve(order, seq, null);
                    assertNotNull(s);
                    assertEquals(brute, s.value(), 1e-9 * Math.max(1, brute), "latency=" + latency);
                    assertEquals(s.value(), dp.cost(order, s.unitDevice()), 1e-9 * Math.max(1, brute));
                }
            }
        }
    }

    static int[] permutation(Random rnd, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /**
     * Per-tensor prices and one send per tensor (the Tarnawski model): the DP's value of a slicing
     * is the evaluator's period of the placement, not just a proxy.
     */
    @Test
    void dpValueIsTheEvaluatorsPeriodUnderTheTarnawskiModel() {
        Random rnd = new Random(8);
        for (int trial = 0; trial < 30; trial++) {
            Problem p = TestProblems.randomOncePerTensor(rnd, 5 + rnd.nextInt(25), 2 + rnd.nextInt(3), 0.25);
            OpUnits units = OpUnits.colocation(p, Map.of()).acyclic();
            SliceDp dp = new SliceDp(p, units, false);
            SliceDp.Slicing s = dp.solve(units.topologicalOrder(), permutation(rnd, p.deviceCount()), null);
            Placement pl = Placement.of(units.expand(s.unitDevice()));
            double period = new Evaluator(p).objective(pl, Objective.THROUGHPUT);
            assertEquals(period, s.value(), 1e-9 * period);
        }
    }

    @Test
    void dpRespectsMemoryAndReportsWhenNoSlicingFits() {
        var g = TestProblems.graph(List.of(TestProblems.op("A", 1), TestProblems.op("B", 1), TestProblems.op("C", 1)),
                "A>B", "B>C");
        double[][] t = {{1, 1}, {1, 1}, {1, 1}};
        Problem p = TestProblems.problem(g, TestProblems.unlinked(TestProblems.device("d0", 100, true),
                TestProblems.device("d1", 100, true)), t, new double[] {0, 0, 0});
        p = p.toBuilder().opMemory(new double[] {60, 60, 60}).build();
        OpUnits units = OpUnits.colocation(p, Map.of()).acyclic();
        SliceDp dp = new SliceDp(p, units, false);
        assertNull(dp.solve(units.topologicalOrder(), new int[] {0, 1}, null), "three 60 B operators in two 100 B");
        p = p.toBuilder().opMemory(new double[] {60, 30, 60}).build();
        units = OpUnits.colocation(p, Map.of()).acyclic();
        SliceDp.Slicing s = new SliceDp(p, units, false).solve(units.topologicalOrder(), new int[] {0, 1}, null);
        assertNotNull(s);
        assertEquals(2, s.value()); // A+B | C or A | B+C
    }

    @Test
    void brkgaIsDeterministicForASeed() {
        Brkga.Decoder sphere = k -> {
            double s = 0;
            for (double x : k) {
                s += (x - 0.3) * (x - 0.3);
            }
            return s;
        };
        List<Double> first = null;
        for (int run = 0; run < 2; run++) {
            Brkga ga = new Brkga(10, 20, 0.2, 0.15, 0.7, 42, sphere);
            ga.start(List.of(), () -> false);
            double start = ga.bestFitness();
            for (int g = 0; g < 30; g++) {
                ga.evolve(() -> false);
            }
            assertTrue(ga.bestFitness() < start / 4, "the GA improves: " + start + " -> " + ga.bestFitness());
            if (first == null) {
                first = ga.fitnesses();
            } else {
                assertEquals(first, ga.fitnesses());
            }
        }
        Brkga other = new Brkga(10, 20, 0.2, 0.15, 0.7, 43, sphere);
        other.start(List.of(), () -> false);
        other.evolve(() -> false);
        assertTrue(!other.fitnesses().equals(first));
    }

    @Test
    void solverReportsEachImprovementAndReproducesWithASeed() {
        Random rnd = new Random(2);
        Problem p = TestProblems.randomOncePerTensor(rnd, 40, 4, 0.1);
        SolveRequest req = new SolveRequest(Objective.THROUGHPUT, Duration.ofSeconds(30), 5, Map.of(), null,
                Map.of("generations", "10"));
        SolverResult a = new SliceGraphSolver().solve(p, req);
        SolverResult b = new SliceGraphSolver().solve(p, req);
        assertArrayEquals(a.best().placement().devices(), b.best().placement().devices());
        assertEquals(a.incumbents().stream().map(SolverResult.Incumbent::objective).toList(),
                b.incumbents().stream().map(SolverResult.Incumbent::objective).toList());
        for (int i = 1; i < a.incumbents().size(); i++) {
            assertTrue(a.incumbents().get(i).objective() < a.incumbents().get(i - 1).objective());
        }
        assertTrue(a.best().pipeline().acyclic(), "slices of a topological order form a pipeline");
    }
}
