package org.placementexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.placementexplorer.TestProblems.device;
import static org.placementexplorer.TestProblems.graph;
import static org.placementexplorer.TestProblems.op;
import static org.placementexplorer.TestProblems.problem;
import static org.placementexplorer.TestProblems.unlinked;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/** Small cases whose schedules, loads and memory were worked out by hand (numbers in comments). */
class EvaluatorHandComputedTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Nested
    class Chain {
        // a -> b -> c; times on d0: 1, 2, 3; on d1: 2, 1, 6; transfer of a's output 0.5, of b's 0.25
        final OpGraph g = graph(List.of(op("a", 10), op("b", 20), op("c", 5)), "a>b", "b>c");
        final Problem p = problem(g, unlinked(device("d0", INF, false), device("d1", INF, true)),
                new double[][] {{1, 2}, {2, 1}, {3, 6}}, new double[] {0.5, 0.25, 0});
        final Evaluator ev = new Evaluator(p);

        @Test
        void latencyAcrossTwoDevices() {
            // a 0..1 on d0; a's output reaches d1 at 1.5; b 1.5..2.5 on d1; back at 2.75; c 2.75..5.75
            Evaluation e = ev.evaluate(Placement.of(new int[] {0, 1, 0}), Objective.LATENCY);
            assertEquals(5.75, e.objective());
            Schedule s = e.schedule();
            assertArrayEquals(new double[] {0, 1.5, 2.75}, s.start());
            assertArrayEquals(new double[] {1, 2.5, 5.75}, s.end());
            assertEquals(2, s.transfers().size());
            // the critical path is the whole chain with both transfers
            assertEquals(List.of(Schedule.Step.Kind.OPERATOR, Schedule.Step.Kind.TRANSFER, Schedule.Step.Kind.OPERATOR,
                    Schedule.Step.Kind.TRANSFER, Schedule.Step.Kind.OPERATOR),
                    s.criticalPath().stream().map(Schedule.Step::kind).toList());
            assertEquals("d0", e.bottleneck().id()); // 1 + 3 of compute on the critical path vs 1 on d1
            assertEquals(4.0, e.bottleneck().value());
        }

        @Test
        void throughputCountsTransfersOnlyOnDevicesThatDoNotOverlapThem() {
            // d0: compute 1 + 3, sends a (0.5), receives b (0.25) -> 4.75; d1 overlaps: compute 1
            Evaluation e = ev.evaluate(Placement.of(new int[] {0, 1, 0}), Objective.THROUGHPUT);
            assertEquals(4.75, e.objective());
            Pipeline.DeviceLoad d1 = e.pipeline().devices().get(1);
            assertEquals(1.0, d1.load());
            assertEquals(0.5, d1.transferIn());
            assertEquals(0.25, d1.transferOut());
            assertEquals("d0", e.bottleneck().id());
            // d0 -> d1 -> d0: the device graph has a cycle
            assertFalse(e.pipeline().acyclic());
        }

        @Test
        void contiguousSplitIsAPipeline() {
            // a, b on d0 (1 + 2, sends b: 0.25 -> 3.25); c on d1 (6)
            Evaluation e = ev.evaluate(Placement.of(new int[] {0, 0, 1}), Objective.THROUGHPUT);
            assertEquals(6.0, e.objective());
            assertTrue(e.pipeline().acyclic());
            assertEquals(List.of(0, 1), e.pipeline().stages().stream().map(Pipeline.Stage::device).toList());
            assertEquals(3.25, e.pipeline().stages().get(0).load());
            assertEquals("d1", e.bottleneck().id());
        }

        @Test
        void oneDeviceLatencyIsTheSumOfTimes() {
            assertEquals(6.0, ev.evaluate(Placement.allOn(3, 0), Objective.LATENCY).objective());
            assertEquals(9.0, ev.evaluate(Placement.allOn(3, 1), Objective.LATENCY).objective());
        }
    }

    @Nested
    class Diamond {
        // s -> a, s -> b, a -> t, b -> t; times s 1, a 2, b 3, t 1 on both; transfers s 1.0, a 0.5, b 0.5
        final OpGraph g = graph(List.of(op("s", 1), op("a", 1), op("b", 1), op("t", 1)), "s>a", "s>b", "a>t", "b>t");
        final Problem p = problem(g, unlinked(device("d0", INF, false), device("d1", INF, false)),
                new double[][] {{1, 1}, {2, 2}, {3, 3}, {1, 1}}, new double[] {1.0, 0.5, 0.5, 0});
        final Placement pl = Placement.of(new int[] {0, 0, 1, 0});

        @Test
        void latency() {
            // s 0..1; a 1..3 on d0; s reaches d1 at 2; b 2..5; b reaches d0 at 5.5; t 5.5..6.5
            Evaluation e = new Evaluator(p).evaluate(pl, Objective.LATENCY);
            assertEquals(6.5, e.objective());
            assertArrayEquals(new double[] {0, 1, 2, 5.5}, e.schedule().start());
            List<Schedule.Step> cp = e.schedule().criticalPath();
            assertEquals(List.of("s", "s", "b", "b", "t"), cp.stream().map(st -> g.op(st.op()).id()).toList());
        }

        @Test
        void throughput() {
            // d0: 1 + 2 + 1 compute, sends s (1.0), receives b (0.5) -> 5.5; d1: 3 + 1.0 in + 0.5 out -> 4.5
            Evaluation e = new Evaluator(p).evaluate(pl, Objective.THROUGHPUT);
            assertEquals(5.5, e.objective());
            assertEquals(4.5, e.pipeline().devices().get(1).load());
            assertTrue(e.pipeline().acyclic() == false); // d0 -> d1 -> d0
        }
    }

    @Nested
    class ForkJoin {
        // r -> x, y, z -> j; r 1, x/y/z 4, j 1 everywhere; r's output 1.0 to move, x/y/z 0.5
        final OpGraph g = graph(List.of(op("r", 1), op("x", 1), op("y", 1), op("z", 1), op("j", 1)),
                "r>x", "r>y", "r>z", "x>j", "y>j", "z>j");
        final double[][] times = {{1, 1, 1}, {4, 4, 4}, {4, 4, 4}, {4, 4, 4}, {1, 1, 1}};
        final double[] tr = {1.0, 0.5, 0.5, 0.5, 0};
        final Cluster c = unlinked(device("d0", INF, false), device("d1", INF, false), device("d2", INF, false));
        final Placement pl = Placement.of(new int[] {0, 0, 1, 2, 0});

        @Test
        void latencyOnThreeDevices() {
            // r 0..1; x 1..5; y, z 2..6; their outputs reach d0 at 6.5; j 6.5..7.5
            Evaluation e = new Evaluator(problem(g, c, times, tr)).evaluate(pl, Objective.LATENCY);
            assertEquals(7.5, e.objective());
            assertEquals(2, e.schedule().transfers().stream().filter(t -> t.producer() == 0).count());
        }

        @Test
        void perDestinationSendsChargeTheSenderForEachCopy() {
            // d0: compute 1 + 4 + 1, sends r twice (2.0), receives y and z (1.0) -> 9
            Evaluation e = new Evaluator(problem(g, c, times, tr)).evaluate(pl, Objective.THROUGHPUT);
            assertEquals(9.0, e.objective());
            assertEquals(5.5, e.pipeline().devices().get(1).load()); // 4 + 1.0 in + 0.5 out
        }

        @Test
        void oncePerTensorSendsChargeTheSenderOnce() {
            Problem once = problem(g, c, times, tr).toBuilder()
                    .sendAccounting(Problem.SendAccounting.ONCE_PER_TENSOR).build();
            assertEquals(8.0, new Evaluator(once).evaluate(pl, Objective.THROUGHPUT).objective());
        }
    }

    @Test
    void listSchedulingRunsTheOperatorWithTheLongerTailFirst() {
        // p and q are both ready at 0 on d0; p feeds w (5 on d1), q feeds nothing: p goes first.
        OpGraph g = graph(List.of(op("q", 1), op("p", 1), op("w", 1)), "p>w");
        Problem p = problem(g, unlinked(device("d0", INF, true), device("d1", INF, true)),
                new double[][] {{1, 1}, {1, 1}, {5, 5}}, new double[] {0, 0, 0});
        Evaluation e = new Evaluator(p).evaluate(Placement.of(new int[] {0, 0, 1}), Objective.LATENCY);
        assertEquals(6.0, e.objective()); // p 0..1, w 1..6, q 1..2
        assertArrayEquals(new int[] {1, 0}, e.placement().order().orElseThrow()[0]);
        // the opposite order is allowed when given, and is worse
        Placement bad = Placement.of(new int[] {0, 0, 1}).withOrder(new int[][] {{0, 1}, {2}});
        assertEquals(7.0, new Evaluator(p).evaluate(bad, Objective.LATENCY).objective());
    }

    @Test
    void anOrderAgainstTheDataFlowIsRejectedWithTheDeviceNamed() {
        OpGraph g = graph(List.of(op("a", 1), op("b", 1)), "a>b");
        Problem p = problem(g, unlinked(device("d0", INF, true)), new double[][] {{1}, {1}}, new double[] {0, 0});
        Placement pl = Placement.allOn(2, 0).withOrder(new int[][] {{1, 0}});
        ModelException ex = assertThrows(ModelException.class,
                () -> new Evaluator(p).evaluate(pl, Objective.LATENCY));
        assertTrue(ex.getMessage().contains("'d0'"), ex.getMessage());
    }

    @Nested
    class Memory {
        @Test
        void overCapacityIsInfeasibleWithTheAmountOver() {
            OpGraph g = graph(List.of(op("a", 1).withParams(25, 100), op("b", 1).withParams(13, 50)), "a>b");
            Problem p = problem(g, unlinked(device("small", 100, true), device("big", 1000, true)),
                    new double[][] {{1, 1}, {1, 1}}, new double[] {0, 0});
            Evaluation e = new Evaluator(p).evaluate(Placement.allOn(2, 0), Objective.LATENCY);
            assertFalse(e.feasible());
            assertEquals(50.0, e.memory().devices().get(0).over());
            assertEquals(Violation.Kind.MEMORY, e.violations().get(0).kind());
            assertTrue(e.violations().get(0).message().contains("'small'"));
            assertTrue(new Evaluator(p).evaluate(Placement.of(new int[] {1, 0}), Objective.LATENCY).feasible());
        }

        @Test
        void activationPeakFollowsLiveTensors() {
            // a (10 B out) -> b (20 B out) -> c (5 B out); one device, order a, b, c:
            // running a: 10 live; running b: 10 + 20 = 30; running c: 20 + 5 = 25. Peak 30.
            OpGraph g = graph(List.of(op("a", 10), op("b", 20), op("c", 5)), "a>b", "b>c");
            Problem p = problem(g, unlinked(device("d0", 1000, true), device("d1", 1000, true)),
                    new double[][] {{1, 1}, {1, 1}, {1, 1}}, new double[] {0, 0, 0})
                    .toBuilder().activationMemory(true).build();
            Evaluator ev = new Evaluator(p);
            assertEquals(30.0, ev.memory(Placement.allOn(3, 0)).devices().get(0).activations());
            // c alone on d1: it receives b's 20 B and makes 5 B -> 25; d0 runs a, b: 10, then 30
            MemoryReport split = ev.memory(Placement.of(new int[] {0, 0, 1}));
            assertEquals(30.0, split.devices().get(0).activations());
            assertEquals(25.0, split.devices().get(1).activations());
        }
    }

    @Nested
    class Colocation {
        @Test
        void splitGroupIsAViolation() {
            OpGraph g = graph(List.of(op("a", 1), op("b", 1)), "a>b");
            Problem p = problem(g, unlinked(device("d0", INF, true), device("d1", INF, true)),
                    new double[][] {{1, 1}, {1, 1}}, new double[] {0, 0}).toBuilder().colocation(new int[] {7, 7})
                    .build();
            Evaluation e = new Evaluator(p).evaluate(Placement.of(new int[] {0, 1}), Objective.THROUGHPUT);
            assertEquals(Violation.Kind.COLOCATION, e.violations().get(0).kind());
            assertTrue(new Evaluator(p).evaluate(Placement.allOn(2, 1), Objective.THROUGHPUT).feasible());
        }

        @Test
        void unsupportedOperatorIsAViolationWithInfiniteObjective() {
            OpGraph g = graph(List.of(op("a", 1)));
            Problem p = problem(g, unlinked(device("cpu", INF, true), device("acc", INF, true)),
                    new double[][] {{1, INF}}, new double[] {0});
            Evaluation e = new Evaluator(p).evaluate(Placement.allOn(1, 1), Objective.LATENCY);
            assertEquals(Violation.Kind.UNSUPPORTED, e.violations().get(0).kind());
            assertEquals(INF, e.objective());
        }
    }

    @Test
    void routedTransfersUseTheRouteAndLoadEachLinkInItsDirection() {
        // d0 -(1 GB/s, 1 us)- sw -(0.5 GB/s, 2 us)- d1: 1 MB takes 3 us + 1e6 / 0.5e9 = 2.003 ms
        Device d0 = device("d0", INF, true);
        Device d1 = device("d1", INF, true);
        Cluster c = Cluster.of("routed", "", List.of(), List.of(), List.of(d0, d1), List.of("sw"),
                List.of(new Link("l0", "d0", "sw", 1e9, 1e-6), new Link("l1", "d1", "sw", 0.5e9, 2e-6)));
        OpGraph g = graph(List.of(op("a", 1e6), op("b", 0)), "a>b");
        Problem p = Problem.builder(g, c).opTimes(new double[][] {{1e-3, 1e-3}, {1e-3, 1e-3}}).build();
        Evaluator ev = new Evaluator(p);
        Evaluation lat = ev.evaluate(Placement.of(new int[] {0, 1}), Objective.LATENCY);
        assertEquals(1e-3 + 3e-6 + 2e-3 + 1e-3, lat.objective(), 1e-15);
        assertEquals(List.of(0, 1), lat.schedule().transfers().get(0).links());
        Evaluation thr = ev.evaluate(Placement.of(new int[] {0, 1}), Objective.THROUGHPUT);
        Pipeline.LinkLoad l0 = thr.pipeline().links().get(0);
        Pipeline.LinkLoad l1 = thr.pipeline().links().get(1);
        assertEquals(1e-3, l0.forward(), 1e-18); // d0 -> sw is l0's a -> b
        assertEquals(2e-3, l1.backward(), 1e-18); // sw -> d1 is l1's b -> a
        assertEquals(0.0, l1.forward());
        // the slower link limits the period: 2 ms > 1 ms of compute per device
        assertEquals(2e-3, thr.objective(), 1e-18);
        assertNotNull(thr.bottleneck());
        assertEquals(org.placementexplorer.eval.Bottleneck.Kind.LINK, thr.bottleneck().kind());
        assertEquals("l1", thr.bottleneck().id());
    }
}
