package org.placementexplorer.solve.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

/**
 * Operators grouped into units that always share a device: the colocation groups of the problem
 * (an operator without a group is a unit of its own), optionally merged further so that the unit
 * graph is acyclic ({@link #acyclic()}: units on a common directed cycle of the unit graph must
 * share a device in every pipeline placement, so they are merged). Heuristics decide per unit.
 *
 * <p>Per unit: its members, the device a pin forces (or -1), the devices it may use (every member
 * can run there and no pin forbids it), its time on each device (the sum of its members'; +∞ where
 * not allowed) and its resident memory.
 */
public final class OpUnits {
    private final Problem p;
    private final int[] unitOf;
    private final int[][] members;
    private final int[] pin;
    private final boolean[][] allowed;
    private final double[][] time;
    private final double[] memory;
    private final int[][] succ;
    private final int[][] pred;
    private final int[] topo; // null when the unit graph has a cycle
    private final List<String> conflicts;

    private OpUnits(Problem p, int[] unitOf, int count, Map<Integer, Integer> pins) {
        this.p = p;
        this.unitOf = unitOf;
        OpGraph g = p.graph();
        int n = g.size();
        int nd = p.deviceCount();
        List<List<Integer>> mem = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            mem.add(new ArrayList<>());
        }
        for (int v : g.topologicalOrder()) {
            mem.get(unitOf[v]).add(v);
        }
        members = new int[count][];
        for (int u = 0; u < count; u++) {
            members[u] = mem.get(u).stream().mapToInt(Integer::intValue).toArray();
        }
        conflicts = new ArrayList<>();
        pin = new int[count];
        Arrays.fill(pin, -1);
        int[] pinSource = new int[count];
        for (Map.Entry<Integer, Integer> e : pins.entrySet()) {
            int u = unitOf[e.getKey()];
            if (pin[u] >= 0 && pin[u] != e.getValue()) {
                conflicts.add("operators '" + g.op(pinSource[u]).id() + "' and '" + g.op(e.getKey()).id()
                        + "' must share a device but are pinned to '" + p.cluster().device(pin[u]).id()
                        + "' and '" + p.cluster().device(e.getValue()).id() + "'");
            } else {
                pin[u] = e.getValue();
                pinSource[u] = e.getKey();
            }
        }
        allowed = new boolean[count][nd];
        time = new double[count][nd];
        memory = new double[count];
        for (int u = 0; u < count; u++) {
            for (int d = 0; d < nd; d++) {
                boolean ok = pin[u] < 0 || pin[u] == d;
                double t = 0;
                for (int v : members[u]) {
                    ok &= p.canRun(v, d);
                    t += p.opTime(v, d);
                }
                allowed[u][d] = ok;
                time[u][d] = ok ? t : Double.POSITIVE_INFINITY;
            }
            for (int v : members[u]) {
                memory[u] += p.opMemory(v);
            }
        }
        // unit graph
        List<List<Integer>> s = new ArrayList<>();
        List<List<Integer>> pr = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            s.add(new ArrayList<>());
            pr.add(new ArrayList<>());
        }
        int[] stamp = new int[count];
        Arrays.fill(stamp, -1);
        for (int u = 0; u < count; u++) {
            for (int v : members[u]) {
                for (int w : g.successors(v)) {
                    int x = unitOf[w];
                    if (x != u && stamp[x] != u) {
                        stamp[x] = u;
                        s.get(u).add(x);
                        pr.get(x).add(u);
                    }
                }
            }
        }
        succ = toArrays(s);
        pred = toArrays(pr);
        topo = topologicalOrder(count, succ, pred, members, g);
    }

    private static int[][] toArrays(List<List<Integer>> l) {
        int[][] a = new int[l.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return a;
    }

    /** Kahn's algorithm, ready units by the topological position of their first member. */
    private static int[] topologicalOrder(int count, int[][] succ, int[][] pred, int[][] members, OpGraph g) {
        int[] indeg = new int[count];
        java.util.PriorityQueue<int[]> ready = new java.util.PriorityQueue<>((a, b) -> Integer.compare(a[1], b[1]));
        for (int u = 0; u < count; u++) {
            indeg[u] = pred[u].length;
            if (indeg[u] == 0) {
                ready.add(new int[] {u, firstPos(members[u], g)});
            }
        }
        int[] order = new int[count];
        int k = 0;
        while (!ready.isEmpty()) {
            int u = ready.poll()[0];
            order[k++] = u;
            for (int w : succ[u]) {
                if (--indeg[w] == 0) {
                    ready.add(new int[] {w, firstPos(members[w], g)});
                }
            }
        }
        return k == count ? order : null;
    }

    private static int firstPos(int[] members, OpGraph g) {
        return members.length == 0 ? Integer.MAX_VALUE : g.topologicalPosition(members[0]);
    }

    /** Units = colocation groups of the problem; pins of the request force a unit's device. */
    public static OpUnits colocation(Problem p, Map<Integer, Integer> pins) {
        int n = p.operators();
        int[] unitOf = new int[n];
        Map<Integer, Integer> byGroup = new java.util.HashMap<>();
        int count = 0;
        for (int v : p.graph().topologicalOrder()) {
            int grp = p.colocationGroup(v);
            if (grp < 0) {
                unitOf[v] = count++;
            } else {
                Integer u = byGroup.get(grp);
                if (u == null) {
                    u = count++;
                    byGroup.put(grp, u);
                }
                unitOf[v] = u;
            }
        }
        return new OpUnits(p, unitOf, count, pins);
    }

    /** Units from an explicit grouping of operators (group index per operator, 0..count-1). */
    public static OpUnits of(Problem p, int[] groupOf, Map<Integer, Integer> pins) {
        int count = 0;
        for (int x : groupOf) {
            count = Math.max(count, x + 1);
        }
        return new OpUnits(p, groupOf.clone(), count, pins);
    }

    /**
     * These units with every strongly connected component of the unit graph merged into one unit,
     * so the result's unit graph is acyclic ({@link #topologicalOrder()} is defined).
     */
    public OpUnits acyclic() {
        if (topo != null) {
            return this;
        }
        int count = members.length;
        int[] comp = Scc.components(count, succ);
        int[] newUnitOf = new int[unitOf.length];
        for (int v = 0; v < unitOf.length; v++) {
            newUnitOf[v] = comp[unitOf[v]];
        }
        int k = 0;
        for (int c : comp) {
            k = Math.max(k, c + 1);
        }
        Map<Integer, Integer> pins = new java.util.HashMap<>();
        for (int u = 0; u < count; u++) {
            if (pin[u] >= 0) {
                pins.put(members[u][0], pin[u]);
            }
        }
        OpUnits merged = new OpUnits(p, newUnitOf, k, pins);
        merged.conflicts.addAll(0, conflicts);
        return merged;
    }

    public Problem problem() {
        return p;
    }

    /** Number of units. */
    public int count() {
        return members.length;
    }

    public int unitOf(int op) {
        return unitOf[op];
    }

    /** Members in topological order. Do not modify. */
    public int[] members(int u) {
        return members[u];
    }

    /** Device forced by a pin, or -1. */
    public int pin(int u) {
        return pin[u];
    }

    public boolean allowed(int u, int d) {
        return allowed[u][d];
    }

    /** Time of the unit on device d (+∞ where not allowed). */
    public double time(int u, int d) {
        return time[u][d];
    }

    /** Fastest time of the unit over its allowed devices. */
    public double minTime(int u) {
        double m = Double.POSITIVE_INFINITY;
        for (double t : time[u]) {
            m = Math.min(m, t);
        }
        return m;
    }

    public double memory(int u) {
        return memory[u];
    }

    /** Distinct successor units. Do not modify. */
    public int[] successors(int u) {
        return succ[u];
    }

    /** Distinct predecessor units. Do not modify. */
    public int[] predecessors(int u) {
        return pred[u];
    }

    public boolean isAcyclic() {
        return topo != null;
    }

    /** A topological order of the units (by first member); only for acyclic unit graphs. */
    public int[] topologicalOrder() {
        if (topo == null) {
            throw new IllegalStateException("the unit graph has a cycle; use acyclic()");
        }
        return topo.clone();
    }

    /** Contradictory pins (each makes the problem infeasible). */
    public List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    /** Expands a device per unit to a device per operator. */
    public int[] expand(int[] unitDevice) {
        int[] dev = new int[unitOf.length];
        for (int v = 0; v < dev.length; v++) {
            dev[v] = unitDevice[unitOf[v]];
        }
        return dev;
    }

    /** The device of each unit under an operator assignment (that of its first member). */
    public int[] restrict(int[] opDevice) {
        int[] out = new int[members.length];
        for (int u = 0; u < out.length; u++) {
            out[u] = members[u].length == 0 ? -1 : opDevice[members[u][0]];
        }
        return out;
    }
}
