package org.placementexplorer.mip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

/**
 * Operators contracted by colocation group: every group of the problem becomes one unit that is
 * placed as a whole; an operator without a group is a unit of its own. Units are numbered by their
 * first member in an as-late-as-possible topological order, so unit order follows the data flow
 * where it can and sources sit next to their consumers. Also holds, per unit, what placing it on each device costs and whether it may go there.
 */
public final class Groups {
    private final int[] unitOf;
    private final int[][] members;
    private final double[][] time;
    private final double[] memory;
    private final boolean[][] allowed;

    private Groups(int[] unitOf, int[][] members, double[][] time, double[] memory, boolean[][] allowed) {
        this.unitOf = unitOf;
        this.members = members;
        this.time = time;
        this.memory = memory;
        this.allowed = allowed;
    }

    /**
     * Contracts the problem's colocation groups. A unit may go on a device when every member can
     * run there, its resident memory fits there, and no pin sends one of its members elsewhere.
     *
     * @param pins operator index → device index (may be empty)
     */
    public static Groups of(Problem p, Map<Integer, Integer> pins) {
        OpGraph g = p.graph();
        int n = g.size();
        int nd = p.deviceCount();
        // units by first appearance in an as-late-as-possible topological order, so that weights
        // and other sources sit just before their consumers rather than all at the start
        int[] order = alapOrder(g);
        Map<Integer, Integer> byGroup = new HashMap<>();
        int[] unitOf = new int[n];
        int k = 0;
        for (int v : order) {
            int grp = p.colocationGroup(v);
            if (grp < 0) {
                unitOf[v] = k++;
            } else {
                Integer u = byGroup.get(grp);
                if (u == null) {
                    u = k++;
                    byGroup.put(grp, u);
                }
                unitOf[v] = u;
            }
        }
        List<List<Integer>> mem = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            mem.add(new ArrayList<>());
        }
        for (int v : order) {
            mem.get(unitOf[v]).add(v);
        }
        int[][] members = new int[k][];
        double[][] time = new double[k][nd];
        double[] memory = new double[k];
        boolean[][] allowed = new boolean[k][nd];
        for (int u = 0; u < k; u++) {
            members[u] = mem.get(u).stream().mapToInt(Integer::intValue).toArray();
            Arrays.fill(allowed[u], true);
            for (int v : members[u]) {
                memory[u] += p.opMemory(v);
                for (int d = 0; d < nd; d++) {
                    time[u][d] += p.opTime(v, d);
                    if (!p.canRun(v, d)) {
                        allowed[u][d] = false;
                    }
                }
                Integer pin = pins.get(v);
                if (pin != null) {
                    for (int d = 0; d < nd; d++) {
                        if (d != pin) {
                            allowed[u][d] = false;
                        }
                    }
                }
            }
            for (int d = 0; d < nd; d++) {
                if (memory[u] > p.cluster().device(d).memoryBytes()) {
                    allowed[u][d] = false;
                }
            }
        }
        return new Groups(unitOf, members, time, memory, allowed);
    }

    /**
     * Operators sorted by (longest path to a sink, counted from the far end; topological position):
     * a topological order in which every operator comes as late as the graph allows.
     */
    static int[] alapOrder(OpGraph g) {
        int n = g.size();
        int[] topo = g.topologicalOrder();
        int[] down = new int[n];
        int max = 0;
        for (int i = n - 1; i >= 0; i--) {
            int v = topo[i];
            for (int w : g.successors(v)) {
                down[v] = Math.max(down[v], down[w] + 1);
            }
            max = Math.max(max, down[v]);
        }
        Integer[] ops = new Integer[n];
        for (int v = 0; v < n; v++) {
            ops[v] = v;
        }
        final int top = max;
        Arrays.sort(ops, (a, b) -> top - down[a] != top - down[b] ? Integer.compare(top - down[a], top - down[b])
                : Integer.compare(g.topologicalPosition(a), g.topologicalPosition(b)));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = ops[i];
        }
        return out;
    }

    /** Number of units. */
    public int count() {
        return members.length;
    }

    public int unitOf(int op) {
        return unitOf[op];
    }

    public int[] members(int unit) {
        return members[unit];
    }

    /** Sum of the members' times on device d (+Infinity when one cannot run there). */
    public double time(int unit, int d) {
        return time[unit][d];
    }

    /** Sum of the members' resident memory. */
    public double memory(int unit) {
        return memory[unit];
    }

    public boolean allowed(int unit, int d) {
        return allowed[unit][d];
    }

    /** Whether some unit has no device it may go on (then nothing is feasible). */
    public boolean anyUnplaceable() {
        for (boolean[] a : allowed) {
            boolean any = false;
            for (boolean b : a) {
                any |= b;
            }
            if (!any) {
                return true;
            }
        }
        return false;
    }

    /** Smallest time of a unit over the devices it may go on. */
    public double minTime(int unit) {
        double m = Double.POSITIVE_INFINITY;
        for (int d = 0; d < time[unit].length; d++) {
            if (allowed[unit][d]) {
                m = Math.min(m, time[unit][d]);
            }
        }
        return m;
    }

    /** Device of each unit → device of each operator. */
    public int[] expand(int[] unitDevice) {
        int[] dev = new int[unitOf.length];
        for (int v = 0; v < unitOf.length; v++) {
            dev[v] = unitDevice[unitOf[v]];
        }
        return dev;
    }

    /** Device of each operator → device of each unit (the device of its first member). */
    public int[] contract(int[] opDevice) {
        int[] out = new int[members.length];
        for (int u = 0; u < members.length; u++) {
            out[u] = opDevice[members[u][0]];
        }
        return out;
    }
}
