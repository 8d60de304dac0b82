package org.placementexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.placementexplorer.cli.CliTest.assertBadInput;
import static org.placementexplorer.cli.CliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.placementexplorer.cli.CliTest.Run;
import org.placementexplorer.io.json.Json;

/** The CLI on Moirai instances and with measured costs (--costs). */
class InstancesAndCostsCliTest {
    static final String GRAPH = CliTest.GRAPH;
    static final String PROFILE = "src/test/resources/measured/tiny-resnet-stem-a100-profile.json";
    static final String CSV = "src/test/resources/measured/tiny-resnet-costs.csv";

    static JsonNode json(Run r) {
        assertEquals(0, r.code(), r.err());
        return Json.parse("stdout", r.out().getBytes());
    }

    static Stream<Arguments> moiraiSamples() {
        return Stream.of("sample-graphs/moirai-example-1.json", "sample-graphs/moirai-googlenet.json")
                .flatMap(f -> Stream.of(Arguments.of(f, "latency"), Arguments.of(f, "throughput")));
    }

    /** Done-when: solve on a Moirai file, then evaluate its output, prints the same objective. */
    @ParameterizedTest
    @MethodSource("moiraiSamples")
    void moiraiSolveThenEvaluateAgree(String file, String objective, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("solve.json");
        JsonNode s = json(run("solve", file, "--objective", objective, "--solver", "single-device", "--json",
                "--out", out.toString()));
        JsonNode e = json(run("evaluate", file, "--placement", out.toString(), "--objective", objective, "--json"));
        assertTrue(s.get("objective").isNumber());
        assertEquals(s.get("objective").asDouble(), e.get("objective").asDouble());
        assertEquals(s.get("placement"), e.get("placement"));
        assertEquals(s.get("feasible"), e.get("feasible"));
        if (file.contains("googlenet") && objective.equals("latency")) {
            // d0 is the fastest device for the whole of GoogLeNet: Σ 2.336 ms
            assertEquals(2.336, s.get("objective").asDouble(), 1e-9);
            assertEquals("ms", s.get("units").get("time").asText());
        }
        if (file.contains("example-1")) {
            // no single device holds Σ 44 of memory
            assertEquals("INFEASIBLE", s.get("status").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"example-1.json", "googlenet.json", "inceptionv4.json", "transformer.json",
        "yolov5x.json"})
    void infoJsonOnEverySharedMoiraiFile(String name) {
        Path f = Path.of(System.getProperty("shared.dir", "../shared"), "instances", "moirai", name);
        Assumptions.assumeTrue(Files.isRegularFile(f), "the shared Moirai instances are not here (" + f
                + "): skipped");
        JsonNode j = json(run("info", f.toString(), "--json"));
        assertEquals("Moirai instance", j.get("format").asText());
        assertTrue(j.get("carriesDevices").asBoolean());
        assertEquals(name.equals("example-1.json") ? 3 : 4, j.get("devices").size());
        assertTrue(j.get("operators").asInt() > 0);
    }

    @Test
    void moiraiInfoTextShowsDevicesAndMemory() {
        Run r = run("info", "sample-graphs/moirai-example-1.json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 carried by the file"), r.out());
        assertTrue(r.out().contains("d0 14.0 unit, d1 14.0 unit, d2 16.0 unit; the operators need 44.0 unit in total"),
                r.out());
    }

    @Test
    void moiraiFilesTakeNoClusterAndNoCosts() {
        assertBadInput(run("evaluate", "sample-graphs/moirai-example-1.json", "--cluster", "cpu-2gpu", "--placement",
                "x.json", "--objective", "latency"), "moirai-example-1.json", "carries its own devices");
        assertBadInput(run("solve", "sample-graphs/moirai-googlenet.json", "--costs", CSV, "--objective", "latency",
                "--solver", "single-device"), "tiny-resnet-costs.csv", "carries its own devices and costs");
    }

    /** Done-when: measured costs from the CLI, before and after, by the hand-computed delta. */
    @Test
    void costsChangeTheObjectiveEndToEnd(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("a100.json");
        assertEquals(0, run("solve", GRAPH, "--cluster", "cpu-2gpu", "--objective", "latency", "--solver",
                "single-device", "--out", out.toString()).code());
        JsonNode before = json(run("evaluate", GRAPH, "--cluster", "cpu-2gpu", "--placement", out.toString(),
                "--objective", "latency", "--json"));
        Run afterRun = run("evaluate", GRAPH, "--cluster", "cpu-2gpu", "--costs", PROFILE + "@a100", "--placement",
                out.toString(), "--objective", "latency", "--json");
        JsonNode after = json(afterRun);
        assertEquals("a100", before.get("placement").get("stem_conv").asText());
        // see MeasuredCostFilesTest: +104 µs measured, −53.7265 µs analytic for the four stem operators
        double delta = 104e-6 - (236027904 / (19.5e12 * 0.6) + 6423552 / 1.244e12 + 6422528 / 1.244e12
                + 4014080 / 1.244e12 + 4 * 5e-6);
        assertEquals(delta, after.get("objective").asDouble() - before.get("objective").asDouble(), 1e-12);
        // the ignored profile node is a warning on stderr; stdout stays JSON
        assertTrue(afterRun.err().startsWith("warning: ") && afterRun.err().contains("Memcpy"), afterRun.err());

        // solve and evaluate agree with the same costs
        Path out2 = dir.resolve("measured.json");
        JsonNode s = json(run("solve", GRAPH, "--cluster", "cpu-2gpu", "--costs", PROFILE + "@a100", "--costs", CSV,
                "--objective", "throughput", "--solver", "single-device", "--json", "--out", out2.toString()));
        JsonNode e = json(run("evaluate", GRAPH, "--cluster", "cpu-2gpu", "--costs", PROFILE + "@a100", "--costs",
                CSV, "--placement", out2.toString(), "--objective", "throughput", "--json"));
        assertEquals(s.get("objective").asDouble(), e.get("objective").asDouble());
        JsonNode b = json(run("bound", GRAPH, "--cluster", "cpu-2gpu", "--costs", CSV, "--objective", "latency",
                "--json"));
        assertTrue(b.get("lowerBound").isNumber());
    }

    @Test
    void infoSaysWhichOperatorsAreMeasured() {
        JsonNode j = json(run("info", GRAPH, "--cluster", "cpu-2gpu", "--costs", PROFILE + "@a100", "--costs", CSV,
                "--json"));
        // profile: 4 stem operators on the A100; CSV: stem_conv on the T4 and layer4.1_relu2 on the CPU
        assertEquals(5, j.get("measuredOperators").asInt());
        assertEquals(64, j.get("analyticOperators").asInt());
        assertEquals(64, j.get("analyticOperatorIds").size());
        assertEquals("layer1.0_conv1", j.get("analyticOperatorIds").get(0).asText());
        assertEquals(4, j.get("measuredByDevice").get("a100").asInt());
        assertEquals(1, j.get("measuredByDevice").get("t4").asInt());
        assertEquals(1, j.get("measuredByDevice").get("cpu0").asInt());
        assertEquals("cpu-2gpu", j.get("cluster").asText());
        assertEquals(2, j.get("costFiles").size());
        assertTrue(j.get("warnings").get(0).asText().contains("Memcpy"));

        Run text = run("info", GRAPH, "--cluster", "cpu-2gpu", "--costs", PROFILE + "@a100");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("measured     4 of 69 operators  (on a100 4)"), text.out());
        assertTrue(text.out().contains("analytic     65 operators: layer1.0_conv1, layer1.0_bn1"), text.out());
        assertTrue(text.out().contains("… (57 more)"), text.out());

        // without --cluster/--costs, info says nothing about costs
        JsonNode plain = json(run("info", GRAPH, "--json"));
        assertTrue(!plain.has("measuredOperators") && !plain.has("cluster"));
    }

    @Test
    void badCostArgumentsAreOneLine() {
        assertBadInput(run("evaluate", GRAPH, "--cluster", "cpu-2gpu", "--costs", PROFILE + "@h100", "--placement",
                "x.json", "--objective", "latency"), "@h100", "no device 'h100' in cluster 'cpu-2gpu'");
        assertBadInput(run("solve", GRAPH, "--cluster", "cpu-2gpu", "--costs", PROFILE, "--objective", "latency",
                "--solver", "single-device"), "tiny-resnet-stem-a100-profile.json", "needs the device");
        assertBadInput(run("info", GRAPH, "--costs", CSV), "tiny-resnet-costs.csv", "need a cluster");
        assertBadInput(run("bound", GRAPH, "--cluster", "cpu-2gpu", "--costs", "missing.csv", "--objective",
                "latency"), "missing.csv", "no such file");
    }
}
