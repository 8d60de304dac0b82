package org.placementexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.placementexplorer.io.Samples;
import org.placementexplorer.io.json.Json;

class CliTest {
    static final String GRAPH = "sample-graphs/tiny-resnet.json";

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** Bad input: exit 2, exactly one line on stderr that names the file, and no stack trace. */
    static void assertBadInput(Run r, String fileName, String problemFragment) {
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "more than one line: " + err);
        assertTrue(err.contains(fileName), "does not name " + fileName + ": " + err);
        assertTrue(err.contains(problemFragment), "does not say '" + problemFragment + "': " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    @Test
    void missingFile(@TempDir Path dir) {
        String f = dir.resolve("nope.json").toString();
        assertBadInput(run("info", f), "nope.json", "no such file");
    }

    @Test
    void malformedJson(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\"format\": \"placement-explorer/graph\", \"operators\": [ {\"id\": \"a\",, } ]");
        assertBadInput(run("info", f.toString()), "broken.json", "malformed JSON at line 1");
    }

    @Test
    void nonGraphFiles(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a model\n");
        assertBadInput(run("info", text.toString()), "notes.txt", "not a graph file");
        Path json = dir.resolve("other.json");
        Files.writeString(json, "{\"hello\": [1, 2, 3]}");
        assertBadInput(run("info", json.toString()), "other.json", "not a graph file");
        assertBadInput(run("info", "sample-clusters/cpu-2gpu.json"), "cpu-2gpu.json", "cluster file, not a graph");
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertBadInput(run("info", empty.toString()), "empty.json", "empty");
    }

    @Test
    void cyclicGraph(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cycle.json");
        Files.writeString(f, """
                {"format": "placement-explorer/graph", "version": 1, "name": "loop",
                 "operators": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
                 "edges": [{"from": "a", "to": "b", "bytes": 4}, {"from": "b", "to": "c", "bytes": 4},
                           {"from": "c", "to": "a", "bytes": 4}]}
                """);
        Run r = run("info", f.toString());
        assertBadInput(r, "cycle.json", "cycle");
        assertTrue(r.err().contains("a -> b -> c -> a") || r.err().contains("b -> c -> a -> b")
                || r.err().contains("c -> a -> b -> c"), r.err());
    }

    @Test
    void placementWithUnknownDevice(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r.json");
        assertEquals(0, run("solve", GRAPH, "--cluster", "cpu-2gpu", "--objective", "latency", "--solver",
                "single-device", "--out", out.toString()).code());
        String text = Files.readString(out).replace("\"a100\"", "\"gpu9\"");
        Path bad = dir.resolve("bad-placement.json");
        Files.writeString(bad, text);
        assertBadInput(run("evaluate", GRAPH, "--cluster", "cpu-2gpu", "--placement", bad.toString(), "--objective",
                "latency"), "bad-placement.json", "unknown device 'gpu9'");
    }

    @Test
    void badOptionsAreBadInputToo() {
        Run r = run("solve", GRAPH, "--cluster", "cpu-2gpu", "--objective", "speed", "--solver", "single-device");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not an objective"), r.err());
        Run s = run("solve", GRAPH, "--cluster", "cpu-2gpu", "--objective", "latency", "--solver", "magic");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("unknown solver 'magic'"), s.err());
        Run c = run("evaluate", GRAPH, "--cluster", "no-such-cluster.json", "--placement", GRAPH, "--objective",
                "latency");
        assertBadInput(c, "no-such-cluster.json", "no such file");
        Run e = run("bound", GRAPH, "--objective", "latency");
        assertBadInput(e, "tiny-resnet.json", "--cluster");
    }

    static Stream<Arguments> clustersAndObjectives() {
        return Samples.CLUSTERS.stream().flatMap(c -> Stream.of(Arguments.of(c, "latency"),
                Arguments.of(c, "throughput")));
    }

    /** Done-when of the spine: evaluate prints exactly solve's objective for solve's own output. */
    @ParameterizedTest
    @MethodSource("clustersAndObjectives")
    void evaluateReproducesSolve(String cluster, String objective, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("solve.json");
        Run solve = run("solve", GRAPH, "--cluster", "sample-clusters/" + cluster + ".json", "--objective", objective,
                "--solver", "single-device", "--json", "--out", out.toString());
        assertEquals(0, solve.code(), solve.err());
        JsonNode s = Json.parse("stdout", solve.out().getBytes());
        assertEquals(Json.read(out), s, "--out and --json write the same result");
        Run eval = run("evaluate", GRAPH, "--cluster", "sample-clusters/" + cluster + ".json", "--placement",
                out.toString(), "--objective", objective, "--json");
        assertEquals(0, eval.code(), eval.err());
        JsonNode e = Json.parse("stdout", eval.out().getBytes());
        for (String key : new String[] {"objective", "objectiveKind", "status", "lowerBound", "gap", "placement",
                "stages", "bottleneck", "memory"}) {
            assertNotNull(s.get(key), key);
            assertEquals(s.get(key), e.get(key), key);
        }
        assertEquals(s.get("objective").asDouble(), e.get("objective").asDouble());
        if (objective.equals("latency")) {
            assertEquals(s.get("order"), e.get("order"));
        }
        assertEquals("single-device", s.get("solver").asText());
        assertTrue(s.get("seconds").isNumber());
    }

    static Stream<String> onnxSamples() {
        return Samples.GRAPHS.stream().filter(g -> g.endsWith(".onnx")).map(g -> "sample-graphs/" + g);
    }

    /** Done-when of the ONNX importer: evaluate prints solve's objective for every shipped ONNX sample. */
    @ParameterizedTest
    @MethodSource("onnxSamples")
    void evaluateReproducesSolveOnOnnxSamples(String graph, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("solve.json");
        Run solve = run("solve", graph, "--cluster", "cpu-2gpu", "--objective", "latency", "--solver",
                "single-device", "--json", "--out", out.toString());
        assertEquals(0, solve.code(), solve.err());
        JsonNode s = Json.parse("stdout", solve.out().getBytes());
        Run eval = run("evaluate", graph, "--cluster", "cpu-2gpu", "--placement", out.toString(), "--objective",
                "latency", "--json");
        assertEquals(0, eval.code(), eval.err());
        JsonNode e = Json.parse("stdout", eval.out().getBytes());
        assertTrue(s.get("objective").asDouble() > 0);
        assertEquals(s.get("objective").asDouble(), e.get("objective").asDouble());
        assertEquals(s.get("placement"), e.get("placement"));
        assertEquals(s.get("order"), e.get("order"));
    }

    @Test
    void infoOnOnnxShowsShapeCoverageAndTakesDims() {
        Run text = run("info", "sample-graphs/silero-vad-16k-op15.onnx");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("shapes       100.0% of tensors fully known"), text.out());
        assertTrue(text.out().contains("(+118 inside control-flow subgraphs)"), text.out());
        assertTrue(text.out().contains("symbolic dimensions set to defaults: batch=1, sequence=512"), text.out());
        // Silero takes one 512-sample chunk at 16 kHz; a batch of two
        Run r = run("info", "sample-graphs/silero-vad-16k-op15.onnx", "--json", "--dim", "sequence=512",
                "--dim", "batch=2");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.parse("stdout", r.out().getBytes());
        assertEquals("ONNX", j.get("format").asText());
        assertEquals(309_795, j.get("parameters").asLong());
        assertEquals("[2,512]", j.get("inputs").get(0).get("shape").toString());
        assertEquals("[2,1]", j.get("outputs").get(0).get("shape").toString());
        // only the untaken If branches (which squeeze the batch axis when it is 1) stay unknown
        assertTrue(j.get("shapeCoverage").asDouble() >= 0.98, j.toString());
        assertEquals(0, j.get("warnings").size(), j.get("warnings").toString());
        // a chunk the model cannot take: a warning and a fallback, not a failure
        Run odd = run("info", "sample-graphs/silero-vad-16k-op15.onnx", "--dim", "sequence=1024");
        assertEquals(0, odd.code(), odd.err());
        assertTrue(odd.out().contains("cannot infer the output shape of Conv"), odd.out());
    }

    @Test
    void everyBundledSampleOpensFromTheApplication() {
        for (String g : Samples.GRAPHS) {
            var m = org.placementexplorer.io.ModelLoader.load(Samples.graphFile(g));
            assertTrue(m.graph().size() > 0, g);
        }
        assertTrue(Samples.GRAPHS.get(0).endsWith(".onnx"), "an ONNX sample opens by default");
    }

    @Test
    void infoJsonHasTheDocumentedKeys() {
        Run r = run("info", GRAPH, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.parse("stdout", r.out().getBytes());
        for (String key : new String[] {"operators", "edges", "parameters", "parameterBytes", "flops",
                "shapeCoverage", "opTypes", "inputs", "outputs", "warnings"}) {
            assertTrue(j.has(key), key);
        }
        // ResNet-18: 11,689,512 weights + 9,600 batch-norm running statistics
        assertEquals(11_699_112, j.get("parameters").asLong());
        assertEquals(69, j.get("operators").asInt());
        assertEquals(1.0, j.get("shapeCoverage").asDouble());
        assertEquals(20, j.get("opTypes").get("Conv").asInt());
    }

    @Test
    void boundJsonListsEveryBoundAndTheBest() {
        Run r = run("bound", GRAPH, "--cluster", "dgx-8gpu", "--objective", "throughput", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.parse("stdout", r.out().getBytes());
        double best = j.get("lowerBound").asDouble();
        double max = 0;
        for (JsonNode v : j.get("bounds")) {
            max = Math.max(max, v.asDouble());
        }
        assertEquals(max, best);
        assertTrue(j.get("bounds").has("total-work"));
    }

    @Test
    void solversListsSingleDevice() {
        Run r = run("solvers");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("single-device"));
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, run("--version").code());
        Run h = run("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("evaluate"));
    }
}
