package org.placementexplorer.bound;

import java.util.OptionalDouble;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * A proven lower bound on the objective of every feasible placement of a problem (pins and memory
 * limits may be ignored: dropping constraints only lowers the optimum, so the bound stays valid).
 */
public interface LowerBound {
    /** Short name used in reports and JSON, e.g. {@code critical-path}. */
    String name();

    /** One line: what the bound is. */
    String description();

    /** The bound, or empty when it does not apply to this objective or problem. */
    OptionalDouble compute(Problem problem, Objective objective);

    /**
     * The bound computed within a time budget (seconds). Bounds that run a MIP return the solver's
     * proven bound when the budget ends, which is still valid; the others ignore the budget.
     */
    default OptionalDouble compute(Problem problem, Objective objective, double budgetSeconds) {
        return compute(problem, objective);
    }

    /**
     * Whether the bound also holds for placements run as data-parallel copies on identical servers
     * ({@code Placement.replicas}): true for bounds on the work per sample spread over every device;
     * false for bounds on one device's or one operator's time per sample, which copies divide
     * ({@link Bounds#compute} then divides them by the number of copies possible).
     */
    default boolean holdsForCopies() {
        return false;
    }
}
