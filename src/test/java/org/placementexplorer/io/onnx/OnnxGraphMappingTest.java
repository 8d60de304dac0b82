package org.placementexplorer.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.placementexplorer.io.onnx.OnnxTestSupport.assertWarned;
import static org.placementexplorer.io.onnx.OnnxTestSupport.load;
import static org.placementexplorer.io.onnx.OnnxTestSupport.op;
import static org.placementexplorer.io.onnx.OnnxTestSupport.out;
import static org.placementexplorer.io.onnx.OnnxTestSupport.shape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;

/** How an ONNX graph becomes operators, edges and parameters (docs/decisions/0010). */
class OnnxGraphMappingTest {
    @TempDir
    Path dir;

    @Test
    void constantNodesFoldIntoWeightsOfTheirReader() {
        OnnxWriter.Graph g = OnnxWriter.graph("const")
                .input("x", OnnxWriter.FLOAT, 2L, 4L)
                .output("y", OnnxWriter.FLOAT);
        g.node("Constant").name("c").out("w").t("value", OnnxWriter.floats("cw", 4, 3));
        g.node("Constant").name("k").out("k").f("value_float", 2f);
        g.node("MatMul").name("mm").in("x", "w").out("m");
        g.node("Mul").name("scale").in("m", "k").out("y");
        OpGraph graph = load(dir, "const.onnx", OnnxWriter.model(13, g)).graph();
        assertEquals(2, graph.size(), "Constant nodes are not operators");
        assertEquals(12, op(graph, "mm").paramCount());
        assertEquals(1, op(graph, "scale").paramCount());
        assertEquals(13, graph.totalParamCount());
        assertEquals(1, graph.edges().size(), "only mm -> scale; constants cost no transfer");
        Edge e = graph.edges().get(0);
        assertEquals("m", e.tensor());
        assertEquals(2 * 3 * 4, e.bytes());
    }

    @Test
    void aSharedWeightIsOwnedByItsFirstReaderAndReadByAll() {
        OnnxWriter.Graph g = OnnxWriter.graph("shared")
                .input("x", OnnxWriter.FLOAT, 1L, 4L)
                .weight("w", 4, 4)
                .weight("unused", 10)
                .output("b", OnnxWriter.FLOAT);
        g.node("MatMul").name("a").in("x", "w").out("a");
        g.node("MatMul").name("b").in("a", "w").out("b");
        LoadedModel m = load(dir, "shared.onnx", OnnxWriter.model(13, g));
        OpGraph graph = m.graph();
        // a owns w (16) and, as the first operator, the unused initializer (10)
        assertEquals(16 + 10, op(graph, "a").paramCount());
        assertEquals(0, op(graph, "b").paramCount());
        assertEquals(26, graph.totalParamCount());
        assertEquals(16 + 64, op(graph, "b").bytesRead(), "b still reads the weight (64 B) and a's output (16 B)");
        assertWarned(m, "1 initializer(s)/constant(s) are read by no operator (10 elements)");
    }

    @Test
    void idsAreNamesWhenUniqueElseGeneratedAndStableAcrossReopening() throws IOException {
        OnnxWriter.Graph g = OnnxWriter.graph("ids")
                .input("x", OnnxWriter.FLOAT, 1L, 4L)
                .output("f", OnnxWriter.FLOAT);
        g.node("Relu").in("x").out("a"); // unnamed -> Relu_0, but a named node takes that: Relu_0_2
        g.node("Relu").name("Relu_0").in("a").out("b");
        g.node("Sigmoid").name("dup").in("b").out("c"); // duplicate names -> generated
        g.node("Sigmoid").name("dup").in("c").out("d");
        g.node("Constant").out("k").f("value_float", 1f);
        g.node("Add").name("/block/add").in("d", "k").out("e");
        g.node("Tanh").in("e").out("f");
        Path file = OnnxWriter.model(13, g).write(dir.resolve("ids.onnx"));
        OpGraph first = ModelLoader.load(file, ImportOptions.DEFAULT).graph();
        List<String> ids = first.operators().stream().map(Operator::id).toList();
        assertEquals(List.of("Relu_0_2", "Relu_0", "Sigmoid_2", "Sigmoid_3", "/block/add", "Tanh_6"), ids);
        assertEquals("dup", op(first, "Sigmoid_2").name(), "the display name stays the node name");
        assertEquals(List.of("block"), first.scopes().root().children().stream().map(s -> s.name()).toList());
        Path copy = Files.copy(file, dir.resolve("renamed-copy.onnx"));
        OpGraph again = ModelLoader.load(copy, ImportOptions.DEFAULT).graph();
        assertEquals(ids, again.operators().stream().map(Operator::id).toList());
    }

    @Test
    void ifIsOneOperatorCostingItsLargerBranchWithBothBranchesKept() {
        OnnxWriter.Graph then = OnnxWriter.graph("then").untypedOutput("t_out").weight("wt", 64, 64);
        then.node("MatMul").name("big").in("r", "wt").out("t_out");
        OnnxWriter.Graph other = OnnxWriter.graph("else").untypedOutput("e_out");
        other.node("Constant").name("c").out("c").t("value", OnnxWriter.floats("cv", 5));
        other.node("Mul").name("small").in("r", "w_outer").out("e_out");
        other.node("Relu").name("unusedInBranch").in("c").out("c2");
        OnnxWriter.Graph g = OnnxWriter.graph("if")
                .input("x", OnnxWriter.FLOAT, 1L, 64L)
                .scalarInput("cond", OnnxWriter.BOOL)
                .weight("w_outer", 64)
                .output("y", OnnxWriter.FLOAT);
        g.node("Relu").name("pre").in("x").out("r");
        g.node("If").name("branch").in("cond").out("y").g("then_branch", then).g("else_branch", other);
        OpGraph graph = load(dir, "if.onnx", OnnxWriter.model(13, g)).graph();
        assertEquals(2, graph.size());
        Operator iff = op(graph, "branch");
        assertEquals(2.0 * 64 * 64, iff.flops(), "the larger branch: a 1x64 by 64x64 MatMul");
        assertEquals(4096 + 5 + 64, iff.paramCount(), "weights of both branches and the outer weight read inside");
        assertEquals(graph.totalParamCount(), 4096 + 5 + 64);
        assertEquals(shape(1, 64), iff.outputs().get(0).shape());
        assertEquals(List.of("then_branch", "else_branch"), iff.subgraphs().stream().map(Operator.Subgraph::name)
                .toList());
        assertEquals(1, iff.subgraphs().get(0).graph().size());
        assertEquals(2, iff.subgraphs().get(1).graph().size());
        // the branches read pre's output from the outer graph: an edge pre -> branch
        assertEquals(1, graph.edges().size());
        assertEquals("r", graph.edges().get(0).tensor());
        assertEquals(1.0, GraphSummary.of(graph).shapeCoverage());
        assertEquals(3, GraphSummary.of(graph).subgraphOperators());
    }

    @Test
    void ifWithAKnownConditionTakesTheShapesOfItsBranch() {
        OnnxWriter.Graph then = OnnxWriter.graph("then").untypedOutput("t");
        then.node("Squeeze").in("x").out("t").ints("axes", 0);
        OnnxWriter.Graph other = OnnxWriter.graph("else").untypedOutput("e");
        other.node("Identity").in("x").out("e");
        OnnxWriter.Graph g = OnnxWriter.graph("known")
                .input("x", OnnxWriter.FLOAT, 1L, 8L)
                .output("y", OnnxWriter.FLOAT);
        g.node("Shape").in("x").out("s");
        g.node("ReduceProd").in("s").out("n").i("keepdims", 0);
        g.node("Constant").out("eight").t("value", OnnxWriter.int64Scalar("e", 8));
        g.node("Equal").in("n", "eight").out("cond");
        g.node("If").name("if").in("cond").out("y").g("then_branch", then).g("else_branch", other);
        OpGraph graph = load(dir, "known.onnx", OnnxWriter.model(11, g)).graph();
        assertEquals(shape(8), out(graph, "if").shape());
    }

    @Test
    void loopCostsTripCountTimesItsBodyAndStacksScanOutputs() {
        OnnxWriter.Graph body = OnnxWriter.graph("body")
                .untypedInput("i").untypedInput("c_in").untypedInput("v_in")
                .untypedOutput("c_out").untypedOutput("v_out").untypedOutput("s");
        body.node("Identity").in("c_in").out("c_out");
        body.node("Add").name("acc").in("v_in", "bias").out("v_out");
        body.node("Relu").name("emit").in("v_out").out("s");
        OnnxWriter.Graph g = OnnxWriter.graph("loop")
                .input("v0", OnnxWriter.FLOAT, 1L, 16L)
                .init(OnnxWriter.int64Scalar("m", 5))
                .init(OnnxWriter.typed("t", OnnxWriter.BOOL))
                .weight("bias", 16)
                .output("v", OnnxWriter.FLOAT)
                .output("ss", OnnxWriter.FLOAT);
        g.node("Loop").name("loop").in("m", "t", "v0").out("v", "ss").g("body", body);
        OpGraph graph = load(dir, "loop.onnx", OnnxWriter.model(13, g)).graph();
        Operator loop = op(graph, "loop");
        assertEquals(5.0 * (16 + 16), loop.flops());
        assertEquals(shape(1, 16), loop.outputs().get(0).shape());
        assertEquals(shape(5, 1, 16), loop.outputs().get(1).shape());
        assertEquals(16 + 1 + 1, graph.totalParamCount(), "bias inside the body, plus M and the condition");
        assertEquals(16, loop.paramCount() - 2);
        assertEquals(3, loop.subgraphs().get(0).graph().size());
    }

    @Test
    void scanIteratesOverTheScanAxis() {
        OnnxWriter.Graph body = OnnxWriter.graph("body")
                .untypedInput("s_in").untypedInput("x_t")
                .untypedOutput("s_out").untypedOutput("y_t");
        body.node("Add").in("s_in", "x_t").out("s_out");
        body.node("Mul").in("s_out", "s_out").out("y_t");
        OnnxWriter.Graph g = OnnxWriter.graph("scan")
                .input("s0", OnnxWriter.FLOAT, 8L)
                .input("xs", OnnxWriter.FLOAT, 10L, 8L)
                .output("s", OnnxWriter.FLOAT)
                .output("ys", OnnxWriter.FLOAT);
        g.node("Scan").name("scan").in("s0", "xs").out("s", "ys").i("num_scan_inputs", 1).g("body", body);
        OpGraph graph = load(dir, "scan.onnx", OnnxWriter.model(11, g)).graph();
        Operator scan = op(graph, "scan");
        assertEquals(10.0 * (8 + 8), scan.flops());
        assertEquals(shape(8), scan.outputs().get(0).shape());
        assertEquals(shape(10, 8), scan.outputs().get(1).shape());
    }

    @Test
    void modelLocalFunctionsAreExpandedAsSubgraphs() {
        OnnxWriter.Node sq = new OnnxWriter.Node("Mul").in("a", "a").out("t");
        OnnxWriter.Node add = new OnnxWriter.Node("Add").in("t", "a").out("b");
        OnnxWriter.Graph g = OnnxWriter.graph("fn")
                .input("x", OnnxWriter.FLOAT, 3L, 5L)
                .output("y", OnnxWriter.FLOAT);
        g.node("SquarePlus").name("call").domain("local").in("x").out("y");
        OnnxWriter w = OnnxWriter.model(13, g).opset("local", 1);
        w.functions.add(new OnnxWriter.Function("SquarePlus", "local", List.of("a"), List.of("b"), List.of(sq, add)));
        LoadedModel m = load(dir, "fn.onnx", w);
        Operator call = op(m.graph(), "call");
        assertEquals("SquarePlus", call.opType());
        assertEquals("local", call.domain());
        assertEquals(shape(3, 5), call.outputs().get(0).shape());
        assertEquals(30, call.flops());
        assertEquals("function SquarePlus", call.subgraphs().get(0).name());
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
    }

    @Test
    void microsoftDomainAndQuantizedOperators() {
        OnnxWriter.Graph g = OnnxWriter.graph("ms")
                .input("x", OnnxWriter.FLOAT, 2L, 16L, 32L)
                .weight("w", 32, 48)
                .init(OnnxWriter.typed("qa", OnnxWriter.UINT8, 4, 8))
                .init(OnnxWriter.typed("qb", OnnxWriter.UINT8, 8, 6))
                .init(OnnxWriter.typed("sc", OnnxWriter.FLOAT))
                .init(OnnxWriter.typed("zp", OnnxWriter.UINT8))
                .output("y", OnnxWriter.FLOAT);
        g.node("FusedMatMul").name("fmm").domain("com.microsoft").in("x", "w").out("m");
        g.node("Gelu").name("gelu").domain("com.microsoft").in("m").out("y");
        g.node("QLinearMatMul").name("qmm").in("qa", "sc", "zp", "qb", "sc", "zp", "sc", "zp").out("q");
        LoadedModel m = load(dir, "ms.onnx", OnnxWriter.model(13, g).opset("com.microsoft", 1));
        OpGraph graph = m.graph();
        assertEquals(shape(2, 16, 48), out(graph, "fmm").shape());
        assertEquals(2.0 * 2 * 16 * 48 * 32, op(graph, "fmm").flops());
        assertEquals(shape(2, 16, 48), out(graph, "gelu").shape());
        assertEquals(8.0 * 2 * 16 * 48, op(graph, "gelu").flops());
        assertEquals(shape(4, 6), out(graph, "qmm").shape());
        assertEquals(org.placementexplorer.model.DType.UINT8, out(graph, "qmm").dtype());
        assertEquals(org.placementexplorer.model.Precision.INT8, op(graph, "qmm").precision());
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
    }

    private OnnxWriter externalModel() {
        OnnxWriter.Graph g = OnnxWriter.graph("ext")
                .input("x", OnnxWriter.FLOAT, 4L, 6L)
                .init(OnnxWriter.external("shp", OnnxWriter.INT64, new long[] {3},
                        Map.of("location", "weights.bin", "offset", "8", "length", "24")))
                .init(OnnxWriter.external("big", OnnxWriter.FLOAT, new long[] {256, 256},
                        Map.of("location", "weights.bin", "offset", "32", "length", "262144")))
                .output("y", OnnxWriter.FLOAT);
        g.node("Reshape").name("reshape").in("x", "shp").out("r");
        g.node("MatMul").name("mm").in("x", "x2").out("y");
        g.node("Constant").out("x2").t("value", OnnxWriter.floats("c", 6, 256));
        g.node("Add").name("uses-big").in("big", "big").out("z");
        return OnnxWriter.model(13, g);
    }

    @Test
    void externalDataGivesSizesFromDescriptorsAndReadsOnlySmallValues() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32 + 262_144).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(99).putLong(2).putLong(3).putLong(4);
        Files.write(dir.resolve("weights.bin"), b.array());
        LoadedModel m = load(dir, "ext.onnx", externalModel());
        assertEquals(shape(2, 3, 4), out(m.graph(), "reshape").shape());
        assertEquals(65_536 + 3 + 6 * 256, m.graph().totalParamCount());
        assertEquals(65_536 * 4.0, op(m.graph(), "uses-big").paramBytes());
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
    }

    @Test
    void aMissingExternalDataFileIsAWarningBecauseCostsDoNotNeedIt() {
        LoadedModel m = load(dir, "ext.onnx", externalModel());
        assertEquals(65_536 + 3 + 6 * 256, m.graph().totalParamCount());
        assertEquals(65_536 * 4.0, op(m.graph(), "uses-big").paramBytes());
        assertWarned(m, "external data file 'weights.bin' (2 tensors) is missing");
        assertEquals(3, out(m.graph(), "reshape").shape().size(), "the rank is still known from the shape tensor");
    }

    @Test
    void externalDataOutsideTheModelFolderIsNotRead() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("model"));
        Files.write(dir.resolve("weights.bin"), new byte[32 + 262_144]);
        OnnxWriter w = externalModel();
        w.graph.initializers.set(0, OnnxWriter.external("shp", OnnxWriter.INT64, new long[] {3},
                Map.of("location", "../weights.bin", "offset", "8")));
        LoadedModel m = load(sub, "ext.onnx", w);
        assertWarned(m, "lies outside the model's folder");
    }

    @Test
    void symbolicDimensionsUseTheUsersValuesThenDocumentedDefaults() {
        OnnxWriter.Graph g = OnnxWriter.graph("dims")
                .input("ids", OnnxWriter.INT64, "batch_size", "sequence_length")
                .input("img", OnnxWriter.FLOAT, "N", 3L, "height", "width")
                .input("aux", OnnxWriter.FLOAT, 2L, new Object[] {null}[0])
                .output("y", OnnxWriter.FLOAT);
        g.node("Relu").in("img").out("y");
        OnnxWriter w = OnnxWriter.model(13, g);
        LoadedModel d = load(dir, "dims.onnx", w);
        assertEquals(shape(1, 512), d.graph().inputs().get(0).shape());
        assertEquals(shape(1, 3, 224, 224), d.graph().inputs().get(1).shape());
        assertEquals(shape(2, 1), d.graph().inputs().get(2).shape());
        assertWarned(d, "symbolic dimensions set to defaults: batch_size=1, sequence_length=512, N=1, height=224, "
                + "width=224, aux:1=1");
        LoadedModel u = load(dir, "dims.onnx", w, Map.of("sequence_length", 64L, "height", 480L, "aux:1", 7L,
                "nonsense", 3L));
        assertEquals(shape(1, 64), u.graph().inputs().get(0).shape());
        assertEquals(shape(1, 3, 480, 224), u.graph().inputs().get(1).shape());
        assertEquals(shape(2, 7), u.graph().inputs().get(2).shape());
        assertWarned(u, "--dim nonsense matches no symbolic dimension");
        assertFalse(u.warnings().stream().anyMatch(s -> s.contains("sequence_length=")), u.warnings().toString());
    }
}
