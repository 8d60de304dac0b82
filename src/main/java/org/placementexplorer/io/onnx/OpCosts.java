package org.placementexplorer.io.onnx;

import java.util.List;
import java.util.Map;

import org.placementexplorer.cost.OpClass;

/**
 * FLOPs of one ONNX node from its input and output shapes; the rules are those of docs/cost-model.md
 * ("FLOPs of ONNX operators"). A multiply-add counts 2. Operators without a rule count 0 FLOPs (and
 * the importer warns); they still move their bytes.
 */
final class OpCosts {
    private OpCosts() {
    }

    /** FLOPs per output element of elementwise operators and activations (absent: 1). */
    private static final Map<String, Double> PER_ELEMENT = Map.ofEntries(
            Map.entry("HardSigmoid", 3.0), Map.entry("HardSwish", 4.0), Map.entry("Gelu", 8.0),
            Map.entry("FastGelu", 8.0), Map.entry("BiasGelu", 9.0), Map.entry("QuickGelu", 3.0),
            Map.entry("Mish", 4.0), Map.entry("Swish", 2.0), Map.entry("SiLU", 2.0), Map.entry("Sigmoid", 1.0),
            Map.entry("Tanh", 1.0), Map.entry("Softplus", 2.0), Map.entry("Softsign", 2.0), Map.entry("Elu", 2.0),
            Map.entry("Selu", 2.0), Map.entry("Celu", 2.0), Map.entry("Clip", 2.0),
            Map.entry("QLinearAdd", 3.0), Map.entry("QLinearMul", 3.0), Map.entry("QLinearSigmoid", 3.0),
            Map.entry("QLinearLeakyRelu", 3.0));

    /** FLOPs per element of normalizations and softmax. */
    private static final Map<String, Double> NORMALIZATION = Map.ofEntries(
            Map.entry("Softmax", 5.0), Map.entry("LogSoftmax", 5.0), Map.entry("Hardmax", 1.0),
            Map.entry("QLinearSoftmax", 5.0), Map.entry("BiasSoftmax", 6.0),
            Map.entry("BatchNormalization", 2.0), Map.entry("LayerNormalization", 8.0),
            Map.entry("InstanceNormalization", 8.0), Map.entry("GroupNormalization", 8.0),
            Map.entry("MeanVarianceNormalization", 6.0), Map.entry("SkipLayerNormalization", 10.0),
            Map.entry("SimplifiedLayerNormalization", 5.0), Map.entry("SkipSimplifiedLayerNormalization", 7.0),
            Map.entry("RMSNormalization", 5.0), Map.entry("LpNormalization", 3.0),
            Map.entry("EmbedLayerNormalization", 10.0));

    /**
     * FLOPs of a node.
     *
     * @param in  input values (null for absent inputs)
     * @param out output values
     * @return the FLOPs, or -1 when the operator has no rule
     */
    static double flops(Onnx.Node n, List<Value> in, List<Value> out) {
        String op = n.opType();
        OpClass cls = OpClass.of(op);
        double outElems = elems(out.isEmpty() ? null : out.get(0));
        switch (op) {
            case "MatMul", "MatMulInteger", "FusedMatMul", "MatMulIntegerToFloat", "DynamicQuantizeMatMul" -> {
                return matmul(at(in, 0), out.isEmpty() ? null : out.get(0), n, 0);
            }
            case "QLinearMatMul" -> {
                return matmul(at(in, 0), out.isEmpty() ? null : out.get(0), n, 0);
            }
            case "MatMulNBits" -> {
                Value a = at(in, 0);
                long k = n.intAttr("K", a == null ? -1 : a.dim(a.rank() - 1));
                return 2.0 * outElems * Math.max(k, 0);
            }
            case "Gemm", "QGemm" -> {
                Value a = at(in, 0);
                long k = a == null || a.rank() != 2 ? -1 : n.intAttr("transA", 0) != 0 ? a.dim(0) : a.dim(1);
                boolean bias = op.equals("Gemm") ? n.hasInput(2) : n.hasInput(6);
                return 2.0 * outElems * Math.max(k, 0) + (bias ? outElems : 0);
            }
            case "Conv", "ConvInteger", "FusedConv" -> {
                return conv(at(in, 0), at(in, 1), out.isEmpty() ? null : out.get(0), n.hasInput(2));
            }
            case "QLinearConv" -> {
                return conv(at(in, 0), at(in, 3), out.isEmpty() ? null : out.get(0), n.hasInput(8));
            }
            case "ConvTranspose" -> {
                return convTranspose(at(in, 0), at(in, 1), out.isEmpty() ? null : out.get(0), n.hasInput(2),
                        n.intAttr("group", 1));
            }
            case "MaxPool", "AveragePool", "LpPool", "QLinearAveragePool" -> {
                long[] k = n.intsAttr("kernel_shape");
                double ks = 1;
                if (k != null) {
                    for (long d : k) {
                        ks *= Math.max(d, 0);
                    }
                }
                return outElems * ks;
            }
            case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool", "QLinearGlobalAveragePool",
                    "ArgMax", "ArgMin", "TopK", "CumSum" -> {
                return elems(at(in, 0));
            }
            case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1" -> {
                return elems(at(in, 0));
            }
            case "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp" -> {
                return 2 * elems(at(in, 0));
            }
            case "LSTM" -> {
                return recurrent(n, in, 4, 12);
            }
            case "GRU" -> {
                return recurrent(n, in, 3, 10);
            }
            case "RNN" -> {
                return recurrent(n, in, 1, 3);
            }
            case "Einsum" -> {
                return einsum(n.stringAttr("equation", ""), in);
            }
            case "Attention", "QAttention" -> {
                return attention(n, in);
            }
            case "MultiHeadAttention" -> {
                Value q = at(in, 0);
                Value k = at(in, 1);
                double b = q == null ? 0 : Math.max(q.dim(0), 0);
                double s = q == null ? 0 : Math.max(q.dim(1), 0);
                double h = q == null ? 0 : Math.max(q.dim(2), 0);
                double sk = k != null && k.rank() == 3 ? Math.max(k.dim(1), 0) : s;
                long heads = n.intAttr("num_heads", 1);
                return 4 * b * s * sk * h + 5 * b * Math.max(heads, 1) * s * sk;
            }
            case "Resize", "Upsample" -> {
                String mode = n.stringAttr("mode", "nearest");
                return switch (mode) {
                    case "linear", "bilinear", "trilinear" -> 8 * outElems;
                    case "cubic" -> 32 * outElems;
                    default -> 0;
                };
            }
            case "QuantizeLinear", "DequantizeLinear" -> {
                return 2 * outElems;
            }
            case "DynamicQuantizeLinear" -> {
                return 4 * elems(at(in, 0));
            }
            case "Sum", "Mean", "Max", "Min" -> {
                int k = 0;
                for (Value v : in) {
                    if (v != null) {
                        k++;
                    }
                }
                return Math.max(k - 1, 1) * outElems + (op.equals("Mean") ? outElems : 0);
            }
            case "LRN" -> {
                return (n.intAttr("size", 1) + 3) * outElems;
            }
            default -> {
                // fall through to the class rules below
            }
        }
        Double norm = NORMALIZATION.get(op);
        if (norm != null) {
            return norm * outElems;
        }
        return switch (cls) {
            case ELEMENTWISE -> PER_ELEMENT.getOrDefault(op, 1.0) * outElems;
            case DATA_MOVEMENT, VIEW -> 0;
            case NORMALIZATION -> 5 * outElems;
            case REDUCTION -> elems(at(in, 0));
            default -> PER_ELEMENT.containsKey(op) ? PER_ELEMENT.get(op) * outElems : -1;
        };
    }

    private static Value at(List<Value> in, int i) {
        return i < in.size() ? in.get(i) : null;
    }

    /** Element count, unknown dimensions counting 1 (the same estimate as the tensor bytes). */
    static double elems(Value v) {
        if (v == null || v.dims == null) {
            return 0;
        }
        double n = 1;
        for (long d : v.dims) {
            n *= d < 0 ? 1 : d;
        }
        return n;
    }

    /** 2 × (output elements) × K for MatMul-like operators, K the shared inner dimension of A. */
    private static double matmul(Value a, Value out, Onnx.Node n, int unused) {
        if (a == null || a.dims == null || a.rank() == 0) {
            return 0;
        }
        long k = n.intAttr("transA", 0) != 0 && a.rank() >= 2 ? a.dim(a.rank() - 2) : a.dim(a.rank() - 1);
        return 2.0 * elems(out) * Math.max(k, 0);
    }

    /** 2 × N × Cout × out-spatial × (Cin / group) × kernel, plus one add per output for the bias. */
    private static double conv(Value x, Value w, Value out, boolean bias) {
        if (w == null || w.dims == null || w.rank() < 2) {
            return 0;
        }
        double perOutput = 1;
        for (int i = 1; i < w.rank(); i++) {
            perOutput *= Math.max(w.dim(i), 0); // Cin/group × kernel
        }
        double o = elems(out);
        return 2 * o * perOutput + (bias ? o : 0);
    }

    /** 2 × N × Cin × in-spatial × (Cout / group) × kernel, plus the bias adds. */
    private static double convTranspose(Value x, Value w, Value out, boolean bias, long group) {
        if (x == null || w == null || w.dims == null || w.rank() < 2) {
            return 0;
        }
        double perInput = 1;
        for (int i = 1; i < w.rank(); i++) {
            perInput *= Math.max(w.dim(i), 0); // Cout/group × kernel
        }
        return 2 * elems(x) * perInput + (bias ? elems(out) : 0);
    }

    /**
     * Recurrent layers: per time step and direction, G gate GEMMs of (input + hidden) × hidden per batch
     * row (2 FLOPs per multiply-add), plus {@code perUnit} FLOPs per hidden unit for biases, gate
     * activations and the state update.
     */
    private static double recurrent(Onnx.Node n, List<Value> in, int gates, int perUnit) {
        Value x = at(in, 0);
        Value w = at(in, 1);
        Value r = at(in, 2);
        if (x == null || x.dims == null || x.rank() != 3) {
            return 0;
        }
        boolean batchFirst = n.intAttr("layout", 0) != 0;
        double seq = Math.max(x.dim(batchFirst ? 1 : 0), 0);
        double batch = Math.max(x.dim(batchFirst ? 0 : 1), 0);
        double input = Math.max(x.dim(2), 0);
        double hidden = n.attributes().containsKey("hidden_size") ? n.intAttr("hidden_size", 0)
                : r != null ? Math.max(r.dim(2), 0) : w != null ? Math.max(w.dim(1), 0) / gates : 0;
        double dirs = n.stringAttr("direction", "forward").equals("bidirectional") ? 2 : 1;
        return seq * dirs * batch * (2 * gates * hidden * (input + hidden) + perUnit * hidden);
    }

    /**
     * Einsum: with two or more operands, 2 × the product of the sizes of all distinct indices (one
     * multiply-add per point of the joint index space); with one operand, the product (a reduction or
     * a copy).
     */
    static double einsum(String equation, List<Value> in) {
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        String lhs = arrow >= 0 ? eq.substring(0, arrow) : eq;
        String[] terms = lhs.split(",", -1);
        if (terms.length != in.size()) {
            return 0;
        }
        Map<Character, Long> size = new java.util.HashMap<>();
        double ellipsis = 1;
        for (int t = 0; t < terms.length; t++) {
            Value v = in.get(t);
            if (v == null || v.dims == null) {
                return 0;
            }
            String term = terms[t];
            String letters = term.replace("...", "");
            int ellRank = term.contains("...") ? v.rank() - letters.length() : 0;
            int pos = 0;
            double ell = 1;
            for (int i = 0; i < term.length(); i++) {
                if (term.startsWith("...", i)) {
                    for (int k = 0; k < ellRank; k++) {
                        ell *= Math.max(v.dim(pos + k), 1);
                    }
                    pos += ellRank;
                    i += 2;
                    continue;
                }
                long d = v.dim(pos++);
                size.merge(term.charAt(i), d, Math::max);
            }
            ellipsis = Math.max(ellipsis, ell);
        }
        double p = ellipsis;
        for (long d : size.values()) {
            p *= Math.max(d, 0);
        }
        return terms.length >= 2 ? 2 * p : p;
    }

    /** ONNX Runtime's fused Attention: QKV projection, two attention GEMMs, softmax. */
    private static double attention(Onnx.Node n, List<Value> in) {
        Value x = at(in, 0);
        Value w = at(in, 1);
        if (x == null || x.rank() != 3 || w == null || w.rank() != 2) {
            return 0;
        }
        double b = Math.max(x.dim(0), 0);
        double s = Math.max(x.dim(1), 0);
        double hin = Math.max(x.dim(2), 0);
        double hout = Math.max(w.dim(1), 0);
        double hv = hout / 3;
        long heads = Math.max(n.intAttr("num_heads", 1), 1);
        return 2 * b * s * hin * hout + 4 * b * s * s * hv + 5 * b * heads * s * s;
    }
}
