package org.placementexplorer.solve.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TestProblems;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.tarnawski.TarnawskiImporter;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.SolverRun;
import org.placementexplorer.solve.Status;

/** The DP against exhaustive enumeration, on its own internals, and on its fallbacks. */
class DpSolverTest {
    static final double TOL = 1e-9;

    // ---------------------------------------------------------------- random instances

    /**
     * A random instance file: n nodes, edges from lower to higher index, k accelerators and c CPUs,
     * zero times and costs sometimes, memory that binds sometimes, unsupported nodes sometimes,
     * colour classes sometimes; with {@code training}, some nodes are backward nodes (in classes with
     * forward nodes, or in classes of their own).
     */
    static String randomInstance(Random rnd, int n, int k, int c, boolean training) {
        StringBuilder sb = new StringBuilder();
        double mem = 2 + rnd.nextInt(10);
        sb.append(String.format(Locale.ROOT, "{\"maxSizePerFPGA\": %.1f, \"maxFPGAs\": %d, \"maxCPUs\": %d, \"nodes\": [",
                mem, k, c));
        double ratio = rnd.nextBoolean() ? 10 : 2 + rnd.nextInt(3);
        for (int v = 0; v < n; v++) {
            // tenths: sums taken in different orders round differently, as in the real files
            double fpga = rnd.nextInt(4) == 0 ? 0 : (1 + rnd.nextInt(60)) / 10.0;
            boolean supported = c == 0 || rnd.nextInt(8) != 0;
            boolean backward = training && rnd.nextInt(3) == 0;
            String cls = rnd.nextInt(3) == 0 ? ", \"colorClass\": " + rnd.nextInt(3) : "";
            sb.append(v == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"id\": %d, \"supportedOnFpga\": %d, \"cpuLatency\": %s, \"fpgaLatency\": %s, "
                            + "\"isBackwardNode\": %d%s, \"size\": %d}",
                    v, supported ? 1 : 0, fpga * ratio, fpga, backward ? 1 : 0, cls, rnd.nextInt(4)));
        }
        sb.append("], \"edges\": [");
        double[] cost = new double[n];
        for (int v = 0; v < n; v++) {
            cost[v] = rnd.nextInt(5) * 0.3;
        }
        double p = 0.15 + rnd.nextDouble() * 0.35;
        boolean first = true;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (rnd.nextDouble() < p) {
                    sb.append(first ? "" : ",").append(String.format(Locale.ROOT,
                            "{\"sourceId\": %d, \"destId\": %d, \"cost\": %s}", a, b, cost[a]));
                    first = false;
                }
            }
        }
        return sb.append("]}").toString();
    }

    static Problem load(String json) {
        return TarnawskiImporter.read("random.json", Json.parse("random.json", json.getBytes()), ImportOptions.DEFAULT)
                .ownProblem();
    }

    // ---------------------------------------------------------------- exhaustive reference

    /**
     * MODEL.md's contiguity, written independently: arcs between colocation classes for edges between
     * forward nodes, mirrored arcs for backward edges touching a class without forward nodes; the
     * device graph of those arcs must be acyclic.
     */
    static List<int[]> classArcs(Problem p) {
        OpGraph g = p.graph();
        Map<Integer, Boolean> hasForward = new HashMap<>();
        for (int v = 0; v < g.size(); v++) {
            hasForward.merge(cls(p, v), !p.isBackward(v), Boolean::logicalOr);
        }
        List<int[]> arcs = new ArrayList<>();
        for (int u = 0; u < g.size(); u++) {
            for (int w : g.successors(u)) {
                if (!p.isBackward(u) && !p.isBackward(w)) {
                    arcs.add(new int[] {u, w});
                } else if (p.isBackward(u) && p.isBackward(w)
                        && (!hasForward.get(cls(p, u)) || !hasForward.get(cls(p, w)))) {
                    arcs.add(new int[] {w, u});
                }
            }
        }
        return arcs;
    }

    static int cls(Problem p, int v) {
        int c = p.colocationGroup(v);
        return c >= 0 ? c : -1 - v;
    }

    static boolean contiguous(int[] dev, List<int[]> arcs, int devices) {
        boolean[][] arc = new boolean[devices][devices];
        for (int[] a : arcs) {
            if (dev[a[0]] != dev[a[1]]) {
                arc[dev[a[0]]][dev[a[1]]] = true;
            }
        }
        // acyclic: repeatedly remove a device without incoming arcs
        boolean[] gone = new boolean[devices];
        for (int round = 0; round < devices; round++) {
            int pick = -1;
            for (int d = 0; d < devices && pick < 0; d++) {
                if (gone[d]) {
                    continue;
                }
                boolean in = false;
                for (int e = 0; e < devices; e++) {
                    in |= !gone[e] && arc[e][d];
                }
                if (!in) {
                    pick = d;
                }
            }
            if (pick < 0) {
                return false;
            }
            gone[pick] = true;
        }
        return true;
    }

    record Best(double objective, int[] placement) {
    }

    /** The best feasible placement by enumeration, contiguous ones only when asked; null if none. */
    static Best exhaustive(Problem p, boolean contiguousOnly, Map<Integer, Integer> pins) {
        int n = p.operators();
        int d = p.deviceCount();
        List<int[]> arcs = classArcs(p);
        Evaluator ev = new Evaluator(p);
        int[] dev = new int[n];
        Best best = null;
        long total = 1;
        for (int i = 0; i < n; i++) {
            total *= d;
        }
        for (long code = 0; code < total; code++) {
            long x = code;
            for (int i = 0; i < n; i++) {
                dev[i] = (int) (x % d);
                x /= d;
            }
            boolean ok = true;
            for (Map.Entry<Integer, Integer> e : pins.entrySet()) {
                ok &= dev[e.getKey()] == e.getValue();
            }
            if (!ok || (contiguousOnly && !contiguous(dev, arcs, d))) {
                continue;
            }
            Evaluation e = ev.evaluate(Placement.of(dev), Objective.THROUGHPUT);
            if (e.feasible() && (best == null || e.objective() < best.objective())) {
                best = new Best(e.objective(), dev.clone());
            }
        }
        return best;
    }

    /**
     * More tensors than operators (a free operator with three outputs, as Split or Shape chains in
     * ONNX give): the simplification looks tensors up by tensor index. Regression: it sized that
     * table by the operator count and failed with an index out of bounds on MiniLM's sub-problems.
     */
    @Test
    void moreTensorsThanOperators() {
        // x -> z -> {a, b}; the free operator z is listed last, so its three output tensors have
        // indices 3, 4 and 5 in a graph of four operators
        List<Tensor> outs = List.of(new Tensor("z:0", null, List.of(), 0), new Tensor("z:1", null, List.of(), 0),
                new Tensor("z:2", null, List.of(), 0));
        List<Operator> ops = new ArrayList<>();
        for (String id : List.of("x", "a", "b")) {
            ops.add(TestProblems.op(id, 0));
        }
        ops.add(new Operator("z", "z", "Split", "", 0, 0, 0, 0, 0, org.placementexplorer.model.Precision.FP32, outs,
                List.of()));
        List<org.placementexplorer.model.Edge> edges = List.of(new org.placementexplorer.model.Edge(0, 3, "x:out", 0),
                new org.placementexplorer.model.Edge(3, 1, "z:0", 0), new org.placementexplorer.model.Edge(3, 2, "z:1",
                        0), new org.placementexplorer.model.Edge(3, 1, "z:2", 0));
        OpGraph g = OpGraph.of("split", ops, edges);
        assertTrue(g.tensorCount() > g.size());
        Cluster c = TestProblems.unlinked(TestProblems.device("d0", Double.POSITIVE_INFINITY, true),
                TestProblems.device("d1", Double.POSITIVE_INFINITY, true));
        double[][] times = {{2, 2}, {3, 3}, {4, 4}, {0, 0}};
        Problem p = TestProblems.problem(g, c, times, new double[] {0, 0, 0, 0});
        DpSolver.Outcome o = run(p, Map.of(), Map.of());
        assertTrue(o.optimal());
        assertClose(5, o.dpValue(), "x and a on one device, b on the other");
    }

    static DpSolver.Outcome run(Problem p, Map<Integer, Integer> pins, Map<String, String> options) {
        return DpSolver.run(p, pins, options, () -> false, new Evaluator(p), pl -> {
        });
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), what);
    }

    // ---------------------------------------------------------------- correctness

    /** On random graphs of up to 9 operators and up to 3 devices, dp = the best contiguous placement. */
    @Test
    void equalsExhaustiveEnumerationOverContiguousPlacements() {
        Random rnd = new Random(20201206);
        int optimal = 0;
        for (int trial = 0; trial < 160; trial++) {
            int n = 1 + rnd.nextInt(9);
            int devices = 1 + rnd.nextInt(3);
            int c = rnd.nextInt(Math.min(2, devices + 1));
            int k = devices - c;
            String json = randomInstance(rnd, n, k, c, trial % 3 == 2);
            Problem p = load(json);
            Best ref = exhaustive(p, true, Map.of());
            DpSolver.Outcome o = run(p, Map.of(), Map.of());
            if (ref == null) {
                assertNull(o.placement(), "no contiguous placement exists, yet dp found one: " + json);
                continue;
            }
            assertNotNull(o.placement(), "dp found no placement: " + json);
            assertTrue(o.optimal(), "not proven optimal: " + json + " " + o.notes());
            Evaluation e = new Evaluator(p).evaluate(o.placement(), Objective.THROUGHPUT);
            assertTrue(e.feasible(), json);
            assertTrue(contiguous(o.placement().devices(), classArcs(p), p.deviceCount()), json);
            assertClose(ref.objective(), e.objective(), "dp vs exhaustive on " + json);
            // the DP's own value is the evaluator's objective of its placement
            assertClose(e.objective(), o.dpValue(), "dp value vs evaluator on " + json);
            optimal++;
        }
        assertTrue(optimal > 100, "too few feasible trials: " + optimal);
    }

    /** The bound dp reports holds for every placement, contiguous or not. */
    @Test
    void reportedBoundHoldsForEveryPlacement() {
        Random rnd = new Random(99);
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + rnd.nextInt(7);
            int devices = 1 + rnd.nextInt(3);
            int c = rnd.nextInt(Math.min(2, devices + 1));
            Problem p = load(randomInstance(rnd, n, devices - c, c, false));
            Best any = exhaustive(p, false, Map.of());
            DpSolver.Outcome o = run(p, Map.of(), Map.of());
            if (any != null) {
                assertTrue(o.lowerBound() <= any.objective() + TOL, o.lowerBound() + " > " + any.objective());
            }
        }
    }

    @Test
    void respectsPins() {
        Random rnd = new Random(5);
        int checked = 0;
        for (int trial = 0; trial < 60; trial++) {
            int n = 2 + rnd.nextInt(6);
            Problem p = load(randomInstance(rnd, n, 2, 1, false));
            Map<Integer, Integer> pins = Map.of(rnd.nextInt(n), rnd.nextInt(3));
            Best ref = exhaustive(p, true, pins);
            DpSolver.Outcome o = run(p, pins, Map.of());
            if (ref == null) {
                assertTrue(o.placement() == null || !new Evaluator(p).evaluate(o.placement(), Objective.THROUGHPUT)
                        .feasible());
                continue;
            }
            assertNotNull(o.placement());
            pins.forEach((op, d) -> assertEquals((int) d, o.placement().deviceOf(op)));
            assertClose(ref.objective(), new Evaluator(p).objective(o.placement(), Objective.THROUGHPUT), "pinned");
            assertTrue(o.optimal());
            checked++;
        }
        assertTrue(checked > 30);
    }

    /**
     * Physical problems (routed transfers over links, devices that do or do not overlap transfers,
     * activation memory): the DP's loads are a relaxation, so its value bounds every pipeline from
     * below; its placement is a pipeline no better than the best one; OPTIMAL only when they meet.
     */
    @Test
    void relaxationOnRoutedClustersIsHonest() {
        Random rnd = new Random(31);
        int optimal = 0;
        int notOptimal = 0;
        for (int trial = 0; trial < 80; trial++) {
            Problem p = routedProblem(rnd, 2 + rnd.nextInt(6));
            Best ref = exhaustive(p, true, Map.of());
            DpSolver.Outcome o = run(p, Map.of(), Map.of());
            if (ref == null) {
                continue;
            }
            assertTrue(o.dpValue() <= ref.objective() * (1 + TOL), "relaxed value above the best pipeline");
            if (o.placement() == null) {
                continue;
            }
            Evaluation e = new Evaluator(p).evaluate(o.placement(), Objective.THROUGHPUT);
            assertTrue(contiguous(o.placement().devices(), classArcs(p), p.deviceCount()));
            if (o.optimal()) {
                assertClose(ref.objective(), e.objective(), "claimed optimal");
                optimal++;
            } else {
                // not optimal: worse than the best pipeline, or infeasible (activations do not fit)
                assertTrue(!e.feasible() || e.objective() >= ref.objective() - TOL);
                notOptimal++;
            }
        }
        assertTrue(optimal > 0 && notOptimal > 0, optimal + " optimal, " + notOptimal + " not");
    }

    /** Three devices behind a switch, links of different bandwidths, random times and tensor sizes. */
    static Problem routedProblem(Random rnd, int n) {
        List<Operator> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ops.add(TestProblems.op("v" + i, rnd.nextInt(4) * 1000.0).withParams(1, rnd.nextInt(3) * 100.0));
        }
        List<String> edges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (rnd.nextDouble() < 0.4) {
                    edges.add("v" + a + ">v" + b);
                }
            }
        }
        OpGraph g = TestProblems.graph(ops, edges.toArray(String[]::new));
        Device d0 = TestProblems.device("g0", 400 + rnd.nextInt(800), rnd.nextBoolean());
        Device d1 = TestProblems.device("g1", 400 + rnd.nextInt(800), rnd.nextBoolean());
        Device d2 = TestProblems.device("g2", Double.POSITIVE_INFINITY, true);
        List<Link> links = List.of(new Link("l0", "g0", "sw", 1000 + rnd.nextInt(3) * 1000, 0.1),
                new Link("l1", "g1", "sw", 1000, 0.1), new Link("l2", "g2", "sw", 2000, 0.2));
        Cluster c = Cluster.of("routed", "", List.of(), List.of(), List.of(d0, d1, d2), List.of("sw"), links);
        double[][] times = new double[n][3];
        for (int v = 0; v < n; v++) {
            double base = rnd.nextInt(5);
            times[v] = new double[] {base, base * (1 + rnd.nextInt(2)), base * 3};
        }
        return Problem.builder(g, c).opTimes(times).routedTransfers().activationMemory(rnd.nextBoolean()).build();
    }

    /** Identical devices with per-destination sends: exact whenever no tensor goes to two devices. */
    @Test
    void perDestinationSendsAreARelaxationToo() {
        Random rnd = new Random(8);
        for (int trial = 0; trial < 60; trial++) {
            Problem p = TestProblems.random(rnd, 2 + rnd.nextInt(6), 1 + rnd.nextInt(3), 0.4);
            Best ref = exhaustive(p, true, Map.of());
            DpSolver.Outcome o = run(p, Map.of(), Map.of());
            assertTrue(o.dpValue() <= ref.objective() * (1 + TOL));
            double got = new Evaluator(p).objective(o.placement(), Objective.THROUGHPUT);
            assertTrue(got >= ref.objective() - TOL);
            if (o.optimal()) {
                assertClose(ref.objective(), got, "claimed optimal");
            }
        }
    }

    /** Moving groups across stage boundaries keeps a pipeline and never makes it slower. */
    @Test
    void localImprovementKeepsPipelines() {
        Random rnd = new Random(17);
        int improved = 0;
        for (int trial = 0; trial < 200; trial++) {
            Problem p = load(randomInstance(rnd, 3 + rnd.nextInt(12), 2 + rnd.nextInt(2), 1, trial % 2 == 1));
            DpModel m = DpModel.build(p, Map.of());
            IdealDp dp = new IdealDp(m, () -> false);
            // a deliberately poor start: the chain DP along a random topological order
            int[] order = randomTopologicalOrder(m, rnd);
            IdealDp.Chain c = dp.chain(order, Double.POSITIVE_INFINITY);
            if (c == null) {
                continue;
            }
            IdealDp.Chain b = dp.improve(c);
            assertTrue(b.dpValue() <= c.dpValue());
            improved += b.dpValue() < c.dpValue() ? 1 : 0;
            Placement pl = m.placement(b.stageGroups(), b.stageTypes());
            assertTrue(contiguous(pl.devices(), classArcs(p), p.deviceCount()));
            Evaluation e = new Evaluator(p).evaluate(pl, Objective.THROUGHPUT);
            assertClose(e.objective(), b.dpValue(), "improved chain");
        }
        assertTrue(improved > 0, "no chain was improved");
    }

    static int[] randomTopologicalOrder(DpModel m, Random rnd) {
        int[] missing = new int[m.groups];
        List<Integer> ready = new ArrayList<>();
        for (int x = 0; x < m.groups; x++) {
            missing[x] = m.pred[x].length;
            if (missing[x] == 0) {
                ready.add(x);
            }
        }
        int[] order = new int[m.groups];
        for (int k = 0; k < order.length; k++) {
            int x = ready.remove(rnd.nextInt(ready.size()));
            order[k] = x;
            for (int y : m.succ[x]) {
                if (--missing[y] == 0) {
                    ready.add(y);
                }
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- reductions

    @Test
    void zeroTimeGroupsAreMergedOrSetAsideWithoutChangingTheOptimum() {
        // the shipped GNMT sample has a zero-time, zero-cost source feeding eight zero-time nodes
        Problem p = ModelLoader.load(Path.of("sample-graphs/throughput-inputs_LayerGraphs_gnmt_inference.json"))
                .ownProblem();
        DpModel m = DpModel.build(p, Map.of());
        assertTrue(m.groups < p.operators(), m.groups + " groups");
        assertTrue(m.removedOps.length > 0);
        DpSolver.Outcome o = run(p, Map.of(), Map.of());
        assertTrue(o.optimal());
        assertClose(new Evaluator(p).objective(o.placement(), Objective.THROUGHPUT), o.dpValue(), "gnmt");
    }

    @Test
    void classesOnACycleShareADevice() {
        // a -> b -> c with a and c in one class: b must join them in a pipeline
        Problem p = load("""
                {"maxSizePerFPGA": 100, "maxFPGAs": 3, "maxCPUs": 0, "nodes": [
                 {"id": 0, "supportedOnFpga": 1, "cpuLatency": 10, "fpgaLatency": 1, "isBackwardNode": 0, "colorClass": 5},
                 {"id": 1, "supportedOnFpga": 1, "cpuLatency": 10, "fpgaLatency": 5, "isBackwardNode": 0},
                 {"id": 2, "supportedOnFpga": 1, "cpuLatency": 10, "fpgaLatency": 1, "isBackwardNode": 0, "colorClass": 5}],
                 "edges": [{"sourceId": 0, "destId": 1, "cost": 0.5}, {"sourceId": 1, "destId": 2, "cost": 0.5}]}
                """);
        DpModel m = DpModel.build(p, Map.of());
        assertEquals(1, m.groups);
        assertEquals(1, m.cycleMerges);
        DpSolver.Outcome o = run(p, Map.of(), Map.of());
        assertEquals(7.0, o.dpValue());
        assertTrue(o.optimal());
        int[] dev = o.placement().devices();
        assertTrue(dev[0] == dev[1] && dev[1] == dev[2]);
    }

    // ---------------------------------------------------------------- fallbacks, limits, cancel

    @Test
    void cappedEnumerationFallsBackWithoutClaimingOptimality() {
        Problem p = ModelLoader.load(Path.of("sample-graphs/throughput-inputs_OperatorGraphs_bert_l-3_inference.json"))
                .ownProblem();
        DpSolver.Outcome full = run(p, Map.of(), Map.of());
        assertTrue(full.optimal());
        DpSolver.Outcome capped = run(p, Map.of(), Map.of("maxIdeals", "50"));
        assertFalse(capped.optimal());
        assertNotNull(capped.placement());
        assertTrue(capped.notes().stream().anyMatch(s -> s.contains("more than 50 ideals")), capped.notes().toString());
        Evaluation e = new Evaluator(p).evaluate(capped.placement(), Objective.THROUGHPUT);
        assertTrue(e.feasible());
        assertTrue(e.pipeline().acyclic());
        assertTrue(e.objective() >= full.dpValue() - TOL);
        assertTrue(capped.lowerBound() <= full.dpValue());
        // through the solver: FEASIBLE with a bound below the objective
        SolverResult r = new DpSolver().solve(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofSeconds(30))
                .withOptions(Map.of("maxIdeals", "50")));
        assertEquals(Status.FEASIBLE, r.status());
        assertNotNull(r.lowerBound());
        assertTrue(r.lowerBound() < r.best().objective());
    }

    /** A wide graph: 40 parallel chains of 4 (5^40 ideals). Cancel ends the run promptly. */
    @Test
    void cancelStopsTheRunWithItsBestPlacement() {
        StringBuilder sb = new StringBuilder("{\"maxSizePerFPGA\": 1e12, \"maxFPGAs\": 6, \"maxCPUs\": 1, \"nodes\": [");
        int n = 0;
        StringBuilder edges = new StringBuilder();
        for (int chain = 0; chain < 40; chain++) {
            for (int i = 0; i < 4; i++) {
                sb.append(n == 0 ? "" : ",").append("{\"id\": ").append(n).append(", \"supportedOnFpga\": 1, "
                        + "\"cpuLatency\": 10, \"fpgaLatency\": ").append(1 + (n % 7)).append(", \"isBackwardNode\": 0}");
                if (i > 0) {
                    edges.append(edges.isEmpty() ? "" : ",").append("{\"sourceId\": ").append(n - 1)
                            .append(", \"destId\": ").append(n).append(", \"cost\": 0.5}");
                }
                n++;
            }
        }
        Problem p = load(sb + "], \"edges\": [" + edges + "]}");
        // cancel right after the first incumbent, while the solver is held inside its report, so the run
        // cannot finish before the cancel whatever the machine's speed
        java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        org.placementexplorer.solve.SolverListener hold = new org.placementexplorer.solve.SolverListener() {
            @Override
            public void onIncumbent(org.placementexplorer.model.Placement placement, double objective,
                    double seconds) {
                first.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        SolverRun run = new DpSolver().start(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofMinutes(10)), hold);
        try {
            assertTrue(first.await(20, java.util.concurrent.TimeUnit.SECONDS), "no incumbent within 20 s");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        long t0 = System.nanoTime();
        run.cancel();
        resume.countDown();
        SolverResult r = run.await(Duration.ofSeconds(20)).orElseThrow();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(Status.CANCELLED, r.status());
        assertNotNull(r.best());
        assertTrue(r.best().pipeline().acyclic());
        // generous: the solver polls every few thousand steps; the goal (under 1 s) is in the benchmark
        assertTrue(seconds < 10, "took " + seconds + " s to stop");
    }


    @Test
    void registeredAndThroughputOnly() {
        DpSolver s = (DpSolver) SolverRegistry.byName("dp").orElseThrow();
        assertTrue(s.supports(Objective.THROUGHPUT));
        assertFalse(s.supports(Objective.LATENCY));
        assertTrue(s.description().contains("optimum among contiguous (pipeline) placements"));
        assertNotEquals(-1, SolverRegistry.names().indexOf("dp"));
    }

    /** Through the solver API on a shipped instance: OPTIMAL, the evaluator's objective, the note. */
    @Test
    void solverResultOnAShippedInstance() {
        Problem p = ModelLoader.load(Path.of("sample-graphs/throughput-inputs_LayerGraphs_bert24_training.json"))
                .ownProblem();
        SolverResult r = new DpSolver().solve(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofSeconds(60)));
        assertEquals(Status.OPTIMAL, r.status());
        assertEquals(new Evaluator(p).objective(r.best().placement(), Objective.THROUGHPUT), r.best().objective());
        assertTrue(r.notes().get(0).startsWith("optimal among contiguous (pipeline) placements"), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(s -> s.startsWith("training graph")), r.notes().toString());
        // every colour class on one device
        for (int v = 0; v < p.operators(); v++) {
            for (int w = 0; w < p.operators(); w++) {
                if (p.colocationGroup(v) == p.colocationGroup(w)) {
                    assertEquals(r.best().placement().deviceOf(v), r.best().placement().deviceOf(w));
                }
            }
        }
        assertFalse(r.incumbents().isEmpty());
    }
}
