package org.placementexplorer.solve;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * A placement algorithm. {@link #start} returns at once; the run works on its own thread, reports
 * incumbents and bounds to the listener as it goes, honours the time limit and
 * {@link SolverRun#cancel()}, and ends with a {@link SolverResult} whose objective is the
 * evaluator's value for its placement.
 */
public interface Solver {
    /** Name used on the command line and in files, e.g. {@code single-device}. */
    String name();

    /** One line for {@code placement-explorer solvers}. */
    String description();

    default boolean supports(Objective objective) {
        return true;
    }

    SolverRun start(Problem problem, SolveRequest request, SolverListener listener);

    /**
     * Checks solver options before a run.
     *
     * @throws IllegalArgumentException naming the bad option, in one line
     */
    default void checkOptions(java.util.Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("solver '" + name() + "' takes no options (got "
                    + String.join(", ", options.keySet()) + ")");
        }
    }

    /** Starts and waits. */
    default SolverResult solve(Problem problem, SolveRequest request) {
        return start(problem, request, SolverListener.NONE).await();
    }
}
