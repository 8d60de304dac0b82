package org.placementexplorer.eval;

import java.util.Arrays;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Route;

/**
 * The throughput loads of {@link Evaluator#pipeline} kept up to date under single-operator moves,
 * for local search and constructive heuristics. A move costs O(degree × devices) (plus the hops of
 * the routes involved), not a re-evaluation of the graph.
 *
 * <p><b>State.</b> Every operator is on a device or {@link #UNASSIGNED}. An unassigned operator adds
 * nothing: no compute, and its tensors are neither sent nor received (constructive heuristics start
 * from all-unassigned and assign operators one by one). For every tensor the number of its consumers
 * on each device is kept, so a tensor is moved once per destination device however many consumers
 * it has there, exactly as the evaluator counts it; with one-send-per-tensor accounting the sender
 * is charged the longest of its transfers.
 *
 * <p><b>Numbers.</b> Each load is a running sum kept with a compensation term (two-sum), so adding
 * and removing the same terms many times does not drift. It still differs from the evaluator's
 * plain left-to-right sum by rounding only: the evaluator's own sum carries an error of at most
 * (n−1)·2⁻⁵³·Σ|terms|, so on a device with n terms the two agree to about n·1.1e-16 relative.
 * Solvers decide with these numbers and report the evaluator's (see ADR 0035).
 *
 * <p><b>Trials.</b> Between {@link #beginTrial()} and {@link #rollback()} every change is journalled;
 * rollback restores the state bit for bit. {@link #commit()} keeps the changes.
 *
 * <p>Resident memory (the operators' own memory) is tracked per device as well; activations are
 * not (they depend on the order), see {@link #residentMemory(int)}.
 */
public final class IncrementalEvaluator {
    /** Device index of an operator that is not placed yet. */
    public static final int UNASSIGNED = -1;

    private final Problem p;
    private final OpGraph g;
    private final Cluster c;
    private final int n;
    private final int nd;
    private final int nl;
    private final boolean useLinks;
    private final boolean oncePerTensor;
    private final boolean[] overlaps;
    private final int[][] inTensors; // distinct tensors each operator consumes

    private final int[] dev;
    private final int[] count; // operators per device
    private final int[] consumersOn; // [t * nd + d]
    // accumulators: compute [0,nd), in [nd,2nd), out [2nd,3nd), resident [3nd,4nd),
    // link forward [4nd, 4nd+nl), link backward [4nd+nl, 4nd+2nl)
    private final double[] hi;
    private final double[] lo;
    private final int cIn;
    private final int cOut;
    private final int cMem;
    private final int cFwd;
    private final int cBwd;

    // journal
    private boolean trial;
    private int trialStamp = 1;
    private final int[] touchedAt;
    private int[] jIndex = new int[64];
    private double[] jHi = new double[64];
    private double[] jLo = new double[64];
    private int jSize;
    private int[] jMoveOp = new int[16];
    private int[] jMoveFrom = new int[16];
    private int jMoves;

    /** Starts with every operator unassigned. */
    public IncrementalEvaluator(Problem problem) {
        p = problem;
        g = problem.graph();
        c = problem.cluster();
        n = g.size();
        nd = c.size();
        useLinks = p.transfersUseLinks();
        nl = useLinks ? c.links().size() : 0;
        oncePerTensor = p.sendAccounting() == Problem.SendAccounting.ONCE_PER_TENSOR;
        overlaps = new boolean[nd];
        for (int d = 0; d < nd; d++) {
            overlaps[d] = c.device(d).overlapsTransfers();
        }
        inTensors = new int[n][];
        int[] stamp = new int[g.tensorCount()];
        Arrays.fill(stamp, -1);
        for (int v = 0; v < n; v++) {
            int[] buf = new int[g.inEdges(v).length];
            int k = 0;
            for (int e : g.inEdges(v)) {
                int t = g.tensorOfEdge(e);
                if (stamp[t] != v) {
                    stamp[t] = v;
                    buf[k++] = t;
                }
            }
            inTensors[v] = Arrays.copyOf(buf, k);
        }
        dev = new int[n];
        Arrays.fill(dev, UNASSIGNED);
        count = new int[nd];
        consumersOn = new int[g.tensorCount() * nd];
        cIn = nd;
        cOut = 2 * nd;
        cMem = 3 * nd;
        cFwd = 4 * nd;
        cBwd = 4 * nd + nl;
        hi = new double[4 * nd + 2 * nl];
        lo = new double[hi.length];
        touchedAt = new int[hi.length];
    }

    /** Starts from a placement. */
    public IncrementalEvaluator(Problem problem, Placement placement) {
        this(problem);
        reset(placement.devices());
    }

    public Problem problem() {
        return p;
    }

    /** Replaces the whole state (entries may be {@link #UNASSIGNED}); ends any trial. */
    public void reset(int[] devices) {
        if (devices.length != n) {
            throw new IllegalArgumentException("expected " + n + " devices, got " + devices.length);
        }
        trial = false;
        jSize = 0;
        jMoves = 0;
        Arrays.fill(dev, UNASSIGNED);
        Arrays.fill(count, 0);
        Arrays.fill(consumersOn, 0);
        Arrays.fill(hi, 0);
        Arrays.fill(lo, 0);
        for (int v = 0; v < n; v++) {
            if (devices[v] != UNASSIGNED) {
                move(v, devices[v]);
            }
        }
    }

    /** Device of operator v, or {@link #UNASSIGNED}. */
    public int deviceOf(int v) {
        return dev[v];
    }

    /** A copy of the assignment. */
    public int[] devices() {
        return dev.clone();
    }

    /** Number of operators on device d. */
    public int operatorsOn(int d) {
        return count[d];
    }

    // ------------------------------------------------------------------ trials

    /** Starts journalling changes so that {@link #rollback()} can undo them. */
    public void beginTrial() {
        if (trial) {
            throw new IllegalStateException("a trial is already open");
        }
        trial = true;
        trialStamp++;
        jSize = 0;
        jMoves = 0;
    }

    /** Undoes every change since {@link #beginTrial()}, bit for bit. */
    public void rollback() {
        if (!trial) {
            throw new IllegalStateException("no trial is open");
        }
        trial = false;
        // integer state: undo the moves in reverse (no accumulator is touched: journal off)
        for (int k = jMoves - 1; k >= 0; k--) {
            moveCounts(jMoveOp[k], jMoveFrom[k]);
        }
        for (int k = jSize - 1; k >= 0; k--) {
            hi[jIndex[k]] = jHi[k];
            lo[jIndex[k]] = jLo[k];
        }
        jSize = 0;
        jMoves = 0;
    }

    /** Keeps the changes since {@link #beginTrial()}. */
    public void commit() {
        if (!trial) {
            throw new IllegalStateException("no trial is open");
        }
        trial = false;
        jSize = 0;
        jMoves = 0;
    }

    public boolean inTrial() {
        return trial;
    }

    private void add(int slot, double x) {
        if (x == 0) {
            return;
        }
        if (trial && touchedAt[slot] != trialStamp) {
            touchedAt[slot] = trialStamp;
            if (jSize == jIndex.length) {
                jIndex = Arrays.copyOf(jIndex, jSize * 2);
                jHi = Arrays.copyOf(jHi, jSize * 2);
                jLo = Arrays.copyOf(jLo, jSize * 2);
            }
            jIndex[jSize] = slot;
            jHi[jSize] = hi[slot];
            jLo[jSize] = lo[slot];
            jSize++;
        }
        // two-sum: s + e == hi + x exactly
        double a = hi[slot];
        double s = a + x;
        double bb = s - a;
        double e = (a - (s - bb)) + (x - bb);
        hi[slot] = s;
        lo[slot] += e;
    }

    private double value(int slot) {
        return hi[slot] + lo[slot];
    }

    // ------------------------------------------------------------------ moves

    /** Moves operator v to device d (or {@link #UNASSIGNED}). */
    public void move(int v, int d) {
        int a = dev[v];
        if (a == d) {
            return;
        }
        if (trial) {
            if (jMoves == jMoveOp.length) {
                jMoveOp = Arrays.copyOf(jMoveOp, jMoves * 2);
                jMoveFrom = Arrays.copyOf(jMoveFrom, jMoves * 2);
            }
            jMoveOp[jMoves] = v;
            jMoveFrom[jMoves] = a;
            jMoves++;
        }
        int[] produced = g.tensorsProducedBy(v);
        int[] consumed = inTensors[v];
        for (int t : produced) {
            contribution(t, -1);
        }
        for (int t : consumed) {
            contribution(t, -1);
        }
        if (a != UNASSIGNED) {
            add(a, -p.opTime(v, a));
            add(cMem + a, -p.opMemory(v));
        }
        moveCounts(v, d);
        if (d != UNASSIGNED) {
            add(d, p.opTime(v, d));
            add(cMem + d, p.opMemory(v));
        }
        for (int t : produced) {
            contribution(t, +1);
        }
        for (int t : consumed) {
            contribution(t, +1);
        }
    }

    /** Changes the device and the integer counts only. */
    private void moveCounts(int v, int d) {
        int a = dev[v];
        if (a != UNASSIGNED) {
            count[a]--;
            for (int t : inTensors[v]) {
                consumersOn[t * nd + a]--;
            }
        }
        dev[v] = d;
        if (d != UNASSIGNED) {
            count[d]++;
            for (int t : inTensors[v]) {
                consumersOn[t * nd + d]++;
            }
        }
    }

    /** Adds (sign +1) or removes (sign -1) everything tensor t costs under the current state. */
    private void contribution(int t, int sign) {
        int a = dev[g.tensorProducer(t)];
        if (a == UNASSIGNED) {
            return;
        }
        int base = t * nd;
        double longest = 0;
        for (int b = 0; b < nd; b++) {
            if (b == a || consumersOn[base + b] == 0) {
                continue;
            }
            double tt = p.transferTime(t, a, b);
            add(cIn + b, sign * tt);
            if (oncePerTensor) {
                longest = Math.max(longest, tt);
            } else {
                add(cOut + a, sign * tt);
            }
            if (useLinks) {
                Route r = c.route(a, b).orElseThrow();
                double bytes = g.tensorBytes(t);
                for (int h = 0; h < r.hops().size(); h++) {
                    int l = r.hops().get(h);
                    double busy = bytes / c.links().get(l).bandwidth();
                    add((r.forward().get(h) ? cFwd : cBwd) + l, sign * busy);
                }
            }
        }
        if (oncePerTensor) {
            add(cOut + a, sign * longest);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Compute time of device d's operators. */
    public double compute(int d) {
        return value(d);
    }

    /** Transfers device d receives. */
    public double transferIn(int d) {
        return value(cIn + d);
    }

    /** Transfers device d sends (as the problem's send accounting charges them). */
    public double transferOut(int d) {
        return value(cOut + d);
    }

    /** The evaluator's device load: compute, plus transfers unless the device overlaps them. */
    public double load(int d) {
        return overlaps[d] ? value(d) : value(d) + (value(cIn + d) + value(cOut + d));
    }

    /** Busy time of link l per sample (the larger direction); 0 when transfers use no links. */
    public double linkLoad(int l) {
        return useLinks ? Math.max(value(cFwd + l), value(cBwd + l)) : 0;
    }

    public int linkCount() {
        return nl;
    }

    /** The period: the largest load of a used device or of a link (as {@link Pipeline#period()}). */
    public double period() {
        double period = 0;
        for (int d = 0; d < nd; d++) {
            if (count[d] > 0) {
                period = Math.max(period, load(d));
            }
        }
        for (int l = 0; l < nl; l++) {
            period = Math.max(period, linkLoad(l));
        }
        return period;
    }

    /** The device (index ≥ 0) or link (−1 − index) with the largest load; ties to the first. */
    public int bottleneck() {
        int best = Integer.MIN_VALUE;
        double period = -1;
        for (int d = 0; d < nd; d++) {
            if (count[d] > 0 && load(d) > period) {
                period = load(d);
                best = d;
            }
        }
        for (int l = 0; l < nl; l++) {
            if (linkLoad(l) > period) {
                period = linkLoad(l);
                best = -1 - l;
            }
        }
        return best;
    }

    /** Σ of squared loads of devices and links: a tie-breaker that rewards spreading load. */
    public double sumOfSquares() {
        double s = 0;
        for (int d = 0; d < nd; d++) {
            if (count[d] > 0) {
                double x = load(d);
                s += x * x;
            }
        }
        for (int l = 0; l < nl; l++) {
            double x = linkLoad(l);
            s += x * x;
        }
        return s;
    }

    /** Resident memory (Σ {@link Problem#opMemory}) of the operators on device d. */
    public double residentMemory(int d) {
        return value(cMem + d);
    }

    /** Whether every device's resident memory fits its capacity minus {@code reserve[d]} (may be null). */
    public boolean residentFits(double[] reserve) {
        for (int d = 0; d < nd; d++) {
            double cap = c.device(d).memoryBytes() - (reserve == null ? 0 : reserve[d]);
            if (count[d] > 0 && residentMemory(d) > cap) {
                return false;
            }
        }
        return true;
    }
}
