package org.placementexplorer.solve.common;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;
import org.placementexplorer.util.Fmt;

/**
 * Proofs that no feasible placement exists, checked before a heuristic searches, so that a
 * hopeless problem gets a clear INFEASIBLE with the reason instead of a fruitless search. Each check
 * ignores activation memory, which can only make things worse, so every reason is a proof.
 */
public final class Feasibility {
    private Feasibility() {
    }

    /** Why no placement can be feasible, or null when these checks find no reason. */
    public static String proveInfeasible(OpUnits units) {
        Problem p = units.problem();
        OpGraph g = p.graph();
        Cluster c = p.cluster();
        if (!units.conflicts().isEmpty()) {
            return units.conflicts().get(0);
        }
        double totalCapacity = 0;
        for (int d = 0; d < c.size(); d++) {
            boolean usable = false;
            for (int u = 0; u < units.count() && !usable; u++) {
                usable = units.allowed(u, d);
            }
            if (usable) {
                totalCapacity += c.device(d).memoryBytes();
            }
        }
        double total = 0;
        for (int u = 0; u < units.count(); u++) {
            int[] m = units.members(u);
            if (m.length == 0) {
                continue;
            }
            String who = m.length == 1 ? "operator '" + g.op(m[0]).id() + "'"
                    : "operator '" + g.op(m[0]).id() + "' and the " + (m.length - 1) + " operators it must share a "
                            + "device with";
            double largest = 0;
            boolean any = false;
            for (int d = 0; d < c.size(); d++) {
                if (units.allowed(u, d)) {
                    any = true;
                    largest = Math.max(largest, c.device(d).memoryBytes());
                }
            }
            if (!any) {
                if (units.pin(u) >= 0) {
                    return who + " is pinned to device '" + c.device(units.pin(u)).id() + "', which cannot run "
                            + (m.length == 1 ? "it" : "all of them");
                }
                return who + " can run on no device of cluster '" + c.name() + "'";
            }
            if (units.memory(u) > largest) {
                return who + " need" + (m.length == 1 ? "s " : " ") + Fmt.memory(units.memory(u), p.units())
                        + " of memory, but the largest device that can run " + (m.length == 1 ? "it" : "them")
                        + " holds " + Fmt.memory(largest, p.units());
            }
            total += units.memory(u);
        }
        if (total > totalCapacity) {
            return "the operators need " + Fmt.memory(total, p.units()) + " of memory in all, but the devices that can "
                    + "run them hold " + Fmt.memory(totalCapacity, p.units()) + " together";
        }
        return null;
    }
}
