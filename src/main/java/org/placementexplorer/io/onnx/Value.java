package org.placementexplorer.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What shape inference knows about one tensor: element type, shape, and — for small tensors whose
 * contents are known (shape arithmetic, constants) — the element values.
 *
 * <p>Values are kept as doubles in row-major order: integer shape arithmetic stays exact up to
 * 2<sup>53</sup>, and the usual "to the end" sentinels (±2<sup>63</sup>) survive as huge values that are
 * clamped where they are used.
 */
final class Value {
    /** Largest tensor whose values are tracked. */
    static final int MAX_VALUES = 4096;

    final int type;
    /** Dimensions; null for an unknown rank; -1 for an unknown dimension. */
    final long[] dims;
    /** Element values (length = element count), or null when not known. */
    final double[] data;

    private Value(int type, long[] dims, double[] data) {
        this.type = type;
        this.dims = dims;
        this.data = data;
    }

    static Value unknown(int type) {
        return new Value(type, null, null);
    }

    static Value of(int type, long[] dims) {
        return new Value(type, dims == null ? null : sanitize(dims), null);
    }

    /** A value with known contents; the data is dropped when it does not match the shape or is too large. */
    static Value of(int type, long[] dims, double[] data) {
        long[] d = dims == null ? null : sanitize(dims);
        if (data != null && (d == null || Onnx.product(d) != data.length || data.length > MAX_VALUES)) {
            data = null;
        }
        return new Value(type, d, data);
    }

    static Value scalar(int type, double v) {
        return new Value(type, new long[0], new double[] {v});
    }

    static Value vector(int type, double... vs) {
        return of(type, new long[] {vs.length}, vs);
    }

    static Value vector(int type, long[] vs) {
        double[] d = new double[vs.length];
        for (int i = 0; i < vs.length; i++) {
            d[i] = vs[i];
        }
        return vector(type, d);
    }

    private static long[] sanitize(long[] dims) {
        long[] d = dims.clone();
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0) {
                d[i] = -1;
            }
        }
        return d;
    }

    Value withType(int t) {
        return new Value(t, dims, data);
    }

    boolean rankKnown() {
        return dims != null;
    }

    int rank() {
        return dims == null ? -1 : dims.length;
    }

    long dim(int i) {
        return dims == null || i < 0 || i >= dims.length ? -1 : dims[i];
    }

    boolean shapeKnown() {
        if (dims == null) {
            return false;
        }
        for (long d : dims) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /** Element count; -1 when the shape is not fully known. */
    long elements() {
        return dims == null ? -1 : Onnx.product(dims);
    }

    /**
     * Bytes of the tensor; with an unknown shape, the best estimate: unknown dimensions count 1 and an
     * unknown rank counts 0.
     */
    double bytes() {
        if (dims == null) {
            return 0;
        }
        double n = 1;
        for (long d : dims) {
            n *= Math.max(d, 1);
        }
        if (n == 1) {
            for (long d : dims) {
                if (d == 0) {
                    return 0;
                }
            }
        }
        double b = n * ElemType.bytes(type);
        return Double.isFinite(b) ? b : Double.MAX_VALUE / 1e6;
    }

    boolean hasData() {
        return data != null;
    }

    /** Values as whole numbers (truncated toward zero, saturating). */
    long[] longs() {
        if (data == null) {
            return null;
        }
        long[] r = new long[data.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (long) data[i];
        }
        return r;
    }

    List<Long> shapeList() {
        if (dims == null) {
            return null;
        }
        List<Long> l = new ArrayList<>(dims.length);
        for (long d : dims) {
            l.add(d);
        }
        return l;
    }

    @Override
    public String toString() {
        return "Value[" + type + ", " + (dims == null ? "?" : Arrays.toString(dims))
                + (data == null ? "" : ", " + (data.length <= 8 ? Arrays.toString(data) : data.length + " values")) + "]";
    }
}
