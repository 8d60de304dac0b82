package org.placementexplorer.solve.milp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.mip.Contiguity;
import org.placementexplorer.mip.Groups;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverListener;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.SolverRun;
import org.placementexplorer.solve.dp.DpSolver;

/**
 * Warm starts for the MILP, each offered to the run (so they are incumbents in their own right):
 * every single device; for throughput the dp solver's best pipeline and a split of the unit sequence
 * into consecutive segments by dynamic programming (both contiguous); for latency a HEFT-style list schedule
 * (upward rank, earliest finish time); the request's warm start; then a local search that moves
 * one colocation unit at a time while the evaluator's objective improves. Under
 * {@code contiguous} only contiguous placements ({@link Contiguity}) are kept.
 */
final class Heuristics {
    private final SolveContext ctx;
    private final Problem p;
    private final OpGraph g;
    private final Evaluator ev;
    private final Objective objective;
    private final Groups units;
    private final boolean contiguous;
    private final Contiguity contiguity;
    private final int nd;
    private Placement best;
    private double bestValue = Double.POSITIVE_INFINITY;

    Heuristics(SolveContext ctx, Groups units, boolean contiguous) {
        this.ctx = ctx;
        this.p = ctx.problem();
        this.g = p.graph();
        this.ev = ctx.evaluator();
        this.objective = ctx.objective();
        this.units = units;
        this.contiguous = contiguous;
        this.contiguity = contiguous ? Contiguity.of(p, units) : null;
        this.nd = p.deviceCount();
    }

    /** The best acceptable placement found (null when none was feasible). */
    Placement best() {
        return best;
    }

    double bestValue() {
        return bestValue;
    }

    /** Runs every heuristic within the budget (seconds). */
    void run(double budget) {
        long deadline = System.nanoTime() + (long) (budget * 1e9);
        for (int d = 0; d < nd && !ctx.shouldStop(); d++) {
            consider(fromUnits(singleDevice(d)));
        }
        if (ctx.request().warmStart() != null && ctx.request().warmStart().size() == g.size()) {
            Placement w = ctx.request().warmStart();
            int[] dev = ctx.applyPins(w.devices());
            consider(Arrays.equals(dev, w.devices()) ? w : Placement.of(dev));
        }
        if (nd > 1) {
            if (objective == Objective.THROUGHPUT) {
                // up to half the run: dp's pipeline optimum is a warm start the MILP must never end above,
                // and on graphs the MILP cannot close (hundreds of operators) it is usually the best there is
                dpWarmStart(Math.min(60, Math.max(0.5, 0.5 * ctx.remaining())));
                for (int[] seq : deviceSequences()) {
                    if (ctx.shouldStop()) {
                        break;
                    }
                    int[] ud = split(seq);
                    if (ud != null) {
                        consider(fromUnits(ud));
                    }
                }
            } else {
                Placement h = heft();
                if (h != null) {
                    consider(h);
                    consider(h.withoutOrder());
                }
            }
            if (best != null) {
                localSearch(deadline);
            }
        }
    }

    /**
     * The dp solver's best pipeline (Tarnawski et al.'s DP over ideals): the contiguous optimum on
     * the instances it handles exactly, so milp starts from it and never ends above it.
     */
    private void dpWarmStart(double budget) {
        SolveRequest req = new SolveRequest(Objective.THROUGHPUT, Duration.ofMillis((long) (budget * 1000)),
                ctx.request().seed(), ctx.request().pins(), null, java.util.Map.of());
        SolverRun run = new DpSolver().start(p, req, SolverListener.NONE);
        while (!run.isDone()) {
            if (ctx.shouldStop()) {
                run.cancel();
                return;
            }
            run.await(Duration.ofMillis(20));
        }
        try {
            SolverResult r = run.await();
            if (r.best() != null && r.best().feasible()) {
                consider(Placement.of(ctx.applyPins(r.best().placement().devices())));
            }
        } catch (RuntimeException e) {
            // dp could not run on this problem; the other warm starts remain
        }
    }

    private int[] singleDevice(int d) {
        int[] ud = new int[units.count()];
        for (int u = 0; u < ud.length; u++) {
            ud[u] = units.allowed(u, d) ? d : fastestAllowed(u);
        }
        return ud;
    }

    private int fastestAllowed(int u) {
        int best = 0;
        double bt = Double.POSITIVE_INFINITY;
        for (int d = 0; d < nd; d++) {
            if (units.allowed(u, d) && units.time(u, d) < bt) {
                bt = units.time(u, d);
                best = d;
            }
        }
        return best;
    }

    private Placement fromUnits(int[] ud) {
        return Placement.of(ctx.applyPins(units.expand(ud)));
    }

    /** Offers a candidate; keeps it when it is feasible, acceptable and better. */
    boolean consider(Placement pl) {
        if (contiguous && !contiguity.holds(pl.devices())) {
            return false;
        }
        Evaluation e = ctx.offer(pl);
        if (e.feasible() && e.objective() < bestValue) {
            bestValue = e.objective();
            best = e.placement();
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ throughput: segments

    /** Device orders to split along: fastest first, index order, slowest first. */
    private List<int[]> deviceSequences() {
        Integer[] byTotal = new Integer[nd];
        double[] total = new double[nd];
        for (int d = 0; d < nd; d++) {
            byTotal[d] = d;
            for (int u = 0; u < units.count(); u++) {
                total[d] += Math.min(units.time(u, d), 1e300);
            }
        }
        Arrays.sort(byTotal, Comparator.comparingDouble(d -> total[d]));
        int[] fast = Arrays.stream(byTotal).mapToInt(Integer::intValue).toArray();
        int[] index = new int[nd];
        int[] slow = new int[nd];
        for (int d = 0; d < nd; d++) {
            index[d] = d;
            slow[d] = fast[nd - 1 - d];
        }
        return List.of(fast, index, slow);
    }

    /**
     * Splits units 0..U−1 (ordered by first topological position) into consecutive segments, the
     * j-th going to seq[j], minimising the largest segment cost (compute + an estimate of the
     * transfers across its two cuts for devices that pay them). O(D·U²).
     */
    private int[] split(int[] seq) {
        int nu = units.count();
        if ((long) nu * nu * seq.length > 60_000_000L) {
            return null;
        }
        double[] cut = cutCosts();
        double[][] prefix = new double[nd][nu + 1];
        int[][] badCount = new int[nd][nu + 1];
        for (int d = 0; d < nd; d++) {
            for (int u = 0; u < nu; u++) {
                double t = units.time(u, d);
                prefix[d][u + 1] = prefix[d][u] + (Double.isFinite(t) ? t : 0);
                badCount[d][u + 1] = badCount[d][u] + (units.allowed(u, d) ? 0 : 1);
            }
        }
        int k = seq.length;
        double[][] f = new double[k + 1][nu + 1];
        int[][] arg = new int[k + 1][nu + 1];
        for (double[] row : f) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        f[0][0] = 0;
        for (int j = 1; j <= k; j++) {
            int d = seq[j - 1];
            boolean pays = !p.cluster().device(d).overlapsTransfers();
            for (int e = 0; e <= nu; e++) {
                double bestV = Double.POSITIVE_INFINITY;
                int bestI = -1;
                for (int i = 0; i <= e; i++) {
                    if (f[j - 1][i] == Double.POSITIVE_INFINITY || badCount[d][e] - badCount[d][i] > 0) {
                        continue;
                    }
                    double cost = prefix[d][e] - prefix[d][i];
                    if (pays && e > i) {
                        cost += cut[i] + cut[e];
                    }
                    double v = Math.max(f[j - 1][i], cost);
                    if (v < bestV) {
                        bestV = v;
                        bestI = i;
                    }
                }
                f[j][e] = bestV;
                arg[j][e] = bestI;
            }
        }
        if (f[k][nu] == Double.POSITIVE_INFINITY) {
            return null;
        }
        int[] ud = new int[nu];
        int e = nu;
        for (int j = k; j >= 1; j--) {
            int i = arg[j][e];
            for (int u = i; u < e; u++) {
                ud[u] = seq[j - 1];
            }
            e = i;
        }
        return ud;
    }

    /** cut[k] ≈ transfer time of the tensors made by units before k and used by units from k on. */
    private double[] cutCosts() {
        int nu = units.count();
        double[] diff = new double[nu + 2];
        for (int t = 0; t < g.tensorCount(); t++) {
            int a = units.unitOf(g.tensorProducer(t));
            int last = a;
            for (int c : g.tensorConsumers(t)) {
                last = Math.max(last, units.unitOf(c));
            }
            if (last > a) {
                double tau = nd > 1 ? p.transferTime(t, 0, 1) : 0;
                diff[a + 1] += tau;
                diff[last + 1] -= tau;
            }
        }
        double[] cut = new double[nu + 1];
        double run = 0;
        for (int k = 0; k <= nu; k++) {
            run += diff[k];
            cut[k] = run;
        }
        return cut;
    }

    // ------------------------------------------------------------------ latency: HEFT

    private Placement heft() {
        int n = g.size();
        double[] avg = new double[n];
        for (int v = 0; v < n; v++) {
            int u = units.unitOf(v);
            int k = 0;
            for (int d = 0; d < nd; d++) {
                if (units.allowed(u, d)) {
                    avg[v] += p.opTime(v, d);
                    k++;
                }
            }
            avg[v] = k == 0 ? 0 : avg[v] / k;
        }
        double[] rank = new double[n];
        int[] topo = g.topologicalOrder();
        for (int i = n - 1; i >= 0; i--) {
            int v = topo[i];
            double best = 0;
            for (int e : g.outEdges(v)) {
                Edge edge = g.edges().get(e);
                double comm = nd > 1 ? avgTransfer(g.tensorOfEdge(e)) : 0;
                best = Math.max(best, comm + rank[edge.to()]);
            }
            rank[v] = avg[v] + best;
        }
        Integer[] order = new Integer[n];
        for (int v = 0; v < n; v++) {
            order[v] = v;
        }
        Arrays.sort(order, (a, b) -> rank[a] != rank[b] ? Double.compare(rank[b], rank[a])
                : Integer.compare(g.topologicalPosition(a), g.topologicalPosition(b)));
        int[] dev = new int[n];
        Arrays.fill(dev, -1);
        int[] unitDev = new int[units.count()];
        Arrays.fill(unitDev, -1);
        double[] end = new double[n];
        double[] free = new double[nd];
        double[] memUsed = new double[nd];
        List<List<Integer>> seq = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            seq.add(new ArrayList<>());
        }
        for (int v : order) {
            int u = units.unitOf(v);
            int bestD = -1;
            double bestFinish = Double.POSITIVE_INFINITY;
            for (int d = 0; d < nd; d++) {
                if (!units.allowed(u, d) || (unitDev[u] >= 0 && unitDev[u] != d)) {
                    continue;
                }
                if (unitDev[u] < 0 && memUsed[d] + units.memory(u) > p.cluster().device(d).memoryBytes()) {
                    continue;
                }
                double ready = 0;
                for (int e : g.inEdges(v)) {
                    int a = g.edges().get(e).from();
                    double at = end[a] + (dev[a] == d ? 0 : p.transferTime(g.tensorOfEdge(e), dev[a], d));
                    ready = Math.max(ready, at);
                }
                double finish = Math.max(ready, free[d]) + p.opTime(v, d);
                if (finish < bestFinish) {
                    bestFinish = finish;
                    bestD = d;
                }
            }
            if (bestD < 0) {
                return null;
            }
            if (unitDev[u] < 0) {
                unitDev[u] = bestD;
                memUsed[bestD] += units.memory(u);
            }
            dev[v] = bestD;
            end[v] = bestFinish;
            free[bestD] = bestFinish;
            seq.get(bestD).add(v);
        }
        int[][] ord = new int[nd][];
        for (int d = 0; d < nd; d++) {
            ord[d] = seq.get(d).stream().mapToInt(Integer::intValue).toArray();
        }
        int[] pinned = ctx.applyPins(dev.clone());
        if (!Arrays.equals(pinned, dev)) {
            return Placement.of(pinned);
        }
        return Placement.of(dev).withOrder(ord);
    }

    private double avgTransfer(int t) {
        double s = 0;
        int k = 0;
        for (int a = 0; a < nd; a++) {
            for (int b = 0; b < nd; b++) {
                if (a != b) {
                    s += p.transferTime(t, a, b);
                    k++;
                }
            }
        }
        return k == 0 ? 0 : s / k;
    }

    // ------------------------------------------------------------------ local search

    /**
     * Moves one unit at a time to another device while that lowers the objective (throughput:
     * the period, then the sum of squared loads, which spreads work off the bottleneck).
     */
    private void localSearch(long deadline) {
        int nu = units.count();
        int[] ud = units.contract(best.devices());
        double[] key = key(best.withoutOrder());
        boolean improved = true;
        while (improved && System.nanoTime() < deadline && !ctx.shouldStop()) {
            improved = false;
            for (int u = 0; u < nu && System.nanoTime() < deadline && !ctx.shouldStop(); u++) {
                int from = ud[u];
                if (ctx.pinnedDevice(units.members(u)[0]) >= 0) {
                    continue;
                }
                int bestTo = -1;
                double[] bestKey = key;
                for (int d = 0; d < nd; d++) {
                    if (d == from || !units.allowed(u, d)) {
                        continue;
                    }
                    ud[u] = d;
                    Placement cand = fromUnits(ud);
                    double[] k = key(cand);
                    if (k != null && less(k, bestKey)) {
                        bestKey = k;
                        bestTo = d;
                    }
                }
                ud[u] = from;
                if (bestTo >= 0) {
                    ud[u] = bestTo;
                    key = bestKey;
                    improved = true;
                    consider(fromUnits(ud));
                }
            }
        }
    }

    /** Search key of a candidate, or null when it is not acceptable (infeasible, cyclic). */
    private double[] key(Placement pl) {
        Evaluation e = ev.evaluate(pl, objective);
        if (!e.feasible()) {
            return null;
        }
        if (objective == Objective.LATENCY) {
            return new double[] {e.objective(), 0};
        }
        Pipeline pipe = e.pipeline();
        if (contiguous && !contiguity.holds(pl.devices())) {
            return null;
        }
        double sq = 0;
        for (Pipeline.DeviceLoad l : pipe.devices()) {
            sq += l.load() * l.load();
        }
        return new double[] {e.objective(), sq};
    }

    private static boolean less(double[] a, double[] b) {
        if (b == null) {
            return true;
        }
        if (a[0] != b[0]) {
            return a[0] < b[0];
        }
        return a[1] < b[1] * (1 - 1e-12);
    }
}
