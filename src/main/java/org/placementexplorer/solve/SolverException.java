package org.placementexplorer.solve;

/** A solver failed for a reason other than bad input. */
public class SolverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SolverException(String message, Throwable cause) {
        super(message, cause);
    }

    public SolverException(String message) {
        super(message);
    }
}
