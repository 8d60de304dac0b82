package org.placementexplorer.io.tarnawski;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * The evaluator on imported instances follows MODEL.md: hand-computed loads, and agreement with a
 * straightforward implementation of MODEL.md's formulas (written here from the raw JSON, sharing no
 * code with the importer or the evaluator) on random placements of every throughput instance.
 */
class TarnawskiModelTest {
    /**
     * Four nodes: 1 -> 2, 1 -> 3 (cost 0.5, one tensor with two consumers), 2 -> 4 (0.25), 3 -> 4
     * (0.125). Accelerator times 2, 3, 4, 1; CPU times ten times that. Memory 15 per accelerator.
     */
    static final String FOUR = """
            {"maxSizePerFPGA": 15, "maxFPGAs": 3, "maxCPUs": 1,
             "nodes": [
              {"id": 1, "supportedOnFpga": 1, "cpuLatency": 20, "fpgaLatency": 2, "isBackwardNode": 0, "size": 10},
              {"id": 2, "supportedOnFpga": 1, "cpuLatency": 30, "fpgaLatency": 3, "isBackwardNode": 0, "size": 10},
              {"id": 3, "supportedOnFpga": 1, "cpuLatency": 40, "fpgaLatency": 4, "isBackwardNode": 0, "size": 0},
              {"id": 4, "supportedOnFpga": 1, "cpuLatency": 10, "fpgaLatency": 1, "isBackwardNode": 0, "size": 0}],
             "edges": [
              {"sourceId": 1, "destId": 2, "cost": 0.5}, {"sourceId": 1, "destId": 3, "cost": 0.5},
              {"sourceId": 2, "destId": 4, "cost": 0.25}, {"sourceId": 3, "destId": 4, "cost": 0.125}]}
            """;

    static final int F0 = 0;
    static final int F1 = 1;
    static final int F2 = 2;
    static final int CPU = 3;

    final Problem four = TarnawskiImporterTest.read(FOUR).ownProblem();
    final Evaluator ev = new Evaluator(four);

    /** Placement by node id order 1..4 (the importer keeps id order). */
    Evaluation eval(int... dev) {
        return ev.evaluate(Placement.of(dev), Objective.THROUGHPUT);
    }

    double load(Evaluation e, int d) {
        return e.pipeline().devices().get(d).load();
    }

    @Test
    void senderPaysOncePerTensorAndEachReceivingDeviceOnce() {
        // 1 on fpga0, 2 on fpga1, 3 on fpga2, 4 on fpga0
        Evaluation e = eval(F0, F1, F2, F0);
        // fpga0: 2 + 1, sends node 1's output once (0.5, not 1.0 for two destinations),
        //        receives 2's (0.25) and 3's (0.125) outputs: 3.875
        assertEquals(3.875, load(e, F0));
        assertEquals(0.5, e.pipeline().devices().get(F0).transferOut());
        assertEquals(0.375, e.pipeline().devices().get(F0).transferIn());
        // fpga1: 3 + receives 1 (0.5) + sends 2 (0.25) = 3.75; fpga2: 4 + 0.5 + 0.125 = 4.625
        assertEquals(3.75, load(e, F1));
        assertEquals(4.625, load(e, F2));
        assertEquals(4.625, e.objective());
        assertEquals("fpga2", e.bottleneck().id());
        // fpga0 -> fpga1 -> fpga0: not a pipeline
        assertFalse(e.pipeline().acyclic());
    }

    @Test
    void twoConsumersOnOneDeviceAreOneReceiveAndTheCpuNeverPays() {
        // 1 on fpga0, 2 and 3 on fpga1, 4 on the CPU
        Evaluation e = eval(F0, F1, F1, CPU);
        // fpga0: 2 + send 1 once = 2.5
        assertEquals(2.5, load(e, F0));
        // fpga1: 3 + 4, receives node 1's output once (0.5) although two nodes consume it,
        //        sends 2's (0.25) and 3's (0.125) to the CPU: 7.875
        assertEquals(7.875, load(e, F1));
        assertEquals(0.5, e.pipeline().devices().get(F1).transferIn());
        // the CPU: 10 of compute, its 0.375 of receives not charged
        assertEquals(10.0, load(e, CPU));
        assertEquals(0.375, e.pipeline().devices().get(CPU).transferIn());
        assertEquals(10.0, e.objective());
        assertTrue(e.pipeline().acyclic());
        assertEquals(List.of(F0, F1, CPU), e.pipeline().stages().stream().map(Pipeline.Stage::device).toList());
    }

    @Test
    void cpuProducersAreChargedToTheAcceleratorsThatReceive() {
        // 1 and 4 on the CPU, 2 on fpga0, 3 on fpga1
        Evaluation e = eval(CPU, F0, F1, CPU);
        assertEquals(30.0, load(e, CPU)); // 20 + 10
        assertEquals(3.75, load(e, F0)); // 3 + receive 0.5 + send 0.25
        assertEquals(4.625, load(e, F1)); // 4 + 0.5 + 0.125
        assertEquals(30.0, e.objective());
    }

    @Test
    void memoryIsTheNodeSizeOnAccelerators() {
        // 1 and 2 (10 + 10) on one accelerator of 15: infeasible; on the CPU: fine
        Evaluation e = eval(F0, F0, F1, F1);
        assertFalse(e.feasible());
        assertTrue(e.violations().get(0).message().contains("fpga0"), e.violations().toString());
        assertTrue(eval(CPU, CPU, F1, F1).feasible());
    }

    // ---------------------------------------------------------------- MODEL.md, independently

    /** MODEL.md's max load, computed from the raw JSON for an assignment node id → device label. */
    static double modelMaxLoad(JsonNode j, Map<Integer, String> dev) {
        Map<Integer, JsonNode> nodes = new HashMap<>();
        j.get("nodes").forEach(n -> nodes.put(n.get("id").asInt(), n));
        Map<Integer, Double> t = new HashMap<>();
        Map<Integer, Set<Integer>> succ = new HashMap<>();
        for (JsonNode e : j.get("edges")) {
            int u = e.get("sourceId").asInt();
            t.put(u, e.get("cost").asDouble());
            succ.computeIfAbsent(u, x -> new HashSet<>()).add(e.get("destId").asInt());
        }
        Set<String> devices = new HashSet<>(dev.values());
        double max = 0;
        for (String d : devices) {
            Set<Integer> s = new HashSet<>();
            dev.forEach((v, x) -> {
                if (x.equals(d)) {
                    s.add(v);
                }
            });
            boolean cpu = d.startsWith("CPU");
            // forward part + backward part: a tensor belongs to the part of its producer
            double load = 0;
            for (boolean backwardPart : new boolean[] {false, true}) {
                double part = 0;
                for (int v : s) {
                    if (flag(nodes.get(v), "isBackwardNode") == backwardPart) {
                        part += nodes.get(v).get(cpu ? "cpuLatency" : "fpgaLatency").asDouble();
                    }
                }
                if (!cpu) {
                    for (Map.Entry<Integer, Set<Integer>> e : succ.entrySet()) {
                        int u = e.getKey();
                        if (flag(nodes.get(u), "isBackwardNode") != backwardPart) {
                            continue;
                        }
                        boolean uIn = s.contains(u);
                        boolean anyOut = e.getValue().stream().anyMatch(w -> !s.contains(w));
                        boolean anyIn = e.getValue().stream().anyMatch(s::contains);
                        if ((uIn && anyOut) || (!uIn && anyIn)) {
                            part += t.get(u);
                        }
                    }
                }
                load += part;
            }
            max = Math.max(max, load);
        }
        return max;
    }

    static boolean flag(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v.isBoolean() ? v.asBoolean() : v.asInt() == 1;
    }

    static void checkRandomPlacements(Path f, int count, long seed) {
        JsonNode j = Json.read(f);
        LoadedModel m = TarnawskiImporter.read(f.toString(), j, ImportOptions.DEFAULT);
        Problem p = m.ownProblem();
        OpGraph g = m.graph();
        Evaluator ev = new Evaluator(p);
        int k = j.get("maxFPGAs").asInt();
        int c = j.get("maxCPUs").asInt();
        Random rnd = new Random(seed);
        List<JsonNode> nodes = new ArrayList<>();
        j.get("nodes").forEach(nodes::add);
        for (int r = 0; r < count; r++) {
            // few devices used in some placements, all in others; classes kept together in half of them
            int used = 1 + rnd.nextInt(k + c);
            Map<Integer, String> dev = new HashMap<>();
            Map<Integer, Integer> byClass = new HashMap<>();
            int[] pl = new int[g.size()];
            for (JsonNode node : nodes) {
                int id = node.get("id").asInt();
                int d = rnd.nextInt(used);
                if (r % 2 == 0 && node.has("colorClass")) {
                    d = byClass.computeIfAbsent(node.get("colorClass").asInt(), x -> rnd.nextInt(used));
                }
                dev.put(id, d < k ? "ACC_" + d : "CPU_" + (d - k));
                pl[g.indexOf(String.valueOf(id)).orElseThrow()] = d;
            }
            double expected = modelMaxLoad(j, dev);
            double got = ev.objective(Placement.of(pl), Objective.THROUGHPUT);
            assertEquals(expected, got, 1e-9 * Math.max(1, expected), f.getFileName() + " placement " + r);
        }
    }

    @Test
    void fourNodeInstanceAgreesWithTheModel() {
        JsonNode j = Json.parse("four", FOUR.getBytes());
        Map<Integer, String> dev = Map.of(1, "ACC_0", 2, "ACC_1", 3, "ACC_2", 4, "ACC_0");
        assertEquals(4.625, modelMaxLoad(j, dev));
        assertEquals(10.0, modelMaxLoad(j, Map.of(1, "ACC_0", 2, "ACC_1", 3, "ACC_1", 4, "CPU_0")));
    }

    static Stream<Path> samples() throws IOException {
        return TarnawskiImporterTest.samples();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void evaluatorFollowsTheModelOnShippedSamples(Path f) {
        checkRandomPlacements(f, 40, 7);
    }

    static Stream<Path> sharedThroughput() throws IOException {
        Path dir = TarnawskiImporterTest.SHARED;
        if (!Files.isDirectory(dir)) {
            return Stream.of((Path) null);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("throughput-inputs_")).sorted().toList()
                    .stream();
        }
    }

    /** All 16 throughput instances (8 inference, 8 training: forward + backward load). */
    @ParameterizedTest
    @MethodSource("sharedThroughput")
    void evaluatorFollowsTheModelOnAllThroughputInstances(Path f) {
        Assumptions.assumeTrue(f != null, "../shared/instances/tarnawski is absent: skipping the shared instances");
        checkRandomPlacements(f, 12, 11);
    }
}
