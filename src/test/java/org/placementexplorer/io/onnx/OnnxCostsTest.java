package org.placementexplorer.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.placementexplorer.io.onnx.OnnxTestSupport.load;
import static org.placementexplorer.io.onnx.OnnxTestSupport.op;
import static org.placementexplorer.io.onnx.OnnxTestSupport.out;
import static org.placementexplorer.io.onnx.OnnxTestSupport.shape;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.model.DType;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;

/** FLOPs, bytes and parameters of small hand-made models, checked against figures worked out by hand. */
class OnnxCostsTest {
    @TempDir
    Path dir;

    @Test
    void convolutionWithBiasAndPadding() {
        // X [1,3,32,32] * W [16,3,3,3] + B [16], pads 1, stride 1 -> Y [1,16,32,32]
        OnnxWriter.Graph g = OnnxWriter.graph("conv")
                .input("x", OnnxWriter.FLOAT, 1L, 3L, 32L, 32L)
                .weight("w", 16, 3, 3, 3)
                .weight("b", 16)
                .output("y", OnnxWriter.FLOAT);
        g.node("Conv").name("conv").in("x", "w", "b").out("y").ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1);
        OpGraph graph = load(dir, "conv.onnx", OnnxWriter.model(13, g)).graph();
        Operator conv = op(graph, "conv");
        assertEquals(shape(1, 16, 32, 32), out(graph, "conv").shape());
        // multiply-adds: 16 channels x 32 x 32 outputs x (3 x 3 x 3) = 442,368; x2 = 884,736; bias: 16,384 adds
        assertEquals(884_736 + 16_384, conv.flops());
        assertEquals(16 * 27 + 16, conv.paramCount());
        assertEquals(448 * 4, conv.paramBytes());
        // reads x (12,288 B), w (1,728 B) and b (64 B); writes y (65,536 B)
        assertEquals(12_288 + 1_728 + 64, conv.bytesRead());
        assertEquals(65_536, conv.bytesWritten());
        assertEquals(65_536, out(graph, "conv").bytes());
        assertEquals(Precision.FP32, conv.precision());
    }

    @Test
    void depthwiseStridedConvolution() {
        // depthwise: 8 groups of one channel, 3x3, stride 2, no padding: 15 -> floor((15 - 3) / 2) + 1 = 7
        OnnxWriter.Graph g = OnnxWriter.graph("dw")
                .input("x", OnnxWriter.FLOAT, 1L, 8L, 15L, 15L)
                .weight("w", 8, 1, 3, 3)
                .output("y", OnnxWriter.FLOAT);
        g.node("Conv").name("dw").in("x", "w").out("y").i("group", 8).ints("strides", 2, 2);
        OpGraph graph = load(dir, "dw.onnx", OnnxWriter.model(13, g)).graph();
        assertEquals(shape(1, 8, 7, 7), out(graph, "dw").shape());
        assertEquals(2.0 * 8 * 7 * 7 * 9, op(graph, "dw").flops());
    }

    @Test
    void gemmWithBiasAndTransposedWeight() {
        // A [4,64] x B^T (B stored [10,64]) + C [10] -> [4,10]: 2 x 4 x 10 x 64 + 40 bias adds
        OnnxWriter.Graph g = OnnxWriter.graph("fc")
                .input("a", OnnxWriter.FLOAT, 4L, 64L)
                .weight("b", 10, 64)
                .weight("c", 10)
                .output("y", OnnxWriter.FLOAT);
        g.node("Gemm").name("fc").in("a", "b", "c").out("y").i("transB", 1);
        OpGraph graph = load(dir, "gemm.onnx", OnnxWriter.model(13, g)).graph();
        assertEquals(shape(4, 10), out(graph, "fc").shape());
        assertEquals(5_120 + 40, op(graph, "fc").flops());
        assertEquals(650, op(graph, "fc").paramCount());
        assertEquals(160, op(graph, "fc").bytesWritten());
    }

    @Test
    void attentionBlockMatMulSoftmaxMatMul() {
        // Q, K, V [batch, 4 heads, seq, 32]; scores = Q K^T [1,4,128,128]; softmax; context = P V [1,4,128,32]
        OnnxWriter.Graph g = OnnxWriter.graph("attention")
                .input("q", OnnxWriter.FLOAT, "batch", 4L, "seq", 32L)
                .input("k", OnnxWriter.FLOAT, "batch", 4L, "seq", 32L)
                .input("v", OnnxWriter.FLOAT, "batch", 4L, "seq", 32L)
                .output("ctx", OnnxWriter.FLOAT);
        g.node("Transpose").name("kt").in("k").out("kT").ints("perm", 0, 1, 3, 2);
        g.node("MatMul").name("scores").in("q", "kT").out("s");
        g.node("Softmax").name("softmax").in("s").out("p").i("axis", -1);
        g.node("MatMul").name("context").in("p", "v").out("ctx");
        LoadedModel m = load(dir, "attn.onnx", OnnxWriter.model(13, g), Map.of("batch", 1L, "seq", 128L));
        OpGraph graph = m.graph();
        assertEquals(shape(1, 4, 128, 128), out(graph, "scores").shape());
        assertEquals(shape(1, 4, 128, 32), out(graph, "context").shape());
        double qk = 2.0 * 4 * 128 * 128 * 32; // 4,194,304
        double softmax = 5.0 * 4 * 128 * 128; // 327,680
        double pv = 2.0 * 4 * 128 * 32 * 128; // 4,194,304
        assertEquals(qk, op(graph, "scores").flops());
        assertEquals(softmax, op(graph, "softmax").flops());
        assertEquals(pv, op(graph, "context").flops());
        assertEquals(0, op(graph, "kt").flops());
        assertEquals(8_716_288, GraphSummary.of(graph).flops());
        // the scores tensor travels on the edge scores -> softmax: 4 x 128 x 128 floats
        int e = graph.inEdges(graph.indexOf("softmax").orElseThrow())[0];
        assertEquals(262_144, graph.edges().get(e).bytes());
        // the user's dims were used: no defaults reported
        assertEquals(0, m.warnings().size(), m.warnings().toString());
    }

    @Test
    void lstmCountsFourGateGemmsPerStep() {
        // X [seq 10, batch 2, input 16], hidden 32, forward: per step 2 x 4 x 32 x (16 + 32) per batch row,
        // plus 12 per hidden unit
        OnnxWriter.Graph g = OnnxWriter.graph("lstm")
                .input("x", OnnxWriter.FLOAT, 10L, 2L, 16L)
                .weight("w", 1, 128, 16)
                .weight("r", 1, 128, 32)
                .output("y", OnnxWriter.FLOAT);
        g.node("LSTM").name("lstm").in("x", "w", "r").out("y", "yh", "yc").i("hidden_size", 32);
        OpGraph graph = load(dir, "lstm.onnx", OnnxWriter.model(14, g)).graph();
        Operator lstm = op(graph, "lstm");
        assertEquals(shape(10, 1, 2, 32), lstm.outputs().get(0).shape());
        assertEquals(shape(1, 2, 32), lstm.outputs().get(1).shape());
        assertEquals(10.0 * 2 * (2 * 4 * 32 * 48 + 12 * 32), lstm.flops());
    }

    @Test
    void quantizedOperatorsAreInt8AndHalfPrecisionIsFp16() {
        OnnxWriter.Graph g = OnnxWriter.graph("quant")
                .input("x", OnnxWriter.FLOAT, 2L, 64L)
                .init(OnnxWriter.typed("w", OnnxWriter.INT8, 64, 32))
                .init(OnnxWriter.typed("w_zp", OnnxWriter.INT8))
                .init(OnnxWriter.typed("h", OnnxWriter.FLOAT16, 64, 64))
                .output("y", OnnxWriter.INT32)
                .output("z", OnnxWriter.FLOAT16);
        g.node("DynamicQuantizeLinear").name("dq").in("x").out("xq", "xs", "xzp");
        g.node("MatMulInteger").name("mmi").in("xq", "w", "xzp", "w_zp").out("y");
        g.node("Cast").name("half").in("x").out("xh").i("to", OnnxWriter.FLOAT16);
        g.node("MatMul").name("mmh").in("xh", "h").out("z");
        OpGraph graph = load(dir, "quant.onnx", OnnxWriter.model(13, g)).graph();
        Operator mmi = op(graph, "mmi");
        assertEquals(Precision.INT8, mmi.precision());
        assertEquals(DType.INT32, mmi.outputs().get(0).dtype());
        assertEquals(2.0 * 2 * 32 * 64, mmi.flops());
        assertEquals(64 * 32 + 1, mmi.paramCount());
        assertEquals(64 * 32 + 1, mmi.paramBytes()); // one byte per int8 element
        assertEquals(DType.UINT8, op(graph, "dq").outputs().get(0).dtype());
        assertEquals(4.0 * 128, op(graph, "dq").flops());
        assertEquals(Precision.FP16, op(graph, "mmh").precision());
        assertEquals(64 * 64 * 2, op(graph, "mmh").paramBytes());
    }

    @Test
    void poolsReductionsAndElementwise() {
        OnnxWriter.Graph g = OnnxWriter.graph("misc")
                .input("x", OnnxWriter.FLOAT, 1L, 4L, 8L, 8L)
                .output("r", OnnxWriter.FLOAT);
        g.node("MaxPool").name("pool").in("x").out("p").ints("kernel_shape", 2, 2).ints("strides", 2, 2);
        g.node("Relu").name("relu").in("p").out("q");
        g.node("GlobalAveragePool").name("gap").in("q").out("r");
        OpGraph graph = load(dir, "misc.onnx", OnnxWriter.model(13, g)).graph();
        assertEquals(shape(1, 4, 4, 4), out(graph, "pool").shape());
        assertEquals(64.0 * 4, op(graph, "pool").flops()); // 64 outputs x 2x2 window
        assertEquals(64, op(graph, "relu").flops());
        assertEquals(shape(1, 4, 1, 1), out(graph, "gap").shape());
        assertEquals(64, op(graph, "gap").flops()); // one add per input element
    }
}
