package org.placementexplorer.solve.slicegraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.Status;
import org.placementexplorer.solve.common.HeuristicSolver;
import org.placementexplorer.solve.common.OpUnits;

/**
 * SliceGraph (Archer, Fahrbach, Liu and Prabhu, ICML 2024): a topological order of the units is cut
 * optimally into at most one contiguous slice per device ({@link SliceDp}); a biased random-key
 * genetic algorithm ({@link Brkga}) searches over orders and over the sequence in which devices take
 * the slices. Keys → priorities → order: among the units whose predecessors are placed, the one with
 * the smallest key comes next; the device keys sort the devices. Every decoded placement goes to the
 * evaluator, whose objective is the fitness, so each improvement is reported as it is found.
 *
 * <p>Units are colocation groups. When they form an acyclic graph, the keys order the units and the
 * slices of a topological order give an acyclic device graph: true pipelines. When colocation
 * joins operators into cycles (training graphs: a forward and its backward operator share a
 * device), the keys order the operators, each unit takes the place of its first operator that has an input
 * (its parameters are sources and would say nothing), and the
 * DP prices the edges that then point backwards as well; such placements cannot be pure pipelines.
 *
 * <p>The first generation holds the graph's own topological order and a depth-first one (which
 * keeps branches together), with devices in cluster order; up to a third of it, these two with
 * their keys shaken by a few positions' worth; then random chromosomes.
 *
 * <p>Options: {@code generations=N} (stop after N generations: the same seed then gives the same
 * result on any machine), {@code population=N} (default: the number of units, between 16 and 64),
 * {@code patience=N} (stop after N generations without a better objective; default 30).
 */
public final class SliceGraphSolver extends HeuristicSolver {
    public static final String NAME = "slicegraph";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SliceGraph: optimal contiguous slicing of a topological order (DP), orders searched by a "
                + "biased random-key genetic algorithm";
    }

    @Override
    protected java.util.Set<String> numericOptions() {
        return java.util.Set.of("generations", "population", "patience");
    }

    @Override
    protected HeuristicSolver fresh() {
        return new SliceGraphSolver();
    }

    @Override
    protected Status search(SolveContext ctx, OpUnits groups) {
        Problem p = ctx.problem();
        OpUnits units = groups;
        int nu = units.count();
        boolean acyclic = units.isAcyclic();
        int[] opUnit = new int[p.operators()];
        boolean[] hasInput = new boolean[p.operators()];
        for (int v = 0; v < opUnit.length; v++) {
            opUnit[v] = units.unitOf(v);
            hasInput[v] = p.graph().predecessors(v).length > 0;
        }
        int nd = p.deviceCount();
        boolean latency = ctx.objective() == Objective.LATENCY;
        SliceDp dp = new SliceDp(p, units, latency);
        double[] reserve = new double[nd];
        Map<Long, Double> seen = new HashMap<>();
        int[][] neighbours = new int[nu][];
        for (int u = 0; u < nu; u++) {
            int[] a = units.successors(u);
            int[] b = units.predecessors(u);
            neighbours[u] = java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().toArray();
        }
        // acyclic unit graph: orders of the units; otherwise orders of the operators, a unit taking
        // the place of its first operator (its other operators' edges may then point backwards)
        int[][] succ;
        int[] indeg0;
        if (acyclic) {
            succ = new int[nu][];
            indeg0 = new int[nu];
            for (int u = 0; u < nu; u++) {
                succ[u] = units.successors(u);
                indeg0[u] = units.predecessors(u).length;
            }
        } else {
            int n = p.operators();
            succ = new int[n][];
            indeg0 = new int[n];
            for (int v = 0; v < n; v++) {
                succ[v] = p.graph().successors(v);
                indeg0[v] = p.graph().predecessors(v).length;
            }
        }
        Brkga.Decoder decoder = keys -> {
            int[] order = acyclic ? order(keys, succ, indeg0) : unitOrder(order(opKeys(keys, opUnit), succ, indeg0),
                    opUnit, nu, hasInput, neighbours);
            int[] seq = deviceSequence(keys, nu, nd);
            long h = hash(order, seq);
            Double known = seen.get(h);
            if (known != null) {
                return known;
            }
            double f = decode(ctx, units, dp, order, seq, reserve);
            seen.put(h, f);
            return f;
        };
        long generations = longOption(ctx, "generations", Long.MAX_VALUE);
        long patience = longOption(ctx, "patience", 30);
        int population = (int) longOption(ctx, "population", Math.max(16, Math.min(64, nu)));
        Brkga ga = new Brkga(nu + nd, population, 0.2, 0.15, 0.7, ctx.request().seed(), decoder);
        List<double[]> seeds = new ArrayList<>();
        int[] plain = acyclic ? units.topologicalOrder()
                : unitOrder(p.graph().topologicalOrder(), opUnit, nu, hasInput, neighbours);
        int[] deep = acyclic ? depthFirstOrder(succ, indeg0, nu)
                : unitOrder(depthFirstOrder(succ, indeg0, p.operators()), opUnit, nu, hasInput, neighbours);
        seeds.add(keysOf(plain, nu, nd));
        seeds.add(keysOf(deep, nu, nd));
        // a third of the first generation: the two orders with their keys shaken a little, so the
        // search starts near them as well as everywhere
        java.util.SplittableRandom shake = new java.util.SplittableRandom(ctx.request().seed() ^ 0x5EEDL);
        for (int i = 0; seeds.size() < population / 3; i++) {
            double[] base = seeds.get(i % 2);
            double sigma = 2.0 / nu * (1 + i / 2);
            double[] k = base.clone();
            for (int j = 0; j < k.length; j++) {
                k[j] += sigma * (shake.nextDouble() - 0.5);
            }
            seeds.add(k);
        }
        ga.start(seeds, ctx::shouldStop);
        double best = ga.bestFitness();
        long stale = 0;
        for (long gen = 1; gen < generations && stale < patience && !ctx.shouldStop(); gen++) {
            if (!ga.evolve(ctx::shouldStop)) {
                break;
            }
            if (ga.bestFitness() < best) {
                best = ga.bestFitness();
                stale = 0;
            } else {
                stale++;
            }
        }
        ctx.note("slicegraph: " + ga.generation() + " generations of " + population + ", " + seen.size()
                + " distinct orders sliced");
        return Status.FEASIBLE;
    }

    /** Slices one order, offers the placement; the fitness is the evaluator's objective. */
    private static double decode(SolveContext ctx, OpUnits units, SliceDp dp, int[] order, int[] seq,
            double[] reserve) {
        for (int attempt = 0; attempt < 3; attempt++) {
            SliceDp.Slicing s = dp.solve(order, seq, reserve);
            if (s == null) {
                return Double.POSITIVE_INFINITY;
            }
            Evaluation e = ctx.offer(Placement.of(units.expand(s.unitDevice())));
            if (e.feasible()) {
                return e.objective();
            }
            if (!learnReserve(e, reserve)) {
                return Double.MAX_VALUE;
            }
        }
        return Double.MAX_VALUE;
    }

    /** Keys → order: among ready units, the smallest key first (ties: lower index). */
    static int[] order(double[] keys, int[][] succ, int[] indeg0) {
        int nu = succ.length;
        int[] indeg = indeg0.clone();
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> keys[a] != keys[b]
                ? Double.compare(keys[a], keys[b]) : Integer.compare(a, b));
        for (int u = 0; u < nu; u++) {
            if (indeg[u] == 0) {
                ready.add(u);
            }
        }
        int[] order = new int[nu];
        int k = 0;
        while (!ready.isEmpty()) {
            int u = ready.poll();
            order[k++] = u;
            for (int w : succ[u]) {
                if (--indeg[w] == 0) {
                    ready.add(w);
                }
            }
        }
        return order;
    }

    /** Each operator's key is its unit's. */
    static double[] opKeys(double[] unitKeys, int[] opUnit) {
        double[] k = new double[opUnit.length];
        for (int v = 0; v < k.length; v++) {
            k[v] = unitKeys[opUnit[v]];
        }
        return k;
    }

    /**
     * Units in the order of an operator order, each where its first operator that has an input
     * appears (a group's parameters and constants are sources of the graph and would put every
     * group at the very start); groups of sources only where their first operator appears. Then a
     * unit whose neighbours all come before it moves to just after the last of them: a sink stays
     * valid there, and a group of backward operators only (training graphs) lands beside the
     * forward work it belongs to instead of at the end.
     */
    static int[] unitOrder(int[] opOrder, int[] opUnit, int nu, boolean[] hasInput, int[][] unitNeighbours) {
        boolean[] anyInput = new boolean[nu];
        for (int v = 0; v < opUnit.length; v++) {
            anyInput[opUnit[v]] |= hasInput[v];
        }
        boolean[] seen = new boolean[nu];
        int[] out = new int[nu];
        int k = 0;
        for (int v : opOrder) {
            int u = opUnit[v];
            if (!seen[u] && (hasInput[v] || !anyInput[u])) {
                seen[u] = true;
                out[k++] = u;
            }
        }
        int[] pos = new int[nu];
        for (int i = 0; i < nu; i++) {
            pos[out[i]] = i;
        }
        double[] key = new double[nu];
        for (int u = 0; u < nu; u++) {
            int last = -1;
            boolean allBefore = unitNeighbours[u].length > 0;
            for (int w : unitNeighbours[u]) {
                allBefore &= pos[w] < pos[u];
                last = Math.max(last, pos[w]);
            }
            key[u] = allBefore ? last + 0.5 + pos[u] / (2.0 * nu + 2) : pos[u];
        }
        Integer[] sorted = new Integer[nu];
        for (int u = 0; u < nu; u++) {
            sorted[u] = u;
        }
        Arrays.sort(sorted, (a, b) -> Double.compare(key[a], key[b]));
        return Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
    }

    /** Device keys (after the unit keys) → devices by increasing key. */
    static int[] deviceSequence(double[] keys, int nu, int nd) {
        Integer[] d = new Integer[nd];
        for (int i = 0; i < nd; i++) {
            d[i] = i;
        }
        Arrays.sort(d, (a, b) -> keys[nu + a] != keys[nu + b] ? Double.compare(keys[nu + a], keys[nu + b])
                : Integer.compare(a, b));
        return Arrays.stream(d).mapToInt(Integer::intValue).toArray();
    }

    /** Keys that decode to this order and to the devices in cluster order. */
    static double[] keysOf(int[] order, int nu, int nd) {
        double[] keys = new double[nu + nd];
        for (int i = 0; i < order.length; i++) {
            keys[order[i]] = (i + 0.5) / nu;
        }
        for (int d = 0; d < nd; d++) {
            keys[nu + d] = (d + 0.5) / nd;
        }
        return keys;
    }

    /** A topological order that takes the most recently readied unit next (keeps branches together). */
    static int[] depthFirstOrder(int[][] succ, int[] indeg0, int nu) {
        int[] indeg = indeg0.clone();
        int[] stack = new int[nu];
        int sp = 0;
        for (int u = nu - 1; u >= 0; u--) {
            if (indeg[u] == 0) {
                stack[sp++] = u;
            }
        }
        int[] order = new int[nu];
        int k = 0;
        while (sp > 0) {
            int u = stack[--sp];
            order[k++] = u;
            for (int i = succ[u].length - 1; i >= 0; i--) {
                int w = succ[u][i];
                if (--indeg[w] == 0) {
                    stack[sp++] = w;
                }
            }
        }
        return order;
    }

    private static long hash(int[] order, int[] seq) {
        long h = 0x9E3779B97F4A7C15L;
        for (int x : order) {
            h = (h ^ x) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        for (int x : seq) {
            h = (h ^ (x + 0x5555)) * 0x94D049BB133111EBL;
            h ^= h >>> 29;
        }
        return h;
    }
}
