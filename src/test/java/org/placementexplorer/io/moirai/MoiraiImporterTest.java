package org.placementexplorer.io.moirai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

class MoiraiImporterTest {
    static final Path EXAMPLE = Path.of("sample-graphs/moirai-example-1.json");

    static Problem load(Path file) {
        LoadedModel m = ModelLoader.load(file);
        assertEquals(MoiraiImporter.FORMAT_NAME, m.format());
        assertTrue(m.carriesDevices());
        return m.ownProblem();
    }

    static int[] placement(OpGraph g, String... taskOnDevice) {
        int[] dev = new int[g.size()];
        for (String s : taskOnDevice) {
            String[] kv = s.split("=");
            dev[g.indexOf(kv[0]).orElseThrow()] = Integer.parseInt(kv[1]);
        }
        return dev;
    }

    @Test
    void exampleOneIsReadAsGiven() {
        Problem p = load(EXAMPLE);
        OpGraph g = p.graph();
        assertEquals("example-1", g.name());
        assertEquals(14, g.size());
        assertEquals(19, g.edges().size());
        assertEquals(19, g.tensorCount(), "every edge is a tensor of its own");
        assertEquals(List.of("d0", "d1", "d2"), p.cluster().devices().stream().map(d -> d.id()).toList());
        assertArrayEquals(new double[] {14, 14, 16},
                p.cluster().devices().stream().mapToDouble(d -> d.memoryBytes()).toArray());
        assertTrue(p.cluster().devices().stream().allMatch(d -> d.overlapsTransfers()));
        assertEquals(Problem.Pricing.MATRIX, p.pricing());
        assertFalse(p.activationMemory());
        assertEquals("unit", p.units().time(), "the toy's units are abstract");
        int t5 = g.indexOf("task5").orElseThrow();
        assertEquals(8.0, p.opTime(t5, 0));
        assertEquals(5.0, p.opTime(t5, 1));
        assertEquals(6.0, p.opTime(t5, 2));
        assertEquals(4.0, p.opMemory(t5));
        double total = 0;
        for (int v = 0; v < g.size(); v++) {
            total += p.opMemory(v);
        }
        assertEquals(44.0, total);
        // edge 1 -> 5 carries comm task 3: time[d0][d2] = 4, time[d2][d1] = 2
        int e15 = edge(g, "task1", "task5");
        int t = g.tensorOfEdge(e15);
        assertEquals("comm3", g.tensorName(t));
        assertEquals(4.0, p.transferTime(t, 0, 2));
        assertEquals(2.0, p.transferTime(t, 2, 1));
        assertEquals(0.0, p.transferTime(t, 1, 1));
        // the virtual source's edges have no comm task: free between any devices
        int t01 = g.tensorOfEdge(edge(g, "task0", "task1"));
        assertEquals(0.0, p.transferTime(t01, 0, 2));
        assertEquals(0.0, p.transferTime(t01, 2, 1));
    }

    static int edge(OpGraph g, String from, String to) {
        int a = g.indexOf(from).orElseThrow();
        int b = g.indexOf(to).orElseThrow();
        for (int k = 0; k < g.edges().size(); k++) {
            if (g.edges().get(k).from() == a && g.edges().get(k).to() == b) {
                return k;
            }
        }
        throw new AssertionError("no edge " + from + " -> " + to);
    }

    /**
     * A placement that fills the memory exactly (14 / 14 / 16 of Σ 44):
     * d0 = {0, 1, 2, 5, 13, 14} (0+5+2+4+2+1 = 14), d1 = {6, 11, 22, 26} (5+4+5+0 = 14),
     * d2 = {7, 18, 19, 23} (3+4+6+3 = 16).
     */
    static final String[] SPLIT = {"task0=0", "task1=0", "task2=0", "task5=0", "task13=0", "task14=0",
        "task6=1", "task11=1", "task22=1", "task26=1", "task7=2", "task18=2", "task19=2", "task23=2"};

    @Test
    void exampleOneLatencyWorkedOutByHand() {
        Problem p = load(EXAMPLE);
        OpGraph g = p.graph();
        Evaluation e = new Evaluator(p).evaluate(Placement.of(placement(g, SPLIT)), Objective.LATENCY);
        /*
         * Transfers: 5->11 d0->d1 2; 7->11 d2->d1 1; 11->14 d1->d0 4; 13->19, 14->19, 14->23 d0->d2 2 each;
         * 18->22 d2->d1 4; 19->22 d2->d1 2; 23->26 (comm 25) 0; out of task0: 0. Upward ranks: 1: 39, 2: 38,
         * 6: 29, 7: 25, 13: 19, 18: 15, 5: 31, 11: 21, 14: 14, 19: 11, 23: 5, 22: 5.
         * List schedule (earliest start, ties by rank):
         *   0 d0 [0,0]; 1 d0 [0,8]; 6 d1 [0,8]; 7 d2 [0,3]; 18 d2 [3,9]; 2 d0 [8,15]; 5 d0 [15,23] (tie with 13 at
         *   15, rank 31 > 19); 11 ready at max(23+2, 8, 3+1) = 25; 13 d0 [23,29]; 11 d1 [25,28]; 14 ready 28+4 = 32,
         *   d0 [32,33]; 19 ready max(29+2, 33+2) = 35, 23 ready 35: 19 d2 [35,39] (rank 11 > 5); 23 d2 [39,44];
         *   22 ready max(9+4, 39+2) = 41, d1 [41,46]; 26 ready max(46, 44+0), d1 [46,46]. Makespan 46.
         */
        assertEquals(46.0, e.objective());
        double[] start = e.schedule().start();
        String[] ids = {"task1", "task6", "task7", "task18", "task2", "task5", "task13", "task11", "task14", "task19",
            "task23", "task22", "task26"};
        double[] expected = {0, 0, 0, 3, 8, 15, 23, 25, 32, 35, 39, 41, 46};
        for (int i = 0; i < ids.length; i++) {
            assertEquals(expected[i], start[g.indexOf(ids[i]).orElseThrow()], ids[i]);
        }
        assertTrue(e.feasible(), e.violations().toString());
        assertArrayEquals(new double[] {14, 14, 16},
                e.memory().devices().stream().mapToDouble(m -> m.used()).toArray());
    }

    @Test
    void exampleOneThroughputWorkedOutByHand() {
        Problem p = load(EXAMPLE);
        Evaluation e = new Evaluator(p).evaluate(Placement.of(placement(p.graph(), SPLIT)), Objective.THROUGHPUT);
        // compute: d0 0+8+7+8+6+1 = 30, d1 8+3+5+0 = 16, d2 3+6+4+5 = 18; devices overlap transfers
        assertEquals(30.0, e.objective());
        assertEquals("d0", e.bottleneck().id());
        List<Pipeline.DeviceLoad> loads = e.pipeline().devices();
        assertArrayEquals(new double[] {30, 16, 18}, loads.stream().mapToDouble(Pipeline.DeviceLoad::load).toArray());
        // transfers still show: into d1 2 + 1 + 4 + 2 + 0 (+ 0 from task0) = 9; out of d0 2 + 2 + 2 + 2 = 8;
        // into d0 4 (11 -> 14); into d2 2 + 2 + 2 = 6; out of d2 1 + 4 + 2 + 0 = 7; out of d1 4
        assertArrayEquals(new double[] {4, 9, 6}, loads.stream().mapToDouble(Pipeline.DeviceLoad::transferIn)
                .toArray());
        assertArrayEquals(new double[] {8, 4, 7}, loads.stream().mapToDouble(Pipeline.DeviceLoad::transferOut)
                .toArray());
    }

    @Test
    void exampleOneOnOneDeviceBreaksItsMemory() {
        Problem p = load(EXAMPLE);
        Evaluation e = new Evaluator(p).evaluate(Placement.allOn(p.operators(), 2), Objective.LATENCY);
        // Σ times on d2 = 70; Σ memory 44 against 16
        assertEquals(70.0, e.objective());
        assertFalse(e.feasible());
        assertEquals(28.0, e.memory().devices().get(2).over());
    }

    static final String TWO = """
            {"name": "two", "units": {"time": "ms (inferred)", "memory": "bits (inferred)"},
             "devices": [{"name": "d0", "index": 0, "memory": 100}, {"name": "d1", "index": 1, "memory": 100}],
             "links": [],
             "nodes": [{"id": 0, "name": "task0", "memory": 0, "time": {"d0": 0, "d1": 0}},
                       {"id": 1, "name": "task1", "memory": 8, "time": {"d0": 1.5, "d1": 3}},
                       {"id": 3, "name": "task3", "memory": 8, "time": {"d0": 2, "d1": 0.5}}],
             "edges": [{"source": 0, "target": 1, "commId": null},
                       {"source": 1, "target": 3, "commId": 2,
                        "time": {"d0": {"d0": 0, "d1": 0.25}, "d1": {"d0": 7, "d1": 0}}}]}
            """;

    @Test
    void theMatrixIsSenderByReceiver(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("two.json");
        Files.writeString(f, TWO);
        Problem p = load(f);
        assertEquals("ms", p.units().time());
        assertEquals("bit", p.units().memory());
        Evaluator ev = new Evaluator(p);
        // task1 on d0 (1.5), send d0 -> d1 (0.25), task3 on d1 (0.5): 2.25
        assertEquals(2.25, ev.objective(Placement.of(new int[] {0, 0, 1}), Objective.LATENCY));
        // task1 on d1 (3), send d1 -> d0 (7), task3 on d0 (2): 12
        assertEquals(12.0, ev.objective(Placement.of(new int[] {0, 1, 0}), Objective.LATENCY));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(TWO.replace("\"target\": 3", "\"target\": 9"), "target 9 is not a listed node"),
                Arguments.of(TWO.replace("\"d1\": {\"d0\": 7, \"d1\": 0}", "\"d1\": {\"d1\": 0}"),
                        "edge 1 -> 3: \"time\" row 'd1' has no time for device 'd0'"),
                Arguments.of(TWO.replace(", \"d1\": {\"d0\": 7, \"d1\": 0}", ""),
                        "\"time\" has no row for sender device 'd1'"),
                Arguments.of(TWO.replace("\"time\": {\"d0\": 1.5, \"d1\": 3}", "\"time\": {\"d0\": 1.5}"),
                        "node 1: \"time\" has no time for device 'd1'"),
                Arguments.of(TWO.replace("\"time\": {\"d0\": 1.5, \"d1\": 3}", "\"time\": {\"d0\": 1.5, \"d1\": -3}"),
                        "must be a number >= 0"),
                Arguments.of(TWO.replace("{\"source\": 0, \"target\": 1, \"commId\": null}",
                        "{\"source\": 3, \"target\": 1, \"commId\": null}"), "the graph has a cycle: task"),
                Arguments.of(TWO.replace("\"id\": 3, \"name\": \"task3\"", "\"id\": 1, \"name\": \"task3\""),
                        "the id is used twice"),
                Arguments.of(TWO.replace("\"memory\": 100}, {", "\"memory\": 0}, {"), "must be a positive number"),
                Arguments.of(TWO.replace("\"index\": 1", "\"index\": 0"), "\"index\" is 0 but the device is listed"),
                Arguments.of(TWO.replace("{\"source\": 0, \"target\": 1, \"commId\": null}",
                        "{\"source\": 0, \"target\": 1, \"commId\": null, \"time\": {}}"), "no commId"),
                Arguments.of(TWO.replace("\"memory\": 8, \"time\": {\"d0\": 1.5", "\"time\": {\"d0\": 1.5"),
                        "node 1: \"memory\" is missing"),
                Arguments.of(TWO.replace("\"time\": {\"d0\": 2, \"d1\": 0.5}", "\"time\": {\"d0\": 2, \"d7\": 0.5}"),
                        "unknown device 'd7'"),
                Arguments.of(TWO.substring(0, TWO.length() / 2), "malformed JSON"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void badFilesGiveOneLineNamingTheFile(String text, String fragment, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad-moirai.json");
        Files.writeString(f, text);
        InputException e = assertThrows(InputException.class, () -> ModelLoader.load(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void ourOwnFormatsAreNotTakenForMoirai() {
        assertEquals("graph JSON", ModelLoader.load(Path.of("sample-graphs/tiny-resnet.json")).format());
        InputException e = assertThrows(InputException.class,
                () -> ModelLoader.load(Path.of("sample-clusters/cpu-2gpu.json")));
        assertTrue(e.getMessage().contains("cluster file"), e.getMessage());
    }

    /** Figures from the README of the shared conversion: nodes, edges, Σ memory, Σ time per device. */
    static Stream<Arguments> sharedFiles() {
        return Stream.of(
                Arguments.of("example-1.json", 14, 19, 44.0, new double[] {65, 70, 70}),
                Arguments.of("googlenet.json", 141, 167, 223742720.0, new double[] {2.336, 5.476, 5.547, 2.884}),
                Arguments.of("inceptionv4.json", 491, 545, 1316570112.0,
                        new double[] {13.752, 33.830, 531.606, 15.157}),
                Arguments.of("transformer.json", 1374, 1820, 1569172992.0,
                        new double[] {29.626, 76.439, 584.470, 22.695}),
                Arguments.of("yolov5x.json", 419, 461, 2775980960.0, new double[] {37.673, 105.185, 702.857, 24.169}));
    }

    @ParameterizedTest
    @MethodSource("sharedFiles")
    void everySharedInstanceLoads(String name, int nodes, int edges, double memory, double[] timePerDevice) {
        Path dir = Path.of(System.getProperty("shared.dir", "../shared"), "instances", "moirai");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve(name)),
                "the shared Moirai instances are not here (" + dir + "): skipped");
        Problem p = load(dir.resolve(name));
        assertEquals(nodes, p.operators());
        assertEquals(edges, p.graph().edges().size());
        double mem = 0;
        for (int v = 0; v < p.operators(); v++) {
            mem += p.opMemory(v);
        }
        assertEquals(memory, mem);
        Evaluator ev = new Evaluator(p);
        for (int d = 0; d < p.deviceCount(); d++) {
            // one device runs every task back to back: latency = period = Σ task times on it
            Placement all = Placement.allOn(p.operators(), d);
            assertEquals(timePerDevice[d], ev.objective(all, Objective.LATENCY), 1e-9, "device " + d);
            assertEquals(timePerDevice[d], ev.objective(all, Objective.THROUGHPUT), 1e-9, "device " + d);
        }
    }
}
