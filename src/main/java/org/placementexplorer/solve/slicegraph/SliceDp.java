package org.placementexplorer.solve.slicegraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.common.OpUnits;

/**
 * The optimal cut of one topological order of units into contiguous slices, slice j on device
 * {@code seq[j]} (a slice may be empty, so at most one slice per device), for a slice cost that the
 * DP can evaluate slice by slice (Archer et al., ICML 2024).
 *
 * <p><b>Slice cost</b> of the units at positions [l, r) on device d:
 * <ul>
 *   <li>compute = Σ of the units' times on d (+∞ if one cannot run there or is pinned elsewhere);</li>
 *   <li>in = Σ over the tensors the slice receives (producer outside it, a consumer inside) of their
 *       receive price on d, once per tensor; out = Σ over the tensors it sends (producer inside, a
 *       consumer outside) of their send price on d, once per tensor. In a topological order every
 *       received tensor comes from an earlier slice; the order may also put a consumer first (units
 *       joined by colocation can form cycles), and the sums stay right;</li>
 *   <li>throughput: max(compute + (in + out if d does not overlap transfers), link-in, link-out),
 *       where link-in/out are the same sums of the transfers' busy time on the route's slowest link;
 *       latency: compute + in (the slice waits for its inputs, then runs);</li>
 *   <li>+∞ when the slice's resident memory exceeds d's capacity minus a reserve.</li>
 * </ul>
 * Prices: for per-tensor pricing the tensor's time (exact: this is the Tarnawski model, where the
 * DP cost of a slicing equals the evaluator's period when the send accounting is once per tensor);
 * for routed and matrix pricing the mean over the other usable devices of the transfer into (or out
 * of) d — a proxy; the evaluator judges the resulting placement.
 *
 * <p><b>DP</b> (throughput, min–max; latency, min–sum): best[j][r] = min(best[j−1][r],
 * min over l &lt; r of best[j−1][l] ⊕ cost(l, r, seq[j−1])). For fixed r the window [l, r) grows
 * leftwards and its in/out sums are updated per added unit in O(degree × devices); the scan stops
 * once the window's compute time alone reaches the best candidate of every device (costs only grow).
 * Devices that give every window the same sums (identical devices) share one set of sums.
 */
public final class SliceDp {
    private final Problem p;
    private final OpUnits units;
    private final int nu;
    private final int nd;
    private final boolean latency;
    private final boolean[] pays;
    private final double[] capacity;
    // crossing tensors: produced by one unit, consumed by at least one other
    private final int[] crossProducer; // unit
    private final int[][] crossConsumers; // distinct units other than the producer
    private final int[][] producedBy; // unit -> crossing tensor indices
    private final int[][] consumedBy; // unit -> crossing tensor indices
    private final double[][] priceIn; // [tensor][device]
    private final double[][] priceOut;
    private final double[][] linkIn; // null without links
    private final double[][] linkOut;
    // devices that are interchangeable for the DP share one class, so window sums are kept per class
    private final int[] classOf;
    private final int[] classDevice;

    /** A slicing: device per unit and the DP's value of it. */
    public record Slicing(int[] unitDevice, double value) {
    }

    public SliceDp(Problem p, OpUnits units, boolean latency) {
        this.p = p;
        this.units = units;
        this.latency = latency;
        nu = units.count();
        nd = p.deviceCount();
        Cluster c = p.cluster();
        pays = new boolean[nd];
        capacity = new double[nd];
        boolean[] usable = new boolean[nd];
        for (int d = 0; d < nd; d++) {
            pays[d] = !c.device(d).overlapsTransfers();
            capacity[d] = c.device(d).memoryBytes();
            for (int u = 0; u < nu && !usable[d]; u++) {
                usable[d] = units.allowed(u, d);
            }
        }
        OpGraph g = p.graph();
        List<Integer> tensors = new ArrayList<>();
        List<int[]> consumers = new ArrayList<>();
        int[] stamp = new int[nu];
        Arrays.fill(stamp, -1);
        for (int t = 0; t < g.tensorCount(); t++) {
            int pu = units.unitOf(g.tensorProducer(t));
            int[] buf = new int[g.tensorConsumers(t).length];
            int k = 0;
            for (int w : g.tensorConsumers(t)) {
                int cu = units.unitOf(w);
                if (cu != pu && stamp[cu] != t) {
                    stamp[cu] = t;
                    buf[k++] = cu;
                }
            }
            if (k > 0) {
                tensors.add(t);
                consumers.add(Arrays.copyOf(buf, k));
            }
        }
        int nt = tensors.size();
        crossProducer = new int[nt];
        crossConsumers = new int[nt][];
        priceIn = new double[nt][nd];
        priceOut = new double[nt][nd];
        boolean links = p.transfersUseLinks();
        linkIn = links ? new double[nt][nd] : null;
        linkOut = links ? new double[nt][nd] : null;
        List<List<Integer>> prod = new ArrayList<>();
        List<List<Integer>> cons = new ArrayList<>();
        for (int u = 0; u < nu; u++) {
            prod.add(new ArrayList<>());
            cons.add(new ArrayList<>());
        }
        for (int i = 0; i < nt; i++) {
            int t = tensors.get(i);
            crossProducer[i] = units.unitOf(g.tensorProducer(t));
            crossConsumers[i] = consumers.get(i);
            prod.get(crossProducer[i]).add(i);
            for (int cu : crossConsumers[i]) {
                cons.get(cu).add(i);
            }
            for (int d = 0; d < nd; d++) {
                double sumIn = 0;
                double sumOut = 0;
                double lIn = 0;
                double lOut = 0;
                int k = 0;
                for (int e = 0; e < nd; e++) {
                    if (e == d || !usable[e]) {
                        continue;
                    }
                    k++;
                    sumIn += p.transferTime(t, e, d);
                    sumOut += p.transferTime(t, d, e);
                    if (links) {
                        double bytes = g.tensorBytes(t);
                        lIn += bytes / c.route(e, d).orElseThrow().bandwidth();
                        lOut += bytes / c.route(d, e).orElseThrow().bandwidth();
                    }
                }
                priceIn[i][d] = k == 0 ? 0 : sumIn / k;
                priceOut[i][d] = k == 0 ? 0 : sumOut / k;
                if (links) {
                    linkIn[i][d] = k == 0 ? 0 : lIn / k;
                    linkOut[i][d] = k == 0 ? 0 : lOut / k;
                }
            }
        }
        producedBy = new int[nu][];
        consumedBy = new int[nu][];
        for (int u = 0; u < nu; u++) {
            producedBy[u] = prod.get(u).stream().mapToInt(Integer::intValue).toArray();
            consumedBy[u] = cons.get(u).stream().mapToInt(Integer::intValue).toArray();
        }
        classOf = new int[nd];
        List<Integer> reps = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            int found = -1;
            for (int q = 0; q < reps.size() && found < 0; q++) {
                if (sameForDp(reps.get(q), d)) {
                    found = q;
                }
            }
            if (found < 0) {
                found = reps.size();
                reps.add(d);
            }
            classOf[d] = found;
        }
        classDevice = reps.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether devices a and b give every window the same sums (times, prices, transfer charging). */
    private boolean sameForDp(int a, int b) {
        if (pays[a] != pays[b]) {
            return false;
        }
        for (int u = 0; u < nu; u++) {
            if (units.time(u, a) != units.time(u, b)) {
                return false;
            }
        }
        for (int i = 0; i < crossProducer.length; i++) {
            if (priceIn[i][a] != priceIn[i][b] || priceOut[i][a] != priceOut[i][b]) {
                return false;
            }
            if (linkIn != null && (linkIn[i][a] != linkIn[i][b] || linkOut[i][a] != linkOut[i][b])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The best slicing of {@code order} (every unit once; producers need not come first) onto the
     * devices in the order {@code seq} (each device at most once), keeping {@code reserve[d]} of
     * memory free (may be null); null when every slicing is infeasible.
     */
    public Slicing solve(int[] order, int[] seq, double[] reserve) {
        int n = order.length;
        int k = seq.length;
        int[] pos = new int[nu];
        for (int i = 0; i < n; i++) {
            pos[order[i]] = i;
        }
        int nt = crossProducer.length;
        double[] cap = new double[k];
        for (int j = 0; j < k; j++) {
            cap[j] = capacity[seq[j]] - (reserve == null ? 0 : reserve[seq[j]]);
        }
        double inf = Double.POSITIVE_INFINITY;
        double[][] best = new double[k + 1][n + 1];
        int[][] from = new int[k + 1][n + 1];
        for (double[] row : best) {
            Arrays.fill(row, inf);
        }
        best[0][0] = 0;
        for (int j = 1; j <= k; j++) {
            best[j][0] = 0;
            from[j][0] = -1;
        }
        int nc = classDevice.length;
        int[] slotClass = new int[k];
        for (int j = 0; j < k; j++) {
            slotClass[j] = classOf[seq[j]];
        }
        boolean[] allClasses = new boolean[nc];
        Arrays.fill(allClasses, true);
        // the prefix window [0, r) (the whole prefix goes to slot j when the slots before it are
        // empty) grows rightwards; its sums are kept per class
        Window prefix = new Window(nt, nc);
        prefix.reset(0);
        // the window [l, r) for slots after the first grows leftwards, once per r
        Window win = new Window(nt, nc);
        int[] aliveInClass = new int[nc];
        boolean[] classAlive = new boolean[nc];
        double[] cand = new double[k];
        int[] candL = new int[k];
        boolean[] dead = new boolean[k];
        for (int r = 1; r <= n; r++) {
            prefix.add(order[r - 1], 0, r, pos, allClasses);
            for (int j = 0; j < k; j++) {
                int c = slotClass[j];
                cand[j] = inf;
                candL[j] = -1;
                if (prefix.cmp[c] != inf && prefix.mem <= cap[j]) {
                    cand[j] = cost(prefix, c, seq[j]);
                    candL[j] = 0;
                }
            }
            win.reset(r);
            Arrays.fill(aliveInClass, 0);
            Arrays.fill(dead, false);
            dead[0] = true;
            for (int j = 1; j < k; j++) {
                aliveInClass[slotClass[j]]++;
            }
            int alive = k - 1;
            for (int l = r - 1; l >= 1 && alive > 0; l--) {
                for (int c = 0; c < nc; c++) {
                    classAlive[c] = aliveInClass[c] > 0;
                }
                win.add(order[l], l, r, pos, classAlive);
                for (int j = 1; j < k; j++) {
                    if (dead[j]) {
                        continue;
                    }
                    int c = slotClass[j];
                    if (win.cmp[c] == inf || win.mem > cap[j] || win.cmp[c] >= cand[j]) {
                        dead[j] = true; // these only grow as the window widens
                        alive--;
                        aliveInClass[c]--;
                        continue;
                    }
                    double prev = best[j][l];
                    if (prev == inf) {
                        continue;
                    }
                    double cost = cost(win, c, seq[j]);
                    double v = latency ? prev + cost : Math.max(prev, cost);
                    if (v < cand[j]) {
                        cand[j] = v;
                        candL[j] = l;
                    }
                }
            }
            for (int j = 1; j <= k; j++) {
                double skip = best[j - 1][r];
                double use = cand[j - 1];
                if (use < skip) {
                    best[j][r] = use;
                    from[j][r] = candL[j - 1];
                } else {
                    best[j][r] = skip;
                    from[j][r] = -1;
                }
            }
        }
        if (best[k][n] == inf) {
            return null;
        }
        int[] unitDevice = new int[nu];
        int r = n;
        for (int j = k; j >= 1 && r > 0; j--) {
            int l = from[j][r];
            if (l < 0) {
                continue; // slot j empty
            }
            for (int i = l; i < r; i++) {
                unitDevice[order[i]] = seq[j - 1];
            }
            r = l;
        }
        return new Slicing(unitDevice, best[k][n]);
    }

    /** A window's cost on device d of class c (see the class comment). */
    private double cost(Window w, int c, int d) {
        if (latency) {
            return w.cmp[c] + w.in[c];
        }
        double cost = w.cmp[c] + (pays[d] ? w.in[c] + w.out[c] : 0);
        if (linkIn != null) {
            cost = Math.max(cost, Math.max(w.lin[c], w.lout[c]));
        }
        return cost;
    }

    /**
     * Sums of a contiguous window of the order, per device class: compute, memory, and the
     * tensors it receives (producer outside, a consumer inside) and sends (producer inside, a
     * consumer outside), each once. Units are added one at a time at either end.
     */
    private final class Window {
        final double[] cmp;
        final double[] in;
        final double[] out;
        final double[] lin;
        final double[] lout;
        double mem;
        final int[] inside; // consumer units of a tensor inside the window
        final int[] stamp;
        int epoch;

        Window(int nt, int nc) {
            cmp = new double[nc];
            in = new double[nc];
            out = new double[nc];
            lin = new double[nc];
            lout = new double[nc];
            inside = new int[nt];
            stamp = new int[nt];
            Arrays.fill(stamp, -1);
        }

        void reset(int e) {
            Arrays.fill(cmp, 0);
            Arrays.fill(in, 0);
            Arrays.fill(out, 0);
            Arrays.fill(lin, 0);
            Arrays.fill(lout, 0);
            mem = 0;
            epoch = e;
        }

        private int count(int i) {
            if (stamp[i] != epoch) {
                stamp[i] = epoch;
                inside[i] = 0;
            }
            return inside[i];
        }

        /**
         * Adds unit x (at position {@code at}) to the window that afterwards spans [lo, hi);
         * only the classes marked in {@code classes} are updated.
         */
        void add(int x, int lo, int hi, int[] pos, boolean[] classes) {
            int nc = cmp.length;
            mem += units.memory(x);
            for (int c = 0; c < nc; c++) {
                if (classes[c]) {
                    cmp[c] += units.time(x, classDevice[c]);
                }
            }
            // x's outputs: no longer received (if consumed inside), now sent (if consumed outside)
            for (int i : producedBy[x]) {
                int ins = count(i);
                boolean wasIn = ins > 0;
                boolean goesOut = ins < crossConsumers[i].length;
                for (int c = 0; c < nc; c++) {
                    if (!classes[c]) {
                        continue;
                    }
                    int d = classDevice[c];
                    if (wasIn) {
                        in[c] -= priceIn[i][d];
                        if (linkIn != null) {
                            lin[c] -= linkIn[i][d];
                        }
                    }
                    if (goesOut) {
                        out[c] += priceOut[i][d];
                        if (linkOut != null) {
                            lout[c] += linkOut[i][d];
                        }
                    }
                }
            }
            // x's inputs
            for (int i : consumedBy[x]) {
                int before = count(i);
                inside[i] = before + 1;
                int pp = pos[crossProducer[i]];
                boolean producerInside = pp >= lo && pp < hi;
                if (producerInside) {
                    if (before + 1 == crossConsumers[i].length) { // no consumer outside any more
                        for (int c = 0; c < nc; c++) {
                            if (classes[c]) {
                                out[c] -= priceOut[i][classDevice[c]];
                                if (linkOut != null) {
                                    lout[c] -= linkOut[i][classDevice[c]];
                                }
                            }
                        }
                    }
                } else if (before == 0) { // first consumer inside: now received
                    for (int c = 0; c < nc; c++) {
                        if (classes[c]) {
                            in[c] += priceIn[i][classDevice[c]];
                            if (linkIn != null) {
                                lin[c] += linkIn[i][classDevice[c]];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The DP's cost of one given slicing (for tests: a brute force compares with this). */
    public double cost(int[] order, int[] unitDevice) {
        int n = order.length;
        int[] pos = new int[nu];
        for (int i = 0; i < n; i++) {
            pos[order[i]] = i;
        }
        double total = 0;
        int i = 0;
        while (i < n) {
            int d = unitDevice[order[i]];
            int j = i;
            while (j < n && unitDevice[order[j]] == d) {
                j++;
            }
            double cmp = 0;
            double mem = 0;
            double in = 0;
            double out = 0;
            double lin = 0;
            double lout = 0;
            for (int a = i; a < j; a++) {
                cmp += units.time(order[a], d);
                mem += units.memory(order[a]);
            }
            for (int t = 0; t < crossProducer.length; t++) {
                int pp = pos[crossProducer[t]];
                boolean consumedInside = false;
                boolean consumedOutside = false;
                for (int cu : crossConsumers[t]) {
                    consumedInside |= pos[cu] >= i && pos[cu] < j;
                    consumedOutside |= pos[cu] < i || pos[cu] >= j;
                }
                boolean producedInside = pp >= i && pp < j;
                if (!producedInside && consumedInside) {
                    in += priceIn[t][d];
                    lin += linkIn == null ? 0 : linkIn[t][d];
                }
                if (producedInside && consumedOutside) {
                    out += priceOut[t][d];
                    lout += linkOut == null ? 0 : linkOut[t][d];
                }
            }
            double cost;
            if (mem > capacity[d] || cmp == Double.POSITIVE_INFINITY) {
                return Double.POSITIVE_INFINITY;
            }
            if (latency) {
                total += cmp + in;
            } else {
                cost = cmp + (pays[d] ? in + out : 0);
                if (linkIn != null) {
                    cost = Math.max(cost, Math.max(lin, lout));
                }
                total = Math.max(total, cost);
            }
            i = j;
        }
        return total;
    }
}
