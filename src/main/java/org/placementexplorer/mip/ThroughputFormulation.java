package org.placementexplorer.mip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Route;

/**
 * The exact throughput MILP of a problem (docs/cost-model.md, "The throughput MILP"): minimise the
 * period P subject to every device's load and every link direction's load being at most P, with
 * the evaluator's transfer accounting. Colocation groups are contracted to units; identical
 * devices are ordered to break symmetry; {@code contiguous} adds the chain-of-ideals constraints.
 *
 * <p>Times are divided by {@link #scale()} inside the model so that the numbers the solver sees are
 * of order 1000 whatever the units; {@link #toTime} converts back.
 */
public final class ThroughputFormulation {

    /**
     * @param contiguous   require an acyclic device quotient graph (pipeline stages)
     * @param pins         operator → device that must be kept
     * @param symmetry     add symmetry-breaking rows for interchangeable devices
     * @param upperBound   a known achievable period (cut-off), or +Infinity
     */
    public record Options(boolean contiguous, Map<Integer, Integer> pins, boolean symmetry, double upperBound) {
        public static Options defaults() {
            return new Options(false, Map.of(), true, Double.POSITIVE_INFINITY);
        }
    }

    private final Problem p;
    private final Options opt;
    private final Groups units;
    private final MipModel m = new MipModel();
    private final int nd;
    private final int[][] x;
    private final int period;
    private final double scale;
    private final List<int[]> classes;
    private final int[][] ord; // contiguous: ord[a][b] for a < b, else null
    private final List<int[]> unitEdges = new ArrayList<>();
    private final Contiguity contiguity;

    private ThroughputFormulation(Problem p, Options opt) {
        this.p = p;
        this.opt = opt;
        this.units = Groups.of(p, opt.pins());
        this.nd = p.deviceCount();
        int nu = units.count();
        double ref = opt.upperBound();
        if (!(ref > 0) || Double.isInfinite(ref)) {
            ref = 0;
            for (int u = 0; u < nu; u++) {
                double t = units.minTime(u);
                ref += Double.isFinite(t) ? t : 0;
            }
        }
        this.scale = ref > 0 ? ref / 1000 : 1;
        this.classes = opt.symmetry() ? DeviceSymmetry.classes(p, opt.pins().values()) : List.of();

        x = new int[nu][nd];
        for (int u = 0; u < nu; u++) {
            for (int d = 0; d < nd; d++) {
                x[u][d] = units.allowed(u, d) ? m.addBinary("x" + u + "_" + d) : -1;
            }
        }
        double ubP = Double.isFinite(opt.upperBound()) ? opt.upperBound() / scale * (1 + 1e-6) + 1e-9
                : Double.POSITIVE_INFINITY;
        period = m.addContinuous(0, ubP, "P");
        m.setObjective(period, 1);

        // assignment
        for (int u = 0; u < nu; u++) {
            MipModel.RowBuilder r = m.row("assign" + u);
            for (int d = 0; d < nd; d++) {
                if (x[u][d] >= 0) {
                    r.add(x[u][d], 1);
                }
            }
            r.equal(1);
        }
        // ordering arcs between units (every edge for inference graphs; see Contiguity)
        contiguity = Contiguity.of(p, units);
        unitEdges.addAll(contiguity.arcs());
        MipModel.RowBuilder[] load = new MipModel.RowBuilder[nd];
        for (int d = 0; d < nd; d++) {
            load[d] = m.row("load" + d);
            for (int u = 0; u < nu; u++) {
                if (x[u][d] >= 0) {
                    load[d].add(x[u][d], units.time(u, d) / scale);
                }
            }
        }
        Cluster c = p.cluster();
        boolean links = p.transfersUseLinks();
        MipModel.RowBuilder[][] linkRow = new MipModel.RowBuilder[links ? c.links().size() : 0][2];
        for (int l = 0; l < linkRow.length; l++) {
            linkRow[l][0] = m.row("link" + l + "+");
            linkRow[l][1] = m.row("link" + l + "-");
        }
        addTransfers(load, linkRow);
        for (int d = 0; d < nd; d++) {
            load[d].add(period, -1).defines(period).atMost(0);
        }
        for (MipModel.RowBuilder[] lr : linkRow) {
            for (MipModel.RowBuilder r : lr) {
                if (!r.isEmpty()) {
                    r.add(period, -1).defines(period).atMost(0);
                }
            }
        }
        // each unit's own time is at most the period (valid; tightens the relaxation)
        for (int u = 0; u < nu; u++) {
            MipModel.RowBuilder r = m.row("unit" + u);
            for (int d = 0; d < nd; d++) {
                if (x[u][d] >= 0) {
                    r.add(x[u][d], units.time(u, d) / scale);
                }
            }
            r.add(period, -1).defines(period).atMost(0);
        }
        if (Double.isFinite(ubP)) {
            addCardinalityRows(ubP);
        }
        // memory
        for (int d = 0; d < nd; d++) {
            double cap = c.device(d).memoryBytes();
            if (Double.isInfinite(cap)) {
                continue;
            }
            double total = 0;
            MipModel.RowBuilder r = m.row("mem" + d);
            for (int u = 0; u < nu; u++) {
                if (x[u][d] >= 0 && units.memory(u) > 0) {
                    total += units.memory(u);
                    r.add(x[u][d], units.memory(u) / cap);
                }
            }
            if (total > cap) {
                r.atMost(1);
            }
        }
        if (opt.contiguous()) {
            ord = new int[nd][nd];
            addContiguity();
        } else {
            ord = null;
            addSymmetryRows();
        }
    }

    /** Builds the model for a problem. Check {@link Groups#anyUnplaceable()} first. */
    public static ThroughputFormulation build(Problem p, Options opt) {
        return new ThroughputFormulation(p, opt);
    }

    private void addTransfers(MipModel.RowBuilder[] load, MipModel.RowBuilder[][] linkRow) {
        OpGraph g = p.graph();
        Cluster c = p.cluster();
        boolean uniform = p.pricing() == Problem.Pricing.PER_TENSOR;
        boolean once = p.sendAccounting() == Problem.SendAccounting.ONCE_PER_TENSOR;
        boolean links = linkRow.length > 0;
        boolean[] pays = new boolean[nd];
        for (int d = 0; d < nd; d++) {
            pays[d] = !c.device(d).overlapsTransfers();
        }
        for (int t = 0; t < g.tensorCount(); t++) {
            int pu = units.unitOf(g.tensorProducer(t));
            int[] cons = consumerUnits(t, pu);
            if (cons.length == 0) {
                continue;
            }
            if (uniform) {
                double tau = nd > 1 ? p.transferTime(t, 0, 1) / scale : 0;
                if (!(tau > 0)) {
                    continue;
                }
                for (int d = 0; d < nd; d++) {
                    if (!pays[d]) {
                        continue;
                    }
                    // receive: some consumer on d, producer not
                    if (anyOn(cons, d)) {
                        int r = m.addContinuous(0, 1, "recv" + t + "_" + d);
                        for (int cu : cons) {
                            if (x[cu][d] >= 0) {
                                MipModel.RowBuilder row = m.row("recv").add(r, 1).add(x[cu][d], -1);
                                if (x[pu][d] >= 0) {
                                    row.add(x[pu][d], 1);
                                }
                                row.defines(r).atLeast(0);
                            }
                        }
                        load[d].add(r, tau);
                    }
                    if (x[pu][d] < 0) {
                        continue;
                    }
                    if (once) {
                        int s = m.addContinuous(0, 1, "send" + t + "_" + d);
                        for (int cu : cons) {
                            MipModel.RowBuilder row = m.row("send").add(s, 1).add(x[pu][d], -1);
                            if (x[cu][d] >= 0) {
                                row.add(x[cu][d], 1);
                            }
                            row.defines(s).atLeast(0);
                        }
                        load[d].add(s, tau);
                    } else {
                        for (int b = 0; b < nd; b++) {
                            if (b != d && anyOn(cons, b)) {
                                int z = pairVar(t, pu, cons, d, b);
                                load[d].add(z, tau);
                            }
                        }
                    }
                }
                continue;
            }
            // general pricing: one variable per ordered device pair the tensor may cross
            double bytes = g.tensorBytes(t);
            int[][] z = new int[nd][nd];
            for (int[] row : z) {
                Arrays.fill(row, -1);
            }
            for (int a = 0; a < nd; a++) {
                if (x[pu][a] < 0) {
                    continue;
                }
                for (int b = 0; b < nd; b++) {
                    if (a == b || !anyOn(cons, b)) {
                        continue;
                    }
                    double tau = p.transferTime(t, a, b) / scale;
                    Route route = links ? c.route(a, b).orElseThrow() : null;
                    boolean usesLinks = links && bytes > 0 && !route.hops().isEmpty();
                    if (!(tau > 0) && !usesLinks) {
                        continue;
                    }
                    if (!((pays[b] || pays[a]) && tau > 0) && !usesLinks) {
                        continue;
                    }
                    int zv = pairVar(t, pu, cons, a, b);
                    z[a][b] = zv;
                    if (pays[b] && tau > 0) {
                        load[b].add(zv, tau);
                    }
                    if (pays[a] && tau > 0 && !once) {
                        load[a].add(zv, tau);
                    }
                    if (usesLinks) {
                        for (int h = 0; h < route.hops().size(); h++) {
                            int l = route.hops().get(h);
                            double busy = bytes / c.links().get(l).bandwidth() / scale;
                            linkRow[l][route.forward().get(h) ? 0 : 1].add(zv, busy);
                        }
                    }
                }
                if (once && pays[a]) {
                    double maxTau = 0;
                    for (int b = 0; b < nd; b++) {
                        if (z[a][b] >= 0) {
                            maxTau = Math.max(maxTau, p.transferTime(t, a, b) / scale);
                        }
                    }
                    if (maxTau > 0) {
                        int w = m.addContinuous(0, maxTau, "sendmax" + t + "_" + a);
                        for (int b = 0; b < nd; b++) {
                            double tau = z[a][b] >= 0 ? p.transferTime(t, a, b) / scale : 0;
                            if (tau > 0) {
                                m.row("sendmax").add(w, 1).add(z[a][b], -tau).defines(w).atLeast(0);
                            }
                        }
                        load[a].add(w, 1);
                    }
                }
            }
        }
    }

    /** z ≥ x[producer][a] + x[consumer][b] − 1 for every consumer unit: tensor t goes from a to b. */
    private int pairVar(int t, int pu, int[] cons, int a, int b) {
        int z = m.addContinuous(0, 1, "z" + t + "_" + a + "_" + b);
        for (int cu : cons) {
            if (x[cu][b] >= 0) {
                m.row("pair").add(z, 1).add(x[pu][a], -1).add(x[cu][b], -1).defines(z).atLeast(-1);
            }
        }
        return z;
    }

    private boolean anyOn(int[] cons, int d) {
        for (int cu : cons) {
            if (x[cu][d] >= 0) {
                return true;
            }
        }
        return false;
    }

    private int[] consumerUnits(int t, int pu) {
        Set<Integer> s = new LinkedHashSet<>();
        for (int consumer : p.graph().tensorConsumers(t)) {
            int cu = units.unitOf(consumer);
            if (cu != pu) {
                s.add(cu);
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Counting rows (valid, they tighten branching): for a set B of units whose fastest time is at
     * least ub/(k+1), the number c_d of B-units on device d is an integer variable, and the load of d
     * is at least f_d(c_d), the sum of the c_d smallest times of B on d. f_d is convex, so its
     * tangents P ≥ f_d(j) + (c_d − j)·(f_d(j+1) − f_d(j)) hold at every integer c_d. With c_d
     * integer, branching on counts proves pigeonhole facts ("25 layers on 6 devices put 5 on one")
     * that the linear relaxation alone never sees.
     */
    private void addCardinalityRows(double ubP) {
        int nu = units.count();
        List<Set<Integer>> seenSets = new ArrayList<>();
        for (int k = 1; k <= 8; k++) {
            double theta = ubP / (k + 1);
            Set<Integer> b = new LinkedHashSet<>();
            for (int u = 0; u < nu; u++) {
                if (units.minTime(u) / scale >= theta) {
                    b.add(u);
                }
            }
            if (b.size() < 2 || seenSets.contains(b)) {
                continue;
            }
            seenSets.add(b);
            for (int d = 0; d < nd; d++) {
                List<Double> ts = new ArrayList<>();
                for (int u : b) {
                    if (x[u][d] >= 0) {
                        ts.add(units.time(u, d) / scale);
                    }
                }
                if (ts.size() < 2) {
                    continue;
                }
                ts.sort(null);
                double[] f = new double[ts.size() + 1];
                for (int j = 0; j < ts.size(); j++) {
                    f[j + 1] = f[j] + ts.get(j);
                }
                int kmax = 0;
                while (kmax < ts.size() && f[kmax + 1] <= ubP) {
                    kmax++;
                }
                int c = m.addVariable(0, kmax, true, "count" + k + "_" + d);
                MipModel.RowBuilder def = m.row("count").add(c, 1);
                for (int u : b) {
                    if (x[u][d] >= 0) {
                        def.add(x[u][d], -1);
                    }
                }
                def.defines(c).equal(0);
                for (int j = 0; j < kmax; j++) {
                    double slope = f[j + 1] - f[j];
                    m.row("countload").add(period, 1).add(c, -slope).defines(period).atLeast(f[j] - j * slope);
                }
            }
        }
    }

    // ------------------------------------------------------------------ symmetry and contiguity

    /** Devices of a class are used in order of their smallest unit (empty ones last). */
    private void addSymmetryRows() {
        int nu = units.count();
        for (int[] cls : classes) {
            for (int j = 1; j < cls.length; j++) {
                int k = cls[j];
                int prev = cls[j - 1];
                int cum = -1; // Σ_{u' < u} x[u'][prev]
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

    private void addContiguity() {
        for (int a = 0; a < nd; a++) {
            for (int b = a + 1; b < nd; b++) {
                ord[a][b] = m.addBinary("ord" + a + "_" + b);
            }
        }
        // transitivity: ord(a,b) + ord(b,c) - ord(a,c) <= 1
        for (int a = 0; a < nd; a++) {
            for (int b = 0; b < nd; b++) {
                for (int cc = 0; cc < nd; cc++) {
                    if (a == b || b == cc || a == cc) {
                        continue;
                    }
                    MipModel.RowBuilder r = m.row("trans");
                    double k = addOrd(r, a, b, 1) + addOrd(r, b, cc, 1) + addOrd(r, a, cc, -1);
                    r.constant(k).atMost(1);
                }
            }
        }
        // an edge from a unit on a to a unit on b != a forces a before b
        for (int[] e : unitEdges) {
            for (int a = 0; a < nd; a++) {
                if (x[e[0]][a] < 0) {
                    continue;
                }
                for (int b = 0; b < nd; b++) {
                    if (a == b || x[e[1]][b] < 0) {
                        continue;
                    }
                    MipModel.RowBuilder r = m.row("chain").add(x[e[0]][a], 1).add(x[e[1]][b], 1);
                    double k = addOrd(r, a, b, -1);
                    r.constant(k).atMost(1);
                }
            }
        }
        // interchangeable devices appear along the chain in index order
        for (int[] cls : classes) {
            for (int j = 1; j < cls.length; j++) {
                m.fix(ord[cls[j - 1]][cls[j]], 1);
            }
        }
    }

    /** Adds sign·ord(a,b) to a row; returns the constant part. */
    private double addOrd(MipModel.RowBuilder r, int a, int b, double sign) {
        if (a < b) {
            r.add(ord[a][b], sign);
            return 0;
        }
        r.add(ord[b][a], -sign);
        return sign;
    }

    // ------------------------------------------------------------------ points

    public MipModel model() {
        return m;
    }

    public Groups units() {
        return units;
    }

    /** Model time unit in problem time units. */
    public double scale() {
        return scale;
    }

    /** A model value (objective or bound) in the problem's time unit. */
    public double toTime(double modelValue) {
        return modelValue * scale;
    }

    /** Index of the period variable. */
    public int periodVariable() {
        return period;
    }

    /** Variable x[unit][device], or -1 when that unit may not go there. */
    public int assignVariable(int unit, int d) {
        return x[unit][d];
    }

    public List<int[]> symmetryClasses() {
        return classes;
    }

    /** The placement a model point describes. */
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
        return Placement.of(units.expand(ud));
    }

    /**
     * A complete model point for a placement (relabelled within symmetry classes as the model
     * requires), or null when the placement breaks a constraint the model has (colocation, pins,
     * support, a cycle between devices under {@code contiguous}).
     */
    public double[] hint(Placement pl) {
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
        int[] chain = null;
        if (opt.contiguous()) {
            chain = contiguity.chain(ud, nd);
            if (chain == null) {
                return null;
            }
        }
        int[] perm = opt.contiguous() ? DeviceSymmetry.canonicalByChain(chain, nd, classes)
                : DeviceSymmetry.canonicalByFirstUnit(ud, nd, classes);
        for (int u = 0; u < nu; u++) {
            ud[u] = perm[ud[u]];
            if (x[u][ud[u]] < 0) {
                return null;
            }
        }
        double[] v = new double[m.variables()];
        for (int u = 0; u < nu; u++) {
            v[x[u][ud[u]]] = 1;
        }
        if (opt.contiguous()) {
            int[] pos = new int[nd];
            Arrays.fill(pos, -1);
            int k = 0;
            for (int d : chain) {
                pos[perm[d]] = k++;
            }
            for (int d = 0; d < nd; d++) {
                if (pos[d] < 0) {
                    pos[d] = k++;
                }
            }
            for (int a = 0; a < nd; a++) {
                for (int b = a + 1; b < nd; b++) {
                    v[ord[a][b]] = pos[a] < pos[b] ? 1 : 0;
                }
            }
        }
        return m.completeHint(v);
    }

    /**
     * Forbids these units together on device d (any superset too): Σ_{u∈set} x[u][d] ≤ |set| − 1.
     * Valid when memory use on d can only grow as units are added, which holds for the evaluator's
     * throughput memory (resident memory plus the peak of live tensors in topological order).
     */
    public void forbidTogether(int d, int[] unitSet) {
        MipModel.RowBuilder r = m.row("cover" + d);
        int k = 0;
        for (int u : unitSet) {
            if (x[u][d] >= 0) {
                r.add(x[u][d], 1);
                k++;
            }
        }
        r.atMost(k - 1);
    }

    /**
     * Forbids exactly this set of units on device d (used when the evaluator finds the set over
     * memory once activations are counted, which the model does not see).
     */
    public void forbidSet(int d, int[] unitDevice) {
        MipModel.RowBuilder r = m.row("nogood" + d);
        int inSet = 0;
        for (int u = 0; u < unitDevice.length; u++) {
            if (x[u][d] < 0) {
                continue;
            }
            if (unitDevice[u] == d) {
                r.add(x[u][d], -1);
                inSet++;
            } else {
                r.add(x[u][d], 1);
            }
        }
        r.atLeast(1 - inSet);
    }
}
