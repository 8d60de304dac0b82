package org.placementexplorer.solve.coarsen;

import java.time.Duration;
import java.util.Map;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.Status;
import org.placementexplorer.solve.common.HeuristicSolver;
import org.placementexplorer.solve.common.SubSolver;
import org.placementexplorer.solve.common.Subproblems;
import org.placementexplorer.solve.common.OpUnits;
import org.placementexplorer.solve.heft.HeftSolver;

/**
 * Coarsen, solve, expand (Moirai, Zhang et al.): operators are fused by {@link Fusion}'s rules,
 * the coarse graph is solved with the MILP (memory included), and each operator goes where its
 * fused group went. For throughput the coarse problem prices every tensor as the original does, so
 * the MILP's objective for the coarse placement is the evaluator's for the expanded one; for
 * latency the fused groups run as one operator each in the MILP, and the evaluator schedules the
 * expanded placement.
 *
 * <p>Anytime: HEFT's placement is offered first; the MILP's incumbent when it ends (or when the time
 * limit stops it) follows.
 */
public final class CoarsenMilpSolver extends HeuristicSolver {
    public static final String NAME = "coarsen-milp";
    private final SubSolver sub;

    /** Solves the coarse graph with the registered {@code milp} solver. */
    public CoarsenMilpSolver() {
        this(null);
    }

    /** Solves the coarse graph with {@code sub}. */
    public CoarsenMilpSolver(SubSolver sub) {
        this.sub = sub;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Moirai: fuse operators (Conv/BN/activation, MatMul+bias, elementwise and single-path chains), "
                + "solve the coarse graph with the MILP, expand";
    }

    @Override
    protected HeuristicSolver fresh() {
        return new CoarsenMilpSolver(sub);
    }

    @Override
    protected Status search(SolveContext ctx, OpUnits units) {
        Problem p = ctx.problem();
        boolean latency = ctx.objective() == Objective.LATENCY;
        int[] fallback = latency ? HeftSolver.latency(p, units).devices() : HeftSolver.throughput(p, units);
        offerUnits(ctx, units, units.restrict(fallback));
        SubSolver solver = sub != null ? sub : SubSolver.milp().orElse(null);
        if (solver == null) {
            ctx.note("coarsen-milp needs the milp solver, which this build does not have: HEFT's placement returned");
            return Status.FEASIBLE;
        }
        Map<Integer, Integer> pins = ctx.request().pins();
        int[] groupOf = Fusion.groups(p, pins);
        int groups = 0;
        for (int x : groupOf) {
            groups = Math.max(groups, x + 1);
        }
        Subproblems.Sub coarse = Subproblems.coarse(p, groupOf, groups, pins);
        ctx.note("coarsen-milp: " + p.operators() + " operators fused into " + groups);
        // (a margin for the MILP's model building and for expanding and evaluating its answer, so the run
        // ends within its own limit)
        int[] r = solver.solve(coarse.problem(), ctx.objective(), coarse.pins(),
                Duration.ofNanos((long) (Math.max(0.05, 0.85 * ctx.remaining() - 0.1) * 1e9)), ctx.request().seed(),
                SubSolver.stopInTime(ctx));
        if (r == null) {
            ctx.note("the MILP found no placement of the coarse graph: HEFT's placement returned");
            return Status.FEASIBLE;
        }
        int[] dev = new int[p.operators()];
        for (int v = 0; v < dev.length; v++) {
            dev[v] = r[groupOf[v]];
        }
        offerUnits(ctx, units, units.restrict(dev));
        return Status.FEASIBLE;
    }
}
