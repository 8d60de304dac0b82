package org.placementexplorer.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.placementexplorer.io.onnx.OnnxTestSupport.assertWarned;
import static org.placementexplorer.io.onnx.OnnxTestSupport.load;
import static org.placementexplorer.io.onnx.OnnxTestSupport.op;
import static org.placementexplorer.io.onnx.OnnxTestSupport.out;
import static org.placementexplorer.io.onnx.OnnxTestSupport.shape;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.model.DType;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.OpGraph;

/** Shape inference: constant propagation through shape arithmetic, and opset differences. */
class OnnxShapeInferenceTest {
    @TempDir
    Path dir;

    /**
     * The exporters' dynamic-reshape idiom: Shape -> Gather -> Unsqueeze -> Concat -> Reshape, with
     * Unsqueeze's axes as an attribute (opset 11) or an input (opset 13).
     */
    @ParameterizedTest
    @ValueSource(ints = {11, 13})
    void shapeGatherUnsqueezeConcatReshapeResolves(int opset) {
        OnnxWriter.Graph g = OnnxWriter.graph("chain")
                .input("x", OnnxWriter.FLOAT, "batch", "seq", 64L)
                .init(OnnxWriter.int64Scalar("i0", 0))
                .init(OnnxWriter.int64Scalar("i1", 1))
                .init(OnnxWriter.int64Vector("heads", 4))
                .init(OnnxWriter.rawInt64("hd", 16))
                .init(OnnxWriter.int64Vector("axes0", 0))
                .output("y", OnnxWriter.FLOAT);
        g.node("Shape").in("x").out("s");
        g.node("Gather").in("s", "i0").out("b").i("axis", 0);
        g.node("Gather").in("s", "i1").out("t").i("axis", 0);
        if (opset >= 13) {
            g.node("Unsqueeze").in("b", "axes0").out("b1");
            g.node("Unsqueeze").in("t", "axes0").out("t1");
        } else {
            g.node("Unsqueeze").in("b").out("b1").ints("axes", 0);
            g.node("Unsqueeze").in("t").out("t1").ints("axes", 0);
        }
        g.node("Concat").in("b1", "t1", "heads", "hd").out("shape").i("axis", 0);
        g.node("Reshape").name("reshape").in("x", "shape").out("y");
        LoadedModel m = load(dir, "chain" + opset + ".onnx", OnnxWriter.model(opset, g),
                Map.of("batch", 2L, "seq", 7L));
        OpGraph graph = m.graph();
        assertEquals(shape(2, 7, 4, 16), out(graph, "reshape").shape());
        assertEquals(1.0, GraphSummary.of(graph).shapeCoverage());
        assertEquals(shape(4), out(graph, "Concat_5").shape());
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 13})
    void squeezeAndReduceAxesAsAttributeOrInput(int opset) {
        OnnxWriter.Graph g = OnnxWriter.graph("axes")
                .input("x", OnnxWriter.FLOAT, 3L, 1L, 5L, 1L)
                .init(OnnxWriter.int64Vector("a1", 1))
                .init(OnnxWriter.int64Vector("a2", 2))
                .output("y", OnnxWriter.FLOAT)
                .output("z", OnnxWriter.FLOAT)
                .output("w", OnnxWriter.FLOAT);
        if (opset >= 13) {
            g.node("Squeeze").name("sq").in("x", "a1").out("y");
            g.node("ReduceSum").name("rs").in("x", "a2").out("z").i("keepdims", 0);
        } else {
            g.node("Squeeze").name("sq").in("x").out("y").ints("axes", 1);
            g.node("ReduceSum").name("rs").in("x").out("z").ints("axes", 2).i("keepdims", 0);
        }
        g.node("Squeeze").name("all").in("x").out("w");
        OpGraph graph = load(dir, "axes" + opset + ".onnx", OnnxWriter.model(opset, g)).graph();
        assertEquals(shape(3, 5, 1), out(graph, "sq").shape());
        assertEquals(shape(3, 1, 1), out(graph, "rs").shape());
        assertEquals(shape(3, 5), out(graph, "all").shape());
    }

    @Test
    void reduceMeanAxesInputFromOpset18() {
        OnnxWriter.Graph g = OnnxWriter.graph("r18")
                .input("x", OnnxWriter.FLOAT, 2L, 6L, 10L)
                .init(OnnxWriter.int64Vector("ax", -1))
                .output("y", OnnxWriter.FLOAT)
                .output("z", OnnxWriter.FLOAT);
        g.node("ReduceMean").name("rm").in("x", "ax").out("y");
        g.node("ReduceMax").name("all").in("x").out("z").i("keepdims", 0);
        OpGraph graph = load(dir, "r18.onnx", OnnxWriter.model(18, g)).graph();
        assertEquals(shape(2, 6, 1), out(graph, "rm").shape());
        assertEquals(shape(), out(graph, "all").shape());
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 13, 18})
    void splitSizesAsAttributeInputOrNumOutputs(int opset) {
        OnnxWriter.Graph g = OnnxWriter.graph("split")
                .input("x", OnnxWriter.FLOAT, 4L, 8L)
                .init(OnnxWriter.int64Vector("sizes", 2, 6))
                .output("a", OnnxWriter.FLOAT);
        OnnxWriter.Node split = g.node("Split").name("split").in("x").out("a", "b").i("axis", 1);
        if (opset == 11) {
            split.ints("split", 2, 6);
        } else if (opset == 13) {
            split.in("sizes");
        }
        if (opset == 18) {
            split.i("num_outputs", 2);
        }
        OpGraph graph = load(dir, "split" + opset + ".onnx", OnnxWriter.model(opset, g)).graph();
        var outs = op(graph, "split").outputs();
        if (opset == 18) {
            assertEquals(shape(4, 4), outs.get(0).shape());
            assertEquals(shape(4, 4), outs.get(1).shape());
        } else {
            assertEquals(shape(4, 2), outs.get(0).shape());
            assertEquals(shape(4, 6), outs.get(1).shape());
        }
    }

    @Test
    void unevenSplitIntoThree() {
        OnnxWriter.Graph g = OnnxWriter.graph("split3")
                .input("x", OnnxWriter.FLOAT, 8L)
                .output("a", OnnxWriter.FLOAT);
        g.node("Split").name("split").in("x").out("a", "b", "c").i("num_outputs", 3);
        var outs = op(load(dir, "s3.onnx", OnnxWriter.model(18, g)).graph(), "split").outputs();
        assertEquals(shape(3), outs.get(0).shape());
        assertEquals(shape(3), outs.get(1).shape());
        assertEquals(shape(2), outs.get(2).shape());
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 13})
    void sliceBoundsAsAttributesOrInputs(int opset) {
        OnnxWriter.Graph g = OnnxWriter.graph("slice")
                .input("x", OnnxWriter.FLOAT, 10L, 20L)
                .init(OnnxWriter.int64Vector("starts", 2, -5))
                .init(OnnxWriter.int64Vector("ends", Long.MAX_VALUE, 1000))
                .init(OnnxWriter.int64Vector("axes", 0, 1))
                .init(OnnxWriter.int64Vector("rs", -1))
                .init(OnnxWriter.int64Vector("re", Long.MIN_VALUE))
                .init(OnnxWriter.int64Vector("ra", 1))
                .init(OnnxWriter.int64Vector("step", -3))
                .output("y", OnnxWriter.FLOAT);
        if (opset >= 10) {
            g.node("Slice").name("s").in("x", "starts", "ends", "axes").out("y");
            // reverse with step -3 over 20 elements: indices 19, 16, ..., 1 -> 7 elements
            g.node("Slice").name("rev").in("x", "rs", "re", "ra", "step").out("z");
        } else {
            g.node("Slice").name("s").in("x").out("y").ints("starts", 2, -5).ints("ends", Long.MAX_VALUE, 1000)
                    .ints("axes", 0, 1);
        }
        OpGraph graph = load(dir, "slice" + opset + ".onnx", OnnxWriter.model(opset, g)).graph();
        assertEquals(shape(8, 5), out(graph, "s").shape());
        if (opset >= 10) {
            assertEquals(shape(10, 7), out(graph, "rev").shape());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 13})
    void resizeScalesMoveBetweenOpsets(int opset) {
        OnnxWriter.Graph g = OnnxWriter.graph("resize")
                .input("x", OnnxWriter.FLOAT, 1L, 3L, 10L, 12L)
                .init(OnnxWriter.floatValues("scales", new long[] {4}, 1, 1, 2, 0.5f))
                .init(OnnxWriter.floatValues("roi", new long[] {0}))
                .init(OnnxWriter.int64Vector("sizes", 1, 3, 7, 9))
                .output("y", OnnxWriter.FLOAT);
        if (opset == 10) {
            g.node("Resize").name("r").in("x", "scales").out("y");
        } else {
            g.node("Resize").name("r").in("x", "roi", "scales").out("y").s("mode", "linear");
            g.node("Resize").name("sized").in("x", "", "", "sizes").out("z");
        }
        OpGraph graph = load(dir, "resize" + opset + ".onnx", OnnxWriter.model(opset, g)).graph();
        assertEquals(shape(1, 3, 20, 6), out(graph, "r").shape());
        if (opset == 13) {
            assertEquals(8.0 * 3 * 20 * 6, op(graph, "r").flops());
            assertEquals(shape(1, 3, 7, 9), out(graph, "sized").shape());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 13})
    void padsAsAttributeOrInput(int opset) {
        OnnxWriter.Graph g = OnnxWriter.graph("pad")
                .input("x", OnnxWriter.FLOAT, 1L, 3L, 8L, 8L)
                .init(OnnxWriter.int64Vector("pads", 0, 0, 1, 2, 0, 0, 3, 4))
                .output("y", OnnxWriter.FLOAT);
        if (opset >= 11) {
            g.node("Pad").name("p").in("x", "pads").out("y");
        } else {
            g.node("Pad").name("p").in("x").out("y").ints("pads", 0, 0, 1, 2, 0, 0, 3, 4);
        }
        OpGraph graph = load(dir, "pad" + opset + ".onnx", OnnxWriter.model(opset, g)).graph();
        assertEquals(shape(1, 3, 12, 14), out(graph, "p").shape());
    }

    @Test
    void constantPropagationThroughArithmeticRangeAndConstantOfShape() {
        OnnxWriter.Graph g = OnnxWriter.graph("arith")
                .input("x", OnnxWriter.FLOAT, "batch", 24L)
                .init(OnnxWriter.int64Scalar("one", 1))
                .init(OnnxWriter.int64Scalar("two", 2))
                .init(OnnxWriter.int64Scalar("zero", 0))
                .output("y", OnnxWriter.FLOAT)
                .output("r", OnnxWriter.INT64)
                .output("c", OnnxWriter.FLOAT);
        g.node("Shape").in("x").out("s");
        g.node("Gather").in("s", "one").out("n").i("axis", 0); // 24
        g.node("Div").in("n", "two").out("half"); // 12
        g.node("Range").name("range").in("zero", "half", "one").out("r"); // [0..11]
        g.node("Mul").in("half", "two").out("n2"); // 24
        g.node("Unsqueeze").in("n2").out("n2v").ints("axes", 0);
        g.node("Constant").out("minus1").t("value", OnnxWriter.int64Vector("v", -1));
        g.node("Concat").in("minus1", "n2v").out("shp").i("axis", 0);
        g.node("Reshape").name("reshape").in("x", "shp").out("y");
        g.node("Unsqueeze").in("half").out("hv").ints("axes", 0);
        g.node("ConstantOfShape").name("cos").in("hv").out("c");
        OpGraph graph = load(dir, "arith.onnx", OnnxWriter.model(11, g), Map.of("batch", 3L)).graph();
        assertEquals(shape(12), out(graph, "range").shape());
        assertEquals(shape(3, 24), out(graph, "reshape").shape());
        assertEquals(shape(12), out(graph, "cos").shape());
        assertEquals(DType.FLOAT32, out(graph, "cos").dtype());
    }

    @Test
    void einsumCommonPatterns() {
        OnnxWriter.Graph g = OnnxWriter.graph("einsum")
                .input("a", OnnxWriter.FLOAT, 2L, 3L, 4L)
                .input("b", OnnxWriter.FLOAT, 2L, 4L, 5L)
                .output("c", OnnxWriter.FLOAT);
        g.node("Einsum").name("bmm").in("a", "b").out("c").s("equation", "bij,bjk->bik");
        g.node("Einsum").name("ell").in("a", "b").out("d").s("equation", "...ij,...jk");
        g.node("Einsum").name("tr").in("a").out("e").s("equation", "bij->bji");
        OpGraph graph = load(dir, "einsum.onnx", OnnxWriter.model(13, g)).graph();
        assertEquals(shape(2, 3, 5), out(graph, "bmm").shape());
        assertEquals(2.0 * 2 * 3 * 4 * 5, op(graph, "bmm").flops());
        assertEquals(shape(2, 3, 5), out(graph, "ell").shape());
        assertEquals(shape(2, 4, 3), out(graph, "tr").shape());
    }

    @Test
    void convTransposeAndPoolsWithCeilModeAndAutoPad() {
        OnnxWriter.Graph g = OnnxWriter.graph("up")
                .input("x", OnnxWriter.FLOAT, 1L, 8L, 10L, 10L)
                .weight("w", 8, 4, 2, 2)
                .output("y", OnnxWriter.FLOAT);
        g.node("ConvTranspose").name("up").in("x", "w").out("y").ints("strides", 2, 2);
        g.node("MaxPool").name("ceil").in("x").out("p").ints("kernel_shape", 3, 3).ints("strides", 2, 2)
                .i("ceil_mode", 1);
        g.node("AveragePool").name("same").in("x").out("q").ints("kernel_shape", 3, 3).ints("strides", 3, 3)
                .s("auto_pad", "SAME_UPPER");
        OpGraph graph = load(dir, "up.onnx", OnnxWriter.model(13, g)).graph();
        assertEquals(shape(1, 4, 20, 20), out(graph, "up").shape());
        // ConvTranspose: 2 x (8 x 10 x 10 inputs) x (4 x 2 x 2)
        assertEquals(2.0 * 800 * 16, op(graph, "up").flops());
        assertEquals(shape(1, 8, 5, 5), out(graph, "ceil").shape()); // ceil((10 - 3) / 2) + 1 = 5
        assertEquals(shape(1, 8, 4, 4), out(graph, "same").shape()); // ceil(10 / 3)
    }

    @Test
    void unknownOperatorFallsBackToValueInfoWithAWarning() {
        OnnxWriter.Graph g = OnnxWriter.graph("custom")
                .input("x", OnnxWriter.FLOAT, 2L, 3L)
                .valueInfo("y", OnnxWriter.FLOAT, 2L, 9L)
                .output("z", OnnxWriter.FLOAT);
        g.node("Frobnicate").name("custom").domain("com.example").in("x").out("y");
        g.node("Mystery").name("mystery").domain("com.example").in("y").out("z");
        LoadedModel m = load(dir, "custom.onnx", OnnxWriter.model(13, g).opset("com.example", 1));
        OpGraph graph = m.graph();
        assertEquals(shape(2, 9), out(graph, "custom").shape());
        assertNull(out(graph, "mystery").shape());
        assertEquals(0, op(graph, "custom").flops());
        assertWarned(m, "no shape rule for com.example.Frobnicate");
        assertWarned(m, "no FLOP rule for com.example.Mystery");
        assertTrue(GraphSummary.of(graph).shapeCoverage() < 1);
    }

    @Test
    void inconsistentShapesGiveAWarningNotACrash() {
        OnnxWriter.Graph g = OnnxWriter.graph("bad")
                .input("a", OnnxWriter.FLOAT, 2L, 3L)
                .input("b", OnnxWriter.FLOAT, 4L, 5L)
                .output("c", OnnxWriter.FLOAT);
        g.node("MatMul").name("mm").in("a", "b").out("c");
        LoadedModel m = load(dir, "bad.onnx", OnnxWriter.model(13, g));
        assertNull(out(m.graph(), "mm").shape());
        assertWarned(m, "cannot infer the output shape of MatMul (inner dimensions differ (3 and 4))");
    }
}
