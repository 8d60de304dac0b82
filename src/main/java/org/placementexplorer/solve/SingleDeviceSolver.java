package org.placementexplorer.solve;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Placement;

/**
 * Baseline: all (unpinned) operators on one device; tries every device and keeps the best that
 * fits in memory and can run every operator. With a one-device cluster and no pins this is optimal.
 */
public final class SingleDeviceSolver extends AbstractSolver {
    public static final String NAME = "single-device";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "baseline: every operator on the one device that gives the best objective and fits in memory";
    }

    /** Accepts contiguous=true|false: a placement on one device is always contiguous. */
    @Override
    public void checkOptions(java.util.Map<String, String> options) {
        for (var e : options.entrySet()) {
            if (!e.getKey().equals("contiguous") || !(e.getValue().equals("true") || e.getValue().equals("false"))) {
                throw new IllegalArgumentException("solver '" + NAME + "' takes only the option contiguous=true|false");
            }
        }
    }

    @Override
    protected Status solve(SolveContext ctx) {
        int n = ctx.problem().operators();
        int nd = ctx.problem().deviceCount();
        boolean anyFeasible = false;
        for (int d = 0; d < nd && !ctx.shouldStop(); d++) {
            Placement p = Placement.of(ctx.applyPins(Placement.allOn(n, d).devices()));
            Evaluation e = ctx.offer(p);
            anyFeasible |= e.feasible();
        }
        if (anyFeasible && nd == 1 && ctx.request().pins().isEmpty()) {
            // one device: every placement is this one, and a single device never idles
            return Status.OPTIMAL;
        }
        return anyFeasible ? Status.FEASIBLE : Status.INFEASIBLE;
    }
}
