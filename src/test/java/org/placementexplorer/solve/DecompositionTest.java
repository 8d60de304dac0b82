package org.placementexplorer.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TestProblems;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.coarsen.CoarsenMilpSolver;
import org.placementexplorer.solve.coarsen.Fusion;
import org.placementexplorer.solve.common.SubSolver;
import org.placementexplorer.solve.common.Subproblems;
import org.placementexplorer.solve.common.OpUnits;
import org.placementexplorer.solve.splitting.Louvain;
import org.placementexplorer.solve.splitting.SplittingSolver;

/** The decompositions of splitting and coarsen-milp, with a brute-force exact solver for the parts. */
class DecompositionTest {

    /** Exhaustive search over every placement that keeps the pins: an exact sub-solver for tiny parts. */
    static final SubSolver BRUTE = (sub, objective, pins, limit, seed, stop) -> {
        int n = sub.operators();
        int nd = sub.deviceCount();
        Evaluator ev = new Evaluator(sub);
        int[] dev = new int[n];
        int[] best = null;
        double bestObj = Double.POSITIVE_INFINITY;
        long total = (long) Math.pow(nd, n);
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int v = 0; v < n; v++) {
                dev[v] = (int) (c % nd);
                c /= nd;
            }
            boolean ok = true;
            for (var e : pins.entrySet()) {
                ok &= dev[e.getKey()] == e.getValue();
            }
            if (!ok) {
                continue;
            }
            var e = ev.evaluate(Placement.of(dev), objective);
            if (e.feasible() && e.objective() < bestObj) {
                bestObj = e.objective();
                best = dev.clone();
            }
        }
        return best;
    };

    @Test
    void louvainFindsTwoCliquesJoinedByOneLightEdge() {
        // vertices 0-3 and 4-7 fully connected inside (weight 5), 3-4 joined with weight 1
        int[][] adj = new int[8][];
        double[][] w = new double[8][];
        for (int v = 0; v < 8; v++) {
            int base = v < 4 ? 0 : 4;
            int[] nb = new int[v == 3 || v == 4 ? 4 : 3];
            double[] ww = new double[nb.length];
            int k = 0;
            for (int x = base; x < base + 4; x++) {
                if (x != v) {
                    nb[k] = x;
                    ww[k++] = 5;
                }
            }
            if (v == 3) {
                nb[k] = 4;
                ww[k] = 1;
            } else if (v == 4) {
                nb[k] = 3;
                ww[k] = 1;
            }
            adj[v] = nb;
            w[v] = ww;
        }
        for (long seed = 1; seed <= 5; seed++) {
            assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, Louvain.communities(adj, w, seed));
        }
    }

    /** Blocks cover every operator once, respect the size cap, and every edge goes to the same or a later block. */
    @Test
    void blocksAreAcyclicInSolveOrder() throws Exception {
        Class<?> blocks = Class.forName("org.placementexplorer.solve.splitting.Blocks");
        Method partition = blocks.getDeclaredMethod("partition", Problem.class, OpUnits.class, int.class, long.class);
        partition.setAccessible(true);
        Random rnd = new Random(4);
        for (int trial = 0; trial < 40; trial++) {
            Problem p = trial % 3 == 0 ? TestProblems.randomRouted(rnd, 20 + rnd.nextInt(40), "dgx-8gpu", 0.1)
                    : TestProblems.random(rnd, 10 + rnd.nextInt(60), 3, 0.08);
            int max = 3 + rnd.nextInt(8);
            @SuppressWarnings("unchecked")
            List<int[]> bs = (List<int[]>) partition.invoke(null, p, OpUnits.colocation(p, Map.of()), max, 7L);
            int[] blockOf = new int[p.operators()];
            Arrays.fill(blockOf, -1);
            for (int i = 0; i < bs.size(); i++) {
                assertTrue(bs.get(i).length <= max);
                for (int v : bs.get(i)) {
                    assertEquals(-1, blockOf[v], "operator in two blocks");
                    blockOf[v] = i;
                }
            }
            for (int v = 0; v < blockOf.length; v++) {
                assertTrue(blockOf[v] >= 0);
                for (int w : p.graph().successors(v)) {
                    assertTrue(blockOf[w] >= blockOf[v], "edge back from block " + blockOf[v] + " to " + blockOf[w]);
                }
            }
        }
    }

    @Test
    void fusionFollowsTheRulesAndNeverMakesACycle() {
        // conv -> bn -> relu -> {a, b} ; a -> add ; b -> add ; matmul -> addBias ; x (Reshape) alone
        List<Operator> ops = List.of(typed("conv", "Conv"), typed("bn", "BatchNormalization"), typed("relu", "Relu"),
                typed("a", "MatMul"), typed("b", "Softmax"), typed("add", "Add"), typed("bias", "Add"));
        var g = TestProblems.graph(ops, "conv>bn", "bn>relu", "relu>a", "relu>b", "a>add", "b>add", "a>bias");
        double[][] t = new double[7][2];
        Problem p = TestProblems.problem(g, TestProblems.unlinked(TestProblems.device("d0", 1e9, true),
                TestProblems.device("d1", 1e9, true)), t, new double[7]);
        int[] grp = Fusion.groups(p, Map.of());
        assertEquals(grp[0], grp[1], "Conv + BatchNormalization");
        assertEquals(grp[1], grp[2], "BatchNormalization + Relu");
        assertEquals(grp[3], grp[6], "MatMul + bias Add");
        assertNotEquals(grp[2], grp[3], "relu has two consumers and a has two producers' paths: not a chain link");
        // random graphs: the coarse graph is acyclic (OpGraph would refuse a cycle) and smaller
        Random rnd = new Random(6);
        for (int trial = 0; trial < 30; trial++) {
            Problem q = TestProblems.random(rnd, 10 + rnd.nextInt(40), 2, 0.1);
            int[] gr = Fusion.groups(q, Map.of());
            int groups = Arrays.stream(gr).max().orElse(-1) + 1;
            Subproblems.coarse(q, gr, groups, Map.of());
            assertTrue(groups <= q.operators());
        }
    }

    static Operator typed(String id, String type) {
        Operator o = TestProblems.op(id, 100);
        return new Operator(o.id(), o.name(), type, "", 0, 0, 0, 0, 0, o.precision(), o.outputs(), List.of());
    }

    /** The coarse problem prices every tensor as the original: expanded placements have the same period. */
    @Test
    void coarseThroughputEqualsTheExpandedPlacementsPeriod() {
        Random rnd = new Random(12);
        for (int trial = 0; trial < 30; trial++) {
            Problem p = switch (trial % 3) {
                case 0 -> TestProblems.random(rnd, 15 + rnd.nextInt(20), 3, 0.15);
                case 1 -> TestProblems.randomOncePerTensor(rnd, 15 + rnd.nextInt(20), 3, 0.15);
                default -> TestProblems.randomRouted(rnd, 15 + rnd.nextInt(20), "2x4gpu", 0.15);
            };
            int[] gr = Fusion.groups(p, Map.of());
            int groups = Arrays.stream(gr).max().orElse(-1) + 1;
            Subproblems.Sub coarse = Subproblems.coarse(p, gr, groups, Map.of());
            int[] cd = new int[groups];
            for (int i = 0; i < groups; i++) {
                cd[i] = rnd.nextInt(p.deviceCount());
            }
            int[] dev = new int[p.operators()];
            for (int v = 0; v < dev.length; v++) {
                dev[v] = cd[gr[v]];
            }
            double coarsePeriod = new Evaluator(coarse.problem()).objective(Placement.of(cd), Objective.THROUGHPUT);
            double period = new Evaluator(p).objective(Placement.of(dev), Objective.THROUGHPUT);
            assertEquals(period, coarsePeriod, 1e-12 * period);
        }
    }

    @Test
    void splittingAndCoarsenMilpWithAnExactSubSolver() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 4; trial++) {
            // small enough for the exhaustive coarse solve (chains fuse; at most 3^9 placements)
            Problem p = trial % 2 == 0 ? TestProblems.random(rnd, 12, 2, 0.2)
                    : TestProblems.randomOncePerTensor(rnd, 9, 3, 0.2);
            for (Objective o : Objective.values()) {
                SolveRequest req = new SolveRequest(o, Duration.ofSeconds(30), 1, Map.of(0, 1), null, Map.of());
                for (Solver s : List.of(new SplittingSolver(BRUTE), new CoarsenMilpSolver(BRUTE))) {
                    SolveRequest own = s instanceof SplittingSolver ? req.withOptions(Map.of("block-size", "4")) : req;
                    SolverResult r = s.solve(p, own);
                    assertTrue(r.best().feasible());
                    assertEquals(1, r.best().placement().deviceOf(0), "pin kept");
                    assertEquals(r.best().objective(), new Evaluator(p).objective(r.best().placement(), o));
                    assertTrue(r.notes().stream().anyMatch(n -> n.contains("blocks") || n.contains("fused")),
                            r.notes().toString());
                    assertTrue(r.notes().stream().noneMatch(n -> n.contains("took HEFT")), r.notes().toString());
                }
            }
        }
    }

    /**
     * A chain A → B → C → D of equal operators on two devices that pay 1 per transfer: the best
     * period is 2 + 1 = 3 (A, B | C, D). Splitting in blocks of two, with the exact sub-solver,
     * sees the first block's load when it places the second, and finds 3.
     */
    @Test
    void laterBlocksSeeTheLoadsOfEarlierOnes() {
        var g = TestProblems.graph(List.of(TestProblems.op("A", 1), TestProblems.op("B", 1), TestProblems.op("C", 1),
                TestProblems.op("D", 1)), "A>B", "B>C", "C>D");
        double[][] t = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};
        Problem p = TestProblems.problem(g, TestProblems.unlinked(TestProblems.device("d0", 1e9, false),
                TestProblems.device("d1", 1e9, false)), t, new double[] {1, 1, 1, 1});
        SolveRequest req = new SolveRequest(Objective.THROUGHPUT, Duration.ofSeconds(30), 1, Map.of(), null,
                Map.of("block-size", "2"));
        SolverResult r = new SplittingSolver(BRUTE).solve(p, req);
        assertEquals(3, r.best().objective());
    }
}
