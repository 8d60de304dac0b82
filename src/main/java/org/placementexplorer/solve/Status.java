package org.placementexplorer.solve;

/** How a solver run ended. */
public enum Status {
    /** The placement is proven optimal (for the solver's placement class, see its notes). */
    OPTIMAL,
    /** A feasible placement, not proven optimal. */
    FEASIBLE,
    /** No feasible placement exists (proven), or none was found by a solver that cannot prove it. */
    INFEASIBLE,
    /** The time limit stopped the run; the best placement found so far is returned. */
    TIME_LIMIT,
    /** The user stopped the run; the best placement found so far is returned. */
    CANCELLED
}
