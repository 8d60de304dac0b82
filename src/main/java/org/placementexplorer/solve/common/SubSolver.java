package org.placementexplorer.solve.common;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverListener;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.SolverRun;

/**
 * The one place where a decomposition heuristic hands a smaller problem to an exact solver
 * (ADR 0039). The sub-problem is an ordinary {@link Problem} (built by {@link Subproblems}), so any
 * {@link Solver} can serve: the project's MILP ({@link #milp()}), or a test double.
 */
@FunctionalInterface
public interface SubSolver {
    /**
     * A device per operator of {@code sub} (null when nothing was found), within {@code limit};
     * returns early when {@code stop} turns true.
     */
    int[] solve(Problem sub, Objective objective, Map<Integer, Integer> pins, Duration limit, long seed,
            BooleanSupplier stop);

    /**
     * Seconds before a run's deadline at which its sub-solve is stopped: stopping a running MILP
     * takes a few tenths of a second, which must fall inside the run's own limit.
     */
    double STOP_MARGIN = 0.4;

    /** The stop signal to hand a sub-solve of {@code ctx}: the run stops, or its deadline is near. */
    static BooleanSupplier stopInTime(SolveContext ctx) {
        return () -> ctx.shouldStop() || ctx.remaining() < STOP_MARGIN;
    }

    /** The registered {@code milp} solver, when this build has one. */
    static Optional<SubSolver> milp() {
        return SolverRegistry.byName("milp").map(SubSolver::of);
    }

    /** Any solver as a sub-solver: its best placement (feasible if it found one, else its least bad). */
    static SubSolver of(Solver solver) {
        return (sub, objective, pins, limit, seed, stop) -> {
            SolveRequest req = new SolveRequest(objective, limit, seed, pins, null, Map.of());
            SolverRun run = solver.start(sub, req, SolverListener.NONE);
            while (true) {
                Optional<SolverResult> r = run.await(Duration.ofMillis(50));
                if (r.isPresent()) {
                    Evaluation e = r.get().best();
                    return e == null ? null : e.placement().devices();
                }
                if (stop.getAsBoolean()) {
                    run.cancel();
                }
            }
        };
    }
}
