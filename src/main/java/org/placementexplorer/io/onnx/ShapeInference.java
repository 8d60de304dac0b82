package org.placementexplorer.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Output types, shapes and (for small tensors) values of one node from those of its inputs. Rules
 * follow the ONNX operator specifications; where an opset moved a parameter from an attribute to an
 * input (axes of Squeeze/Unsqueeze/Reduce*, Split sizes, Slice bounds, Pad pads, Clip bounds, TopK's
 * k, Upsample/Resize scales) both forms are read: the input when it is given, else the attribute.
 *
 * <p>Control flow (If, Loop, Scan) and model-local functions are handled by the graph builder, which
 * infers their bodies. An operator without a rule raises {@link NoRule}; a rule that finds the inputs
 * inconsistent throws an unchecked exception with a message; the builder turns both into a warning
 * and the documented fallback.
 */
final class ShapeInference {
    /** No shape rule exists for this operator. */
    static final class NoRule extends Exception {
        private static final long serialVersionUID = 1L;

        NoRule() {
            super(null, null, false, false);
        }
    }

    /** Largest rank made up from a shape tensor whose values are unknown. */
    private static final int MAX_RANK = 64;

    private final long opset;

    /** @param opset version of the default (ai.onnx) operator set */
    ShapeInference(long opset) {
        this.opset = opset;
    }

    /** The operator types this class has a rule for (default domain), for documentation and tests. */
    static final Set<String> UNARY = Set.of("Relu", "Sigmoid", "Tanh", "Exp", "Log", "Abs", "Neg", "Sqrt",
            "Reciprocal", "Floor", "Ceil", "Round", "Erf", "Sign", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan",
            "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Softplus", "Softsign", "HardSigmoid", "HardSwish",
            "LeakyRelu", "Elu", "Selu", "Celu", "Gelu", "Mish", "ThresholdedRelu", "Shrink", "Clip", "Identity",
            "Softmax", "LogSoftmax", "Hardmax", "LpNormalization", "InstanceNormalization",
            "MeanVarianceNormalization", "LRN", "CumSum", "Trilu", "EyeLike", "Bernoulli", "RandomNormalLike",
            "RandomUniformLike", "ReverseSequence", "BitwiseNot", "Swish", "GroupNormalization",
            "RMSNormalization", "ScatterElements", "ScatterND", "Scatter", "Det");
    static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Mod", "BitShift", "And", "Or",
            "Xor", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "PRelu", "Max", "Min", "Sum",
            "Mean", "BitwiseAnd", "BitwiseOr", "BitwiseXor");

    /**
     * Infers the outputs of {@code n}.
     *
     * @param in one entry per declared input; null for an absent optional input
     * @return one entry per declared output
     */
    List<Value> infer(Onnx.Node n, List<Value> in) throws NoRule {
        Node c = new Node(n, in);
        List<Value> out;
        if (n.isDefaultDomain()) {
            out = standard(c);
        } else if (n.domain().equals("com.microsoft")) {
            out = microsoft(c);
            if (out == null) {
                out = standard(c);
            }
        } else {
            throw new NoRule();
        }
        // pad or trim to the declared outputs
        List<Value> r = new ArrayList<>(n.outputs().size());
        for (int i = 0; i < n.outputs().size(); i++) {
            r.add(i < out.size() && out.get(i) != null ? out.get(i) : Value.unknown(0));
        }
        return r;
    }

    /** One node with its inputs. */
    private static final class Node {
        final Onnx.Node n;
        final List<Value> in;

        Node(Onnx.Node n, List<Value> in) {
            this.n = n;
            this.in = in;
        }

        Value in(int i) {
            return i < in.size() ? in.get(i) : null;
        }

        Value req(int i) {
            Value v = in(i);
            if (v == null) {
                throw new IllegalArgumentException("input " + i + " is missing");
            }
            return v;
        }

        long i(String a, long d) {
            return n.intAttr(a, d);
        }

        long[] ints(String a) {
            return n.intsAttr(a);
        }

        boolean has(String a) {
            return n.attributes().containsKey(a);
        }

        String s(String a, String d) {
            return n.stringAttr(a, d);
        }

        /** Values of input i, or of attribute a when the input is absent; null when neither is known. */
        long[] inputOrAttr(int i, String a) {
            Value v = in(i);
            if (v != null) {
                return v.longs();
            }
            return ints(a);
        }

        /** Whether input i or attribute a is given at all. */
        boolean given(int i, String a) {
            return in(i) != null || has(a);
        }
    }

    private static List<Value> one(Value v) {
        List<Value> l = new ArrayList<>(1);
        l.add(v);
        return l;
    }

    private static List<Value> list(Value... vs) {
        return new ArrayList<>(Arrays.asList(vs));
    }

    // ---- the default domain -----------------------------------------------------------------

    private List<Value> standard(Node c) throws NoRule {
        String op = c.n.opType();
        if (UNARY.contains(op)) {
            return unary(c);
        }
        if (BINARY.contains(op)) {
            return binary(c);
        }
        return switch (op) {
            case "Not", "IsNaN", "IsInf" -> unaryBool(c);
            case "Cast" -> cast(c, (int) c.i("to", 0));
            case "CastLike" -> cast(c, c.req(1).type);
            case "Dropout" -> list(c.req(0), Value.of(ElemType.BOOL, c.req(0).dims));
            case "BatchNormalization" -> batchNorm(c);
            case "LayerNormalization" -> layerNorm(c, 1);
            case "Where" -> where(c);
            case "MatMul" -> one(Value.of(c.req(0).type, matmul(c.req(0).dims, c.req(1).dims)));
            case "MatMulInteger" -> one(Value.of(ElemType.INT32, matmul(c.req(0).dims, c.req(1).dims)));
            case "QLinearMatMul" -> one(Value.of(zeroPointType(c, 7, c.req(0).type),
                    matmul(c.req(0).dims, c.req(3).dims)));
            case "Gemm" -> one(Value.of(c.req(0).type, gemm(c, c.req(0), c.req(1))));
            case "Conv" -> one(Value.of(c.req(0).type, conv(c, c.req(0), c.req(1))));
            case "ConvInteger" -> one(Value.of(ElemType.INT32, conv(c, c.req(0), c.req(1))));
            case "QLinearConv" -> one(Value.of(zeroPointType(c, 7, c.req(0).type), conv(c, c.req(0), c.req(3))));
            case "ConvTranspose" -> one(Value.of(c.req(0).type, convTranspose(c)));
            case "MaxPool", "AveragePool", "LpPool" -> pool(c);
            case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool" -> one(Value.of(c.req(0).type,
                    globalPool(c.req(0).dims)));
            case "MaxRoiPool", "RoiAlign" -> roi(c);
            case "Reshape" -> reshape(c);
            case "Flatten" -> flatten(c);
            case "Squeeze" -> squeeze(c);
            case "Unsqueeze" -> unsqueeze(c);
            case "Transpose" -> transpose(c);
            case "Concat" -> concat(c);
            case "Split" -> split(c);
            case "Slice" -> slice(c);
            case "Gather" -> gather(c);
            case "GatherElements" -> one(Value.of(c.req(0).type, c.req(1).dims));
            case "GatherND" -> gatherNd(c);
            case "Expand" -> expand(c);
            case "Tile" -> tile(c);
            case "Pad" -> pad(c);
            case "Resize", "Upsample" -> resize(c);
            case "Shape" -> shape(c);
            case "Size" -> size(c);
            case "Range" -> range(c);
            case "ConstantOfShape" -> constantOfShape(c);
            case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
                    "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare" -> reduce(c);
            case "ArgMax", "ArgMin" -> argReduce(c);
            case "TopK" -> topK(c);
            case "LSTM" -> recurrent(c, 3);
            case "GRU", "RNN" -> recurrent(c, 2);
            case "Einsum" -> one(Value.of(c.req(0).type, einsum(c.s("equation", ""), c.in)));
            case "QuantizeLinear" -> one(Value.of(quantizeType(c), c.req(0).dims));
            case "DequantizeLinear" -> one(Value.of(c.in(1) != null && c.in(1).type != 0 ? c.in(1).type
                    : ElemType.FLOAT, c.req(0).dims));
            case "DynamicQuantizeLinear" -> list(Value.of(ElemType.UINT8, c.req(0).dims),
                    Value.of(ElemType.FLOAT, new long[0]), Value.of(ElemType.UINT8, new long[0]));
            case "NonZero" -> nonZero(c);
            case "NonMaxSuppression" -> one(Value.of(ElemType.INT64, new long[] {-1, 3}));
            case "OneHot" -> oneHot(c);
            case "DepthToSpace" -> depthToSpace(c, true);
            case "SpaceToDepth" -> depthToSpace(c, false);
            case "Compress" -> compress(c);
            case "RandomNormal", "RandomUniform" -> one(Value.of(c.has("dtype") ? (int) c.i("dtype", 1)
                    : ElemType.FLOAT, c.ints("shape")));
            case "GridSample" -> gridSample(c);
            case "Optional", "OptionalGetElement" -> one(c.in(0) == null ? Value.unknown(0) : c.in(0));
            case "OptionalHasElement" -> one(Value.of(ElemType.BOOL, new long[0]));
            default -> throw new NoRule();
        };
    }

    // ---- elementwise ------------------------------------------------------------------------

    private static List<Value> unary(Node c) {
        Value x = c.req(0);
        String op = c.n.opType();
        double[] data = null;
        if (x.hasData()) {
            DoubleUnaryOperator f = switch (op) {
                case "Identity" -> v -> v;
                case "Neg" -> v -> -v;
                case "Abs" -> Math::abs;
                case "Floor" -> Math::floor;
                case "Ceil" -> Math::ceil;
                case "Round" -> Math::rint;
                case "Sqrt" -> Math::sqrt;
                case "Reciprocal" -> v -> 1 / v;
                case "Sign" -> Math::signum;
                case "Relu" -> v -> Math.max(v, 0);
                case "Exp" -> Math::exp;
                case "Log" -> Math::log;
                default -> null;
            };
            if (f != null) {
                data = new double[x.data.length];
                for (int k = 0; k < data.length; k++) {
                    data[k] = f.applyAsDouble(x.data[k]);
                }
                if (ElemType.integral(x.type)) {
                    for (int k = 0; k < data.length; k++) {
                        data[k] = Math.floor(data[k]);
                    }
                }
            }
        }
        return one(Value.of(x.type, x.dims, data));
    }

    private static List<Value> unaryBool(Node c) {
        Value x = c.req(0);
        double[] data = null;
        if (x.hasData() && c.n.opType().equals("Not")) {
            data = new double[x.data.length];
            for (int k = 0; k < data.length; k++) {
                data[k] = x.data[k] == 0 ? 1 : 0;
            }
        }
        return one(Value.of(ElemType.BOOL, x.dims, data));
    }

    private static List<Value> binary(Node c) {
        String op = c.n.opType();
        List<Value> ins = new ArrayList<>();
        for (Value v : c.in) {
            if (v != null) {
                ins.add(v);
            }
        }
        if (ins.isEmpty()) {
            throw new IllegalArgumentException("no inputs");
        }
        long[][] shapes = new long[ins.size()][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = ins.get(i).dims;
        }
        long[] out = Nd.broadcast(shapes);
        boolean compare = switch (op) {
            case "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor" -> true;
            default -> false;
        };
        int type = compare ? ElemType.BOOL : ins.get(0).type;
        boolean integral = ElemType.integral(ins.get(0).type);
        DoubleBinaryOperator f = switch (op) {
            case "Add", "Sum" -> Double::sum;
            case "Sub" -> (a, b) -> a - b;
            case "Mul" -> (a, b) -> a * b;
            case "Div" -> integral ? (a, b) -> b == 0 ? 0 : (double) ((long) a / (long) b) : (a, b) -> a / b;
            case "Mod" -> integral ? (a, b) -> b == 0 ? 0 : (double) Math.floorMod((long) a, (long) b)
                    : (a, b) -> a % b;
            case "Pow" -> Math::pow;
            case "Max" -> Math::max;
            case "Min" -> Math::min;
            case "Equal" -> (a, b) -> a == b ? 1 : 0;
            case "Less" -> (a, b) -> a < b ? 1 : 0;
            case "Greater" -> (a, b) -> a > b ? 1 : 0;
            case "LessOrEqual" -> (a, b) -> a <= b ? 1 : 0;
            case "GreaterOrEqual" -> (a, b) -> a >= b ? 1 : 0;
            case "And" -> (a, b) -> a != 0 && b != 0 ? 1 : 0;
            case "Or" -> (a, b) -> a != 0 || b != 0 ? 1 : 0;
            case "Xor" -> (a, b) -> (a != 0) != (b != 0) ? 1 : 0;
            default -> null;
        };
        double[] data = null;
        if (f != null && out != null) {
            Value acc = ins.get(0);
            for (int i = 1; i < ins.size() && acc != null; i++) {
                double[] d = Nd.binary(acc, ins.get(i), Nd.broadcast(acc.dims, ins.get(i).dims), f);
                acc = d == null ? null : Value.of(type, Nd.broadcast(acc.dims, ins.get(i).dims), d);
            }
            if (acc != null && ins.size() > 1 && acc.hasData() && Arrays.equals(acc.dims, out)) {
                data = acc.data;
                if (integral && !compare && op.equals("Pow")) {
                    for (int k = 0; k < data.length; k++) {
                        data[k] = Math.floor(data[k]);
                    }
                }
            }
        }
        return one(Value.of(type, out, data));
    }

    private static List<Value> where(Node c) {
        Value cond = c.req(0);
        Value x = c.req(1);
        Value y = c.req(2);
        long[] out = Nd.broadcast(cond.dims, x.dims, y.dims);
        double[] data = null;
        if (out != null && cond.hasData() && x.hasData() && y.hasData()) {
            long n = Onnx.product(out);
            if (n >= 0 && n <= Value.MAX_VALUES) {
                double[] cc = Nd.broadcastData(cond, out);
                double[] xx = Nd.broadcastData(x, out);
                double[] yy = Nd.broadcastData(y, out);
                data = new double[cc.length];
                for (int k = 0; k < data.length; k++) {
                    data[k] = cc[k] != 0 ? xx[k] : yy[k];
                }
            }
        }
        return one(Value.of(x.type != 0 ? x.type : y.type, out, data));
    }

    private static List<Value> cast(Node c, int to) {
        Value x = c.req(0);
        double[] data = null;
        if (x.hasData()) {
            data = x.data.clone();
            if (ElemType.integral(to)) {
                for (int k = 0; k < data.length; k++) {
                    data[k] = to == ElemType.BOOL ? (data[k] != 0 ? 1 : 0) : (double) Nd.clampLong(data[k]);
                }
            } else if (to == ElemType.FLOAT) {
                for (int k = 0; k < data.length; k++) {
                    data[k] = (float) data[k];
                }
            }
        }
        return one(Value.of(to, x.dims, data));
    }

    private static List<Value> batchNorm(Node c) {
        Value x = c.req(0);
        List<Value> out = list(x);
        long ch = x.dim(1);
        for (int k = 1; k < c.n.outputs().size(); k++) {
            out.add(Value.of(x.type, new long[] {ch}));
        }
        return out;
    }

    private static List<Value> layerNorm(Node c, int outputs) {
        Value x = c.req(0);
        List<Value> out = list(x);
        if (x.dims != null && c.n.outputs().size() > outputs) {
            int axis = Nd.axis(c.i("axis", -1), x.rank());
            long[] d = x.dims.clone();
            for (int k = axis; k < d.length; k++) {
                d[k] = 1;
            }
            int stash = (int) c.i("stash_type", ElemType.FLOAT);
            out.add(Value.of(stash, d));
            out.add(Value.of(stash, d));
        }
        return out;
    }

    private static int zeroPointType(Node c, int zpIndex, int dflt) {
        Value zp = c.in(zpIndex);
        return zp != null && zp.type != 0 ? zp.type : dflt == ElemType.INT8 ? ElemType.INT8 : ElemType.UINT8;
    }

    private static int quantizeType(Node c) {
        if (c.has("output_dtype") && c.i("output_dtype", 0) != 0) {
            return (int) c.i("output_dtype", 0);
        }
        Value zp = c.in(2);
        return zp != null && zp.type != 0 ? zp.type : ElemType.UINT8;
    }

    // ---- linear algebra ---------------------------------------------------------------------

    /** Numpy matmul shapes; null when a rank is unknown. */
    static long[] matmul(long[] a, long[] b) {
        if (a == null || b == null) {
            return null;
        }
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("MatMul of a scalar");
        }
        long[] aa = a.length == 1 ? new long[] {1, a[0]} : a;
        long[] bb = b.length == 1 ? new long[] {b[0], 1} : b;
        long k1 = aa[aa.length - 1];
        long k2 = bb[bb.length - 2];
        if (k1 >= 0 && k2 >= 0 && k1 != k2) {
            throw new IllegalArgumentException("inner dimensions differ (" + k1 + " and " + k2 + ")");
        }
        long[] batch = Nd.broadcast(Arrays.copyOf(aa, aa.length - 2), Arrays.copyOf(bb, bb.length - 2));
        List<Long> out = new ArrayList<>();
        for (long d : batch) {
            out.add(d);
        }
        if (a.length > 1) {
            out.add(aa[aa.length - 2]);
        }
        if (b.length > 1) {
            out.add(bb[bb.length - 1]);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] gemm(Node c, Value a, Value b) {
        if (a.dims == null || b.dims == null) {
            return a.dims == null && b.dims == null ? null : new long[] {-1, -1};
        }
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("Gemm needs 2-D inputs");
        }
        long m = c.i("transA", 0) != 0 ? a.dims[1] : a.dims[0];
        long n = c.i("transB", 0) != 0 ? b.dims[0] : b.dims[1];
        return new long[] {m, n};
    }

    /** Output shape of a convolution (N, M, spatial...) from X and W and the attributes. */
    private static long[] conv(Node c, Value x, Value w) {
        if (x.dims == null) {
            return null;
        }
        int r = x.rank();
        if (r < 3) {
            throw new IllegalArgumentException("Conv input of rank " + r);
        }
        int sp = r - 2;
        long[] kernel = c.ints("kernel_shape");
        if (kernel == null) {
            kernel = new long[sp];
            for (int i = 0; i < sp; i++) {
                kernel[i] = w.dim(2 + i);
            }
        }
        long[] out = new long[r];
        out[0] = x.dims[0];
        out[1] = w.dim(0);
        long[] sizes = windowOutput(c, Arrays.copyOfRange(x.dims, 2, r), kernel, false);
        System.arraycopy(sizes, 0, out, 2, sp);
        return out;
    }

    /** Output sizes of a sliding window (conv or pool) with strides, dilations, pads / auto_pad. */
    private static long[] windowOutput(Node c, long[] in, long[] kernel, boolean ceilMode) {
        int sp = in.length;
        long[] strides = c.ints("strides");
        long[] dil = c.ints("dilations");
        long[] pads = c.ints("pads");
        String autoPad = c.s("auto_pad", "NOTSET");
        long[] out = new long[sp];
        for (int i = 0; i < sp; i++) {
            long s = strides != null && i < strides.length ? strides[i] : 1;
            long d = dil != null && i < dil.length ? dil[i] : 1;
            long k = i < kernel.length ? kernel[i] : -1;
            if (s <= 0 || d <= 0) {
                throw new IllegalArgumentException("a stride or dilation is not positive");
            }
            if (in[i] < 0) {
                out[i] = -1;
                continue;
            }
            switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> out[i] = ceilDiv(in[i], s);
                case "VALID" -> out[i] = k < 0 ? -1 : Math.max(0, floorDiv(in[i] - d * (k - 1) - 1, s) + 1);
                default -> {
                    long p = pads != null && i + sp < pads.length ? pads[i] + pads[i + sp] : 0;
                    if (k < 0) {
                        out[i] = -1;
                    } else {
                        long num = in[i] + p - d * (k - 1) - 1;
                        long o = (ceilMode ? ceilDiv(num, s) : floorDiv(num, s)) + 1;
                        if (ceilMode && (o - 1) * s >= in[i] + (pads != null && i < pads.length ? pads[i] : 0)) {
                            o--; // the last window must start inside the input or its left padding
                        }
                        if (o < 0) {
                            throw new IllegalArgumentException("the window (" + k + ") is larger than the padded "
                                    + "input (" + (in[i] + p) + ")");
                        }
                        out[i] = o;
                    }
                }
            }
        }
        return out;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static long floorDiv(long a, long b) {
        return Math.floorDiv(a, b);
    }

    private static long[] convTranspose(Node c) {
        Value x = c.req(0);
        Value w = c.req(1);
        if (x.dims == null) {
            return null;
        }
        int r = x.rank();
        int sp = r - 2;
        if (sp < 1) {
            throw new IllegalArgumentException("ConvTranspose input of rank " + r);
        }
        long group = c.i("group", 1);
        long[] out = new long[r];
        out[0] = x.dims[0];
        out[1] = Nd.mul(w.dim(1), group);
        long[] outputShape = c.ints("output_shape");
        if (outputShape != null && outputShape.length >= sp) {
            System.arraycopy(outputShape, outputShape.length - sp, out, 2, sp);
            return out;
        }
        long[] kernel = c.ints("kernel_shape");
        long[] strides = c.ints("strides");
        long[] dil = c.ints("dilations");
        long[] pads = c.ints("pads");
        long[] outPad = c.ints("output_padding");
        String autoPad = c.s("auto_pad", "NOTSET");
        for (int i = 0; i < sp; i++) {
            long in = x.dims[2 + i];
            long s = strides != null && i < strides.length ? strides[i] : 1;
            long k = kernel != null && i < kernel.length ? kernel[i] : w.dim(2 + i);
            long d = dil != null && i < dil.length ? dil[i] : 1;
            long op = outPad != null && i < outPad.length ? outPad[i] : 0;
            if (in < 0 || k < 0) {
                out[2 + i] = -1;
            } else if (autoPad.startsWith("SAME")) {
                out[2 + i] = in * s;
            } else {
                long p = pads != null && i + sp < pads.length ? pads[i] + pads[i + sp] : 0;
                out[2 + i] = s * (in - 1) + op + ((k - 1) * d + 1) - p;
            }
        }
        return out;
    }

    private static List<Value> pool(Node c) {
        Value x = c.req(0);
        if (x.dims == null) {
            return list(Value.of(x.type, null), Value.of(ElemType.INT64, null));
        }
        int r = x.rank();
        if (r < 3) {
            throw new IllegalArgumentException("pool input of rank " + r);
        }
        long[] kernel = c.ints("kernel_shape");
        if (kernel == null) {
            throw new IllegalArgumentException("no kernel_shape");
        }
        long[] out = new long[r];
        out[0] = x.dims[0];
        out[1] = x.dims[1];
        long[] sp = windowOutput(c, Arrays.copyOfRange(x.dims, 2, r), kernel, c.i("ceil_mode", 0) != 0);
        System.arraycopy(sp, 0, out, 2, r - 2);
        return list(Value.of(x.type, out), Value.of(ElemType.INT64, out));
    }

    private static long[] globalPool(long[] d) {
        if (d == null) {
            return null;
        }
        long[] out = d.clone();
        for (int i = 2; i < out.length; i++) {
            out[i] = 1;
        }
        return out;
    }

    private static List<Value> roi(Node c) {
        Value x = c.req(0);
        Value rois = c.req(1);
        long[] pooled = c.ints("pooled_shape");
        long h = pooled != null && pooled.length == 2 ? pooled[0] : c.i("output_height", 1);
        long w = pooled != null && pooled.length == 2 ? pooled[1] : c.i("output_width", 1);
        return one(Value.of(x.type, new long[] {rois.dim(0), x.dim(1), h, w}));
    }

    // ---- shape manipulation -----------------------------------------------------------------

    private static List<Value> reshape(Node c) {
        Value x = c.req(0);
        Value s = c.in(1);
        long[] target = s != null ? s.longs() : c.ints("shape");
        if (target == null) {
            long rank = s != null && s.rank() == 1 ? s.dim(0) : -1;
            if (rank >= 0 && rank <= MAX_RANK) {
                long[] d = new long[(int) rank];
                Arrays.fill(d, -1);
                return one(Value.of(x.type, d));
            }
            return one(Value.of(x.type, null));
        }
        boolean allowZero = c.i("allowzero", 0) != 0;
        long[] out = new long[target.length];
        int minus = -1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == 0 && !allowZero) {
                out[i] = x.dim(i);
            } else if (t == -1) {
                if (minus >= 0) {
                    throw new IllegalArgumentException("two -1 entries in the shape");
                }
                minus = i;
                out[i] = -1;
            } else if (t < 0) {
                throw new IllegalArgumentException("negative size " + t + " in the shape");
            } else {
                out[i] = t;
            }
        }
        if (minus >= 0) {
            long total = x.elements();
            long rest = 1;
            boolean known = total >= 0;
            for (int i = 0; i < out.length && known; i++) {
                if (i != minus) {
                    if (out[i] < 0) {
                        known = false;
                    } else {
                        rest = Nd.mul(rest, out[i]);
                    }
                }
            }
            if (known && rest > 0) {
                if (total % rest != 0) {
                    throw new IllegalArgumentException("cannot reshape " + total + " elements to " + Arrays.toString(target));
                }
                out[minus] = total / rest;
            }
        } else {
            long total = x.elements();
            long p = Onnx.product(out);
            if (total >= 0 && p >= 0 && total != p) {
                throw new IllegalArgumentException("cannot reshape " + Arrays.toString(x.dims) + " to "
                        + Arrays.toString(out));
            }
        }
        return one(Value.of(x.type, out, x.data));
    }

    private static List<Value> flatten(Node c) {
        Value x = c.req(0);
        if (x.dims == null) {
            return one(Value.of(x.type, new long[] {-1, -1}));
        }
        long ax = c.i("axis", 1);
        int axis = (int) (ax < 0 ? ax + x.rank() : ax);
        if (axis < 0 || axis > x.rank()) {
            throw new IllegalArgumentException("axis " + ax + " out of range");
        }
        return one(Value.of(x.type, new long[] {Nd.product(x.dims, 0, axis), Nd.product(x.dims, axis, x.rank())},
                x.data));
    }

    private static List<Value> squeeze(Node c) {
        Value x = c.req(0);
        boolean given = c.given(1, "axes");
        long[] axes = c.inputOrAttr(1, "axes");
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        int r = x.rank();
        boolean[] drop = new boolean[r];
        if (!given || (axes != null && axes.length == 0 && c.in(1) != null)) {
            for (int i = 0; i < r; i++) {
                if (x.dims[i] < 0) {
                    return one(Value.of(x.type, null));
                }
                drop[i] = x.dims[i] == 1;
            }
        } else if (axes == null) {
            long k = c.in(1) != null ? c.in(1).dim(0) : -1;
            if (k < 0) {
                return one(Value.of(x.type, null));
            }
            long[] d = new long[(int) Math.max(0, r - k)];
            Arrays.fill(d, -1);
            return one(Value.of(x.type, d));
        } else {
            for (long a : axes) {
                int ax = Nd.axis(a, r);
                if (x.dims[ax] > 1) {
                    throw new IllegalArgumentException("cannot squeeze axis " + a + " of size " + x.dims[ax]);
                }
                drop[ax] = true;
            }
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (!drop[i]) {
                out.add(x.dims[i]);
            }
        }
        return one(Value.of(x.type, out.stream().mapToLong(Long::longValue).toArray(), x.data));
    }

    private static List<Value> unsqueeze(Node c) {
        Value x = c.req(0);
        long[] axes = c.inputOrAttr(1, "axes");
        if (axes == null) {
            long k = c.in(1) != null ? c.in(1).dim(0) : -1;
            if (x.dims == null || k < 0 || k > MAX_RANK) {
                return one(Value.of(x.type, null));
            }
            long[] d = new long[(int) (x.rank() + k)];
            Arrays.fill(d, -1);
            return one(Value.of(x.type, d));
        }
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        int r = x.rank() + axes.length;
        boolean[] ins = new boolean[r];
        for (long a : axes) {
            int ax = Nd.axis(a, r);
            if (ins[ax]) {
                throw new IllegalArgumentException("axis " + a + " given twice");
            }
            ins[ax] = true;
        }
        long[] out = new long[r];
        int j = 0;
        for (int i = 0; i < r; i++) {
            out[i] = ins[i] ? 1 : x.dims[j++];
        }
        return one(Value.of(x.type, out, x.data));
    }

    private static List<Value> transpose(Node c) {
        Value x = c.req(0);
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        int r = x.rank();
        long[] p = c.ints("perm");
        int[] perm = new int[r];
        if (p == null) {
            for (int i = 0; i < r; i++) {
                perm[i] = r - 1 - i;
            }
        } else {
            if (p.length != r) {
                throw new IllegalArgumentException("perm has " + p.length + " entries for rank " + r);
            }
            boolean[] seen = new boolean[r];
            for (int i = 0; i < r; i++) {
                perm[i] = Nd.axis(p[i], r);
                if (seen[perm[i]]) {
                    throw new IllegalArgumentException("perm repeats an axis");
                }
                seen[perm[i]] = true;
            }
        }
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            out[i] = x.dims[perm[i]];
        }
        double[] data = x.hasData() ? Nd.transpose(x.data, x.dims, perm) : null;
        return one(Value.of(x.type, out, data));
    }

    private static List<Value> concat(Node c) {
        List<Value> parts = new ArrayList<>();
        for (Value v : c.in) {
            if (v != null) {
                parts.add(v);
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no inputs");
        }
        int rank = -1;
        for (Value v : parts) {
            if (v.dims != null) {
                rank = v.rank();
                break;
            }
        }
        int type = parts.get(0).type;
        if (rank < 0) {
            return one(Value.of(type, null));
        }
        int axis = Nd.axis(c.i("axis", 0), rank);
        long[] out = new long[rank];
        Arrays.fill(out, -1);
        long sum = 0;
        for (Value v : parts) {
            if (v.dims == null) {
                sum = -1;
                continue;
            }
            if (v.rank() != rank) {
                throw new IllegalArgumentException("inputs of ranks " + rank + " and " + v.rank());
            }
            for (int i = 0; i < rank; i++) {
                if (i == axis) {
                    sum = Nd.add(sum, v.dims[i]);
                } else if (out[i] < 0) {
                    out[i] = v.dims[i];
                }
            }
        }
        out[axis] = sum;
        double[] data = Nd.concat(parts.toArray(new Value[0]), axis, out);
        return one(Value.of(type, out, data));
    }

    private static List<Value> split(Node c) {
        Value x = c.req(0);
        int outs = c.n.outputs().size();
        List<Value> res = new ArrayList<>();
        if (x.dims == null) {
            for (int k = 0; k < outs; k++) {
                res.add(Value.of(x.type, null));
            }
            return res;
        }
        int axis = Nd.axis(c.i("axis", 0), x.rank());
        long len = x.dims[axis];
        long[] sizes = c.inputOrAttr(1, "split");
        if (sizes == null && c.in(1) == null) {
            long parts = c.has("num_outputs") ? c.i("num_outputs", outs) : outs;
            if (parts <= 0 || parts > Value.MAX_VALUES) {
                throw new IllegalArgumentException("cannot split into " + parts + " parts");
            }
            sizes = new long[(int) parts];
            if (len < 0) {
                Arrays.fill(sizes, -1);
            } else {
                long chunk = ceilDiv(len, parts);
                long left = len;
                for (int k = 0; k < parts; k++) {
                    sizes[k] = Math.max(0, Math.min(chunk, left));
                    left -= sizes[k];
                }
            }
        }
        for (int k = 0; k < outs; k++) {
            long[] d = x.dims.clone();
            d[axis] = sizes != null && k < sizes.length ? sizes[k] : -1;
            double[] data = null;
            if (x.hasData() && sizes != null && d[axis] >= 0 && d[axis] <= x.dims[axis]) {
                long start = 0;
                for (int j = 0; j < k; j++) {
                    start += sizes[j];
                }
                long[] idx = new long[(int) d[axis]];
                for (int j = 0; j < idx.length; j++) {
                    idx[j] = start + j;
                }
                data = Nd.take(x.data, x.dims, axis, idx);
            }
            res.add(Value.of(x.type, d, data));
        }
        return res;
    }

    private List<Value> slice(Node c) {
        Value x = c.req(0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (c.has("starts") && c.in(1) == null) {
            starts = c.ints("starts");
            ends = c.ints("ends");
            axes = c.ints("axes");
        } else {
            starts = c.in(1) == null ? null : c.in(1).longs();
            ends = c.in(2) == null ? null : c.in(2).longs();
            axes = c.in(3) == null ? null : c.in(3).longs();
            steps = c.in(4) == null ? null : c.in(4).longs();
            if (c.in(3) != null && axes == null || c.in(4) != null && steps == null) {
                starts = null;
            }
        }
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        int r = x.rank();
        if (starts == null || ends == null) {
            // unknown bounds: the rank stays, the sliced sizes are unknown (all of them when the axes are)
            long[] d = x.dims.clone();
            long[] ax = axes;
            if (ax == null) {
                Arrays.fill(d, -1);
            } else {
                for (long a : ax) {
                    d[Nd.axis(a, r)] = -1;
                }
            }
            return one(Value.of(x.type, d));
        }
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("starts and ends differ in length");
        }
        long[] out = x.dims.clone();
        double[] data = x.data;
        long[] curDims = x.dims.clone();
        for (int k = 0; k < starts.length; k++) {
            int ax = Nd.axis(axes != null && k < axes.length ? axes[k] : k, r);
            long step = steps != null && k < steps.length ? steps[k] : 1;
            if (step == 0) {
                throw new IllegalArgumentException("a step is 0");
            }
            long dim = x.dims[ax];
            if (dim < 0) {
                out[ax] = -1;
                data = null;
                continue;
            }
            long s = Nd.clampLong(starts[k]);
            long e = Nd.clampLong(ends[k]);
            if (s < 0) {
                s += dim;
            }
            if (e < 0) {
                e += dim;
            }
            long n;
            if (step > 0) {
                s = Math.max(0, Math.min(s, dim));
                e = Math.max(0, Math.min(e, dim));
                n = e > s ? ceilDiv(e - s, step) : 0;
            } else {
                s = Math.max(-1, Math.min(s, dim - 1));
                e = Math.max(-1, Math.min(e, dim - 1));
                n = s > e ? ceilDiv(s - e, -step) : 0;
            }
            out[ax] = n;
            if (data != null) {
                long[] idx = new long[(int) Math.min(n, Value.MAX_VALUES + 1L)];
                for (int j = 0; j < idx.length; j++) {
                    idx[j] = s + j * step;
                }
                data = idx.length > Value.MAX_VALUES ? null : Nd.take(data, curDims, ax, idx);
                curDims[ax] = n;
            }
        }
        return one(Value.of(x.type, out, data));
    }

    private static List<Value> gather(Node c) {
        Value x = c.req(0);
        Value idx = c.req(1);
        if (x.dims == null || idx.dims == null) {
            return one(Value.of(x.type, null));
        }
        int r = x.rank();
        if (r == 0) {
            throw new IllegalArgumentException("Gather from a scalar");
        }
        int axis = Nd.axis(c.i("axis", 0), r);
        long[] out = new long[r - 1 + idx.rank()];
        int k = 0;
        for (int i = 0; i < axis; i++) {
            out[k++] = x.dims[i];
        }
        for (long d : idx.dims) {
            out[k++] = d;
        }
        for (int i = axis + 1; i < r; i++) {
            out[k++] = x.dims[i];
        }
        double[] data = null;
        if (x.hasData() && idx.hasData()) {
            data = Nd.take(x.data, x.dims, axis, idx.longs());
        }
        return one(Value.of(x.type, out, data));
    }

    private static List<Value> gatherNd(Node c) {
        Value x = c.req(0);
        Value idx = c.req(1);
        if (x.dims == null || idx.dims == null || idx.rank() == 0) {
            return one(Value.of(x.type, null));
        }
        int b = (int) c.i("batch_dims", 0);
        long last = idx.dims[idx.rank() - 1];
        if (last < 0) {
            return one(Value.of(x.type, null));
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < idx.rank() - 1; i++) {
            out.add(idx.dims[i]);
        }
        for (int i = (int) (b + last); i < x.rank(); i++) {
            out.add(x.dims[i]);
        }
        return one(Value.of(x.type, out.stream().mapToLong(Long::longValue).toArray()));
    }

    private static List<Value> expand(Node c) {
        Value x = c.req(0);
        Value s = c.req(1);
        long[] target = s.longs();
        if (target == null) {
            long k = s.dim(0);
            if (x.dims == null || k < 0 || k > MAX_RANK) {
                return one(Value.of(x.type, null));
            }
            int r = (int) Math.max(x.rank(), k);
            long[] out = new long[r];
            for (int i = 0; i < r; i++) {
                long d = x.dim(i - (r - x.rank()));
                out[i] = d > 1 ? d : -1;
            }
            return one(Value.of(x.type, out));
        }
        long[] out = Nd.broadcast(x.dims, target);
        double[] data = null;
        if (out != null && x.hasData()) {
            long n = Onnx.product(out);
            if (n >= 0 && n <= Value.MAX_VALUES) {
                data = Nd.broadcastData(x, out);
            }
        }
        return one(Value.of(x.type, out, data));
    }

    private static List<Value> tile(Node c) {
        Value x = c.req(0);
        long[] reps = c.req(1).longs();
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        long[] out = x.dims.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = reps == null || i >= reps.length ? -1 : Nd.mul(out[i], reps[i]);
        }
        return one(Value.of(x.type, out));
    }

    private static List<Value> pad(Node c) {
        Value x = c.req(0);
        long[] pads = c.in(1) != null ? c.in(1).longs() : c.has("pads") ? c.ints("pads") : c.ints("paddings");
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        int r = x.rank();
        long[] out = x.dims.clone();
        if (pads == null) {
            Arrays.fill(out, -1);
            return one(Value.of(x.type, out));
        }
        long[] axes = c.in(3) != null ? c.in(3).longs() : null;
        if (c.in(3) != null && axes == null) {
            Arrays.fill(out, -1);
            return one(Value.of(x.type, out));
        }
        int na = axes != null ? axes.length : r;
        if (pads.length != 2 * na) {
            throw new IllegalArgumentException("pads has " + pads.length + " entries for " + na + " axes");
        }
        for (int k = 0; k < na; k++) {
            int ax = axes != null ? Nd.axis(axes[k], r) : k;
            if (out[ax] >= 0) {
                long d = out[ax] + pads[k] + pads[k + na];
                if (d < 0) {
                    throw new IllegalArgumentException("padding makes a dimension negative");
                }
                out[ax] = d;
            }
        }
        return one(Value.of(x.type, out));
    }

    private List<Value> resize(Node c) {
        Value x = c.req(0);
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        int r = x.rank();
        boolean upsample = c.n.opType().equals("Upsample");
        Value scalesIn;
        Value sizesIn = null;
        if (upsample) {
            scalesIn = c.in(1);
        } else if (opset > 0 && opset < 11) {
            scalesIn = c.in(1);
        } else {
            scalesIn = c.in(2);
            sizesIn = c.in(3);
        }
        long[] axes = c.ints("axes");
        int[] ax = new int[axes == null ? r : axes.length];
        for (int k = 0; k < ax.length; k++) {
            ax[k] = axes == null ? k : Nd.axis(axes[k], r);
        }
        long[] out = x.dims.clone();
        if (sizesIn != null && sizesIn.elements() != 0) {
            long[] sizes = sizesIn.longs();
            if (sizes == null || sizes.length != ax.length) {
                for (int a : ax) {
                    out[a] = -1;
                }
            } else {
                // keep_aspect_ratio_policy: "stretch" (default) uses the sizes as given
                String policy = c.s("keep_aspect_ratio_policy", "stretch");
                if (policy.equals("stretch")) {
                    for (int k = 0; k < ax.length; k++) {
                        out[ax[k]] = sizes[k];
                    }
                } else {
                    double scale = policy.equals("not_larger") ? Double.MAX_VALUE : 0;
                    for (int k = 0; k < ax.length; k++) {
                        double s = (double) sizes[k] / x.dims[ax[k]];
                        scale = policy.equals("not_larger") ? Math.min(scale, s) : Math.max(scale, s);
                    }
                    for (int a : ax) {
                        out[a] = x.dims[a] < 0 ? -1 : Math.round(x.dims[a] * scale);
                    }
                }
            }
            return one(Value.of(x.type, out));
        }
        double[] scales = null;
        if (scalesIn != null) {
            scales = scalesIn.data;
        } else if (c.has("scales")) {
            float[] f = c.n.attr("scales").floats();
            scales = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                scales[k] = f[k];
            }
        }
        if (scales == null || scales.length != ax.length) {
            for (int a : ax) {
                out[a] = -1;
            }
            return one(Value.of(x.type, out));
        }
        for (int k = 0; k < ax.length; k++) {
            long d = x.dims[ax[k]];
            out[ax[k]] = d < 0 ? -1 : (long) Math.floor(d * scales[k] + 1e-9);
        }
        return one(Value.of(x.type, out));
    }

    private static List<Value> shape(Node c) {
        Value x = c.req(0);
        if (x.dims == null) {
            return one(Value.of(ElemType.INT64, new long[] {-1}));
        }
        int r = x.rank();
        long start = c.i("start", 0);
        long end = c.i("end", r);
        start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
        end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
        long[] d = Arrays.copyOfRange(x.dims, (int) start, (int) Math.max(start, end));
        boolean known = true;
        for (long v : d) {
            known &= v >= 0;
        }
        return one(known ? Value.vector(ElemType.INT64, d) : Value.of(ElemType.INT64, new long[] {d.length}));
    }

    private static List<Value> size(Node c) {
        Value x = c.req(0);
        long n = x.elements();
        return one(n >= 0 ? Value.scalar(ElemType.INT64, n) : Value.of(ElemType.INT64, new long[0]));
    }

    private static List<Value> range(Node c) {
        Value s = c.req(0);
        Value l = c.req(1);
        Value d = c.req(2);
        int type = s.type;
        if (!s.hasData() || !l.hasData() || !d.hasData() || s.data.length != 1 || l.data.length != 1
                || d.data.length != 1) {
            return one(Value.of(type, new long[] {-1}));
        }
        double start = s.data[0];
        double delta = d.data[0];
        if (delta == 0) {
            throw new IllegalArgumentException("Range with delta 0");
        }
        double count = Math.max(Math.ceil((l.data[0] - start) / delta), 0);
        if (count > 1e15) {
            throw new IllegalArgumentException("Range of " + count + " elements");
        }
        long n = (long) count;
        double[] data = null;
        if (n <= Value.MAX_VALUES) {
            data = new double[(int) n];
            for (int k = 0; k < n; k++) {
                data[k] = start + k * delta;
            }
        }
        return one(Value.of(type, new long[] {n}, data));
    }

    private static List<Value> constantOfShape(Node c) {
        Value s = c.req(0);
        Onnx.Attribute a = c.n.attr("value");
        int type = ElemType.FLOAT;
        double fill = 0;
        if (a != null && a.t() != null) {
            type = a.t().dataType();
            double[] v = TensorData.decode(a.t());
            if (v != null && v.length > 0) {
                fill = v[0];
            }
        }
        long[] dims = s.longs();
        if (dims == null) {
            long k = s.dim(0);
            if (k < 0 || k > MAX_RANK) {
                return one(Value.of(type, null));
            }
            long[] d = new long[(int) k];
            Arrays.fill(d, -1);
            return one(Value.of(type, d));
        }
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative size " + d + " in the shape");
            }
        }
        long n = Onnx.product(dims);
        double[] data = null;
        if (n >= 0 && n <= Value.MAX_VALUES) {
            data = new double[(int) n];
            Arrays.fill(data, fill);
        }
        return one(Value.of(type, dims, data));
    }

    private static List<Value> reduce(Node c) {
        Value x = c.req(0);
        boolean keep = c.i("keepdims", 1) != 0;
        boolean noop = c.i("noop_with_empty_axes", 0) != 0;
        Value axesIn = c.in(1);
        long[] axes;
        boolean given;
        if (axesIn != null) {
            axes = axesIn.longs();
            given = axesIn.dim(0) != 0;
            if (axes == null && given) {
                // axes not known: the rank is known only when the dimensions are kept
                if (x.dims == null) {
                    return one(Value.of(x.type, null));
                }
                long k = axesIn.dim(0);
                long[] d = new long[keep ? x.rank() : k < 0 ? 0 : (int) Math.max(0, x.rank() - k)];
                Arrays.fill(d, -1);
                return one(keep || k >= 0 ? Value.of(x.type, d) : Value.of(x.type, null));
            }
        } else {
            axes = c.ints("axes");
            given = axes != null && axes.length > 0;
        }
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        int r = x.rank();
        if (!given) {
            if (noop) {
                return one(x);
            }
            axes = new long[r];
            for (int i = 0; i < r; i++) {
                axes[i] = i;
            }
        }
        boolean[] red = new boolean[r];
        for (long a : axes) {
            red[Nd.axis(a, r)] = true;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (!red[i]) {
                out.add(x.dims[i]);
            } else if (keep) {
                out.add(1L);
            }
        }
        long[] od = out.stream().mapToLong(Long::longValue).toArray();
        double[] data = null;
        if (x.hasData() && (c.n.opType().equals("ReduceProd") || c.n.opType().equals("ReduceSum")
                || c.n.opType().equals("ReduceMax") || c.n.opType().equals("ReduceMin")) && Onnx.product(od) == 1) {
            // full reductions of small known tensors (element counts of shapes)
            double acc = switch (c.n.opType()) {
                case "ReduceProd" -> 1;
                case "ReduceSum" -> 0;
                case "ReduceMax" -> Double.NEGATIVE_INFINITY;
                default -> Double.POSITIVE_INFINITY;
            };
            for (double v : x.data) {
                acc = switch (c.n.opType()) {
                    case "ReduceProd" -> acc * v;
                    case "ReduceSum" -> acc + v;
                    case "ReduceMax" -> Math.max(acc, v);
                    default -> Math.min(acc, v);
                };
            }
            data = new double[] {acc};
        }
        return one(Value.of(x.type, od, data));
    }

    private static List<Value> argReduce(Node c) {
        Value x = c.req(0);
        if (x.dims == null) {
            return one(Value.of(ElemType.INT64, null));
        }
        int axis = Nd.axis(c.i("axis", 0), x.rank());
        boolean keep = c.i("keepdims", 1) != 0;
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (i != axis) {
                out.add(x.dims[i]);
            } else if (keep) {
                out.add(1L);
            }
        }
        return one(Value.of(ElemType.INT64, out.stream().mapToLong(Long::longValue).toArray()));
    }

    private static List<Value> topK(Node c) {
        Value x = c.req(0);
        if (x.dims == null) {
            return list(Value.of(x.type, null), Value.of(ElemType.INT64, null));
        }
        int axis = Nd.axis(c.i("axis", -1), x.rank());
        long k;
        if (c.in(1) != null) {
            long[] kv = c.in(1).longs();
            k = kv == null || kv.length != 1 ? -1 : kv[0];
        } else {
            k = c.i("k", -1);
        }
        long[] out = x.dims.clone();
        out[axis] = k;
        return list(Value.of(x.type, out), Value.of(ElemType.INT64, out));
    }

    /** LSTM (3 outputs), GRU and RNN (2 outputs). */
    private static List<Value> recurrent(Node c, int outputs) {
        Value x = c.req(0);
        Value r = c.in(2);
        long hidden = c.has("hidden_size") ? c.i("hidden_size", -1) : r != null ? r.dim(2) : -1;
        long dirs = c.s("direction", "forward").equals("bidirectional") ? 2 : 1;
        boolean batchFirst = c.i("layout", 0) != 0;
        long seq = x.dim(batchFirst ? 1 : 0);
        long batch = x.dim(batchFirst ? 0 : 1);
        List<Value> out = new ArrayList<>();
        out.add(Value.of(x.type, batchFirst ? new long[] {batch, seq, dirs, hidden}
                : new long[] {seq, dirs, batch, hidden}));
        long[] state = batchFirst ? new long[] {batch, dirs, hidden} : new long[] {dirs, batch, hidden};
        for (int k = 1; k < outputs; k++) {
            out.add(Value.of(x.type, state));
        }
        return out;
    }

    /** Output shape of an Einsum equation; null when an operand's rank is unknown. */
    static long[] einsum(String equation, List<Value> in) {
        String eq = equation.replace(" ", "");
        String lhs = eq;
        String rhs = null;
        int arrow = eq.indexOf("->");
        if (arrow >= 0) {
            lhs = eq.substring(0, arrow);
            rhs = eq.substring(arrow + 2);
        }
        String[] terms = lhs.split(",", -1);
        if (terms.length != in.size()) {
            throw new IllegalArgumentException("the equation has " + terms.length + " operands, the node "
                    + in.size());
        }
        Map<Character, Long> size = new LinkedHashMap<>();
        Map<Character, Integer> count = new LinkedHashMap<>();
        long[] ellipsis = new long[0];
        for (int t = 0; t < terms.length; t++) {
            Value v = in.get(t);
            if (v == null || v.dims == null) {
                return null;
            }
            String term = terms[t];
            int e = term.indexOf("...");
            String letters = term.replace("...", "");
            int ellRank = e >= 0 ? v.rank() - letters.length() : 0;
            if (ellRank < 0 || (e < 0 && letters.length() != v.rank())) {
                throw new IllegalArgumentException("operand " + t + " has rank " + v.rank() + " but the term '"
                        + term + "'");
            }
            int pos = 0;
            for (int i = 0; i < term.length(); i++) {
                if (term.startsWith("...", i)) {
                    ellipsis = Nd.broadcast(ellipsis, Arrays.copyOfRange(v.dims, pos, pos + ellRank));
                    pos += ellRank;
                    i += 2;
                    continue;
                }
                char ch = term.charAt(i);
                long d = v.dims[pos++];
                Long prev = size.get(ch);
                if (prev == null || prev == 1 || prev < 0) {
                    size.put(ch, d);
                }
                count.merge(ch, 1, Integer::sum);
            }
        }
        List<Long> out = new ArrayList<>();
        if (rhs == null) {
            for (long d : ellipsis) {
                out.add(d);
            }
            size.keySet().stream().filter(ch -> count.get(ch) == 1).sorted()
                    .forEach(ch -> out.add(size.get(ch)));
        } else {
            for (int i = 0; i < rhs.length(); i++) {
                if (rhs.startsWith("...", i)) {
                    for (long d : ellipsis) {
                        out.add(d);
                    }
                    i += 2;
                    continue;
                }
                Long d = size.get(rhs.charAt(i));
                if (d == null) {
                    throw new IllegalArgumentException("output index '" + rhs.charAt(i) + "' is in no operand");
                }
                out.add(d);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static List<Value> nonZero(Node c) {
        Value x = c.req(0);
        long r = x.rank();
        if (x.hasData()) {
            long nz = 0;
            for (double v : x.data) {
                if (v != 0) {
                    nz++;
                }
            }
            return one(Value.of(ElemType.INT64, new long[] {Math.max(r, 1), nz}));
        }
        return one(Value.of(ElemType.INT64, new long[] {r < 0 ? -1 : Math.max(r, 1), -1}));
    }

    private static List<Value> oneHot(Node c) {
        Value idx = c.req(0);
        Value depth = c.req(1);
        Value values = c.in(2);
        if (idx.dims == null) {
            return one(Value.of(values == null ? ElemType.FLOAT : values.type, null));
        }
        int r = idx.rank() + 1;
        int axis = Nd.axis(c.i("axis", -1), r);
        long d = depth.hasData() && depth.data.length == 1 ? (long) depth.data[0] : -1;
        long[] out = new long[r];
        int j = 0;
        for (int i = 0; i < r; i++) {
            out[i] = i == axis ? d : idx.dims[j++];
        }
        return one(Value.of(values == null ? ElemType.FLOAT : values.type, out));
    }

    private static List<Value> depthToSpace(Node c, boolean toSpace) {
        Value x = c.req(0);
        long b = c.i("blocksize", 1);
        if (x.dims == null || x.rank() != 4) {
            return one(Value.of(x.type, x.dims == null ? null : new long[] {-1, -1, -1, -1}));
        }
        long[] d = x.dims;
        long bb = b * b;
        long[] out = toSpace
                ? new long[] {d[0], d[1] < 0 ? -1 : d[1] / bb, Nd.mul(d[2], b), Nd.mul(d[3], b)}
                : new long[] {d[0], Nd.mul(d[1], bb), d[2] < 0 ? -1 : d[2] / b, d[3] < 0 ? -1 : d[3] / b};
        return one(Value.of(x.type, out));
    }

    private static List<Value> compress(Node c) {
        Value x = c.req(0);
        Value cond = c.req(1);
        long n = -1;
        if (cond.hasData()) {
            n = 0;
            for (double v : cond.data) {
                if (v != 0) {
                    n++;
                }
            }
        }
        if (!c.has("axis")) {
            return one(Value.of(x.type, new long[] {n}));
        }
        if (x.dims == null) {
            return one(Value.of(x.type, null));
        }
        long[] out = x.dims.clone();
        out[Nd.axis(c.i("axis", 0), x.rank())] = n;
        return one(Value.of(x.type, out));
    }

    private static List<Value> gridSample(Node c) {
        Value x = c.req(0);
        Value g = c.req(1);
        if (x.dims == null || g.dims == null) {
            return one(Value.of(x.type, null));
        }
        long[] out = new long[x.rank()];
        out[0] = x.dim(0);
        out[1] = x.dim(1);
        for (int i = 2; i < out.length; i++) {
            out[i] = g.dim(i - 1);
        }
        return one(Value.of(x.type, out));
    }

    // ---- com.microsoft (ONNX Runtime contrib operators) -------------------------------------

    private List<Value> microsoft(Node c) {
        String op = c.n.opType();
        return switch (op) {
            case "Gelu", "FastGelu", "BiasGelu", "QuickGelu", "BiasAdd", "FusedGelu", "BiasDropout",
                    "SimplifiedLayerNormalization", "RotaryEmbedding", "BiasSoftmax" -> one(c.req(0));
            case "SkipLayerNormalization", "SkipSimplifiedLayerNormalization" -> {
                Value x = c.req(0);
                long[] stat = x.dims == null ? null : x.dims.clone();
                if (stat != null && stat.length > 0) {
                    stat[stat.length - 1] = 1;
                }
                yield list(x, Value.of(ElemType.FLOAT, stat), Value.of(ElemType.FLOAT, stat), x);
            }
            case "LayerNormalization" -> layerNorm(c, 1);
            case "FusedMatMul" -> {
                long[] a = c.req(0).dims;
                long[] b = c.req(1).dims;
                if (a != null && c.i("transA", 0) != 0 && a.length >= 2) {
                    a = swapLast(a);
                }
                if (b != null && c.i("transB", 0) != 0 && b.length >= 2) {
                    b = swapLast(b);
                }
                yield one(Value.of(c.req(0).type, matmul(a, b)));
            }
            case "MatMulIntegerToFloat", "DynamicQuantizeMatMul" -> one(Value.of(ElemType.FLOAT,
                    matmul(c.req(0).dims, c.req(1).dims)));
            case "MatMulNBits" -> {
                Value a = c.req(0);
                long[] d = a.dims == null ? null : a.dims.clone();
                if (d != null && d.length > 0) {
                    d[d.length - 1] = c.i("N", -1);
                }
                yield one(Value.of(a.type, d));
            }
            case "QGemm" -> one(Value.of(c.in(7) != null ? c.in(7).type : ElemType.FLOAT,
                    gemm(c, c.req(0), c.req(3))));
            case "QLinearAdd", "QLinearMul" -> one(Value.of(c.req(0).type, Nd.broadcast(c.req(0).dims,
                    c.req(3).dims)));
            case "QLinearSigmoid", "QLinearLeakyRelu", "QLinearSoftmax" -> one(Value.of(c.req(0).type,
                    c.req(0).dims));
            case "QLinearGlobalAveragePool" -> one(Value.of(c.req(0).type, globalPool(c.req(0).dims)));
            case "QLinearAveragePool" -> pool(c);
            case "QLinearConcat" -> {
                List<Value> parts = new ArrayList<>();
                for (int k = 2; k < c.in.size(); k += 3) {
                    parts.add(c.in.get(k));
                }
                Onnx.Node shim = new Onnx.Node(c.n.index(), c.n.name(), "Concat", "", List.of(), c.n.outputs(),
                        c.n.attributes());
                yield concat(new Node(shim, parts));
            }
            case "FusedConv", "NhwcFusedConv" -> one(Value.of(c.req(0).type, conv(c, c.req(0), c.req(1))));
            case "Attention", "QAttention" -> {
                Value x = c.req(0);
                Value w = c.req(1);
                long[] qkv = c.ints("qkv_hidden_sizes");
                long hv = qkv != null && qkv.length == 3 ? qkv[2] : w.dim(1) < 0 ? -1 : w.dim(1) / 3;
                long[] d = x.dims == null ? null : new long[] {x.dim(0), x.dim(1), hv};
                yield one(Value.of(x.type == ElemType.UINT8 || x.type == ElemType.INT8 ? ElemType.FLOAT : x.type, d));
            }
            case "MultiHeadAttention" -> {
                Value q = c.req(0);
                Value v = c.in(2);
                long hv = v != null && v.rank() == 3 ? v.dim(2) : q.dim(2);
                yield one(Value.of(q.type, q.dims == null || q.rank() != 3 ? null
                        : new long[] {q.dim(0), q.dim(1), hv}));
            }
            case "EmbedLayerNormalization" -> {
                Value ids = c.req(0);
                Value emb = c.req(2);
                yield list(Value.of(emb.type, new long[] {ids.dim(0), ids.dim(1), emb.dim(1)}),
                        Value.of(ElemType.INT32, new long[] {ids.dim(0)}),
                        Value.of(emb.type, new long[] {ids.dim(0), ids.dim(1), emb.dim(1)}));
            }
            default -> null;
        };
    }

    private static long[] swapLast(long[] d) {
        long[] r = d.clone();
        r[r.length - 1] = d[d.length - 2];
        r[r.length - 2] = d[d.length - 1];
        return r;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
