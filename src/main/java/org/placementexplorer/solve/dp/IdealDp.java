package org.placementexplorer.solve.dp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The dynamic programme over ideals (Tarnawski et al., NeurIPS 2020). A contiguous placement is a
 * chain of ideals ∅ = I_0 ⊂ I_1 ⊂ … ⊂ I_s = V whose differences are the stages, each on its own
 * device. With device types t = 1..T and counts n_t, the state is (ideal I, level u) where u_t ≤ n_t
 * devices of type t may be used, and
 *
 * <pre>
 *   f(∅, u) = 0
 *   f(I, u) = min over types t with u_t ≥ 1 and ideals I' ⊊ I of max( f(I', u − e_t), load_t(I \ I') )
 * </pre>
 *
 * so f(V, n) is the best period of a pipeline. Devices may stay empty, so f is non-increasing in u.
 *
 * <p><b>Pruning</b> (never loses a chain better than the incumbent value {@code ub}): a stage whose
 * compute time alone reaches ub (or the ideal's current threshold) is skipped with all its supersets,
 * since compute only grows as a stage grows and a load is never below its compute; a state (I, u) is
 * kept only if the fastest work of I fits in u's devices and the rest of the graph fits in the other
 * devices, each device taking less than ub of its own time (a device of type t does at best 1/r_t of
 * the fastest work per time unit, see {@link DpModel#typeRatio}). A stage is only tried where both
 * its ends are such states.
 *
 * <p>Two drivers fill the table: {@link #chain} over the prefixes of one topological order (a
 * restricted, fast search that gives the incumbent), and {@link #lattice} over all ideals, forward
 * from the states that pipelines better than the incumbent reach.
 */
final class IdealDp {
    /** A pipeline: stage j holds these groups on a device of this type. */
    record Chain(int[][] stageGroups, int[] stageTypes, double dpValue) {
    }

    /** Relative margin of the work tests, far above the rounding of sums taken in different orders. */
    private static final double EPS = 1e-9;

    private final DpModel m;
    private final BooleanSupplier stop;
    private final StageLoads loads;
    final int types;
    final int levels;
    final int[] stride;
    final int[][] digit;
    /** Σ_t u_t / r_t: the fastest work level u's devices can do per unit of period. */
    final double[] capacity;
    final int full;
    /** Absolute margin of the work tests (sums of the same work in different orders differ by rounding). */
    private final double slack;
    private boolean stopped;
    private long pairs;
    private long visited;

    IdealDp(DpModel m, BooleanSupplier stop) {
        this.m = m;
        this.stop = stop;
        this.loads = new StageLoads(m);
        this.types = m.types;
        stride = new int[types];
        long l = 1;
        for (int t = 0; t < types; t++) {
            stride[t] = (int) l;
            l *= m.typeCount[t] + 1;
            if (l > 1 << 20) {
                throw new IllegalArgumentException("too many device-count combinations (" + l + ")");
            }
        }
        levels = (int) l;
        digit = new int[levels][types];
        capacity = new double[levels];
        for (int u = 0; u < levels; u++) {
            for (int t = 0; t < types; t++) {
                digit[u][t] = (u / stride[t]) % (m.typeCount[t] + 1);
                capacity[u] += digit[u][t] / m.typeRatio[t];
            }
        }
        full = levels - 1;
        slack = EPS * m.totalWork + Double.MIN_NORMAL;
        thr = new double[types];
        need = new double[types];
    }

    /** Number of device-count combinations (levels) of the DP state. */
    static long levelCount(DpModel m) {
        long l = 1;
        for (int t = 0; t < m.types; t++) {
            l *= m.typeCount[t] + 1;
        }
        return l;
    }

    boolean stopped() {
        return stopped;
    }

    /** Stage pairs evaluated so far (for notes and benchmarks). */
    long pairs() {
        return pairs;
    }

    /** Stages visited by the lattice search (evaluated or passed through). */
    long visited() {
        return visited;
    }

    private boolean poll() {
        if (!stopped && stop.getAsBoolean()) {
            stopped = true;
        }
        return stopped;
    }

    // ------------------------------------------------------------------ shared relaxation step

    private double[] f;
    private int[] arg;
    private byte[] argType;
    private final double[] thr;
    private final double[] need;
    private double minNeed;
    private int[] rel = new int[16];
    private int relCount;

    /** Levels worth computing for an ideal of fastest work w; fills {@link #rel}. */
    private void relevantLevels(double w, double ub) {
        relCount = 0;
        double rest = m.totalWork - w;
        double lim = ub * (1 + EPS);
        for (int u = 1; u < levels; u++) {
            if (Double.isFinite(ub) && (w > capacity[u] * lim + slack || rest > capacity[full - u] * lim + slack)) {
                continue;
            }
            if (relCount == rel.length) {
                rel = Arrays.copyOf(rel, relCount * 2);
            }
            rel[relCount++] = u;
        }
    }

    private void thresholds(int ic) {
        int base = ic * levels;
        for (int t = 0; t < types; t++) {
            double x = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < relCount; r++) {
                int u = rel[r];
                if (digit[u][t] > 0 && f[base + u] > x) {
                    x = f[base + u];
                }
            }
            thr[t] = x;
        }
    }

    /**
     * The fastest work a stage on type t must have for some level of ideal I (work w): the rest of I
     * must fit in the other devices of that level, each below ub. Stages with less work are only
     * passed through.
     */
    private void needs(double w, double ub) {
        double lim = ub * (1 + EPS);
        minNeed = Double.POSITIVE_INFINITY;
        for (int t = 0; t < types; t++) {
            double x = Double.POSITIVE_INFINITY;
            if (Double.isFinite(ub)) {
                for (int r = 0; r < relCount; r++) {
                    int u = rel[r];
                    if (digit[u][t] > 0) {
                        x = Math.min(x, w - capacity[u - stride[t]] * lim - slack);
                    }
                }
            } else {
                x = Double.NEGATIVE_INFINITY;
            }
            need[t] = x;
            minNeed = Math.min(minNeed, x);
        }
    }

    /** Whether adding group x to the current stage can still give a useful stage on some type. */
    private boolean useful(int x) {
        double[] cx = m.comp[x];
        double mem = loads.mem + m.mem[x];
        for (int t = 0; t < types; t++) {
            if (loads.comp[t] + cx[t] < thr[t] && mem <= m.typeMemory[t]) {
                return true;
            }
        }
        return false;
    }

    /** Tries the current stage S = I_ic \ I_ip (fastest work sw) on every type. */
    private void relax(int ip, int ic, double sw) {
        pairs++;
        boolean improved = false;
        int cb = ic * levels;
        int pb = ip * levels;
        for (int t = 0; t < types; t++) {
            if (sw < need[t] || loads.comp[t] >= thr[t] || !loads.fits(t)) {
                continue;
            }
            double load = loads.load(t);
            if (load >= thr[t]) {
                continue;
            }
            int st = stride[t];
            for (int r = 0; r < relCount; r++) {
                int u = rel[r];
                if (digit[u][t] == 0) {
                    continue;
                }
                double fp = f[pb + u - st];
                double cur = f[cb + u];
                if (fp >= cur) {
                    continue;
                }
                double v = Math.max(fp, load);
                if (v < cur) {
                    f[cb + u] = v;
                    arg[cb + u] = ip;
                    argType[cb + u] = (byte) t;
                    improved = true;
                }
            }
        }
        if (improved) {
            thresholds(ic);
        }
    }

    private void allocate(int states) {
        f = new double[states * levels];
        arg = new int[states * levels];
        argType = new byte[states * levels];
        Arrays.fill(f, Double.POSITIVE_INFINITY);
        for (int u = 0; u < levels; u++) {
            f[u] = 0; // the empty ideal
        }
    }

    private void startState(int ic, double w, double ub) {
        relevantLevels(w, ub);
        int base = ic * levels;
        for (int r = 0; r < relCount; r++) {
            f[base + rel[r]] = ub;
        }
        thresholds(ic);
    }

    // ------------------------------------------------------------------ chain driver

    /**
     * The best pipeline whose ideals are prefixes of {@code order} (a topological order of the
     * groups) with a period below {@code ub}, or null (none, or stopped).
     */
    Chain chain(int[] order, double ub) {
        int g = order.length;
        allocate(g + 1);
        double[] prefixWork = new double[g + 1];
        for (int j = 0; j < g; j++) {
            prefixWork[j + 1] = prefixWork[j] + m.work[order[j]];
        }
        for (int j = 1; j <= g; j++) {
            if (poll()) {
                return null;
            }
            startState(j, prefixWork[j], ub);
            needs(prefixWork[j], ub);
            if (relCount == 0) {
                continue;
            }
            for (int i = j - 1; i >= 0; i--) {
                int x = order[i];
                if (!useful(x)) {
                    break;
                }
                loads.push(x);
                relax(i, j, prefixWork[j] - prefixWork[i]);
            }
            loads.clear();
        }
        if (!(f[g * levels + full] < ub)) {
            return null;
        }
        List<int[]> stages = new ArrayList<>();
        List<Integer> stageTypes = new ArrayList<>();
        int j = g;
        int u = full;
        double value = f[g * levels + full];
        while (j > 0) {
            int i = arg[j * levels + u];
            int t = argType[j * levels + u];
            stages.add(Arrays.copyOfRange(order, i, j));
            stageTypes.add(t);
            u -= stride[t];
            j = i;
        }
        return reversed(stages, stageTypes, value);
    }

    // ------------------------------------------------------------------ lattice driver

    /**
     * The best pipeline over all ideals with a period below {@code ub}, or null when there is none
     * (then a chain with period ub, if one was given, is optimal) or the run was stopped.
     *
     * <p>Forward form: the ideals are taken in order of size; an ideal I' whose table holds a value
     * below ub for some level w (a pipeline reaches it) extends to every I = I' ∪ S, where S grows
     * from the empty set by adding, in increasing index order, groups whose predecessors are all in
     * I' ∪ S (so each S once), while some type can still run S below ub. Only the few ideals that
     * pipelines better than the incumbent reach are extended: when the incumbent is close to the
     * optimum, the search is short.
     */
    Chain lattice(Ideals id, double ub) {
        int g = m.groups;
        int w = id.words;
        int n = id.count;
        allocate(n);
        double lim = ub * (1 + EPS);
        double[] lowW = new double[levels];
        double[] highW = new double[levels];
        for (int u = 0; u < levels; u++) {
            lowW[u] = Double.isFinite(ub) ? m.totalWork - capacity[full - u] * lim - slack : Double.NEGATIVE_INFINITY;
            highW[u] = Double.isFinite(ub) ? capacity[u] * lim + slack : Double.POSITIVE_INFINITY;
        }
        int[] missing = new int[g];
        long[][] cand = new long[g + 1][w];
        int[] last = new int[g + 1];
        long[] s1 = new long[g + 1];
        long[] s2 = new long[g + 1];
        double[] sWork = new double[g + 1];
        int[] active = new int[levels];
        for (int ip = 0; ip < n - 1; ip++) {
            if ((ip & 0xFF) == 0 && poll()) {
                return null;
            }
            // levels at which a pipeline better than ub reaches I'
            int pb = ip * levels;
            int na = 0;
            for (int u = 0; u < levels; u++) {
                if (f[pb + u] < ub) {
                    active[na++] = u;
                }
            }
            if (na == 0) {
                continue;
            }
            double wp = id.work[ip];
            // bounds on the stage's fastest work for some target level to be worth having
            double needLow = Double.POSITIVE_INFINITY;
            double needHigh = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < na; a++) {
                int u = active[a];
                for (int t = 0; t < types; t++) {
                    if (digit[u][t] < m.typeCount[t]) {
                        needLow = Math.min(needLow, lowW[u + stride[t]] - wp);
                        needHigh = Math.max(needHigh, highW[u + stride[t]] - wp);
                    }
                }
            }
            for (int t = 0; t < types; t++) {
                thr[t] = ub;
            }
            // groups outside I' that can join S: all their predecessors are in I'
            long[] c0 = cand[0];
            for (int k = 0; k < w; k++) {
                c0[k] = 0;
            }
            for (int x = 0; x < g; x++) {
                if ((id.word(ip, x >>> 6) & (1L << x)) != 0) {
                    continue;
                }
                int c = 0;
                for (int y : m.pred[x]) {
                    if ((id.word(ip, y >>> 6) & (1L << y)) == 0) {
                        c++;
                    }
                }
                missing[x] = c;
                if (c == 0) {
                    c0[x >>> 6] |= 1L << x;
                }
            }
            long k1 = id.h1[ip];
            long k2 = id.h2[ip];
            int depth = 0;
            last[0] = -1;
            while (true) {
                int x = Ideals.nextAbove(cand[depth], last[depth], w);
                if (x < 0) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                    int y = loads.top();
                    loads.pop();
                    for (int s : m.succ[y]) {
                        missing[s]++;
                    }
                    continue;
                }
                last[depth] = x;
                double sw = sWork[depth] + m.work[x];
                if (sw > needHigh || !useful(x)) {
                    continue;
                }
                loads.push(x);
                long[] child = cand[depth + 1];
                for (int k = 0; k < w; k++) {
                    child[k] = 0;
                }
                Ideals.copyAbove(cand[depth], x, child, w);
                for (int s : m.succ[x]) {
                    if (--missing[s] == 0) {
                        child[s >>> 6] |= 1L << s;
                    }
                }
                s1[depth + 1] = s1[depth] ^ id.z1[x];
                s2[depth + 1] = s2[depth] ^ id.z2[x];
                sWork[depth + 1] = sw;
                if (sw >= needLow) {
                    int ic = id.find(k1 ^ s1[depth + 1], k2 ^ s2[depth + 1]);
                    if (ic < 0) {
                        throw new IllegalStateException("an ideal is missing from the enumeration");
                    }
                    extend(ip, ic, active, na, id.work[ic], lowW, highW, ub);
                }
                depth++;
                last[depth] = x;
                if ((++visited & 0xFFF) == 0 && poll()) {
                    loads.clear();
                    return null;
                }
            }
        }
        int lastIdeal = n - 1;
        if (!(f[lastIdeal * levels + full] < ub)) {
            return null;
        }
        List<int[]> stages = new ArrayList<>();
        List<Integer> stageTypes = new ArrayList<>();
        int ic = lastIdeal;
        int u = full;
        double value = f[lastIdeal * levels + full];
        while (ic != 0) {
            int ip = arg[ic * levels + u];
            int t = argType[ic * levels + u];
            List<Integer> st = new ArrayList<>();
            for (int x = 0; x < g; x++) {
                if (id.contains(ic, x) && !id.contains(ip, x)) {
                    st.add(x);
                }
            }
            stages.add(st.stream().mapToInt(Integer::intValue).toArray());
            stageTypes.add(t);
            u -= stride[t];
            ic = ip;
        }
        return reversed(stages, stageTypes, value);
    }

    /** Offers the current stage S = I_ic \ I_ip, reached at the active levels of I_ip, to I_ic. */
    private void extend(int ip, int ic, int[] active, int na, double wc, double[] lowW, double[] highW, double ub) {
        pairs++;
        int pb = ip * levels;
        int cb = ic * levels;
        for (int t = 0; t < types; t++) {
            if (loads.comp[t] >= ub || !loads.fits(t)) {
                continue;
            }
            double load = -1;
            int st = stride[t];
            int cap = m.typeCount[t];
            for (int a = 0; a < na; a++) {
                int u = active[a];
                if (digit[u][t] >= cap) {
                    continue;
                }
                int v = u + st;
                if (wc < lowW[v] || wc > highW[v]) {
                    continue;
                }
                if (load < 0) {
                    load = loads.load(t);
                    if (load >= ub) {
                        break;
                    }
                }
                double val = Math.max(f[pb + u], load);
                double cur = Math.min(f[cb + v], ub);
                if (val < cur) {
                    f[cb + v] = val;
                    arg[cb + v] = ip;
                    argType[cb + v] = (byte) t;
                }
            }
        }
    }

    private static Chain reversed(List<int[]> stages, List<Integer> types, double value) {
        int s = stages.size();
        int[][] sg = new int[s][];
        int[] st = new int[s];
        for (int j = 0; j < s; j++) {
            sg[j] = stages.get(s - 1 - j);
            st[j] = types.get(s - 1 - j);
        }
        return new Chain(sg, st, value);
    }

    // ------------------------------------------------------------------ local improvement

    /**
     * Improves a pipeline by moving single groups across the boundary of its slowest stage: a group
     * of that stage whose successors are all in later stages moves to the next stage, one whose
     * predecessors are all in earlier stages to the previous stage (both keep the pipeline order).
     * A move is taken when both stages end up below the slowest stage's load; the search repeats on
     * the new slowest stage until no move helps. Returns the improved chain (or the same).
     */
    Chain improve(Chain c) {
        int s = c.stageGroups().length;
        if (s < 2) {
            return c;
        }
        int[] stageOf = new int[m.groups];
        java.util.List<java.util.List<Integer>> stages = new ArrayList<>();
        for (int j = 0; j < s; j++) {
            java.util.List<Integer> l = new ArrayList<>();
            for (int x : c.stageGroups()[j]) {
                l.add(x);
                stageOf[x] = j;
            }
            stages.add(l);
        }
        int[] types = c.stageTypes();
        double[] load = new double[s];
        for (int j = 0; j < s; j++) {
            load[j] = stageLoad(stages.get(j), types[j], -1, -1);
        }
        boolean improved = true;
        int rounds = 0;
        while (improved && rounds++ < 50 * m.groups && !poll()) {
            improved = false;
            int b = 0;
            for (int j = 1; j < s; j++) {
                if (load[j] > load[b]) {
                    b = j;
                }
            }
            double worst = load[b];
            java.util.List<Integer> sb = stages.get(b);
            for (int i = 0; i < sb.size() && !improved; i++) {
                int x = sb.get(i);
                for (int dir = -1; dir <= 1 && !improved; dir += 2) {
                    int k = b + dir;
                    if (k < 0 || k >= s || !movable(x, b, k, stageOf)) {
                        continue;
                    }
                    double lb = stageLoad(sb, types[b], x, -1);
                    if (!(lb < worst)) {
                        continue;
                    }
                    double lk = stageLoad(stages.get(k), types[k], -1, x);
                    if (!(lk < worst)) {
                        continue;
                    }
                    sb.remove(i);
                    stages.get(k).add(x);
                    stageOf[x] = k;
                    load[b] = lb;
                    load[k] = lk;
                    improved = true;
                }
            }
        }
        java.util.List<int[]> sg = new ArrayList<>();
        java.util.List<Integer> st = new ArrayList<>();
        double v = 0;
        for (int j = 0; j < s; j++) {
            if (stages.get(j).isEmpty()) {
                continue;
            }
            sg.add(stages.get(j).stream().mapToInt(Integer::intValue).sorted().toArray());
            st.add(types[j]);
            v = Math.max(v, load[j]);
        }
        if (!(v < c.dpValue())) {
            return c;
        }
        int[][] groups = sg.toArray(int[][]::new);
        int[] ts = st.stream().mapToInt(Integer::intValue).toArray();
        Chain out = new Chain(groups, ts, 0);
        return new Chain(groups, ts, value(out));
    }

    /** Whether group x may move from stage b to the adjacent stage k and keep the pipeline order. */
    private boolean movable(int x, int b, int k, int[] stageOf) {
        if (k > b) {
            for (int y : m.succ[x]) {
                if (stageOf[y] <= b) {
                    return false;
                }
            }
        } else {
            for (int y : m.pred[x]) {
                if (stageOf[y] >= b) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Load of a stage on type t without group {@code minus} and with group {@code plus} (-1: none). */
    private double stageLoad(java.util.List<Integer> stage, int t, int minus, int plus) {
        loads.clear();
        for (int x : stage) {
            if (x != minus) {
                loads.push(x);
            }
        }
        if (plus >= 0) {
            loads.push(plus);
        }
        double l = loads.size() == 0 ? 0 : loads.fits(t) ? loads.load(t) : Double.POSITIVE_INFINITY;
        loads.clear();
        return l;
    }

    // ------------------------------------------------------------------ checks

    /** The period of a chain recomputed from scratch with the stage loads (max over its stages). */
    double value(Chain c) {
        double v = 0;
        for (int j = 0; j < c.stageGroups().length; j++) {
            loads.clear();
            for (int x : c.stageGroups()[j]) {
                loads.push(x);
            }
            int t = c.stageTypes()[j];
            v = Math.max(v, loads.fits(t) ? loads.load(t) : Double.POSITIVE_INFINITY);
        }
        loads.clear();
        return v;
    }
}
