package org.placementexplorer.io.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.cli.Cli;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementJson;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/** The exports reproduce the evaluator's schedule and stage table. */
class ExportTest {
    static int cli(String... args) {
        return Cli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    /** Two devices used: the first half of the operators on the A100, the rest on the T4. */
    static Path splitPlacement(Problem p, Path dir) throws Exception {
        int[] dev = new int[p.operators()];
        int[] topo = p.graph().topologicalOrder();
        for (int i = 0; i < topo.length; i++) {
            dev[topo[i]] = i < topo.length / 2 ? 1 : 2;
        }
        var o = Json.object();
        PlacementJson.writeFields(o, p, Placement.of(dev));
        Path f = dir.resolve("split.json");
        Files.writeString(f, Json.pretty(o));
        return f;
    }

    @Test
    void chromeTraceEventsReproduceTheSchedule(@TempDir Path dir) throws Exception {
        String model = "sample-graphs/tiny-resnet.json";
        Problem p = ProblemLoader.problem(ModelLoader.load(Path.of(model)), "cpu-2gpu", null);
        Path placement = splitPlacement(p, dir);
        Path out = dir.resolve("trace.json");
        assertEquals(0, cli("export", model, "--cluster", "cpu-2gpu", "--placement", placement.toString(),
                "--objective", "latency", "--format", "chrome-trace", "--out", out.toString()));
        JsonNode trace = Json.read(out);
        Evaluation e = new Evaluator(p).evaluate(PlacementJson.read("p", Json.read(placement), p), Objective.LATENCY);
        int ops = 0;
        int transfers = 0;
        for (JsonNode ev : trace.get("traceEvents")) {
            if (!ev.get("ph").asText().equals("X")) {
                continue;
            }
            if (ev.get("pid").asInt() == ChromeTrace.DEVICES_PID) {
                ops++;
                int v = p.graph().indexOf(ev.get("args").get("id").asText()).orElseThrow();
                assertEquals(e.schedule().start()[v] * 1e6, ev.get("ts").asDouble(), 1e-9);
                assertEquals((e.schedule().end()[v] - e.schedule().start()[v]) * 1e6, ev.get("dur").asDouble(), 1e-9);
                assertEquals(e.placement().deviceOf(v) + 1, ev.get("tid").asInt());
            } else {
                transfers++;
            }
        }
        assertEquals(p.operators(), ops, "one complete event per operator");
        // each transfer appears once on each link of its route (A100 -> root -> T4: two links)
        int expected = e.schedule().transfers().stream().mapToInt(t -> t.links().size()).sum();
        assertEquals(expected, transfers);
        assertTrue(transfers > 0);
        assertEquals(e.objective(), trace.get("otherData").get("objective").asDouble());
    }

    @Test
    void instanceTimesUseTheirOwnUnit(@TempDir Path dir) throws Exception {
        String model = "sample-graphs/moirai-googlenet.json";
        Problem p = ModelLoader.load(Path.of(model)).ownProblem();
        var o = Json.object();
        PlacementJson.writeFields(o, p, Placement.allOn(p.operators(), 0));
        Path placement = dir.resolve("p.json");
        Files.writeString(placement, Json.pretty(o));
        Path out = dir.resolve("t.json");
        assertEquals(0, cli("export", model, "--placement", placement.toString(), "--objective", "latency",
                "--format", "chrome-trace", "--out", out.toString()));
        JsonNode trace = Json.read(out);
        assertEquals(1e3, trace.get("otherData").get("microsecondsPerTimeUnit").asDouble()); // ms
        double makespan = new Evaluator(p).objective(Placement.allOn(p.operators(), 0), Objective.LATENCY);
        double lastEnd = 0;
        for (JsonNode ev : trace.get("traceEvents")) {
            if (ev.get("ph").asText().equals("X")) {
                lastEnd = Math.max(lastEnd, ev.get("ts").asDouble() + ev.get("dur").asDouble());
            }
        }
        assertEquals(makespan * 1e3, lastEnd, 1e-9);
    }

    @Test
    void stageCsvHasOneRowPerStageAndMarksTheBottleneck(@TempDir Path dir) throws Exception {
        String model = "sample-graphs/tiny-resnet.json";
        Problem p = ProblemLoader.problem(ModelLoader.load(Path.of(model)), "cpu-2gpu", null);
        Path placement = splitPlacement(p, dir);
        Path out = dir.resolve("stages.csv");
        assertEquals(0, cli("export", model, "--cluster", "cpu-2gpu", "--placement", placement.toString(),
                "--objective", "throughput", "--format", "stages-csv", "--out", out.toString()));
        List<String> lines = Files.readAllLines(out);
        assertEquals(StageCsv.HEADER, lines.get(0));
        Evaluation e = new Evaluator(p).evaluate(PlacementJson.read("p", Json.read(placement), p),
                Objective.THROUGHPUT);
        assertEquals(e.pipeline().stages().size() + 1, lines.size());
        String bottleneck = e.bottleneck().id();
        long marked = lines.stream().skip(1).filter(l -> l.endsWith(",true")).count();
        assertEquals(1, marked);
        assertTrue(lines.stream().anyMatch(l -> l.contains("," + bottleneck + ",") && l.endsWith(",true")));
        assertEquals("a100", lines.get(1).split(",")[1], "the A100 runs the first half: stage 0");
    }

    @Test
    void csvFieldsWithCommasAreQuoted() {
        assertEquals("\"A, B\"", StageCsv.field("A, B"));
        assertEquals("\"say \"\"hi\"\"\"", StageCsv.field("say \"hi\""));
        assertEquals("plain", StageCsv.field("plain"));
    }
}
