package org.placementexplorer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.json.ClusterJson;
import org.placementexplorer.io.json.GraphJson;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementJson;
import org.placementexplorer.io.json.SessionJson;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/** Every format written and read back gives the same thing. */
class FormatRoundTripTest {
    static final Path GRAPH = Path.of("sample-graphs/tiny-resnet.json");

    @Test
    void graphJsonRoundTrip() {
        OpGraph g = ModelLoader.load(GRAPH).graph();
        JsonNode written = GraphJson.write(g);
        OpGraph back = GraphJson.read("mem", Json.parse("mem", Json.pretty(written).getBytes()));
        assertEquals(g.operators(), back.operators());
        assertEquals(g.edges(), back.edges());
        assertEquals(g.inputs(), back.inputs());
        assertEquals(g.outputs(), back.outputs());
        assertEquals(written, GraphJson.write(back));
    }

    @Test
    void everySampleClusterRoundTripsAndIsListed() throws IOException {
        try (var files = Files.list(Path.of("sample-clusters"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertEquals(Samples.CLUSTERS.stream().sorted().toList(), names, "Samples.CLUSTERS lists every file");
        }
        for (String name : Samples.CLUSTERS) {
            Cluster c = Samples.cluster(name);
            JsonNode written = ClusterJson.write(c);
            Cluster back = ClusterJson.read("mem", written);
            assertEquals(c.devices(), back.devices());
            assertEquals(c.links(), back.links());
            assertEquals(c.switches(), back.switches());
            assertEquals(c.servers(), back.servers());
            assertEquals(written, ClusterJson.write(back));
            assertTrue(!c.sources().isEmpty(), name + " cites its sources");
        }
    }

    @Test
    void placementWithOrderRoundTrips() {
        Problem p = AnalyticCostModel.problem(ModelLoader.load(GRAPH).graph(), Samples.cluster("cpu-2gpu"));
        int[] dev = new int[p.operators()];
        for (int v = 0; v < dev.length; v++) {
            dev[v] = v < 30 ? 1 : 2;
        }
        Placement pl = new Evaluator(p).evaluate(Placement.of(dev), Objective.LATENCY).placement();
        var o = Json.object();
        PlacementJson.writeFields(o, p, pl);
        Placement back = PlacementJson.read("mem", Json.parse("mem", Json.pretty(o).getBytes()), p);
        assertEquals(pl.withPinned(new java.util.BitSet()), back);
    }

    @Test
    void sessionRoundTrips(@TempDir Path dir) throws IOException {
        Problem p = AnalyticCostModel.problem(ModelLoader.load(GRAPH).graph(), Samples.cluster("2x4gpu"));
        Placement a = Placement.allOn(p.operators(), 3);
        java.util.BitSet pins = new java.util.BitSet();
        pins.set(0);
        var session = new SessionJson.Session("tiny-resnet.json", p.cluster(), Objective.THROUGHPUT,
                List.of(SessionJson.NamedPlacement.of("all on n0gpu3", "single-device", p, a.withPinned(pins))),
                "all on n0gpu3", Map.of("zoom", 1.5));
        Path f = dir.resolve("s.pe.json");
        Json.write(f, SessionJson.write(session));
        var back = SessionJson.read(f.toString(), Json.read(f));
        assertEquals("tiny-resnet.json", back.model());
        assertEquals(Objective.THROUGHPUT, back.objective());
        assertEquals(p.cluster().devices(), back.cluster().devices());
        assertEquals("all on n0gpu3", back.current());
        assertEquals(1.5, ((Number) back.view().get("zoom")).doubleValue());
        Placement resolved = back.placements().get(0).resolve(f.toString(), p);
        assertEquals(a.withPinned(pins), resolved);
        assertEquals(SessionJson.write(session), SessionJson.write(back));
    }

    @Test
    void newerVersionIsRefusedClearly() {
        JsonNode n = Json.parse("x", "{\"format\":\"placement-explorer/cluster\",\"version\":99,\"devices\":[]}"
                .getBytes());
        InputException e = assertThrows(InputException.class, () -> ClusterJson.read("x.json", n));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void clusterErrorsNameTheDevice() {
        String text = """
                {"format": "placement-explorer/cluster", "version": 1, "name": "c",
                 "devices": [{"id": "gpu0", "kind": "GPU", "peakFlops": {"fp32": 1e12}, "memoryBandwidth": -5}]}
                """;
        InputException e = assertThrows(InputException.class,
                () -> ClusterJson.read("c.json", Json.parse("c.json", text.getBytes())));
        assertEquals("c.json: device 'gpu0': \"memoryBandwidth\" must be a positive number (-5.0)", e.getMessage());
    }

    @Test
    void disconnectedClusterIsRejected() {
        String text = """
                {"format": "placement-explorer/cluster", "version": 1, "name": "c",
                 "devices": [{"id": "a", "kind": "GPU", "peakFlops": {"fp32": 1e12}, "memoryBandwidth": 1e11},
                             {"id": "b", "kind": "GPU", "peakFlops": {"fp32": 1e12}, "memoryBandwidth": 1e11},
                             {"id": "c", "kind": "GPU", "peakFlops": {"fp32": 1e12}, "memoryBandwidth": 1e11}],
                 "links": [{"id": "ab", "a": "a", "b": "b", "bandwidth": 1e9}]}
                """;
        InputException e = assertThrows(InputException.class,
                () -> ClusterJson.read("c.json", Json.parse("c.json", text.getBytes())));
        assertTrue(e.getMessage().contains("no link path connects device"), e.getMessage());
    }
}
