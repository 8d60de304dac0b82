package org.placementexplorer.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TestProblems;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.common.OpUnits;
import org.placementexplorer.solve.heft.HeftSolver;

/**
 * HEFT on a DAG small enough to schedule by hand.
 *
 * <pre>
 *        A ──► B ──► D        times      d0  d1     transfer of each output: A 1, B 1, C 1
 *        └──► C ──┘           A           2   4
 *                             B           3   3     E and F have no edges; E cannot run on d1
 *        E     F              C           4   2
 *                             D           2   2
 *                             E           1   ∞
 *                             F           1   1
 * </pre>
 *
 * Upward ranks (mean time over usable devices + mean transfer + best successor): D = 2,
 * B = 3 + 1 + 2 = 6, C = 3 + 1 + 2 = 6, A = 3 + 1 + 6 = 10, E = 1, F = 1; order A, B, C, D, E, F.
 * A → d0 [0,2] (EFT 2 vs 4). B → d0 [2,5] (d1: ready 2+1 = 3, EFT 6). C → d1 [3,5] (d0: 9).
 * D: d0 ready max(5, 5+1) = 6, EFT 8; d1 ready max(5+1, 5) = 6, EFT 8; tie → d0 [6,8].
 * E (d0 only): the idle gap [5,6] between B and D fits it → inserted there. F: d0 is busy without
 * a gap from 0 to 8, so EFT 9; d1 is idle over [0,3] before C → F at [0,1] on d1, inserted before C.
 * Makespan 8.
 */
class HeftTest {
    static final double INF = Double.POSITIVE_INFINITY;

    static Problem handProblem(boolean overlaps) {
        var g = TestProblems.graph(List.of(TestProblems.op("A", 1), TestProblems.op("B", 1), TestProblems.op("C", 1),
                TestProblems.op("D", 1), TestProblems.op("E", 1), TestProblems.op("F", 1)), "A>B", "A>C", "B>D", "C>D");
        double[][] t = {{2, 4}, {3, 3}, {4, 2}, {2, 2}, {1, INF}, {1, 1}};
        return TestProblems.problem(g, TestProblems.unlinked(TestProblems.device("d0", INF, overlaps),
                TestProblems.device("d1", INF, overlaps)), t, new double[] {1, 1, 1, 0, 0, 0});
    }

    @Test
    void latencyScheduleMatchesTheHandSchedule() {
        Problem p = handProblem(true);
        OpUnits units = OpUnits.colocation(p, Map.of());
        assertArrayEquals(new double[] {10, 6, 6, 2, 1, 1}, HeftSolver.upwardRanks(p, units));
        HeftSolver.Schedule s = HeftSolver.latency(p, units);
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 1}, s.devices());
        assertArrayEquals(new int[] {0, 1, 4, 3}, s.order()[0]); // A, B, E (inserted), D
        assertArrayEquals(new int[] {5, 2}, s.order()[1]); // F (inserted before C), C
        assertArrayEquals(new double[] {0, 2, 3, 6, 5, 0}, s.start());
        assertArrayEquals(new double[] {2, 5, 5, 8, 6, 1}, s.end());
        assertEquals(8, s.makespan());

        SolverResult r = new HeftSolver().solve(p, SolveRequest.of(Objective.LATENCY, Duration.ofSeconds(10)));
        assertEquals(8, r.best().objective());
        assertArrayEquals(s.order()[0], r.best().placement().order().orElseThrow()[0]);
        // the evaluator reproduces HEFT's own times for that order
        var full = new Evaluator(p).schedule(r.best().placement());
        assertArrayEquals(s.start(), full.start());
    }

    /**
     * Throughput variant, both devices paying for transfers. A → d0 (period 2 vs 4). B: on d0 the
     * period would be 5; on d1 it is max(2+1, 3+1) = 4 → d1. C: on d0 max(2+4+1, 3+1) = 7, on d1
     * max(2+1, 3+2+1) = 6 (A's output is sent to d1 once) → d1. D: on d0 loads are d0 = 2+2+1+1+1 = 7,
     * d1 = 3+2+1+1+1 = 8 → 8; on d1, d1 = 3+2+2+1 = 8, d0 = 3 → 8; tie → smaller load of the chosen
     * device (7 < 8) → d0. Period 8 (E, F: no transfers; E → d0 (period 8 either way: d0 7+1 = 8),
     * F → d1? d1 would be 9, d0 9 → period 9 both; load tie 9 = 9 → first device d0).
     */
    @Test
    void throughputGreedyMatchesTheHandAssignment() {
        Problem p = handProblem(false);
        int[] dev = HeftSolver.throughput(p, OpUnits.colocation(p, Map.of()));
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 0}, dev);
        assertEquals(9, new Evaluator(p).objective(Placement.of(dev), Objective.THROUGHPUT));
    }

    @Test
    void pinsAreKept() {
        Problem p = handProblem(true);
        SolveRequest req = SolveRequest.of(Objective.LATENCY, Duration.ofSeconds(10)).withPins(Map.of(0, 1, 3, 1));
        SolverResult r = new HeftSolver().solve(p, req);
        assertEquals(1, r.best().placement().deviceOf(0));
        assertEquals(1, r.best().placement().deviceOf(3));
    }
}
