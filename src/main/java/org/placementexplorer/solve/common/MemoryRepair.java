package org.placementexplorer.solve.common;

import java.util.ArrayList;
import java.util.List;

import org.placementexplorer.model.Cluster;

/**
 * Moves units off devices whose resident memory exceeds their capacity, largest unit first, each to
 * the allowed device with the most room that can take it (ties: the faster device). A last resort
 * after a construction that ignored or misjudged memory; it does not look at the objective.
 */
public final class MemoryRepair {
    private MemoryRepair() {
    }

    /**
     * Repairs a device-per-unit assignment in place. {@code reserve[d]} (may be null) is memory to
     * keep free on device d (e.g. for activations). Returns whether every device now fits.
     */
    public static boolean repair(OpUnits units, int[] unitDevice, double[] reserve) {
        Cluster c = units.problem().cluster();
        int nd = c.size();
        double[] used = new double[nd];
        double[] cap = new double[nd];
        for (int d = 0; d < nd; d++) {
            cap[d] = c.device(d).memoryBytes() - (reserve == null ? 0 : reserve[d]);
        }
        for (int u = 0; u < units.count(); u++) {
            used[unitDevice[u]] += units.memory(u);
        }
        boolean ok = true;
        for (int d = 0; d < nd; d++) {
            if (used[d] <= cap[d]) {
                continue;
            }
            List<Integer> movable = new ArrayList<>();
            for (int u = 0; u < units.count(); u++) {
                if (unitDevice[u] == d && units.pin(u) < 0 && units.memory(u) > 0) {
                    movable.add(u);
                }
            }
            movable.sort((a, b) -> Double.compare(units.memory(b), units.memory(a)));
            for (int u : movable) {
                if (used[d] <= cap[d]) {
                    break;
                }
                int target = -1;
                for (int e = 0; e < nd; e++) {
                    if (e == d || !units.allowed(u, e) || used[e] + units.memory(u) > cap[e]) {
                        continue;
                    }
                    if (target < 0 || cap[e] - used[e] > cap[target] - used[target]
                            || (cap[e] - used[e] == cap[target] - used[target]
                                    && units.time(u, e) < units.time(u, target))) {
                        target = e;
                    }
                }
                if (target >= 0) {
                    unitDevice[u] = target;
                    used[d] -= units.memory(u);
                    used[target] += units.memory(u);
                }
            }
            ok &= used[d] <= cap[d];
        }
        return ok;
    }

    /** Whether a device-per-unit assignment fits every device's capacity minus the reserve. */
    public static boolean fits(OpUnits units, int[] unitDevice, double[] reserve) {
        Cluster c = units.problem().cluster();
        double[] used = new double[c.size()];
        for (int u = 0; u < units.count(); u++) {
            used[unitDevice[u]] += units.memory(u);
        }
        for (int d = 0; d < used.length; d++) {
            if (used[d] > c.device(d).memoryBytes() - (reserve == null ? 0 : reserve[d])) {
                return false;
            }
        }
        return true;
    }
}
