package org.placementexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TestProblems;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * After any random sequence of moves the incremental numbers equal a full evaluation: throughput
 * loads to 1e-12 relative (the sums are added in a different order, see the class comment),
 * latency schedules bit for bit; and a rolled-back trial leaves no trace.
 */
class IncrementalEvaluatorTest {

    static List<Problem> problems(Random rnd) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            out.add(TestProblems.random(rnd, 5 + rnd.nextInt(30), 1 + rnd.nextInt(4), 0.2));
            out.add(TestProblems.randomOncePerTensor(rnd, 5 + rnd.nextInt(30), 1 + rnd.nextInt(4), 0.2));
        }
        for (String c : List.of("cpu-2gpu", "2x4gpu", "edge-cpu-npu", "dgx-8gpu")) {
            out.add(TestProblems.randomRouted(rnd, 10 + rnd.nextInt(40), c, 0.15));
        }
        return out;
    }

    static void assertSameLoads(Problem p, IncrementalEvaluator inc) {
        Pipeline pipe = new Evaluator(p).pipeline(Placement.of(inc.devices()));
        double scale = Math.max(pipe.period(), Double.MIN_NORMAL);
        for (Pipeline.DeviceLoad l : pipe.devices()) {
            int d = l.device();
            assertEquals(l.compute(), inc.compute(d), 1e-12 * scale, "compute of device " + d);
            assertEquals(l.transferIn(), inc.transferIn(d), 1e-12 * scale, "in of device " + d);
            assertEquals(l.transferOut(), inc.transferOut(d), 1e-12 * scale, "out of device " + d);
            assertEquals(l.load(), inc.load(d), 1e-12 * scale, "load of device " + d);
            assertEquals(l.operators(), inc.operatorsOn(d));
        }
        for (Pipeline.LinkLoad l : pipe.links()) {
            assertEquals(l.load(), inc.linkLoad(l.link()), 1e-12 * scale, "link " + l.link());
        }
        assertEquals(pipe.period(), inc.period(), 1e-12 * scale);
        MemoryReport mem = new Evaluator(p).memory(Placement.of(inc.devices()));
        for (MemoryReport.DeviceMemory m : mem.devices()) {
            assertEquals(m.resident(), inc.residentMemory(m.device()), 1e-12 * Math.max(1, m.resident()));
        }
    }

    @Test
    void throughputLoadsMatchTheEvaluatorAfterRandomMoves() {
        Random rnd = new Random(11);
        for (Problem p : problems(rnd)) {
            int n = p.operators();
            int nd = p.deviceCount();
            int[] start = new int[n];
            for (int v = 0; v < n; v++) {
                start[v] = rnd.nextInt(nd);
            }
            IncrementalEvaluator inc = new IncrementalEvaluator(p, Placement.of(start));
            assertSameLoads(p, inc);
            for (int step = 0; step < 400; step++) {
                int v = rnd.nextInt(n);
                inc.move(v, rnd.nextInt(nd));
                if (step % 37 == 0) {
                    assertSameLoads(p, inc);
                }
            }
            assertSameLoads(p, inc);
        }
    }

    @Test
    void unassignedOperatorsCostNothingAndAssigningThemAllGivesTheFullLoads() {
        Random rnd = new Random(5);
        for (Problem p : problems(rnd)) {
            int n = p.operators();
            IncrementalEvaluator inc = new IncrementalEvaluator(p);
            assertEquals(0, inc.period());
            int[] order = p.graph().topologicalOrder();
            for (int v : order) {
                inc.move(v, rnd.nextInt(p.deviceCount()));
            }
            assertSameLoads(p, inc);
            // unassign half, reassign to the same devices: same loads again
            int[] dev = inc.devices();
            for (int v = 0; v < n; v += 2) {
                inc.move(v, IncrementalEvaluator.UNASSIGNED);
            }
            for (int v = 0; v < n; v += 2) {
                inc.move(v, dev[v]);
            }
            assertSameLoads(p, inc);
        }
    }

    @Test
    void rollbackRestoresEveryNumberBitForBit() {
        Random rnd = new Random(8);
        for (Problem p : problems(rnd)) {
            int n = p.operators();
            int nd = p.deviceCount();
            IncrementalEvaluator inc = new IncrementalEvaluator(p, Placement.allOn(n, 0));
            for (int round = 0; round < 50; round++) {
                double[] before = snapshot(inc, nd);
                int[] devBefore = inc.devices();
                inc.beginTrial();
                for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                    inc.move(rnd.nextInt(n), rnd.nextInt(nd));
                }
                if (rnd.nextBoolean()) {
                    inc.rollback();
                    assertArrayEquals(devBefore, inc.devices());
                    assertArrayEquals(before, snapshot(inc, nd));
                } else {
                    inc.commit();
                }
            }
            assertSameLoads(p, inc);
        }
    }

    static double[] snapshot(IncrementalEvaluator inc, int nd) {
        double[] s = new double[4 * nd + inc.linkCount() + 1];
        for (int d = 0; d < nd; d++) {
            s[4 * d] = inc.compute(d);
            s[4 * d + 1] = inc.transferIn(d);
            s[4 * d + 2] = inc.transferOut(d);
            s[4 * d + 3] = inc.residentMemory(d);
        }
        for (int l = 0; l < inc.linkCount(); l++) {
            s[4 * nd + l] = inc.linkLoad(l);
        }
        s[s.length - 1] = inc.period();
        return s;
    }

    @Test
    void latencyScheduleMatchesTheEvaluatorExactlyAfterRandomMoves() {
        Random rnd = new Random(21);
        for (Problem p : problems(rnd)) {
            int n = p.operators();
            int nd = p.deviceCount();
            int[] dev = new int[n];
            for (int v = 0; v < n; v++) {
                dev[v] = rnd.nextInt(nd);
            }
            Evaluator ev = new Evaluator(p);
            Placement start = ev.evaluate(Placement.of(dev), Objective.LATENCY).placement();
            IncrementalSchedule s = new IncrementalSchedule(p, start);
            assertEquals(ev.schedule(start).makespan(), s.makespan());
            int rejected = 0;
            for (int step = 0; step < 150; step++) {
                s.beginTrial();
                int moves = 1 + rnd.nextInt(2);
                for (int k = 0; k < moves; k++) {
                    s.move(rnd.nextInt(n), rnd.nextInt(nd));
                }
                if (!s.update()) {
                    rejected++;
                    s.rollback();
                    continue;
                }
                if (rnd.nextInt(3) == 0) {
                    Placement before = s.placement();
                    s.rollback();
                    assertExact(ev, s);
                    assertTrue(!before.equals(s.placement()) || moves > 0);
                } else {
                    s.commit();
                    assertExact(ev, s);
                }
            }
            assertTrue(rejected < 150);
        }
    }

    static void assertExact(Evaluator ev, IncrementalSchedule s) {
        Placement pl = s.placement();
        Schedule full = ev.schedule(pl);
        assertEquals(full.makespan(), s.makespan());
        for (int v = 0; v < pl.size(); v++) {
            assertEquals(full.start()[v], s.start(v), "start of " + v);
            assertEquals(full.end()[v], s.end(v), "end of " + v);
        }
        MemoryReport mem = ev.memory(pl);
        for (MemoryReport.DeviceMemory m : mem.devices()) {
            assertEquals(m.resident(), s.residentMemory(m.device()), 1e-9 * Math.max(1, m.resident()));
        }
    }

    @Test
    void criticalPathEndsAtTheMakespanAndIsChained() {
        Random rnd = new Random(4);
        for (Problem p : problems(rnd)) {
            int[] dev = new int[p.operators()];
            for (int v = 0; v < dev.length; v++) {
                dev[v] = rnd.nextInt(p.deviceCount());
            }
            Placement pl = new Evaluator(p).evaluate(Placement.of(dev), Objective.LATENCY).placement();
            IncrementalSchedule s = new IncrementalSchedule(p, pl);
            List<Integer> path = s.criticalPath();
            assertEquals(s.makespan(), s.end(path.get(0)));
            for (int i = 1; i < path.size(); i++) {
                int later = path.get(i - 1);
                int earlier = path.get(i);
                boolean dataPred = java.util.Arrays.stream(p.graph().predecessors(later)).anyMatch(u -> u == earlier);
                boolean devicePred = s.deviceOf(earlier) == s.deviceOf(later) && s.end(earlier) == s.start(later);
                assertTrue(dataPred || devicePred, earlier + " does not hold " + later + " back");
            }
            assertEquals(0, s.start(path.get(path.size() - 1)) == 0 ? 0 : 1, "the path starts at time 0");
        }
    }
}
