package org.placementexplorer.mip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.eval.Schedule;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * The exact latency MILP of a problem (docs/cost-model.md, "The latency MILP"): device assignment
 * x, start times S, precedence with the transfer delay of the tensor when producer and consumer
 * sit on different devices, a disjunctive order for every pair of operators that no path orders
 * and that may share a device, resident memory, and the makespan C ≥ every end. Big-M values come
 * from the data: with the horizon H (a known makespan), M for the pair (u, v) is the largest
 * possible E(u) − S(v) = (H − tail(u)) − head(v), where head and tail are longest paths of fastest
 * times. Colocated operators share one set of assignment variables.
 */
public final class LatencyFormulation {

    /**
     * @param pins       operator → device that must be kept
     * @param symmetry   add symmetry-breaking rows for interchangeable devices
     * @param upperBound a known achievable makespan (the horizon H), or +Infinity for the data bound
     */
    public record Options(Map<Integer, Integer> pins, boolean symmetry, double upperBound) {
        public static Options defaults() {
            return new Options(Map.of(), true, Double.POSITIVE_INFINITY);
        }
    }

    private final Problem p;
    private final OpGraph g;
    private final Groups units;
    private final MipModel m = new MipModel();
    private final int n;
    private final int nd;
    private final double scale;
    private final double horizon;
    private final int[][] x;
    private final int[] start;
    private final int makespan;
    private final double[] head;
    private final double[] tail;
    private final List<int[]> classes;
    private final List<int[]> pairs = new ArrayList<>(); // {u, v, y, q or -1}
    private int[] delta; // per edge: 1 when its ends are on different devices (-1: same unit)
    private final long estimatedNonZeros;

    private LatencyFormulation(Problem p, Options opt) {
        this.p = p;
        this.g = p.graph();
        this.units = Groups.of(p, opt.pins());
        this.n = g.size();
        this.nd = p.deviceCount();
        int nu = units.count();
        // fastest allowed time of each operator, heads and tails
        double[] tmin = new double[n];
        double[] tmax = new double[n];
        for (int v = 0; v < n; v++) {
            int u = units.unitOf(v);
            tmin[v] = Double.POSITIVE_INFINITY;
            for (int d = 0; d < nd; d++) {
                if (units.allowed(u, d)) {
                    tmin[v] = Math.min(tmin[v], p.opTime(v, d));
                    tmax[v] = Math.max(tmax[v], p.opTime(v, d));
                }
            }
            if (Double.isInfinite(tmin[v])) {
                tmin[v] = 0; // unplaceable: the caller checks Groups.anyUnplaceable()
            }
        }
        head = new double[n];
        tail = new double[n];
        int[] topo = g.topologicalOrder();
        for (int v : topo) {
            for (int w : g.successors(v)) {
                head[w] = Math.max(head[w], head[v] + tmin[v]);
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            int v = topo[i];
            for (int w : g.successors(v)) {
                tail[v] = Math.max(tail[v], tmin[w] + tail[w]);
            }
        }
        double h = opt.upperBound();
        if (!Double.isFinite(h)) {
            h = dataHorizon(tmax);
        }
        double ref = h > 0 ? h : 1;
        this.scale = ref / 1000;
        this.horizon = h / scale * (1 + 1e-7) + 1e-9;
        for (int v = 0; v < n; v++) {
            head[v] /= scale;
            tail[v] /= scale;
            tmin[v] /= scale;
        }
        this.classes = opt.symmetry() ? DeviceSymmetry.classes(p, opt.pins().values()) : List.of();

        x = new int[nu][nd];
        for (int u = 0; u < nu; u++) {
            for (int d = 0; d < nd; d++) {
                x[u][d] = units.allowed(u, d) ? m.addBinary("x" + u + "_" + d) : -1;
            }
        }
        start = new int[n];
        for (int v = 0; v < n; v++) {
            double hi = Math.max(head[v], horizon - tail[v] - tmin[v]);
            start[v] = m.addContinuous(head[v], hi, "S" + v);
        }
        double lo = 0;
        for (int v = 0; v < n; v++) {
            lo = Math.max(lo, head[v] + tmin[v] + tail[v]);
        }
        makespan = m.addContinuous(Math.min(lo, horizon), horizon, "C");
        m.setObjective(makespan, 1);

        for (int u = 0; u < nu; u++) {
            MipModel.RowBuilder r = m.row("assign" + u);
            for (int d = 0; d < nd; d++) {
                if (x[u][d] >= 0) {
                    r.add(x[u][d], 1);
                }
            }
            r.equal(1);
        }
        addPrecedence();
        addMemoryWindows();
        // the makespan covers every end plus the fastest tail, and every device's busy time
        for (int v = 0; v < n; v++) {
            MipModel.RowBuilder r = m.row("end" + v).add(makespan, 1).add(start[v], -1);
            addDuration(r, v, -1);
            r.defines(makespan).atLeast(tail[v]);
        }
        for (int d = 0; d < nd; d++) {
            MipModel.RowBuilder r = m.row("busy" + d).add(makespan, 1);
            for (int v = 0; v < n; v++) {
                int xv = x[units.unitOf(v)][d];
                if (xv >= 0) {
                    r.add(xv, -p.opTime(v, d) / scale);
                }
            }
            r.defines(makespan).atLeast(0);
        }
        addMemory();
        addSymmetryRows();
        estimatedNonZeros = addDisjunctions(tmax);
    }

    /** Builds the model. Check {@link Groups#anyUnplaceable()} first. */
    public static LatencyFormulation build(Problem p, Options opt) {
        return new LatencyFormulation(p, opt);
    }

    /**
     * Non-zeros the model would have, estimated without building it (the disjunctive pairs
     * dominate: operator pairs that no path orders), so callers can refuse models too large to
     * solve before spending the memory.
     */
    public static long estimateNonZeros(Problem p) {
        OpGraph g = p.graph();
        int n = g.size();
        int nd = p.deviceCount();
        BitSet[] reach = new BitSet[n];
        int[] topo = g.topologicalOrder();
        long pairs = 0;
        for (int i = n - 1; i >= 0; i--) {
            int v = topo[i];
            reach[v] = new BitSet(n);
            for (int w : g.successors(v)) {
                reach[v].set(w);
                reach[v].or(reach[w]);
            }
        }
        for (int a = 0; a < n; a++) {
            BitSet ordered = (BitSet) reach[a].clone();
            for (int b = 0; b < n; b++) {
                if (reach[b].get(a)) {
                    ordered.set(b);
                }
            }
            pairs += n - 1 - ordered.cardinality();
        }
        pairs /= 2;
        return pairs * (8L + 6L * nd) + (long) g.edges().size() * (4L + 2L * nd) * nd;
    }

    /**
     * A makespan no optimal schedule exceeds: in the evaluator's schedule the last operator is
     * reached by a chain of operators and transfers, each at most once, so the makespan is at most
     * Σ slowest operator times + Σ slowest transfer per tensor.
     */
    private double dataHorizon(double[] tmax) {
        double h = 0;
        for (int v = 0; v < n; v++) {
            h += tmax[v];
        }
        for (int t = 0; t < g.tensorCount(); t++) {
            double worst = 0;
            for (int a = 0; a < nd; a++) {
                for (int b = 0; b < nd; b++) {
                    if (a != b) {
                        worst = Math.max(worst, p.transferTime(t, a, b));
                    }
                }
            }
            h += worst;
        }
        return h;
    }

    private void addDuration(MipModel.RowBuilder r, int v, double sign) {
        int u = units.unitOf(v);
        for (int d = 0; d < nd; d++) {
            if (x[u][d] >= 0) {
                r.add(x[u][d], sign * p.opTime(v, d) / scale);
            }
        }
    }

    /**
     * δ_e ≥ x[w][d] − x[u][d] for every device d: 1 when the edge's ends sit on different devices.
     * Precedence: S(w) ≥ E(u) always, and S(w) ≥ E(u) + τ·δ_e when the transfer time does not depend
     * on the devices; otherwise one row per device pair: S(w) ≥ E(u) + τ(a,b)·(x[u][a] + x[w][b] − 1).
     */
    private void addPrecedence() {
        boolean uniform = p.pricing() == Problem.Pricing.PER_TENSOR;
        delta = new int[g.edges().size()];
        Arrays.fill(delta, -1);
        for (int e = 0; e < g.edges().size(); e++) {
            Edge edge = g.edges().get(e);
            int a = edge.from();
            int w = edge.to();
            int t = g.tensorOfEdge(e);
            int ua = units.unitOf(a);
            int uw = units.unitOf(w);
            if (ua != uw) {
                delta[e] = m.addContinuous(0, 1, "delta" + e);
                for (int d = 0; d < nd; d++) {
                    if (x[uw][d] >= 0) {
                        MipModel.RowBuilder r = m.row("cross").add(delta[e], 1).add(x[uw][d], -1);
                        if (x[ua][d] >= 0) {
                            r.add(x[ua][d], 1);
                        }
                        r.defines(delta[e]).atLeast(0);
                    }
                }
            }
            double tau = uniform && nd > 1 ? p.transferTime(t, 0, 1) / scale : 0;
            MipModel.RowBuilder base = m.row("prec").add(start[w], 1).add(start[a], -1);
            addDuration(base, a, -1);
            if (delta[e] >= 0 && tau > 0) {
                base.add(delta[e], -tau);
            }
            base.atLeast(0);
            if (ua == uw || uniform) {
                continue;
            }
            // the cheapest transfer into w's device / out of u's device is paid whenever they differ
            // (implied for 0/1 points; much tighter in the relaxation than the pair rows below)
            for (int d = 0; d < nd; d++) {
                double in = Double.POSITIVE_INFINITY;
                double out = Double.POSITIVE_INFINITY;
                for (int o = 0; o < nd; o++) {
                    if (o != d) {
                        in = Math.min(in, p.transferTime(t, o, d) / scale);
                        out = Math.min(out, p.transferTime(t, d, o) / scale);
                    }
                }
                if (x[uw][d] >= 0 && in > 0) {
                    MipModel.RowBuilder r = m.row("precIn").add(start[w], 1).add(start[a], -1);
                    addDuration(r, a, -1);
                    r.add(x[uw][d], -in);
                    if (x[ua][d] >= 0) {
                        r.add(x[ua][d], in);
                    }
                    r.atLeast(0);
                }
                if (x[ua][d] >= 0 && out > 0) {
                    MipModel.RowBuilder r = m.row("precOut").add(start[w], 1).add(start[a], -1);
                    addDuration(r, a, -1);
                    r.add(x[ua][d], -out);
                    if (x[uw][d] >= 0) {
                        r.add(x[uw][d], out);
                    }
                    r.atLeast(0);
                }
            }
            for (int da = 0; da < nd; da++) {
                if (x[ua][da] < 0) {
                    continue;
                }
                for (int db = 0; db < nd; db++) {
                    if (db == da || x[uw][db] < 0) {
                        continue;
                    }
                    double tab = p.transferTime(t, da, db) / scale;
                    if (!(tab > 0)) {
                        continue;
                    }
                    MipModel.RowBuilder r = m.row("precT").add(start[w], 1).add(start[a], -1);
                    addDuration(r, a, -1);
                    r.add(x[ua][da], -tab).add(x[uw][db], -tab).atLeast(-tab);
                }
            }
        }
    }

    /**
     * Memory windows (valid cuts): along the path of largest resident memory, every window W of
     * consecutive operators whose memory exceeds what a device of capacity below size(W) holds
     * must either cross devices somewhere (Σ δ over its edges ≥ 1) or sit wholly on a device that
     * can hold it: Σ_W δ_e + Σ_{d: cap(d) ≥ size(W)} x[r][d] ≥ 1, for the member r that is slowest
     * on those large devices. The linear relaxation then pays at least one transfer per window,
     * which it otherwise avoids by spreading operators fractionally.
     */
    private void addMemoryWindows() {
        Cluster c = p.cluster();
        double smallest = Double.POSITIVE_INFINITY;
        for (int d = 0; d < nd; d++) {
            smallest = Math.min(smallest, c.device(d).memoryBytes());
        }
        if (Double.isInfinite(smallest) || nd < 2) {
            return;
        }
        // path of largest memory (by dynamic programming over the topological order)
        int[] topo = g.topologicalOrder();
        double[] best = new double[n];
        int[] via = new int[n]; // edge index into v, -1 at a path start
        Arrays.fill(via, -1);
        for (int v : topo) {
            best[v] += p.opMemory(v);
            for (int e : g.outEdges(v)) {
                int w = g.edges().get(e).to();
                if (best[v] > best[w]) {
                    best[w] = best[v];
                    via[w] = e;
                }
            }
        }
        int end = 0;
        for (int v = 0; v < n; v++) {
            if (best[v] > best[end]) {
                end = v;
            }
        }
        List<Integer> pathEdges = new ArrayList<>();
        int v = end;
        while (via[v] >= 0) {
            pathEdges.add(via[v]);
            v = g.edges().get(via[v]).from();
        }
        java.util.Collections.reverse(pathEdges);
        List<Integer> path = new ArrayList<>();
        path.add(v);
        for (int e : pathEdges) {
            path.add(g.edges().get(e).to());
        }
        // sliding windows: for each start, the shortest window that no device of the smallest
        // capacity holds
        int k = path.size();
        for (int i = 0; i < k; i++) {
            double size = 0;
            for (int j = i; j < k; j++) {
                size += p.opMemory(path.get(j));
                if (size > smallest) {
                    addWindow(path.subList(i, j + 1), pathEdges.subList(i, j), size);
                    break;
                }
            }
        }
    }

    private void addWindow(List<Integer> ops, List<Integer> edges, double size) {
        Cluster c = p.cluster();
        MipModel.RowBuilder r = m.row("window");
        for (int e : edges) {
            if (delta[e] >= 0) {
                r.add(delta[e], 1);
            } else {
                return; // an edge inside a colocation unit never crosses: skip this window
            }
        }
        // the member that loses most by sitting on a large device
        int rep = ops.get(0);
        double worst = -1;
        for (int o : ops) {
            double cost = 0;
            for (int d = 0; d < nd; d++) {
                if (c.device(d).memoryBytes() >= size && x[units.unitOf(o)][d] >= 0) {
                    cost = Math.max(cost, p.opTime(o, d));
                }
            }
            if (cost > worst) {
                worst = cost;
                rep = o;
            }
        }
        for (int d = 0; d < nd; d++) {
            int xv = x[units.unitOf(rep)][d];
            if (xv >= 0 && c.device(d).memoryBytes() >= size) {
                r.add(xv, 1);
            }
        }
        r.atLeast(1);
    }

    private void addMemory() {
        Cluster c = p.cluster();
        for (int d = 0; d < nd; d++) {
            double cap = c.device(d).memoryBytes();
            if (Double.isInfinite(cap)) {
                continue;
            }
            double total = 0;
            MipModel.RowBuilder r = m.row("mem" + d);
            for (int u = 0; u < units.count(); u++) {
                if (x[u][d] >= 0 && units.memory(u) > 0) {
                    total += units.memory(u);
                    r.add(x[u][d], units.memory(u) / cap);
                }
            }
            if (total > cap) {
                r.atMost(1);
            }
        }
    }

    private void addSymmetryRows() {
        int nu = units.count();
        for (int[] cls : classes) {
            for (int j = 1; j < cls.length; j++) {
                int k = cls[j];
                int prev = cls[j - 1];
                int cum = -1;
                for (int u = 0; u < nu; u++) {
                    if (x[u][k] >= 0) {
                        MipModel.RowBuilder r = m.row("sym").add(x[u][k], 1);
                        if (cum >= 0) {
                            r.add(cum, -1);
                        }
                        r.atMost(0);
                    }
                    if (u + 1 < nu && x[u][prev] >= 0) {
                        int next = m.addContinuous(0, Double.POSITIVE_INFINITY, "cum" + u + "_" + prev);
                        MipModel.RowBuilder r = m.row("cum").add(next, 1).add(x[u][prev], -1);
                        if (cum >= 0) {
                            r.add(cum, -1);
                        }
                        r.defines(next).equal(0);
                        cum = next;
                    }
                }
            }
        }
    }

    /** Pairs that no path orders and that may share a device get an order variable. */
    private long addDisjunctions(double[] tmax) {
        BitSet[] reach = new BitSet[n];
        int[] topo = g.topologicalOrder();
        for (int i = n - 1; i >= 0; i--) {
            int v = topo[i];
            reach[v] = new BitSet(n);
            for (int w : g.successors(v)) {
                reach[v].set(w);
                reach[v].or(reach[w]);
            }
        }
        long nz = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (reach[a].get(b) || reach[b].get(a)) {
                    continue;
                }
                if (tmax[a] == 0 && tmax[b] == 0) {
                    continue; // two instantaneous operators never delay each other
                }
                int ua = units.unitOf(a);
                int ub = units.unitOf(b);
                boolean common = false;
                for (int d = 0; d < nd; d++) {
                    common |= x[ua][d] >= 0 && x[ub][d] >= 0;
                }
                if (!common) {
                    continue;
                }
                int q = -1;
                if (ua != ub) {
                    q = m.addContinuous(0, 1, "q" + a + "_" + b);
                    for (int d = 0; d < nd; d++) {
                        if (x[ua][d] >= 0 && x[ub][d] >= 0) {
                            m.row("same").add(q, 1).add(x[ua][d], -1).add(x[ub][d], -1).defines(q).atLeast(-1);
                            nz += 3;
                        }
                    }
                }
                int y = m.addBinary("y" + a + "_" + b);
                double m1 = Math.max(0, horizon - tail[a] - head[b]);
                double m2 = Math.max(0, horizon - tail[b] - head[a]);
                // y = 1: a before b
                MipModel.RowBuilder r1 = m.row("before").add(start[b], 1).add(start[a], -1);
                addDuration(r1, a, -1);
                r1.add(y, -m1);
                if (q >= 0) {
                    r1.add(q, -m1).atLeast(-2 * m1);
                } else {
                    r1.atLeast(-m1);
                }
                // y = 0: b before a
                MipModel.RowBuilder r2 = m.row("after").add(start[a], 1).add(start[b], -1);
                addDuration(r2, b, -1);
                r2.add(y, m2);
                if (q >= 0) {
                    r2.add(q, -m2).atLeast(-m2);
                } else {
                    r2.atLeast(0);
                }
                nz += 2 * (4 + 2 * nd);
                pairs.add(new int[] {a, b, y, q});
            }
        }
        return nz + m.nonZeros();
    }

    public MipModel model() {
        return m;
    }

    public Groups units() {
        return units;
    }

    public double scale() {
        return scale;
    }

    public double toTime(double modelValue) {
        return modelValue * scale;
    }

    /** Variable x[unit][device], or -1 when that unit may not go there. */
    public int assignVariable(int unit, int d) {
        return x[unit][d];
    }

    public int makespanVariable() {
        return makespan;
    }

    /** Number of operator pairs with an order variable. */
    public int disjunctivePairs() {
        return pairs.size();
    }

    public long estimatedNonZeros() {
        return estimatedNonZeros;
    }

    /**
     * The placement a model point describes, with each device's operators in the order of their
     * model start times (ties: earlier end, then topological position), so the evaluator's
     * schedule for it starts no operator later than the model does.
     */
    public Placement decode(double[] values) {
        int nu = units.count();
        int[] ud = new int[nu];
        for (int u = 0; u < nu; u++) {
            int best = -1;
            for (int d = 0; d < nd; d++) {
                if (x[u][d] >= 0 && (best < 0 || values[x[u][d]] > values[x[u][best]])) {
                    best = d;
                }
            }
            ud[u] = best;
        }
        int[] dev = units.expand(ud);
        double[] s = new double[n];
        double[] e = new double[n];
        for (int v = 0; v < n; v++) {
            s[v] = values[start[v]];
            e[v] = s[v] + p.opTime(v, dev[v]) / scale;
        }
        List<List<Integer>> seq = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            seq.add(new ArrayList<>());
        }
        // a linear extension of the graph that follows the model's times: Kahn's algorithm taking
        // the ready operator of smallest (start, end, topological position). With exact times this
        // is simply the sorted order; it also stays consistent with the graph when the solver's
        // tolerances put a consumer a hair before its producer.
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>((a, b) -> {
            int c = Double.compare(s[a], s[b]);
            if (c != 0) {
                return c;
            }
            c = Double.compare(e[a], e[b]);
            if (c != 0) {
                return c;
            }
            return Integer.compare(g.topologicalPosition(a), g.topologicalPosition(b));
        });
        int[] missing = new int[n];
        for (int v = 0; v < n; v++) {
            missing[v] = g.predecessors(v).length;
            if (missing[v] == 0) {
                ready.add(v);
            }
        }
        while (!ready.isEmpty()) {
            int v = ready.poll();
            seq.get(dev[v]).add(v);
            for (int w : g.successors(v)) {
                if (--missing[w] == 0) {
                    ready.add(w);
                }
            }
        }
        int[][] order = new int[nd][];
        for (int d = 0; d < nd; d++) {
            order[d] = seq.get(d).stream().mapToInt(Integer::intValue).toArray();
        }
        return Placement.of(dev).withOrder(order);
    }

    /**
     * A complete model point for a placement (scheduled by the evaluator with its order, or the
     * evaluator's list-scheduling order), relabelled within symmetry classes; null when it breaks a
     * model constraint (colocation, pins, support, resident memory is checked by the model rows).
     */
    public double[] hint(Placement pl, Evaluator ev) {
        int nu = units.count();
        int[] ud = units.contract(pl.devices());
        if (!Arrays.equals(units.expand(ud), pl.devices())) {
            return null;
        }
        for (int u = 0; u < nu; u++) {
            if (x[u][ud[u]] < 0) {
                return null;
            }
        }
        Schedule sch = ev.schedule(pl);
        int[] perm = DeviceSymmetry.canonicalByFirstUnit(ud, nd, classes);
        double[] v = new double[m.variables()];
        for (int u = 0; u < nu; u++) {
            int d = perm[ud[u]];
            if (x[u][d] < 0) {
                return null;
            }
            v[x[u][d]] = 1;
        }
        int[] pos = new int[n];
        for (int[] seq : sch.order()) {
            for (int i = 0; i < seq.length; i++) {
                pos[seq[i]] = i;
            }
        }
        int[] dev = pl.devices();
        for (int op = 0; op < n; op++) {
            v[start[op]] = sch.start()[op] / scale;
        }
        for (int[] pr : pairs) {
            int a = pr[0];
            int b = pr[1];
            boolean aFirst = dev[a] == dev[b] ? pos[a] < pos[b] : sch.start()[a] <= sch.start()[b];
            v[pr[2]] = aFirst ? 1 : 0;
        }
        return m.completeHint(v);
    }
}
