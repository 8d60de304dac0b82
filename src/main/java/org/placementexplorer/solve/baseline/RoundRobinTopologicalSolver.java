package org.placementexplorer.solve.baseline;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.Status;
import org.placementexplorer.solve.common.HeuristicSolver;
import org.placementexplorer.solve.common.OpUnits;

/**
 * Baseline: the operators in topological order dealt to the devices in turn, as cards are dealt
 * (a colocation group goes where its first operator is dealt; pinned operators stay; a device that
 * cannot run an operator or has no memory left for it is passed over). It ignores every cost: it
 * shows what a placement that spreads work blindly costs.
 */
public final class RoundRobinTopologicalSolver extends HeuristicSolver {
    public static final String NAME = "round-robin-topological";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "baseline: operators in topological order dealt to the devices in turn";
    }

    @Override
    protected HeuristicSolver fresh() {
        return new RoundRobinTopologicalSolver();
    }

    @Override
    protected Status search(SolveContext ctx, OpUnits units) {
        Cluster c = ctx.problem().cluster();
        int nd = c.size();
        int[] unitDev = new int[units.count()];
        java.util.Arrays.fill(unitDev, -1);
        double[] used = new double[nd];
        int next = 0;
        for (int v : ctx.problem().graph().topologicalOrder()) {
            int u = units.unitOf(v);
            if (unitDev[u] >= 0) {
                continue;
            }
            int chosen = units.pin(u);
            for (int k = 0; k < nd && chosen < 0; k++) {
                int d = (next + k) % nd;
                if (units.allowed(u, d) && used[d] + units.memory(u) <= c.device(d).memoryBytes()) {
                    chosen = d;
                    next = (d + 1) % nd;
                }
            }
            for (int k = 0; k < nd && chosen < 0; k++) {
                int d = (next + k) % nd;
                if (units.allowed(u, d)) {
                    chosen = d;
                    next = (d + 1) % nd;
                }
            }
            unitDev[u] = chosen;
            used[chosen] += units.memory(u);
        }
        offerUnits(ctx, units, unitDev);
        return Status.FEASIBLE;
    }
}
