package org.placementexplorer.model;

import java.util.Objects;

/**
 * A data dependency: operator {@code from} produces tensor {@code tensor}, which operator {@code to}
 * consumes. Indices refer to the graph's operator list.
 *
 * @param bytes size of the tensor carried, in bytes
 */
public record Edge(int from, int to, String tensor, double bytes) {
    public Edge {
        Objects.requireNonNull(tensor, "tensor");
        if (!(bytes >= 0) || Double.isInfinite(bytes)) {
            throw new ModelException("edge " + from + "->" + to + " has an invalid size " + bytes);
        }
    }
}
