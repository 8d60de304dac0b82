package org.placementexplorer.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.placementexplorer.cli.Cli;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.DType;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Tensor;

/**
 * Every model of the shared set (../shared/onnx; skipped when absent): {@code info --json} works,
 * parameters equal the MANIFEST's count, at least 98 % of the tensors get a full shape from inference
 * alone, and the inferred shapes agree with what the exporters wrote in value_info.
 */
class SharedOnnxModelsTest {
    static final Path SHARED = Path.of(System.getProperty("shared.dir", "../shared"), "onnx");

    record Manifest(long topNodes, long allNodes, long parameters) {
    }

    static Map<String, Manifest> manifest() throws IOException {
        Map<String, Manifest> m = new HashMap<>();
        for (String line : Files.readAllLines(SHARED.resolve("MANIFEST.md"))) {
            String[] c = line.split("\\|");
            if (c.length > 9 && c[1].trim().endsWith(".onnx")) {
                m.put(c[1].trim(), new Manifest(Long.parseLong(c[5].trim()), Long.parseLong(c[6].trim()),
                        Long.parseLong(c[8].trim())));
            }
        }
        return m;
    }

    static List<Path> models() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SHARED),
                "shared ONNX models not found at " + SHARED + ": skipping the tests over the shared set");
        try (Stream<Path> s = Files.list(SHARED)) {
            return s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> infoJsonParametersAndCoverage() throws IOException {
        Map<String, Manifest> manifest = manifest();
        List<Path> models = models();
        assertEquals(manifest.keySet().size(), models.size(), "MANIFEST rows and files");
        return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Cli.run(new String[] {"info", p.toString(), "--json"}, new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, err.toString());
            JsonNode j = Json.parse("stdout", out.toString().getBytes());
            Manifest expect = manifest.get(p.getFileName().toString());
            assertEquals(expect.parameters(), j.get("parameters").asLong(), "parameters");
            double coverage = j.get("shapeCoverage").asDouble();
            assertTrue(coverage >= 0.98, "shape coverage " + coverage);
            assertEquals("ONNX", j.get("format").asText());
            assertTrue(j.get("flops").asDouble() > 0);
            for (JsonNode w : j.get("warnings")) {
                String s = w.asText();
                assertFalse(s.contains("no shape rule") || s.contains("cannot infer") || s.contains("no FLOP rule"),
                        s);
            }
            for (JsonNode t : j.get("outputs")) {
                assertTrue(t.get("shape").isArray(), "output shape " + t);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> inferenceAloneCoversTheShapesAndAgreesWithValueInfo() throws IOException {
        Map<String, Manifest> manifest = manifest();
        return models().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            LoadedModel m = OnnxImporter.read(p, ImportOptions.DEFAULT, false);
            GraphSummary s = GraphSummary.of(m.graph());
            assertTrue(s.shapeCoverage() >= 0.98, "coverage without value_info " + s.shapeCoverage());
            Onnx.Model model = OnnxReader.read(Files.readAllBytes(p));
            // every node is an operator, except Constant nodes, which are folded into weights
            Manifest expect = manifest.get(p.getFileName().toString());
            assertEquals(expect.topNodes(), model.graph().nodes().size());
            assertEquals(expect.allNodes(), s.operators() + s.subgraphOperators() + constants(model.graph()));
            assertEquals(expect.topNodes(), s.operators() + topConstants(model.graph()));
            // the exporters' own shapes, where they wrote any: numbers, or the input symbols we fixed
            Map<String, Tensor> mine = new HashMap<>();
            collect(m.graph(), mine);
            Map<String, Long> symbols = new HashMap<>();
            for (Onnx.ValueInfo in : model.graph().inputs()) {
                Tensor t = m.graph().inputs().stream().filter(x -> x.name().equals(in.name())).findFirst().orElse(null);
                if (t != null && in.type().dims() != null) {
                    for (int i = 0; i < in.type().dims().size(); i++) {
                        String sym = in.type().dims().get(i).param();
                        if (sym != null) {
                            symbols.put(sym, t.shape().get(i));
                        }
                    }
                }
            }
            List<String> bad = new ArrayList<>();
            int compared = 0;
            for (Onnx.ValueInfo vi : declared(model.graph())) {
                Tensor t = mine.get(vi.name());
                if (t == null || vi.type().dims() == null) {
                    continue;
                }
                compared++;
                boolean ok = t.shape() != null && t.shape().size() == vi.type().dims().size();
                for (int i = 0; ok && i < t.shape().size(); i++) {
                    Onnx.Dim d = vi.type().dims().get(i);
                    Long want = d.known() ? Long.valueOf(d.value()) : symbols.get(d.param());
                    ok = want == null || want.equals(t.shape().get(i));
                }
                if (vi.type().elemType() != 0 && ElemType.dtype(vi.type().elemType()) != t.dtype()
                        && t.dtype() != DType.UNKNOWN) {
                    ok = false;
                }
                if (!ok) {
                    bad.add(vi.name() + ": inferred " + t.dtype().jsonName() + t.shape() + ", declared " + vi.type());
                }
            }
            assertTrue(bad.isEmpty(), compared + " compared, disagreeing: " + bad);
        }));
    }

    private static long constants(Onnx.Graph g) {
        long n = 0;
        for (Onnx.Node node : g.nodes()) {
            if (node.opType().equals("Constant")) {
                n++;
            }
            for (Onnx.Graph sg : GraphBuilder.subgraphsOf(node)) {
                n += constants(sg);
            }
        }
        return n;
    }

    private static long topConstants(Onnx.Graph g) {
        return g.nodes().stream().filter(n -> n.opType().equals("Constant")).count();
    }

    private static void collect(OpGraph g, Map<String, Tensor> out) {
        for (Operator op : g.operators()) {
            for (Tensor t : op.outputs()) {
                out.put(t.name(), t);
            }
            for (Operator.Subgraph s : op.subgraphs()) {
                collect(s.graph(), out);
            }
        }
    }

    private static List<Onnx.ValueInfo> declared(Onnx.Graph g) {
        List<Onnx.ValueInfo> l = new ArrayList<>(g.valueInfo());
        l.addAll(g.outputs());
        for (Onnx.Node n : g.nodes()) {
            for (Onnx.Graph sg : GraphBuilder.subgraphsOf(n)) {
                l.addAll(declared(sg));
            }
        }
        return l;
    }
}
