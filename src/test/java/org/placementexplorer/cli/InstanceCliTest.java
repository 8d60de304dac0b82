package org.placementexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.placementexplorer.cli.CliTest.assertBadInput;
import static org.placementexplorer.cli.CliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.io.json.Json;

/** The command line on Tarnawski instances: solve with dp, evaluate its output, device counts, bench. */
class InstanceCliTest {
    static final String BERT = "sample-graphs/throughput-inputs_LayerGraphs_bert24_inference.json";
    static final String TRAINING = "sample-graphs/throughput-inputs_LayerGraphs_bert24_training.json";

    @Test
    void dpIsOptimalAndEvaluateReproducesItsObjective(@TempDir Path dir) throws IOException {
        for (String f : List.of(BERT, TRAINING)) {
            Path out = dir.resolve("dp.json");
            CliTest.Run solve = run("solve", f, "--objective", "throughput", "--solver", "dp", "--json", "--out",
                    out.toString());
            assertEquals(0, solve.code(), solve.err());
            JsonNode s = Json.parse("stdout", solve.out().getBytes());
            assertEquals("OPTIMAL", s.get("status").asText());
            // optimal among pipelines only: the bound stays one valid for every placement, below the optimum
            assertEquals("contiguous (pipeline) placements", s.get("optimalAmong").asText());
            assertTrue(s.get("lowerBound").asDouble() < s.get("objective").asDouble(), s.toString());
            assertEquals("unit", s.get("units").get("time").asText());
            assertTrue(s.get("notes").get(0).asText().startsWith("optimal among contiguous (pipeline) placements"));
            CliTest.Run eval = run("evaluate", f, "--placement", out.toString(), "--objective", "throughput", "--json");
            assertEquals(0, eval.code(), eval.err());
            JsonNode e = Json.parse("stdout", eval.out().getBytes());
            assertEquals(s.get("objective").asDouble(), e.get("objective").asDouble());
            assertEquals(s.get("objective"), e.get("objective"));
        }
    }

    @Test
    void deviceCountsComeFromTheFileUnlessOverridden() {
        CliTest.Run own = run("info", BERT, "--json");
        JsonNode j = Json.parse("stdout", own.out().getBytes());
        assertEquals(7, j.get("devices").size()); // maxFPGAs 6 + maxCPUs 1
        CliTest.Run two = run("solve", BERT, "--objective", "throughput", "--solver", "dp", "--json",
                "--accelerators", "2", "--cpus", "0");
        assertEquals(0, two.code(), two.err());
        JsonNode s = Json.parse("stdout", two.out().getBytes());
        assertEquals("OPTIMAL", s.get("status").asText());
        Set<String> used = new HashSet<>();
        s.get("placement").forEach(d -> used.add(d.asText()));
        assertTrue(Set.of("fpga0", "fpga1").containsAll(used), used.toString());
        // fewer devices: a longer period than with the file's seven
        CliTest.Run seven = run("solve", BERT, "--objective", "throughput", "--solver", "dp", "--json");
        double p7 = Json.parse("stdout", seven.out().getBytes()).get("objective").asDouble();
        assertTrue(s.get("objective").asDouble() > p7);
    }

    @Test
    void badInput(@TempDir Path dir) throws IOException {
        assertBadInput(run("info", "sample-graphs/tiny-resnet.json", "--accelerators", "2"), "tiny-resnet.json",
                "--accelerators and --cpus apply to benchmark instances");
        Path f = dir.resolve("mixed-costs.json");
        Files.writeString(f, """
                {"maxSizePerFPGA": 10, "maxFPGAs": 2, "maxCPUs": 1, "nodes": [
                 {"id": 1, "supportedOnFpga": 1, "cpuLatency": 1, "fpgaLatency": 1, "isBackwardNode": 0},
                 {"id": 2, "supportedOnFpga": 1, "cpuLatency": 1, "fpgaLatency": 1, "isBackwardNode": 0},
                 {"id": 3, "supportedOnFpga": 1, "cpuLatency": 1, "fpgaLatency": 1, "isBackwardNode": 0}],
                 "edges": [{"sourceId": 1, "destId": 2, "cost": 1}, {"sourceId": 1, "destId": 3, "cost": 2}]}
                """);
        assertBadInput(run("solve", f.toString(), "--objective", "throughput", "--solver", "dp"), "mixed-costs.json",
                "node 1 has out-edges with different costs");
        assertBadInput(run("info", BERT, "--cpus", "-1"), "bert24_inference.json", "--cpus must not be negative");
        CliTest.Run latency = run("solve", BERT, "--objective", "latency", "--solver", "dp");
        assertEquals(2, latency.code());
        assertTrue(latency.err().contains("does not support the latency objective"), latency.err());
    }

    @Test
    void benchWritesTheTableAndTheCsv(@TempDir Path dir) throws IOException {
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, String.join("\n",
                "# model,cluster,objective,solver,seconds[,accelerators,cpus]",
                Path.of(BERT).toAbsolutePath() + ",,throughput,dp,20",
                Path.of(BERT).toAbsolutePath() + ",,throughput,single-device,5,3,0",
                Path.of("sample-graphs/tiny-resnet.json").toAbsolutePath() + ",cpu-2gpu,throughput,dp,20",
                dir.resolve("missing.onnx") + ",dgx-8gpu,latency,single-device,5", ""));
        Path md = dir.resolve("b.md");
        Path csv = dir.resolve("b.csv");
        CliTest.Run r = run("bench", "--rows", rows.toString(), "--md", md.toString(), "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        String table = Files.readString(md);
        assertTrue(table.contains("| throughput-inputs_LayerGraphs_bert24_inference | own | throughput | dp | OPTIMAL† |"),
                table);
        assertTrue(table.contains("| own, 3 acc + 0 cpu | throughput | single-device | FEASIBLE |"), table);
        assertTrue(table.contains("| tiny-resnet | cpu-2gpu | throughput | dp |"), table);
        assertTrue(table.contains("## Rows not run"), table);
        assertTrue(table.contains("cores available to the JVM"), table);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(5, lines.size()); // header + 4 rows
        assertTrue(lines.get(0).startsWith("model,devices,objective,solver,status,value,unit,bound"));
        assertTrue(lines.get(1).contains(",OPTIMAL,"));
        assertTrue(lines.get(4).contains("NOT RUN"));
        // a malformed rows file is bad input
        Files.writeString(rows, "x.json,,throughput,nosuchsolver,5\n");
        assertBadInput(run("bench", "--rows", rows.toString(), "--md", md.toString(), "--csv", csv.toString()),
                "rows.csv", "unknown solver 'nosuchsolver'");
    }
}
