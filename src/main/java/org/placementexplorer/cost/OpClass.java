package org.placementexplorer.cost;

import java.util.Locale;
import java.util.Map;
import java.util.HashMap;

/**
 * Operator families that share a compute efficiency in the roofline model. The efficiency is the
 * fraction of a device's peak FLOP/s an operator of the family reaches; memory traffic runs at
 * {@link AnalyticCostModel#MEMORY_EFFICIENCY} of the device's bandwidth. The figures are the
 * documented defaults of docs/cost-model.md: dense GEMM-like kernels reach most of the peak, direct
 * convolutions a little less, recurrent cells (small sequential GEMMs) much less, and
 * everything else is bandwidth-bound, where the compute efficiency hardly matters.
 */
public enum OpClass {
    /** MatMul, Gemm and their quantized/fused forms, Einsum, attention kernels. */
    MATMUL(0.70, true),
    /** Conv, ConvTranspose and quantized convolutions. */
    CONV(0.60, true),
    /** LSTM, GRU, RNN cells. */
    RECURRENT(0.35, true),
    /** Normalizations (BatchNorm, LayerNorm, ...), Softmax. */
    NORMALIZATION(0.50, true),
    /** Pools and reductions. */
    REDUCTION(0.50, true),
    /** Elementwise arithmetic and activations. */
    ELEMENTWISE(0.50, true),
    /** Copies that move data without arithmetic (Transpose, Concat, Gather, Slice, Pad, ...). */
    DATA_MOVEMENT(0.50, true),
    /** Metadata-only operators (Reshape, Shape, Constant, Squeeze, Identity, ...): free, no launch. */
    VIEW(1.0, false),
    /** If, Loop, Scan: cost of the subgraph bodies, as one launch. */
    CONTROL(0.50, true),
    /** Anything else. */
    OTHER(0.50, true);

    private final double efficiency;
    private final boolean launches;

    OpClass(double efficiency, boolean launches) {
        this.efficiency = efficiency;
        this.launches = launches;
    }

    public double efficiency() {
        return efficiency;
    }

    /** Whether the operator launches a kernel (and so pays the device's launch overhead). */
    public boolean launches() {
        return launches;
    }

    private static final Map<String, OpClass> BY_TYPE = new HashMap<>();

    static {
        put(MATMUL, "MatMul", "Gemm", "MatMulInteger", "QLinearMatMul", "MatMulNBits", "FusedMatMul", "Einsum",
                "Attention", "MultiHeadAttention", "QAttention", "GemmFastGelu", "DynamicQuantizeMatMul",
                "QGemm", "MatMulIntegerToFloat", "FullyConnected", "Linear", "Dense");
        put(CONV, "Conv", "ConvTranspose", "ConvInteger", "QLinearConv", "FusedConv", "NhwcConv", "DeformConv");
        put(RECURRENT, "LSTM", "GRU", "RNN");
        put(NORMALIZATION, "BatchNormalization", "LayerNormalization", "InstanceNormalization",
                "GroupNormalization", "SkipLayerNormalization", "SimplifiedLayerNormalization",
                "SkipSimplifiedLayerNormalization", "RMSNormalization", "LpNormalization",
                "MeanVarianceNormalization", "LRN", "Softmax", "LogSoftmax", "Hardmax", "EmbedLayerNormalization");
        put(REDUCTION, "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LpPool", "GlobalLpPool",
                "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
                "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin", "TopK", "CumSum");
        put(DATA_MOVEMENT, "Transpose", "Concat", "Split", "Slice", "Gather", "GatherElements", "GatherND",
                "Scatter", "ScatterElements", "ScatterND", "Pad", "Tile", "Expand", "Resize", "Upsample",
                "DepthToSpace", "SpaceToDepth", "Cast", "CastLike", "Where", "NonZero", "OneHot", "Compress",
                "ConstantOfShape", "Range", "Trilu", "ReverseSequence", "EyeLike", "QuantizeLinear",
                "DequantizeLinear", "DynamicQuantizeLinear");
        put(VIEW, "Reshape", "Shape", "Size", "Constant", "Identity", "Squeeze", "Unsqueeze", "Flatten",
                "Dropout", "Optional", "OptionalGetElement", "OptionalHasElement");
        put(CONTROL, "If", "Loop", "Scan");
        put(ELEMENTWISE, "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Log", "Abs", "Neg", "Reciprocal",
                "Relu", "LeakyRelu", "PRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Erf", "Gelu",
                "FastGelu", "BiasGelu", "QuickGelu", "Elu", "Selu", "Celu", "Softplus", "Softsign", "Clip",
                "Min", "Max", "Sum", "Mean", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not",
                "And", "Or", "Xor", "Floor", "Ceil", "Round", "Sign", "Sin", "Cos", "Tan", "Mod", "IsNaN",
                "IsInf", "BitShift", "Mish", "Swish", "SiLU", "BiasAdd", "Shrink", "ThresholdedRelu",
                "QLinearAdd", "QLinearMul", "QLinearSigmoid", "QLinearLeakyRelu", "BiasDropout");
    }

    private static void put(OpClass c, String... types) {
        for (String t : types) {
            BY_TYPE.put(t.toLowerCase(Locale.ROOT), c);
        }
    }

    /** The family of an ONNX (or framework) operator type; unknown types are {@link #OTHER}. */
    public static OpClass of(String opType) {
        return BY_TYPE.getOrDefault(opType.toLowerCase(Locale.ROOT), OTHER);
    }
}
