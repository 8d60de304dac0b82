package org.placementexplorer.model;

import java.util.List;
import java.util.Objects;

/**
 * An output tensor of an operator.
 *
 * @param name  tensor name, unique among the outputs of its producer
 * @param dtype element type
 * @param shape dimensions; a negative entry is an unknown dimension, {@code null} an unknown rank
 * @param bytes size in bytes (the best estimate when the shape is not fully known)
 */
public record Tensor(String name, DType dtype, List<Long> shape, double bytes) {
    public Tensor {
        Objects.requireNonNull(name, "name");
        dtype = dtype == null ? DType.UNKNOWN : dtype;
        shape = shape == null ? null : List.copyOf(shape);
        if (!(bytes >= 0) || Double.isInfinite(bytes)) {
            throw new ModelException("tensor '" + name + "' has an invalid size " + bytes);
        }
    }

    /** True when the rank and every dimension are known. */
    public boolean shapeKnown() {
        return shape != null && shape.stream().allMatch(d -> d >= 0);
    }
}
