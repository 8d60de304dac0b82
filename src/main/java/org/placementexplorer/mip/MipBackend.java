package org.placementexplorer.mip;

/** A MIP/LP solver library behind one interface. Implementations are stateless and thread-safe. */
public interface MipBackend {
    /** Name used in solver options ({@code backend=scip}) and reports. */
    String name();

    /**
     * Whether its optimality claims and bounds hold for the model as given. CP-SAT is not: it
     * rounds continuous variables to a grid, so its "optimum" and bound are approximate.
     */
    default boolean exact() {
        return true;
    }

    /** Whether the backend can run here (native libraries present). */
    boolean available();

    /**
     * Solves the model (minimisation). Never throws for solver trouble: returns status ERROR with a
     * message instead.
     */
    MipResult solve(MipModel model, MipParams params, MipControl control);

    default MipResult solve(MipModel model, MipParams params) {
        return solve(model, params, new MipControl());
    }
}
