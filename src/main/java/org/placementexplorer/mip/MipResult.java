package org.placementexplorer.mip;

/**
 * What a backend returned.
 *
 * @param status    how the solve ended
 * @param values    the best point found (null without one)
 * @param objective its objective value (NaN without one)
 * @param bestBound the proven lower bound on the optimum (NaN when the backend does not say;
 *                  equal to the objective at OPTIMAL; +Infinity when INFEASIBLE)
 * @param seconds   wall time spent in the backend
 * @param message   a remark from the backend (e.g. why it failed), or ""
 */
public record MipResult(Status status, double[] values, double objective, double bestBound, double seconds,
        String message) {

    /** How a solve ended. */
    public enum Status {
        /** Proven optimal (within the requested gap). */
        OPTIMAL,
        /** A point was found but optimality was not proven (time limit or interruption). */
        FEASIBLE,
        /** Proven infeasible. */
        INFEASIBLE,
        /** No point found and nothing proven (time limit). */
        NO_SOLUTION,
        /** The backend failed (numerical trouble, unsupported model). */
        ERROR
    }

    public boolean hasSolution() {
        return values != null && (status == Status.OPTIMAL || status == Status.FEASIBLE);
    }

    public static MipResult error(String message, double seconds) {
        return new MipResult(Status.ERROR, null, Double.NaN, Double.NaN, seconds, message);
    }
}
