package org.placementexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.placementexplorer.io.json.Json;

/** Each heuristic through the command line: its objective survives the JSON round trip exactly. */
class HeuristicsCliTest {

    @ParameterizedTest
    @CsvSource({
        "round-robin-topological, latency, cpu-2gpu, ''",
        "heft, latency, edge-cpu-npu, ''",
        "heft, throughput, 2x4gpu, ''",
        "local-search, latency, dgx-8gpu, iterations=5",
        "local-search, throughput, cpu-2gpu, iterations=5",
        "slicegraph, throughput, 2x4gpu, generations=3",
        "slicegraph, latency, cpu-2gpu, generations=3",
        "splitting, throughput, cpu-2gpu, ''",
        "splitting, latency, dgx-8gpu, ''",
        "coarsen-milp, throughput, 2x4gpu, ''",
        "coarsen-milp, latency, cpu-2gpu, ''",
    })
    void evaluateReproducesTheSolveObjective(String solver, String objective, String cluster, String option,
            @TempDir Path dir) {
        Path out = dir.resolve("r.json");
        var args = new java.util.ArrayList<>(java.util.List.of("solve", CliTest.GRAPH, "--cluster", cluster,
                "--objective", objective, "--solver", solver, "--time-limit", "30", "--out", out.toString()));
        if (!option.isEmpty()) {
            args.add("-O");
            args.add(option);
        }
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode solved = Json.read(out);
        CliTest.Run e = CliTest.run("evaluate", CliTest.GRAPH, "--cluster", cluster, "--placement", out.toString(),
                "--objective", objective, "--json");
        assertEquals(0, e.code(), e.err());
        JsonNode evaluated = Json.parse("out", e.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(solved.get("objective").asDouble(), evaluated.get("objective").asDouble(), 0.0,
                solver + " " + objective);
        assertEquals(solved.path("replicas").asInt(1), evaluated.path("replicas").asInt(1));
    }

    @Test
    void polishNeverMakesTheResultWorseAndSaysWhatItDid(@TempDir Path dir) {
        Path out = dir.resolve("p.json");
        CliTest.Run r = CliTest.run("solve", CliTest.GRAPH, "--cluster", "cpu-2gpu", "--objective", "throughput",
                "--solver", "round-robin-topological", "--polish", "--time-limit", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(out);
        assertEquals("round-robin-topological+local-search", j.get("solver").asText());
        JsonNode inc = j.get("incumbents");
        assertTrue(inc.size() >= 2, "the polish improved on the round-robin placement");
        assertTrue(inc.get(inc.size() - 1).get("objective").asDouble() < inc.get(0).get("objective").asDouble());
        assertTrue(r.out().contains("polished by local-search"), r.out());
    }

    /** dp's optimum is among pipelines only: local search may leave pipelines and does better here. */
    @Test
    void polishingAPipelineOptimum(@TempDir Path dir) {
        Path out = dir.resolve("dp.json");
        CliTest.Run r = CliTest.run("solve", "sample-graphs/throughput-inputs_OperatorGraphs_bert_l-3_inference.json",
                "--objective", "throughput", "--solver", "dp", "--polish", "--time-limit", "20", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(out);
        assertEquals("dp+local-search", j.get("solver").asText());
        JsonNode inc = j.get("incumbents");
        double dpOptimum = 27.9185676799125; // the best pipeline (docs/benchmarks.md)
        assertTrue(j.get("objective").asDouble() < dpOptimum * 0.9, j.get("objective").asText());
        assertEquals("FEASIBLE", j.get("status").asText(), "no longer the pipeline optimum, not proven optimal");
        assertTrue(inc.size() >= 2);
    }

    @Test
    void badHeuristicOptionsAreOneLineErrors() {
        CliTest.Run r = CliTest.run("solve", CliTest.GRAPH, "--cluster", "cpu-2gpu", "--objective", "throughput",
                "--solver", "slicegraph", "-O", "generation=3");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown slicegraph option 'generation'"), r.err());
        assertTrue(!r.err().strip().contains("\n"));
    }
}
