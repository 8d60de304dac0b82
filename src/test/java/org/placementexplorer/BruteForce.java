package org.placementexplorer;

import java.util.Arrays;
import java.util.Map;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * Exhaustive optima for tiny problems, written independently of the MILP code. Throughput: every
 * device assignment, judged by the evaluator (feasibility, period); contiguous: only assignments
 * whose device graph is acyclic (checked here). Latency: every assignment and, per assignment,
 * every combination of per-device orders, found by a depth-first search over the linear
 * extensions of the graph in which two consecutive operators that are independent (different
 * devices, no edge) appear in increasing index order. That keeps the lexicographically smallest
 * extension of every combination of orders (swapping such a pair would make it smaller), so no
 * combination is missed; branches that cannot beat the best are cut with valid lower bounds.
 */
public final class BruteForce {
    private BruteForce() {
    }

    /** The optimum value (+Infinity when nothing is feasible) and one optimal placement. */
    public record Best(double value, Placement placement) {
    }

    public static Best throughput(Problem p, Map<Integer, Integer> pins, boolean contiguous) {
        Evaluator ev = new Evaluator(p);
        int n = p.operators();
        int nd = p.deviceCount();
        int[] dev = new int[n];
        Best best = new Best(Double.POSITIVE_INFINITY, null);
        long total = (long) Math.pow(nd, n);
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int v = 0; v < n; v++) {
                dev[v] = (int) (c % nd);
                c /= nd;
            }
            if (!respectsPins(dev, pins) || (contiguous && !acyclicQuotient(p, dev))) {
                continue;
            }
            Placement pl = Placement.of(dev);
            Evaluation e = ev.evaluate(pl, Objective.THROUGHPUT);
            if (e.feasible() && e.objective() < best.value()) {
                best = new Best(e.objective(), pl);
            }
        }
        return best;
    }

    public static Best latency(Problem p, Map<Integer, Integer> pins) {
        return latency(p, pins, Double.POSITIVE_INFINITY);
    }

    /**
     * The latency optimum if it is below {@code upper}; otherwise {@code Best(upper, null)}: no
     * placement and order does better than {@code upper} (a claimed optimum is confirmed this way
     * much faster, as every branch that cannot beat it is cut).
     */
    public static Best latency(Problem p, Map<Integer, Integer> pins, double upper) {
        Evaluator ev = new Evaluator(p);
        int n = p.operators();
        int nd = p.deviceCount();
        int[] dev = new int[n];
        Best best = new Best(upper, null);
        long total = (long) Math.pow(nd, n);
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int v = 0; v < n; v++) {
                dev[v] = (int) (c % nd);
                c /= nd;
            }
            if (!respectsPins(dev, pins) || !plainlyFeasible(p, dev)) {
                continue;
            }
            Search s = new Search(p, dev.clone(), best.value());
            if (s.lowerBound() >= best.value()) {
                continue; // no order of this assignment beats the best
            }
            Placement pl = Placement.of(dev);
            Evaluation e = ev.evaluate(pl, Objective.LATENCY);
            if (!e.feasible()) {
                continue;
            }
            s.best = Math.min(best.value(), e.objective());
            if (s.lowerBound() >= s.best) {
                if (e.objective() < best.value()) {
                    best = new Best(e.objective(), e.placement());
                }
                continue;
            }
            s.run();
            if (s.bestOrder != null && s.best < best.value()) {
                best = new Best(s.best, Placement.of(dev).withOrder(s.bestOrder));
            } else if (e.objective() < best.value()) {
                best = new Best(e.objective(), e.placement());
            }
        }
        return best;
    }

    /** Support, colocation and resident memory (the evaluator still has the last word). */
    static boolean plainlyFeasible(Problem p, int[] dev) {
        int n = p.operators();
        double[] mem = new double[p.deviceCount()];
        for (int v = 0; v < n; v++) {
            if (!p.canRun(v, dev[v])) {
                return false;
            }
            mem[dev[v]] += p.opMemory(v);
            for (int w = 0; w < v; w++) {
                if (p.colocationGroup(v) >= 0 && p.colocationGroup(v) == p.colocationGroup(w) && dev[v] != dev[w]) {
                    return false;
                }
            }
        }
        for (int d = 0; d < mem.length; d++) {
            if (mem[d] > p.cluster().device(d).memoryBytes()) {
                return false;
            }
        }
        return true;
    }

    static boolean respectsPins(int[] dev, Map<Integer, Integer> pins) {
        for (Map.Entry<Integer, Integer> pin : pins.entrySet()) {
            if (dev[pin.getKey()] != pin.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the devices can be numbered so that every edge goes forward (or stays). */
    public static boolean acyclicQuotient(Problem p, int[] dev) {
        int nd = p.deviceCount();
        boolean[][] arc = new boolean[nd][nd];
        OpGraph g = p.graph();
        for (var e : g.edges()) {
            if (dev[e.from()] != dev[e.to()]) {
                arc[dev[e.from()]][dev[e.to()]] = true;
            }
        }
        // Floyd–Warshall closure, then look for a device that reaches itself
        for (int k = 0; k < nd; k++) {
            for (int i = 0; i < nd; i++) {
                for (int j = 0; j < nd; j++) {
                    arc[i][j] |= arc[i][k] && arc[k][j];
                }
            }
        }
        for (int i = 0; i < nd; i++) {
            if (arc[i][i]) {
                return false;
            }
        }
        return true;
    }

    /** Depth-first search over per-device orders for one assignment. */
    private static final class Search {
        final Problem p;
        final OpGraph g;
        final int[] dev;
        final int n;
        final int nd;
        double best;
        int[][] bestOrder;
        final double[] end;
        final double[] free;
        final boolean[] done;
        final int[] seq;
        final double[] rem;
        final double[] tail;

        Search(Problem p, int[] dev, double upper) {
            this.p = p;
            this.g = p.graph();
            this.dev = dev;
            this.n = g.size();
            this.nd = p.deviceCount();
            this.best = upper;
            end = new double[n];
            free = new double[nd];
            done = new boolean[n];
            seq = new int[n];
            rem = new double[nd];
            for (int v = 0; v < n; v++) {
                rem[dev[v]] += p.opTime(v, dev[v]);
            }
            tail = new double[n];
            int[] topo = g.topologicalOrder();
            for (int i = n - 1; i >= 0; i--) {
                int v = topo[i];
                double t = 0;
                for (int e : g.outEdges(v)) {
                    int w = g.edges().get(e).to();
                    t = Math.max(t, delay(e, v, w) + tail[w]);
                }
                tail[v] = p.opTime(v, dev[v]) + t;
            }
        }

        double delay(int e, int u, int w) {
            return dev[u] == dev[w] ? 0 : p.transferTime(g.tensorOfEdge(e), dev[u], dev[w]);
        }

        /** Critical path with this assignment's times and transfers, and the busiest device. */
        double lowerBound() {
            double lb = 0;
            for (int v = 0; v < n; v++) {
                if (g.predecessors(v).length == 0) {
                    lb = Math.max(lb, tail[v]);
                }
            }
            for (int d = 0; d < nd; d++) {
                lb = Math.max(lb, rem[d]);
            }
            return lb;
        }

        void run() {
            dfs(0, -1, 0);
        }

        private double ready(int v) {
            double r = 0;
            for (int e : g.inEdges(v)) {
                int u = g.edges().get(e).from();
                r = Math.max(r, end[u] + delay(e, u, v));
            }
            return r;
        }

        private void dfs(int k, int prev, double makespan) {
            if (k == n) {
                if (makespan < best) {
                    best = makespan;
                    bestOrder = orders();
                }
                return;
            }
            // bound
            double lb = makespan;
            for (int d = 0; d < nd; d++) {
                lb = Math.max(lb, free[d] + rem[d]);
            }
            for (int v = 0; v < n; v++) {
                if (!done[v] && isReady(v)) {
                    lb = Math.max(lb, Math.max(ready(v), free[dev[v]]) + tail[v]);
                }
            }
            if (lb >= best) {
                return;
            }
            for (int v = 0; v < n; v++) {
                if (done[v] || !isReady(v)) {
                    continue;
                }
                if (prev >= 0 && v < prev && dev[v] != dev[prev] && !hasEdge(prev, v)) {
                    continue; // the swapped sequence gives the same orders
                }
                int d = dev[v];
                double s = Math.max(ready(v), free[d]);
                double t = p.opTime(v, d);
                double oldFree = free[d];
                done[v] = true;
                end[v] = s + t;
                free[d] = s + t;
                rem[d] -= t;
                seq[k] = v;
                dfs(k + 1, v, Math.max(makespan, s + t));
                rem[d] += t;
                free[d] = oldFree;
                done[v] = false;
            }
        }

        private boolean isReady(int v) {
            for (int u : g.predecessors(v)) {
                if (!done[u]) {
                    return false;
                }
            }
            return true;
        }

        private boolean hasEdge(int u, int v) {
            for (int w : g.successors(u)) {
                if (w == v) {
                    return true;
                }
            }
            return false;
        }

        private int[][] orders() {
            int[][] o = new int[nd][];
            int[] count = new int[nd];
            for (int v = 0; v < n; v++) {
                count[dev[v]]++;
            }
            for (int d = 0; d < nd; d++) {
                o[d] = new int[count[d]];
            }
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                int v = seq[i];
                o[dev[v]][count[dev[v]]++] = v;
            }
            return o;
        }
    }
}
