package org.placementexplorer.model;

/** An inconsistent graph, cluster or placement; the message is one line meant for the user. */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }
}
