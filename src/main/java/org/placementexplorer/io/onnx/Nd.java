package org.placementexplorer.io.onnx;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/** Small n-dimensional helpers for shape arithmetic and constant folding of small tensors. */
final class Nd {
    private Nd() {
    }

    /** Product of dims with unknown (-1) propagation; -1 on overflow. */
    static long product(long[] dims, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (dims[i] < 0) {
                return -1;
            }
            try {
                p = Math.multiplyExact(p, dims[i]);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return p;
    }

    static long mul(long a, long b) {
        if (a < 0 || b < 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    static long add(long a, long b) {
        if (a < 0 || b < 0) {
            return -1;
        }
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** Normalises an axis against a rank; throws when out of range. */
    static int axis(long a, int rank) {
        long x = a < 0 ? a + rank : a;
        if (x < 0 || x >= Math.max(rank, 1)) {
            throw new IllegalArgumentException("axis " + a + " is out of range for rank " + rank);
        }
        return (int) x;
    }

    /**
     * Numpy-style broadcast of several shapes; null when a rank is unknown. A dimension is unknown
     * when every operand has 1 or unknown there and at least one is unknown.
     */
    static long[] broadcast(long[]... shapes) {
        int r = 0;
        for (long[] s : shapes) {
            if (s == null) {
                return null;
            }
            r = Math.max(r, s.length);
        }
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long known = 1;
            boolean unknown = false;
            for (long[] s : shapes) {
                int j = i - (r - s.length);
                if (j < 0) {
                    continue;
                }
                long d = s[j];
                if (d < 0) {
                    unknown = true;
                } else if (d != 1) {
                    if (known != 1 && known != d) {
                        throw new IllegalArgumentException("shapes " + describe(shapes) + " do not broadcast");
                    }
                    known = d;
                }
            }
            out[i] = known != 1 ? known : unknown ? -1 : 1;
        }
        return out;
    }

    private static String describe(long[]... shapes) {
        StringBuilder sb = new StringBuilder();
        for (long[] s : shapes) {
            sb.append(sb.isEmpty() ? "" : " and ").append(Arrays.toString(s));
        }
        return sb.toString();
    }

    /** The data of {@code v} broadcast to {@code out} (both fully known, small). */
    static double[] broadcastData(Value v, long[] out) {
        int n = (int) Onnx.product(out);
        double[] r = new double[n];
        int rank = out.length;
        long[] vd = v.dims;
        int off = rank - vd.length;
        long[] vstr = new long[rank];
        long s = 1;
        for (int i = vd.length - 1; i >= 0; i--) {
            vstr[i + off] = vd[i] == 1 ? 0 : s;
            s *= vd[i];
        }
        int[] idx = new int[rank];
        for (int k = 0; k < n; k++) {
            long src = 0;
            for (int i = 0; i < rank; i++) {
                src += idx[i] * vstr[i];
            }
            r[k] = v.data[(int) src];
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return r;
    }

    /** Elementwise binary operation with broadcasting on known small data; null when not computable. */
    static double[] binary(Value a, Value b, long[] out, DoubleBinaryOperator f) {
        if (!a.hasData() || !b.hasData() || out == null) {
            return null;
        }
        long n = Onnx.product(out);
        if (n < 0 || n > Value.MAX_VALUES) {
            return null;
        }
        double[] x = broadcastData(a, out);
        double[] y = broadcastData(b, out);
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(x[i], y[i]);
        }
        return r;
    }

    /** Takes the given indices along {@code axis}; the data must be known. */
    static double[] take(double[] data, long[] dims, int axis, long[] idx) {
        long outer = product(dims, 0, axis);
        long inner = product(dims, axis + 1, dims.length);
        long len = dims[axis];
        long total = outer * idx.length * inner;
        if (total > Value.MAX_VALUES) {
            return null;
        }
        double[] r = new double[(int) total];
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (long i : idx) {
                long ii = i < 0 ? i + len : i;
                if (ii < 0 || ii >= len) {
                    throw new IllegalArgumentException("index " + i + " is out of range for a dimension of " + len);
                }
                long base = (o * len + ii) * inner;
                for (long in = 0; in < inner; in++) {
                    r[k++] = data[(int) (base + in)];
                }
            }
        }
        return r;
    }

    /** Concatenates known data along {@code axis}. */
    static double[] concat(Value[] parts, int axis, long[] out) {
        long n = Onnx.product(out);
        if (n < 0 || n > Value.MAX_VALUES) {
            return null;
        }
        for (Value p : parts) {
            if (!p.hasData()) {
                return null;
            }
        }
        long outer = product(out, 0, axis);
        long inner = product(out, axis + 1, out.length);
        double[] r = new double[(int) n];
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (Value p : parts) {
                long chunk = p.dims[axis] * inner;
                System.arraycopy(p.data, (int) (o * chunk), r, k, (int) chunk);
                k += (int) chunk;
            }
        }
        return r;
    }

    /** Transposes known data. */
    static double[] transpose(double[] data, long[] dims, int[] perm) {
        int r = dims.length;
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            out[i] = dims[perm[i]];
        }
        long[] str = new long[r];
        long s = 1;
        for (int i = r - 1; i >= 0; i--) {
            str[i] = s;
            s *= dims[i];
        }
        double[] res = new double[data.length];
        int[] idx = new int[r];
        for (int k = 0; k < res.length; k++) {
            long src = 0;
            for (int i = 0; i < r; i++) {
                src += idx[i] * str[perm[i]];
            }
            res[k] = data[(int) src];
            for (int i = r - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return res;
    }

    /** Clamps a double to a long range that leaves room for adding a dimension. */
    static long clampLong(double v) {
        double lim = 4.0e18;
        if (v > lim) {
            return (long) lim;
        }
        if (v < -lim) {
            return (long) -lim;
        }
        return (long) v;
    }
}
