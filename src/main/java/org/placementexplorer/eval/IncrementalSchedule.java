package org.placementexplorer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * The one-sample schedule of a placement WITH a per-device order, kept up to date when operators
 * move, for latency local search. The rule is the evaluator's rule for a given order: every
 * operator starts at the latest of its inputs' arrivals and the end of the previous operator in its
 * device's order. The arithmetic is the evaluator's, expression for expression, so every start,
 * end and the makespan equal {@link Evaluator#schedule} of {@link #placement()} bit for bit.
 *
 * <p><b>A move</b> takes the operator out of its device's order and inserts it into the new
 * device's order before the first operator that starts later (ties: later in topological order),
 * using the operator's start time before the move. Then only the affected part of the schedule is
 * recomputed: the operators reachable from the moved ones along data edges and device orders (the
 * "suffix" the move can delay or advance). A move whose insertion would make the order contradict
 * the data flow is detected there ({@link #update()} returns false) and must be rolled back.
 *
 * <p>Between {@link #beginTrial()} and {@link #rollback()} the changes are journalled; rollback
 * restores orders, times and memory bit for bit.
 */
public final class IncrementalSchedule {
    private final Problem p;
    private final OpGraph g;
    private final int n;
    private final int nd;
    private final int[] dev;
    private final int[] prev;
    private final int[] next;
    private final int[] head;
    private final int[] tail;
    private final double[] start;
    private final double[] end;
    private final double[] memory;

    // pending seeds of the next update
    private int[] seeds = new int[16];
    private int seedCount;

    // scratch for update()
    private final int[] mark;
    private int markStamp;
    private final int[] indeg;
    private final int[] stack;
    private final int[] affectedList;

    // journal
    private boolean trial;
    private final int[] savedAt;
    private int saveStamp = 1;
    private int[] jOp = new int[64];
    private double[] jStart = new double[64];
    private double[] jEnd = new double[64];
    private int jSize;
    private int[] mOp = new int[8];
    private int[] mDev = new int[8];
    private int[] mPrev = new int[8];
    private int mSize;
    private double[] savedMemory;

    /** Starts from a placement that has an order (e.g. the one {@link Evaluator#evaluate} returns). */
    public IncrementalSchedule(Problem problem, Placement placement) {
        if (!placement.hasOrder()) {
            throw new IllegalArgumentException("the placement needs a per-device order");
        }
        p = problem;
        g = problem.graph();
        n = g.size();
        nd = problem.deviceCount();
        placement.checkShape(n, nd);
        dev = placement.devices();
        prev = new int[n];
        next = new int[n];
        head = new int[nd];
        tail = new int[nd];
        Arrays.fill(prev, -1);
        Arrays.fill(next, -1);
        Arrays.fill(head, -1);
        Arrays.fill(tail, -1);
        int[][] order = placement.order().orElseThrow();
        for (int d = 0; d < nd; d++) {
            int[] seq = order[d];
            for (int i = 0; i < seq.length; i++) {
                prev[seq[i]] = i > 0 ? seq[i - 1] : -1;
                next[seq[i]] = i + 1 < seq.length ? seq[i + 1] : -1;
            }
            head[d] = seq.length > 0 ? seq[0] : -1;
            tail[d] = seq.length > 0 ? seq[seq.length - 1] : -1;
        }
        start = new double[n];
        end = new double[n];
        memory = new double[nd];
        for (int v = 0; v < n; v++) {
            memory[dev[v]] += p.opMemory(v);
        }
        mark = new int[n];
        indeg = new int[n];
        stack = new int[n];
        affectedList = new int[n];
        savedAt = new int[n];
        for (int v = 0; v < n; v++) {
            addSeed(v);
        }
        if (!update()) {
            throw new IllegalArgumentException("the order contradicts the data flow");
        }
    }

    public Problem problem() {
        return p;
    }

    public int deviceOf(int v) {
        return dev[v];
    }

    public double start(int v) {
        return start[v];
    }

    public double end(int v) {
        return end[v];
    }

    /** End of the last operator (the evaluator's makespan). */
    public double makespan() {
        double m = 0;
        for (int d = 0; d < nd; d++) {
            if (tail[d] >= 0) {
                m = Math.max(m, end[tail[d]]);
            }
        }
        return m;
    }

    /** Resident memory of the operators on device d. */
    public double residentMemory(int d) {
        return memory[d];
    }

    /** The placement with its current per-device order. */
    public Placement placement() {
        int[][] order = new int[nd][];
        for (int d = 0; d < nd; d++) {
            int k = 0;
            for (int v = head[d]; v >= 0; v = next[v]) {
                k++;
            }
            order[d] = new int[k];
            k = 0;
            for (int v = head[d]; v >= 0; v = next[v]) {
                order[d][k++] = v;
            }
        }
        return Placement.of(dev).withOrder(order);
    }

    // ------------------------------------------------------------------ trials

    public void beginTrial() {
        if (trial) {
            throw new IllegalStateException("a trial is already open");
        }
        trial = true;
        saveStamp++;
        jSize = 0;
        mSize = 0;
        savedMemory = memory.clone();
    }

    public void commit() {
        if (!trial) {
            throw new IllegalStateException("no trial is open");
        }
        trial = false;
    }

    /** Undoes every move and time change since {@link #beginTrial()}. */
    public void rollback() {
        if (!trial) {
            throw new IllegalStateException("no trial is open");
        }
        trial = false;
        for (int k = mSize - 1; k >= 0; k--) {
            int v = mOp[k];
            unlink(v);
            dev[v] = mDev[k];
            linkAfter(v, mDev[k], mPrev[k]);
        }
        for (int k = jSize - 1; k >= 0; k--) {
            start[jOp[k]] = jStart[k];
            end[jOp[k]] = jEnd[k];
        }
        System.arraycopy(savedMemory, 0, memory, 0, nd);
        seedCount = 0;
    }

    // ------------------------------------------------------------------ moves

    /**
     * Moves operator v to device d (inserted by its current start time); call {@link #update()}
     * after the last move of a step.
     */
    public void move(int v, int d) {
        int a = dev[v];
        if (a == d) {
            return;
        }
        if (trial) {
            if (mSize == mOp.length) {
                mOp = Arrays.copyOf(mOp, mSize * 2);
                mDev = Arrays.copyOf(mDev, mSize * 2);
                mPrev = Arrays.copyOf(mPrev, mSize * 2);
            }
            mOp[mSize] = v;
            mDev[mSize] = a;
            mPrev[mSize] = prev[v];
            mSize++;
        }
        if (next[v] >= 0) {
            addSeed(next[v]);
        }
        unlink(v);
        memory[a] -= p.opMemory(v);
        memory[d] += p.opMemory(v);
        dev[v] = d;
        // insert before the first operator that starts later (ties: later in topological order)
        double s = start[v];
        int pos = g.topologicalPosition(v);
        int after = -1;
        for (int x = head[d]; x >= 0; x = next[x]) {
            if (start[x] > s || (start[x] == s && g.topologicalPosition(x) > pos)) {
                break;
            }
            after = x;
        }
        linkAfter(v, d, after);
        addSeed(v);
    }

    private void unlink(int v) {
        int a = dev[v];
        int pv = prev[v];
        int nv = next[v];
        if (pv >= 0) {
            next[pv] = nv;
        } else {
            head[a] = nv;
        }
        if (nv >= 0) {
            prev[nv] = pv;
        } else {
            tail[a] = pv;
        }
        prev[v] = -1;
        next[v] = -1;
    }

    /** Links v into device d's order after {@code after} (-1: at the head). */
    private void linkAfter(int v, int d, int after) {
        int nv = after >= 0 ? next[after] : head[d];
        prev[v] = after;
        next[v] = nv;
        if (after >= 0) {
            next[after] = v;
        } else {
            head[d] = v;
        }
        if (nv >= 0) {
            prev[nv] = v;
        } else {
            tail[d] = v;
        }
    }

    private void addSeed(int v) {
        if (seedCount == seeds.length) {
            seeds = Arrays.copyOf(seeds, seedCount * 2);
        }
        seeds[seedCount++] = v;
    }

    /**
     * Recomputes the times of every operator reachable from the moved ones. Returns false when
     * the orders now contradict the data flow (a cycle); the times are then unusable and the trial
     * must be rolled back.
     */
    public boolean update() {
        markStamp++;
        int affected = 0;
        int sp = 0;
        for (int k = 0; k < seedCount; k++) {
            int v = seeds[k];
            if (mark[v] != markStamp) {
                mark[v] = markStamp;
                stack[sp++] = v;
            }
        }
        seedCount = 0;
        // affected set: reachable along data successors and the next operator on the device
        int[] list = affectedList;
        while (sp > 0) {
            int v = stack[--sp];
            list[affected++] = v;
            for (int w : g.successors(v)) {
                if (mark[w] != markStamp) {
                    mark[w] = markStamp;
                    stack[sp++] = w;
                }
            }
            int w = next[v];
            if (w >= 0 && mark[w] != markStamp) {
                mark[w] = markStamp;
                stack[sp++] = w;
            }
        }
        // Kahn's algorithm restricted to the affected operators
        for (int k = 0; k < affected; k++) {
            int v = list[k];
            int c = prev[v] >= 0 && mark[prev[v]] == markStamp ? 1 : 0;
            for (int u : g.predecessors(v)) {
                if (mark[u] == markStamp) {
                    c++;
                }
            }
            indeg[v] = c;
            if (c == 0) {
                stack[sp++] = v;
            }
        }
        int done = 0;
        while (sp > 0) {
            int v = stack[--sp];
            done++;
            double free = prev[v] >= 0 ? end[prev[v]] : 0;
            double s = Math.max(dataReady(v), free);
            setTimes(v, s, s + p.opTime(v, dev[v]));
            for (int w : g.successors(v)) {
                if (mark[w] == markStamp && --indeg[w] == 0) {
                    stack[sp++] = w;
                }
            }
            int w = next[v];
            if (w >= 0 && mark[w] == markStamp && --indeg[w] == 0) {
                stack[sp++] = w;
            }
        }
        return done == affected;
    }

    private void setTimes(int v, double s, double e) {
        if (trial && savedAt[v] != saveStamp) {
            savedAt[v] = saveStamp;
            if (jSize == jOp.length) {
                jOp = Arrays.copyOf(jOp, jSize * 2);
                jStart = Arrays.copyOf(jStart, jSize * 2);
                jEnd = Arrays.copyOf(jEnd, jSize * 2);
            }
            jOp[jSize] = v;
            jStart[jSize] = start[v];
            jEnd[jSize] = end[v];
            jSize++;
        }
        start[v] = s;
        end[v] = e;
    }

    /** Latest arrival of v's inputs on its device (the evaluator's expression). */
    private double dataReady(int v) {
        double ready = 0;
        int d = dev[v];
        for (int e : g.inEdges(v)) {
            int u = g.edges().get(e).from();
            double at = dev[u] == d ? end[u] : end[u] + p.transferTime(g.tensorOfEdge(e), dev[u], d);
            if (at > ready) {
                ready = at;
            }
        }
        return ready;
    }

    /**
     * The operators on a critical path, last first: from the operator that ends last, back through
     * the input that arrived last when it held the operator back, else the previous operator on the
     * device.
     */
    public List<Integer> criticalPath() {
        List<Integer> path = new ArrayList<>();
        int v = -1;
        double m = makespan();
        for (int d = 0; d < nd; d++) {
            int t = tail[d];
            if (t >= 0 && end[t] == m && (v < 0 || g.topologicalPosition(t) > g.topologicalPosition(v))) {
                v = t;
            }
        }
        while (v >= 0) {
            path.add(v);
            if (start[v] <= 0) {
                break;
            }
            int byData = -1;
            double ready = 0;
            int d = dev[v];
            for (int e : g.inEdges(v)) {
                int u = g.edges().get(e).from();
                double at = dev[u] == d ? end[u] : end[u] + p.transferTime(g.tensorOfEdge(e), dev[u], d);
                if (byData < 0 || at > ready) {
                    ready = at;
                    byData = u;
                }
            }
            if (byData >= 0 && ready >= start[v]) {
                v = byData;
            } else if (prev[v] >= 0 && end[prev[v]] >= start[v]) {
                v = prev[v];
            } else {
                break;
            }
        }
        return path;
    }
}
