package org.placementexplorer.mip;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

/**
 * What "contiguous" means for a problem (MODEL.md's contiguous variant, docs/decisions/0016): the
 * devices can be numbered so that every <em>ordering arc</em> between units goes forward. For an
 * inference graph every edge is an ordering arc. For a training graph only forward→forward edges
 * order units, and a backward→backward edge that touches a unit without forward operators orders
 * it mirrored (b1 → b2 puts unit(b2) before unit(b1)); other edges impose nothing. The same rule as
 * the {@code dp} solver, so both optimise over the same placements.
 */
public final class Contiguity {
    private final Groups units;
    private final List<int[]> arcs;

    private Contiguity(Groups units, List<int[]> arcs) {
        this.units = units;
        this.arcs = arcs;
    }

    public static Contiguity of(Problem p, Groups units) {
        OpGraph g = p.graph();
        int nu = units.count();
        boolean[] hasForward = new boolean[nu];
        for (int v = 0; v < g.size(); v++) {
            if (!p.isBackward(v)) {
                hasForward[units.unitOf(v)] = true;
            }
        }
        Set<Long> seen = new LinkedHashSet<>();
        List<int[]> arcs = new ArrayList<>();
        for (var e : g.edges()) {
            int u = e.from();
            int w = e.to();
            int cu = units.unitOf(u);
            int cw = units.unitOf(w);
            if (cu == cw) {
                continue;
            }
            boolean bu = p.isBackward(u);
            boolean bw = p.isBackward(w);
            int[] arc = null;
            if (!bu && !bw) {
                arc = new int[] {cu, cw};
            } else if (bu && bw && (!hasForward[cu] || !hasForward[cw])) {
                arc = new int[] {cw, cu};
            }
            if (arc != null && seen.add((long) arc[0] * nu + arc[1])) {
                arcs.add(arc);
            }
        }
        return new Contiguity(units, arcs);
    }

    /** The ordering arcs between units (deduplicated). */
    public List<int[]> arcs() {
        return arcs;
    }

    /** Whether a placement (device per operator) is contiguous. */
    public boolean holds(int[] opDevice) {
        return chain(units.contract(opDevice), maxDevice(opDevice) + 1) != null;
    }

    private static int maxDevice(int[] dev) {
        int m = 0;
        for (int d : dev) {
            m = Math.max(m, d);
        }
        return m;
    }

    /**
     * The used devices in an order that every arc respects (ties: lower index first), or null when
     * the arcs between devices form a cycle.
     */
    public int[] chain(int[] unitDevice, int deviceCount) {
        int nd = deviceCount;
        boolean[][] arc = new boolean[nd][nd];
        boolean[] used = new boolean[nd];
        for (int d : unitDevice) {
            used[d] = true;
        }
        for (int[] a : arcs) {
            int x = unitDevice[a[0]];
            int y = unitDevice[a[1]];
            if (x != y) {
                arc[x][y] = true;
            }
        }
        int[] indeg = new int[nd];
        for (int a = 0; a < nd; a++) {
            for (int b = 0; b < nd; b++) {
                if (arc[a][b]) {
                    indeg[b]++;
                }
            }
        }
        List<Integer> out = new ArrayList<>();
        boolean[] taken = new boolean[nd];
        while (true) {
            int pick = -1;
            for (int d = 0; d < nd; d++) {
                if (used[d] && !taken[d] && indeg[d] == 0) {
                    pick = d;
                    break;
                }
            }
            if (pick < 0) {
                break;
            }
            taken[pick] = true;
            out.add(pick);
            for (int b = 0; b < nd; b++) {
                if (arc[pick][b]) {
                    indeg[b]--;
                }
            }
        }
        for (int d = 0; d < nd; d++) {
            if (used[d] && !taken[d]) {
                return null;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
