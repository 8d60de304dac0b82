package org.placementexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.placementexplorer.TestProblems.device;
import static org.placementexplorer.TestProblems.graph;
import static org.placementexplorer.TestProblems.op;
import static org.placementexplorer.TestProblems.problem;
import static org.placementexplorer.TestProblems.unlinked;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TestProblems;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/** The multi-sample pipelined schedule: hand-timed cases, and its steady state against the period. */
class PipelineScheduleTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** a -> b -> c on d0, d1, d2: a 1, b 3, c 2; a's and b's outputs take 0.5 to move. */
    private static Problem chain(boolean overlap) {
        OpGraph g = graph(List.of(op("a", 1), op("b", 1), op("c", 1)), "a>b", "b>c");
        return problem(g, unlinked(device("d0", INF, overlap), device("d1", INF, overlap), device("d2", INF, overlap)),
                new double[][] {{1, 1, 1}, {3, 3, 3}, {2, 2, 2}}, new double[] {0.5, 0.5, 0});
    }

    private static PipelineSchedule.Item item(PipelineSchedule s, PipelineSchedule.Kind kind, int sample, int op,
            int device) {
        return s.items().stream().filter(i -> i.kind() == kind && i.sample() == sample && i.op() == op
                && i.device() == device).findFirst().orElseThrow();
    }

    @Test
    void chainOnOverlappingDevices() {
        // sample 0: a 0..1, b 1.5..4.5, c 5..7; sample 1: a 1..2, b 4.5..7.5 (d1 busy), c 8..10;
        // sample 2: a 2..3, b 7.5..10.5, c 11..13. Period 3 (d1): its samples end 3 apart.
        Problem p = chain(true);
        Placement pl = Placement.of(new int[] {0, 1, 2});
        PipelineSchedule s = new Evaluator(p).pipelinedSchedule(pl, 3);
        assertEquals(3.0, s.period());
        assertEquals(9, s.items().stream().filter(i -> i.kind() == PipelineSchedule.Kind.OPERATOR).count());
        assertEquals(6, s.items().stream().filter(i -> i.kind() == PipelineSchedule.Kind.FLIGHT).count());
        assertEquals(9 + 6, s.items().size(), "overlapping devices and no links: operators and flights only");
        PipelineSchedule.Item flight = s.items().stream().filter(i -> i.kind() == PipelineSchedule.Kind.FLIGHT
                && i.sample() == 1 && i.dst() == 2).findFirst().orElseThrow();
        assertEquals(7.5, flight.start(), "b's output leaves when b ends");
        assertEquals(8.0, flight.end());
        assertEquals(4.5, item(s, PipelineSchedule.Kind.OPERATOR, 1, 1, 1).start());
        assertEquals(8.0, item(s, PipelineSchedule.Kind.OPERATOR, 1, 2, 2).start());
        assertEquals(11.0, item(s, PipelineSchedule.Kind.OPERATOR, 2, 2, 2).start());
        assertEquals(13.0, s.makespan());
        assertArrayEquals(new double[] {7, 10, 13}, s.sampleEnd());
        assertEquals(3.0, s.bottleneckSpacing());
        assertTrue(s.acyclic());
        assertEquals(7.0, s.completion(1), "one sample: the latency");
        assertEquals(1 - 3 * 3.0 / 13, s.bubble(3), 1e-12);
        assertEquals(3 / 13.0, s.throughput(3), 1e-12);
    }

    @Test
    void oneSampleOnOverlappingDevicesIsTheLatencySchedule() {
        Problem p = TestProblems.random(new Random(5), 14, 3, 0.3);
        Cluster all = unlinked(device("d0", INF, true), device("d1", INF, true), device("d2", INF, true));
        Problem q = Problem.builder(p.graph(), all).opTimes(times(p)).perTensorTransfers(perTensor(p))
                .activationMemory(false).build();
        Random rnd = new Random(9);
        for (int trial = 0; trial < 20; trial++) {
            int[] dev = new int[q.operators()];
            for (int v = 0; v < dev.length; v++) {
                dev[v] = rnd.nextInt(3);
            }
            Placement pl = Placement.of(dev);
            Schedule one = new Evaluator(q).schedule(pl);
            PipelineSchedule s = new Evaluator(q).pipelinedSchedule(pl, 1);
            for (PipelineSchedule.Item it : s.items()) {
                if (it.kind() != PipelineSchedule.Kind.OPERATOR) {
                    continue;
                }
                assertEquals(one.start()[it.op()], it.start(), 1e-12);
                assertEquals(one.end()[it.op()], it.end(), 1e-12);
            }
            assertEquals(one.makespan(), s.makespan(), 1e-12);
        }
    }

    @Test
    void devicesThatDoNotOverlapPayForTransfersOnTheirOwnRow() {
        // d0: a 1 + send 0.5 = 1.5; d1: receive 0.5 + b 3 + send 0.5 = 4; d2: receive 0.5 + c 2 = 2.5.
        // sample 0: a 0..1, send 1..1.5, d1 receives 1..1.5, b 1.5..4.5, send 4.5..5, d2 receives 4.5..5, c 5..7
        // sample 1: d1 receives 5..5.5 (busy until 5), b 5.5..8.5, send 8.5..9; c 9..11
        // sample 2: d1 receives 9..9.5, b 9.5..12.5, send 12.5..13; c 13..15
        Problem p = chain(false);
        PipelineSchedule s = new Evaluator(p).pipelinedSchedule(Placement.of(new int[] {0, 1, 2}), 3);
        assertEquals(4.0, s.period());
        PipelineSchedule.Item send = s.items().stream().filter(i -> i.kind() == PipelineSchedule.Kind.SEND
                && i.sample() == 0 && i.device() == 0).findFirst().orElseThrow();
        assertEquals(1.0, send.start());
        assertEquals(1.5, send.end());
        PipelineSchedule.Item recv = s.items().stream().filter(i -> i.kind() == PipelineSchedule.Kind.RECEIVE
                && i.sample() == 1 && i.device() == 1).findFirst().orElseThrow();
        assertEquals(5.0, recv.start());
        assertEquals(5.5, item(s, PipelineSchedule.Kind.OPERATOR, 1, 1, 1).start());
        assertEquals(13.0, item(s, PipelineSchedule.Kind.OPERATOR, 2, 2, 2).start());
        assertEquals(15.0, s.makespan());
        assertEquals(4.0, s.bottleneckSpacing());
        for (int k = 0; k < 3; k++) {
            assertEquals(1.5, s.busy(0, k));
            assertEquals(4.0, s.busy(1, k), "a row is busy its load per sample");
            assertEquals(2.5, s.busy(2, k));
        }
    }

    @Test
    void aSampleHandedBackAndForthKeepsTheSpacingAboveThePeriod() {
        // a -> b -> c with a, c on d0 (no overlap) and b on d1 (overlaps): d0 loads 1 + 3 + 0.5 + 0.25 = 4.75.
        // sample 0: a 0..1, send 1..1.5, b 1.5..2.5 on d1, d0 receives 2.5..2.75, c 2.75..5.75;
        // d0 waited for b (1.5..2.5), so sample 1 ends at 11.5: spacing 5.75 = 4.75 + b's 1.
        OpGraph g = graph(List.of(op("a", 10), op("b", 20), op("c", 5)), "a>b", "b>c");
        Problem p = problem(g, unlinked(device("d0", INF, false), device("d1", INF, true)),
                new double[][] {{1, 2}, {2, 1}, {3, 6}}, new double[] {0.5, 0.25, 0});
        PipelineSchedule s = new Evaluator(p).pipelinedSchedule(Placement.of(new int[] {0, 1, 0}), 2);
        assertEquals(4.75, s.period());
        assertFalse(s.acyclic());
        assertEquals(5.75, s.sampleEnd()[0]);
        assertEquals(11.5, s.sampleEnd()[1]);
        assertEquals(5.75, s.bottleneckSpacing());
    }

    @Test
    void linksCarryTransfersOneAfterAnother() {
        // d0 -(1 GB/s)- sw -(0.5 GB/s)- d1; 1 MB from a (1 ms on d0) to b (1 ms on d1): l1 busy 2 ms per sample.
        // sample 0: a 0..1, l0 1..2, l1 1..3, arrives at max(1 + 2.003, 3) = 3.003, b 3.003..4.003
        // sample 1: a 1..2, l0 2..3, l1 3..5, b 5..6; sample 2: l1 5..7, b 7..8. Spacing 2 ms on l1.
        Device d0 = device("d0", INF, true);
        Device d1 = device("d1", INF, true);
        Cluster c = Cluster.of("routed", "", List.of(), List.of(), List.of(d0, d1), List.of("sw"),
                List.of(new Link("l0", "d0", "sw", 1e9, 1e-6), new Link("l1", "d1", "sw", 0.5e9, 2e-6)));
        OpGraph g = graph(List.of(op("a", 1e6), op("b", 0)), "a>b");
        Problem p = Problem.builder(g, c).opTimes(new double[][] {{1e-3, 1e-3}, {1e-3, 1e-3}}).build();
        PipelineSchedule s = new Evaluator(p).pipelinedSchedule(Placement.of(new int[] {0, 1}), 3);
        assertEquals(2e-3, s.period(), 1e-18);
        List<PipelineSchedule.Item> l1 = s.onLink(1);
        assertEquals(3, l1.size());
        assertFalse(l1.get(0).forward(), "sw -> d1 is l1's b -> a");
        assertEquals(3e-3, l1.get(1).start(), 1e-15);
        assertEquals(5e-3, l1.get(1).end(), 1e-15);
        assertEquals(1e-3 + 3e-6 + 2e-3, item(s, PipelineSchedule.Kind.OPERATOR, 0, 1, 1).start(), 1e-15);
        assertEquals(7e-3, item(s, PipelineSchedule.Kind.OPERATOR, 2, 1, 1).start(), 1e-15);
        assertEquals(2e-3, s.bottleneckSpacing(), 1e-15);
        assertTrue(s.acyclic());
    }

    @Test
    void theFirstSamplesOfALongRunAreTheShortRun() {
        Problem p = TestProblems.random(new Random(3), 12, 3, 0.3);
        Placement pl = monotone(p, new Random(4));
        PipelineSchedule longRun = new Evaluator(p).pipelinedSchedule(pl, 9);
        PipelineSchedule shortRun = new Evaluator(p).pipelinedSchedule(pl, 4);
        List<PipelineSchedule.Item> prefix = longRun.items().stream().filter(i -> i.sample() < 4).toList();
        assertEquals(shortRun.items(), prefix);
        assertEquals(shortRun.makespan(), longRun.completion(4));
    }

    /** The property the Gantt chart and teaching mode rely on: on an acyclic pipeline the bottleneck's samples end one period apart. */
    @Test
    void steadyStateSpacingOnTheBottleneckIsThePeriod() {
        Random rnd = new Random(11);
        int checked = 0;
        for (int trial = 0; trial < 60; trial++) {
            Problem p = TestProblems.random(rnd, 6 + rnd.nextInt(10), 2 + rnd.nextInt(3), 0.3);
            Placement pl = monotone(p, rnd);
            Evaluator ev = new Evaluator(p);
            PipelineSchedule s = ev.pipelinedSchedule(pl, 300);
            assertEquals(ev.objective(pl, Objective.THROUGHPUT), s.period());
            for (int d = 0; d < p.deviceCount(); d++) {
                assertEquals(ev.pipeline(pl).devices().get(d).load(), s.busy(d, 7), 1e-9,
                        "each row is busy its load per sample");
            }
            assertTrue(s.acyclic(), "contiguous blocks in topological order form a pipeline");
            assertEquals(s.period(), s.bottleneckSpacing(), 1e-9, "trial " + trial);
            checked++;
        }
        assertEquals(60, checked);
    }

    @Test
    void equalStagesWithFreeTransfersHaveTheTextbookBubble() {
        // S = 3 stages of 2 each, transfers free: makespan(M) = (M + 2) × 2, bubble = 2 / (M + 2)
        OpGraph g = graph(List.of(op("a", 1), op("b", 1), op("c", 1)), "a>b", "b>c");
        Problem p = problem(g, unlinked(device("d0", INF, true), device("d1", INF, true), device("d2", INF, true)),
                new double[][] {{2, 2, 2}, {2, 2, 2}, {2, 2, 2}}, new double[] {0, 0, 0});
        PipelineSchedule s = new Evaluator(p).pipelinedSchedule(Placement.of(new int[] {0, 1, 2}), 20);
        for (int m = 1; m <= 20; m++) {
            assertEquals((m + 2) * 2.0, s.completion(m), 1e-12);
            assertEquals(2.0 / (m + 2), s.bubble(m), 1e-12, "M = " + m);
            assertEquals(m / ((m + 2) * 2.0), s.throughput(m), 1e-12);
        }
    }

    /** The same on the shipped Tarnawski instances (their own costs, no links) with dp's pipelines. */
    @Test
    void onTheShippedInstancesDpPipelinesReachThePeriod() throws Exception {
        int checked = 0;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("sample-graphs"))) {
            for (java.nio.file.Path f : files.filter(x -> x.getFileName().toString().startsWith("throughput-inputs_"))
                    .sorted().toList()) {
                Problem p = org.placementexplorer.io.ModelLoader.load(f).ownProblem();
                var solver = org.placementexplorer.solve.SolverRegistry.byName("dp");
                org.junit.jupiter.api.Assumptions.assumeTrue(solver.isPresent(), "no dp solver in this build");
                var r = solver.get().solve(p, org.placementexplorer.solve.SolveRequest.of(Objective.THROUGHPUT,
                        java.time.Duration.ofSeconds(20)));
                PipelineSchedule s = new Evaluator(p).pipelinedSchedule(r.best().placement(), 100);
                assertTrue(s.acyclic(), f.toString());
                assertEquals(s.period(), s.bottleneckSpacing(), 1e-9 * s.period(), f.toString());
                checked++;
            }
        }
        assertEquals(5, checked, "the five bundled Tarnawski instances");
    }

    @Test
    void atLeastOneMicroBatch() {
        Problem p = chain(true);
        assertThrows(IllegalArgumentException.class,
                () -> new Evaluator(p).pipelinedSchedule(Placement.of(new int[] {0, 1, 2}), 0));
    }

    /** Contiguous blocks of the topological order on increasing devices: an acyclic device graph. */
    static Placement monotone(Problem p, Random rnd) {
        int[] topo = p.graph().topologicalOrder();
        int[] dev = new int[topo.length];
        int d = 0;
        for (int i = 0; i < topo.length; i++) {
            if (i > 0 && rnd.nextDouble() < 0.3 && d < p.deviceCount() - 1) {
                d++;
            }
            dev[topo[i]] = d;
        }
        return Placement.of(dev);
    }

    private static double[][] times(Problem p) {
        double[][] t = new double[p.operators()][3];
        for (int v = 0; v < p.operators(); v++) {
            for (int d = 0; d < 3; d++) {
                t[v][d] = p.opTime(v, d);
            }
        }
        return t;
    }

    private static double[] perTensor(Problem p) {
        double[] t = new double[p.graph().tensorCount()];
        for (int i = 0; i < t.length; i++) {
            t[i] = p.transferTime(i, 0, 1);
        }
        return t;
    }
}
