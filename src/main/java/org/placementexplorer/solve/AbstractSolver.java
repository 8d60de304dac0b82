package org.placementexplorer.solve;

import java.util.concurrent.CompletableFuture;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Problem;

/**
 * Runs {@link #solve(SolveContext)} on its own daemon thread and turns what it reported into a
 * {@link SolverResult}: the best feasible placement offered (or, when none was, the least
 * infeasible one), the best bound (its own or one of the quick bounds of {@link Bounds}), and a
 * status that says whether the time limit or a cancel cut the run short.
 */
public abstract class AbstractSolver implements Solver {

    /**
     * Does the work: offer placements through {@link SolveContext#offer}, report bounds through
     * {@link SolveContext#bound}, poll {@link SolveContext#shouldStop()} and return early when it is
     * true. Return OPTIMAL only when the best offered placement is proven optimal; INFEASIBLE only
     * when no feasible placement exists; FEASIBLE otherwise.
     */
    protected abstract Status solve(SolveContext ctx) throws Exception;

    @Override
    public final SolverRun start(Problem problem, SolveRequest request, SolverListener listener) {
        if (!supports(request.objective())) {
            throw new IllegalArgumentException(name() + " does not support the " + request.objective().jsonName()
                    + " objective");
        }
        SolveContext ctx = new SolveContext(problem, request, listener);
        CompletableFuture<SolverResult> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(run(ctx));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, "solver-" + name());
        t.setDaemon(true);
        t.start();
        return new SolverRun(ctx, future);
    }

    private SolverResult run(SolveContext ctx) throws Exception {
        BoundReport quick = Bounds.quick(ctx.problem(), ctx.objective());
        if (quick.best() != null) {
            ctx.bound(quick.best(), quick.bestName());
        }
        Status claimed = solve(ctx);
        Evaluation best = ctx.best();
        Status status;
        if (ctx.cancelled()) {
            status = Status.CANCELLED;
        } else if (claimed == Status.OPTIMAL || claimed == Status.INFEASIBLE) {
            status = claimed;
        } else if (ctx.stoppedByTime()) {
            status = Status.TIME_LIMIT;
        } else {
            status = claimed;
        }
        if (status == Status.OPTIMAL && best == null) {
            throw new SolverException(name() + " claimed an optimum without offering a placement");
        }
        if (status == Status.OPTIMAL && ctx.optimalityClass() == null) {
            ctx.bound(best.objective(), name() + " (proven optimal)");
        }
        if (best == null && status != Status.INFEASIBLE && status != Status.CANCELLED
                && status != Status.TIME_LIMIT) {
            status = Status.INFEASIBLE;
        }
        Evaluation reported = best != null ? best : ctx.bestInfeasible();
        double bound = ctx.bestBound();
        Double lb = Double.isInfinite(bound) ? null : bound;
        return new SolverResult(name(), ctx.objective(), status, ctx.optimalityClass(), reported, lb, ctx.bestBoundName(), ctx.elapsed(), ctx.incumbents(),
                ctx.notes());
    }
}
