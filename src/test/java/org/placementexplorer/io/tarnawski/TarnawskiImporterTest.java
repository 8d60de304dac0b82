package org.placementexplorer.io.tarnawski;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

import com.fasterxml.jackson.databind.JsonNode;

class TarnawskiImporterTest {
    static final Path SAMPLES = Path.of("sample-graphs");
    static final Path SHARED = Path.of(System.getProperty("shared.dir", "../shared"), "instances", "tarnawski");

    static LoadedModel read(String json) {
        return TarnawskiImporter.read("test.json", Json.parse("test.json", json.getBytes()), ImportOptions.DEFAULT);
    }

    static LoadedModel read(String json, Integer acc, Integer cpus) {
        return TarnawskiImporter.read("test.json", Json.parse("test.json", json.getBytes()),
                new ImportOptions(Map.of(), acc, cpus));
    }

    /** Three nodes in a chain 1 -> 2 -> 3 plus 1 -> 3, integer flags, one class of two nodes. */
    static final String SMALL = """
            {"maxSizePerFPGA": 100.0, "maxFPGAs": 2, "maxCPUs": 1,
             "nodes": [
              {"id": 3, "name": "c", "supportedOnFpga": 1, "cpuLatency": 30, "fpgaLatency": 3, "isBackwardNode": 0,
               "colorClass": 7, "size": 12.5},
              {"id": 1, "name": "a", "supportedOnFpga": 1, "cpuLatency": 10, "fpgaLatency": 1, "isBackwardNode": 0,
               "colorClass": 7, "size": 40},
              {"id": 2, "name": "b", "supportedOnFpga": 0, "cpuLatency": 20, "fpgaLatency": 2, "isBackwardNode": 1,
               "size": 0}
             ],
             "edges": [
              {"sourceId": 1, "destId": 2, "cost": 0.5, "size": 8},
              {"sourceId": 1, "destId": 3, "cost": 0.5, "size": 8},
              {"sourceId": 2, "destId": 3, "cost": 0.25, "size": 4.5}
             ]}
            """;

    @Test
    void readsNodesDevicesAndCosts() {
        LoadedModel m = read(SMALL);
        assertTrue(m.carriesDevices());
        assertEquals("Tarnawski instance", m.format());
        OpGraph g = m.graph();
        // nodes in id order, ids as strings, names kept
        assertEquals(List.of("1", "2", "3"), g.operators().stream().map(o -> o.id()).toList());
        assertEquals(List.of("a", "b", "c"), g.operators().stream().map(o -> o.name()).toList());
        assertEquals(List.of("forward", "backward", "forward"), g.operators().stream().map(o -> o.opType()).toList());
        Problem p = m.ownProblem();
        // 2 accelerators then 1 CPU
        assertEquals(3, p.deviceCount());
        assertEquals(List.of("fpga0", "fpga1", "cpu0"), p.cluster().devices().stream().map(d -> d.id()).toList());
        assertEquals(DeviceKind.FPGA, p.cluster().device(0).kind());
        assertEquals(DeviceKind.CPU, p.cluster().device(2).kind());
        assertEquals(100.0, p.cluster().device(1).memoryBytes());
        assertTrue(p.cluster().device(2).unlimitedMemory());
        assertFalse(p.cluster().device(0).overlapsTransfers());
        assertTrue(p.cluster().device(2).overlapsTransfers());
        // times: fpgaLatency on accelerators, cpuLatency on CPUs, +inf where not supported
        int a = g.indexOf("1").orElseThrow();
        int b = g.indexOf("2").orElseThrow();
        int c = g.indexOf("3").orElseThrow();
        assertEquals(1.0, p.opTime(a, 0));
        assertEquals(1.0, p.opTime(a, 1));
        assertEquals(10.0, p.opTime(a, 2));
        assertEquals(Double.POSITIVE_INFINITY, p.opTime(b, 0));
        assertEquals(20.0, p.opTime(b, 2));
        // one tensor per node with outputs; its price is the common cost of the out-edges
        assertEquals(2, g.tensorCount());
        for (int t = 0; t < g.tensorCount(); t++) {
            int prod = g.tensorProducer(t);
            assertEquals(prod == a ? 0.5 : 0.25, p.transferTime(t, 0, 1));
            assertEquals(prod == a ? 0.5 : 0.25, p.transferTime(t, 2, 0));
        }
        assertEquals(Problem.Pricing.PER_TENSOR, p.pricing());
        assertEquals(Problem.SendAccounting.ONCE_PER_TENSOR, p.sendAccounting());
        // memory is the node size, no activations; float sizes accepted
        assertEquals(40.0, p.opMemory(a));
        assertEquals(12.5, p.opMemory(c));
        assertFalse(p.activationMemory());
        // colour classes: 1 and 3 share one, 2 (no class) has its own
        assertEquals(p.colocationGroup(a), p.colocationGroup(c));
        assertNotEquals(p.colocationGroup(a), p.colocationGroup(b));
        assertTrue(p.colocationGroup(b) >= 0);
        assertTrue(p.isBackward(b));
        assertFalse(p.isBackward(a));
        // the time unit is not stated by the files
        assertEquals("unit", p.units().time());
        assertFalse(p.units().physical());
        assertEquals("B", p.units().memory());
    }

    @Test
    void booleansAndOptionalFields() {
        LoadedModel m = read("""
                {"maxSizePerFPGA": 5, "maxFPGAs": 1, "maxCPUs": 0,
                 "nodes": [{"id": 0, "supportedOnFpga": true, "cpuLatency": 1.5, "fpgaLatency": 0.5,
                            "isBackwardNode": false, "layerId": 3},
                           {"id": 4, "name": "x", "supportedOnFpga": true, "cpuLatency": 2, "fpgaLatency": 1,
                            "isBackwardNode": true, "size": 0.125}],
                 "edges": [{"sourceId": 0, "destId": 4, "cost": 1e-3}]}
                """);
        Problem p = m.ownProblem();
        assertEquals(1, p.deviceCount());
        assertEquals(0.125, p.opMemory(1));
        assertEquals(0.0, p.opMemory(0)); // size absent: 0
        assertTrue(p.isBackward(1));
        assertNotEquals(p.colocationGroup(0), p.colocationGroup(1));
        assertEquals("0", m.graph().op(0).name()); // no name: the id
    }

    @Test
    void deviceCountsCanBeOverridden() {
        LoadedModel m = read(SMALL, 4, 3);
        Problem p = m.ownProblem();
        assertEquals(7, p.deviceCount());
        assertEquals(4, p.cluster().devices().stream().filter(d -> d.kind() == DeviceKind.FPGA).count());
        assertEquals(3, p.cluster().devices().stream().filter(d -> d.kind() == DeviceKind.CPU).count());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("4 accelerators") && w.contains("maxFPGAs = 2")));
        // zero CPUs is allowed, zero of everything is not
        assertEquals(2, read(SMALL, null, 0).ownProblem().deviceCount());
        assertBad(() -> read(SMALL, 0, 0), "no devices");
        assertBad(() -> read(SMALL, -1, null), "--accelerators must not be negative");
    }

    static void assertBad(org.junit.jupiter.api.function.Executable ex, String fragment) {
        InputException e = assertThrows(InputException.class, ex);
        assertTrue(e.getMessage().startsWith("test.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void badInputIsOneLineNamingTheFileAndTheProblem() {
        String head = "{\"maxSizePerFPGA\": 10, \"maxFPGAs\": 1, \"maxCPUs\": 1, \"nodes\": [";
        String n1 = "{\"id\": 1, \"cpuLatency\": 1, \"fpgaLatency\": 1, \"isBackwardNode\": 0, \"supportedOnFpga\": 1}";
        String n2 = "{\"id\": 2, \"cpuLatency\": 1, \"fpgaLatency\": 1, \"isBackwardNode\": 0, \"supportedOnFpga\": 1}";
        String n3 = "{\"id\": 3, \"cpuLatency\": 1, \"fpgaLatency\": 1, \"isBackwardNode\": 0, \"supportedOnFpga\": 1}";
        String nodes = head + n1 + "," + n2 + "," + n3 + "], \"edges\": [";
        // a cycle names its nodes
        assertBad(() -> read(nodes + "{\"sourceId\": 1, \"destId\": 2, \"cost\": 1},"
                + "{\"sourceId\": 2, \"destId\": 3, \"cost\": 1}, {\"sourceId\": 3, \"destId\": 1, \"cost\": 1}]}"),
                "the graph has a cycle: ");
        // an edge naming a node that does not exist
        assertBad(() -> read(nodes + "{\"sourceId\": 1, \"destId\": 9, \"cost\": 1}]}"),
                "edge 1: names node 9, which is not in \"nodes\"");
        // different costs on the out-edges of one node
        assertBad(() -> read(nodes + "{\"sourceId\": 1, \"destId\": 2, \"cost\": 1},"
                + "{\"sourceId\": 1, \"destId\": 3, \"cost\": 1.5}]}"), "node 1 has out-edges with different costs");
        // within the tolerance is fine
        read(nodes + "{\"sourceId\": 1, \"destId\": 2, \"cost\": 1}, {\"sourceId\": 1, \"destId\": 3, "
                + "\"cost\": 1.0000001}]}");
        assertBad(() -> read(nodes + "{\"sourceId\": 2, \"destId\": 2, \"cost\": 1}]}"), "node 2 feeds itself");
        assertBad(() -> read(head + n1 + "," + n1 + "], \"edges\": []}"), "node 1: the id is used by two nodes");
        assertBad(() -> read(head + n1.replace("\"cpuLatency\": 1", "\"cpuLatency\": -1") + "], \"edges\": []}"),
                "\"cpuLatency\" must not be negative");
        assertBad(() -> read(head + n1.replace("\"cpuLatency\": 1, ", "") + "], \"edges\": []}"),
                "\"cpuLatency\" is missing");
        assertBad(() -> read(head + n1.replace("\"supportedOnFpga\": 1", "\"supportedOnFpga\": 2")
                + "], \"edges\": []}"), "\"supportedOnFpga\" must be true or false");
        assertBad(() -> read(head + n1.replace("\"id\": 1", "\"id\": 1.5") + "], \"edges\": []}"),
                "\"id\" must be a whole number");
        assertBad(() -> read("{\"maxSizePerFPGA\": 0, \"maxFPGAs\": 1, \"maxCPUs\": 1, \"nodes\": [" + n1
                + "], \"edges\": []}"), "\"maxSizePerFPGA\" must be a positive number");
        assertBad(() -> read(head + "], \"edges\": []}"), "\"nodes\" is empty");
        assertBad(() -> read("{\"maxSizePerFPGA\": 1, \"maxFPGAs\": 1, \"nodes\": [" + n1 + "], \"edges\": []}"),
                "\"maxCPUs\" is missing");
    }

    @Test
    void modelLoaderDetectsInstancesByContent(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("no-telling-name.txt");
        Files.writeString(f, SMALL);
        LoadedModel m = ModelLoader.load(f);
        assertEquals("Tarnawski instance", m.format());
        assertEquals("no-telling-name.txt", m.graph().name());
        // malformed JSON is reported by the loader with the place
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, SMALL.substring(0, SMALL.length() / 2));
        InputException e = assertThrows(InputException.class, () -> ModelLoader.load(broken));
        assertTrue(e.getMessage().startsWith(broken.toString() + ": malformed JSON"), e.getMessage());
        // an object without maxFPGAs is not taken for an instance
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"nodes\": [], \"edges\": []}");
        e = assertThrows(InputException.class, () -> ModelLoader.load(other));
        assertTrue(e.getMessage().contains("not a graph file"), e.getMessage());
    }

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(p -> p.getFileName().toString().startsWith("throughput-inputs_")).sorted().toList()
                    .stream();
        }
    }

    /** The shipped samples are byte-for-byte copies of the shared files, and load with the README's figures. */
    @ParameterizedTest
    @MethodSource("samples")
    void shippedSamplesLoad(Path f) throws IOException {
        LoadedModel m = ModelLoader.load(f);
        Problem p = m.ownProblem();
        JsonNode j = Json.read(f);
        assertEquals(j.get("nodes").size(), p.operators());
        assertEquals(j.get("maxFPGAs").asInt() + j.get("maxCPUs").asInt(), p.deviceCount());
        Path shared = SHARED.resolve(f.getFileName());
        if (Files.exists(shared)) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(shared), Files.readAllBytes(f)),
                    f + " differs from " + shared);
        }
    }

    static Stream<Path> shared() throws IOException {
        if (!Files.isDirectory(SHARED)) {
            return Stream.of((Path) null);
        }
        try (Stream<Path> s = Files.list(SHARED)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /** All 24 public instances load, with the counts of the README's table. */
    @ParameterizedTest
    @MethodSource("shared")
    void allSharedInstancesLoad(Path f) {
        Assumptions.assumeTrue(f != null, "../shared/instances/tarnawski is absent: skipping the shared instances");
        LoadedModel m = ModelLoader.load(f);
        JsonNode j = Json.read(f);
        Problem p = m.ownProblem();
        assertEquals(j.get("nodes").size(), p.operators());
        assertEquals(j.get("maxFPGAs").asInt() + j.get("maxCPUs").asInt(), p.deviceCount());
        Set<String> edges = new HashSet<>();
        j.get("edges").forEach(e -> edges.add(e.get("sourceId").asText() + ">" + e.get("destId").asText()));
        assertEquals(edges.size(), p.graph().edges().size());
        int backward = 0;
        for (int v = 0; v < p.operators(); v++) {
            backward += p.isBackward(v) ? 1 : 0;
        }
        boolean training = f.getFileName().toString().contains("training");
        assertEquals(training, backward > 0);
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
    }
}
