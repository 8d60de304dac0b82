package org.placementexplorer.ui;

import java.util.Random;

import org.placementexplorer.model.Placement;
import org.placementexplorer.solve.AbstractSolver;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.Status;

/**
 * Test-only anytime solver: offers a random placement (pins kept) every 20 ms until the time limit
 * or a cancel, starting with the warm start; so a run lasts as long as it is allowed to and improves
 * now and then, like local search.
 */
final class SlowSolver extends AbstractSolver {
    static final String NAME = "slow-test";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test: random placements every 20 ms until stopped";
    }

    @Override
    protected Status solve(SolveContext ctx) throws InterruptedException {
        Random rnd = new Random(ctx.request().seed());
        int n = ctx.problem().operators();
        int nd = ctx.problem().deviceCount();
        if (ctx.request().warmStart() != null) {
            ctx.offer(Placement.of(ctx.applyPins(ctx.request().warmStart().devices())));
        }
        while (!ctx.shouldStop()) {
            int[] dev = new int[n];
            int a = rnd.nextInt(nd);
            int b = rnd.nextInt(nd);
            int cut = rnd.nextInt(n + 1);
            int[] topo = ctx.problem().graph().topologicalOrder();
            for (int i = 0; i < n; i++) {
                dev[topo[i]] = i < cut ? a : b;
            }
            ctx.offer(Placement.of(ctx.applyPins(dev)));
            Thread.sleep(20);
        }
        return Status.FEASIBLE;
    }
}
