package org.placementexplorer.solve.heft;

import java.util.Arrays;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.IncrementalEvaluator;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.Status;
import org.placementexplorer.solve.common.HeuristicSolver;
import org.placementexplorer.solve.common.MemoryRepair;
import org.placementexplorer.solve.common.OpUnits;

/**
 * HEFT (Topcuoglu, Hariri and Wu, 2002): list scheduling by upward rank with insertion.
 *
 * <p><b>Rank.</b> rank(v) = w̄(v) + max over v's out-edges (c̄(t) + rank(w)), where w̄ is v's mean
 * time over the devices its unit may use and c̄(t) the mean time of moving the edge's tensor between
 * two distinct usable devices. Operators are taken by decreasing rank (ties: topological order),
 * which is a topological order.
 *
 * <p><b>Latency.</b> Each operator goes to the device where it finishes first: its inputs arrive as
 * the evaluator says (end of the producer + the transfer), and it may be inserted into an idle gap
 * between operators already on the device when it fits there. The placement is offered with the
 * per-device order of that schedule, so the evaluator reproduces it (its times can only be earlier,
 * never later). A colocation group goes where its first operator finishes first; a pinned operator
 * stays on its device; devices whose resident memory the group would overflow are skipped.
 *
 * <p><b>Memory.</b> Groups go only to devices with room for their resident memory; when the
 * evaluator then finds a device over capacity because of activations, HEFT runs again keeping that
 * device's activation peak free (at most four constructions).
 *
 * <p><b>Throughput</b> (the load-balancing variant): in the same order each unit goes to the device
 * that keeps the period (largest device or link load, counting the transfers to and from the units
 * already placed) smallest, ties to the smaller load of the chosen device.
 */
public final class HeftSolver extends HeuristicSolver {
    public static final String NAME = "heft";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "HEFT list scheduling by upward rank with insertion (latency); for throughput the greedy that keeps "
                + "the largest device or link load smallest";
    }

    @Override
    protected HeuristicSolver fresh() {
        return new HeftSolver();
    }

    @Override
    protected Status search(SolveContext ctx, OpUnits units) {
        Problem p = ctx.problem();
        double[] reserve = new double[p.deviceCount()];
        // when activations overflow a device, build again keeping their peak free there (a few times)
        for (int attempt = 0; attempt < 4 && !ctx.shouldStop(); attempt++) {
            Evaluation e;
            if (ctx.objective() == Objective.LATENCY) {
                Schedule s = latency(p, units, reserve);
                int[] unitDev = units.restrict(s.devices());
                e = MemoryRepair.fits(units, unitDev, reserve)
                        ? ctx.offer(Placement.of(s.devices()).withOrder(s.order()))
                        : offerUnits(ctx, units, unitDev, reserve);
            } else {
                e = offerUnits(ctx, units, units.restrict(throughput(p, units, reserve)), reserve);
            }
            if (e.feasible() || !learnReserve(e, reserve)) {
                break;
            }
        }
        return Status.FEASIBLE;
    }

    /** HEFT's schedule: device per operator, per-device order, times and makespan. */
    public record Schedule(int[] devices, int[][] order, double[] start, double[] end, double makespan) {
    }

    /** Upward ranks (see the class comment). */
    public static double[] upwardRanks(Problem p, OpUnits units) {
        OpGraph g = p.graph();
        int n = g.size();
        int nd = p.deviceCount();
        boolean[] usable = new boolean[nd];
        for (int u = 0; u < units.count(); u++) {
            for (int d = 0; d < nd; d++) {
                usable[d] |= units.allowed(u, d);
            }
        }
        double[] meanComm = new double[g.tensorCount()];
        for (int t = 0; t < meanComm.length; t++) {
            double sum = 0;
            int pairs = 0;
            for (int a = 0; a < nd; a++) {
                for (int b = 0; b < nd; b++) {
                    if (a != b && usable[a] && usable[b]) {
                        sum += p.transferTime(t, a, b);
                        pairs++;
                    }
                }
            }
            meanComm[t] = pairs == 0 ? 0 : sum / pairs;
        }
        double[] rank = new double[n];
        int[] topo = g.topologicalOrder();
        for (int i = n - 1; i >= 0; i--) {
            int v = topo[i];
            int u = units.unitOf(v);
            double w = 0;
            int k = 0;
            for (int d = 0; d < nd; d++) {
                if (units.allowed(u, d)) {
                    w += p.opTime(v, d);
                    k++;
                }
            }
            w = k == 0 ? 0 : w / k;
            double best = 0;
            for (int e : g.outEdges(v)) {
                int x = g.edges().get(e).to();
                best = Math.max(best, meanComm[g.tensorOfEdge(e)] + rank[x]);
            }
            rank[v] = w + best;
        }
        return rank;
    }

    /** Operators by decreasing rank, ties by topological position. */
    public static int[] rankOrder(Problem p, double[] rank) {
        OpGraph g = p.graph();
        Integer[] ops = new Integer[g.size()];
        for (int v = 0; v < ops.length; v++) {
            ops[v] = v;
        }
        Arrays.sort(ops, (a, b) -> rank[a] != rank[b] ? Double.compare(rank[b], rank[a])
                : Integer.compare(g.topologicalPosition(a), g.topologicalPosition(b)));
        return Arrays.stream(ops).mapToInt(Integer::intValue).toArray();
    }

    /** HEFT with insertion for one sample (see the class comment). */
    public static Schedule latency(Problem p, OpUnits units) {
        return latency(p, units, new double[p.deviceCount()]);
    }

    /** HEFT with insertion, keeping {@code reserve[d]} of each device's memory free. */
    public static Schedule latency(Problem p, OpUnits units, double[] reserve) {
        OpGraph g = p.graph();
        Cluster c = p.cluster();
        int n = g.size();
        int nd = c.size();
        int[] order = rankOrder(p, upwardRanks(p, units));
        int[] dev = new int[n];
        Arrays.fill(dev, -1);
        int[] unitDev = new int[units.count()];
        Arrays.fill(unitDev, -1);
        double[] usedMem = new double[nd];
        double[] start = new double[n];
        double[] end = new double[n];
        int[][] seq = new int[nd][8];
        int[] len = new int[nd];
        for (int v : order) {
            int u = units.unitOf(v);
            int bestD = -1;
            int bestPos = -1;
            double bestStart = 0;
            double bestEnd = Double.POSITIVE_INFINITY;
            for (int pass = 0; pass < 2 && bestD < 0; pass++) {
                for (int d = 0; d < nd; d++) {
                    if (unitDev[u] >= 0 ? d != unitDev[u] : !units.allowed(u, d)) {
                        continue;
                    }
                    // first pass: only devices with room for a group that is not placed yet
                    if (pass == 0 && unitDev[u] < 0
                            && usedMem[d] + units.memory(u) > c.device(d).memoryBytes() - reserve[d]) {
                        continue;
                    }
                    double ready = 0;
                    for (int e : g.inEdges(v)) {
                        int x = g.edges().get(e).from();
                        double at = dev[x] == d ? end[x] : end[x] + p.transferTime(g.tensorOfEdge(e), dev[x], d);
                        if (at > ready) {
                            ready = at;
                        }
                    }
                    double w = p.opTime(v, d);
                    // earliest idle gap that fits, after every operator that has ended by then
                    double prevEnd = 0;
                    int pos = len[d];
                    double s = -1;
                    for (int i = 0; i < len[d]; i++) {
                        int x = seq[d][i];
                        double cand = Math.max(ready, prevEnd);
                        if (cand + w <= start[x] && end[x] > cand) {
                            pos = i;
                            s = cand;
                            break;
                        }
                        prevEnd = Math.max(prevEnd, end[x]);
                    }
                    if (s < 0) {
                        s = Math.max(ready, prevEnd);
                    }
                    double f = s + w;
                    if (f < bestEnd) {
                        bestEnd = f;
                        bestStart = s;
                        bestD = d;
                        bestPos = pos;
                    }
                }
            }
            if (bestD < 0) {
                throw new IllegalStateException("operator " + g.op(v).id()
                        + " has no device (the feasibility check missed it)");
            }
            if (unitDev[u] < 0) {
                unitDev[u] = bestD;
                usedMem[bestD] += units.memory(u);
            }
            dev[v] = bestD;
            start[v] = bestStart;
            end[v] = bestEnd;
            if (len[bestD] == seq[bestD].length) {
                seq[bestD] = Arrays.copyOf(seq[bestD], len[bestD] * 2);
            }
            System.arraycopy(seq[bestD], bestPos, seq[bestD], bestPos + 1, len[bestD] - bestPos);
            seq[bestD][bestPos] = v;
            len[bestD]++;
        }
        int[][] out = new int[nd][];
        double makespan = 0;
        for (int d = 0; d < nd; d++) {
            out[d] = Arrays.copyOf(seq[d], len[d]);
        }
        for (int v = 0; v < n; v++) {
            makespan = Math.max(makespan, end[v]);
        }
        return new Schedule(dev, out, start, end, makespan);
    }

    /** The throughput variant: device per operator (see the class comment). */
    public static int[] throughput(Problem p, OpUnits units) {
        return throughput(p, units, new double[p.deviceCount()]);
    }

    /** The throughput variant, keeping {@code reserve[d]} of each device's memory free. */
    public static int[] throughput(Problem p, OpUnits units, double[] reserve) {
        int nd = p.deviceCount();
        Cluster c = p.cluster();
        int[] order = rankOrder(p, upwardRanks(p, units));
        IncrementalEvaluator inc = new IncrementalEvaluator(p);
        boolean[] placed = new boolean[units.count()];
        for (int v : order) {
            int u = units.unitOf(v);
            if (placed[u]) {
                continue;
            }
            placed[u] = true;
            int best = -1;
            double bestPeriod = 0;
            double bestLoad = 0;
            for (int pass = 0; pass < 2 && best < 0; pass++) {
                for (int d = 0; d < nd; d++) {
                    if (!units.allowed(u, d)) {
                        continue;
                    }
                    if (pass == 0 && inc.residentMemory(d) + units.memory(u) > c.device(d).memoryBytes() - reserve[d]) {
                        continue;
                    }
                    inc.beginTrial();
                    for (int x : units.members(u)) {
                        inc.move(x, d);
                    }
                    double period = inc.period();
                    double load = inc.load(d);
                    inc.rollback();
                    if (best < 0 || period < bestPeriod || (period == bestPeriod && load < bestLoad)) {
                        best = d;
                        bestPeriod = period;
                        bestLoad = load;
                    }
                }
            }
            for (int x : units.members(u)) {
                inc.move(x, best);
            }
        }
        return inc.devices();
    }
}
