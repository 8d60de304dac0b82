package org.placementexplorer.solve;

import org.placementexplorer.model.Placement;

/**
 * Receives a run's progress. Called on the solver's thread: a GUI forwards to its own thread.
 */
public interface SolverListener {
    SolverListener NONE = new SolverListener() {
    };

    /** A new best feasible placement, with its evaluated objective, {@code seconds} after the start. */
    default void onIncumbent(Placement placement, double objective, double seconds) {
    }

    /** A new best lower bound on the objective. */
    default void onBound(double bound, String boundName, double seconds) {
    }

    /** A note worth showing (e.g. a fallback taken). */
    default void onMessage(String message) {
    }
}
