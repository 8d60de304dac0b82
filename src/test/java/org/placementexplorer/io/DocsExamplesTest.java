package org.placementexplorer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.placementexplorer.io.json.ClusterJson;
import org.placementexplorer.io.json.GraphJson;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.OpGraph;

/** The examples in docs/formats.md are real files: they parse, and the full ones load. */
class DocsExamplesTest {
    static List<JsonNode> examples() throws IOException {
        String doc = Files.readString(Path.of("docs/formats.md"));
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<JsonNode> out = new ArrayList<>();
        while (m.find()) {
            out.add(Json.parse("docs/formats.md", m.group(1).getBytes()));
        }
        return out;
    }

    @Test
    void everyExampleParsesAndTheGraphAndClusterLoad() throws IOException {
        List<JsonNode> ex = examples();
        assertEquals(7, ex.size());
        OpGraph g = GraphJson.read("graph example", ex.get(0));
        assertEquals(3, g.size());
        // the second edge takes its size from the producer's declared output
        assertEquals(2048.0, g.edges().get(1).bytes());
        Cluster c = ClusterJson.read("cluster example", ex.get(1));
        assertEquals(2, c.size());
        assertEquals(16e9, c.route(0, 1).orElseThrow().bandwidth());
        for (JsonNode n : ex.subList(0, 4)) {
            assertTrue(n.get("format").asText().startsWith("placement-explorer/"));
        }
        // a session's named placement with the run that made it
        assertEquals("OPTIMAL", ex.get(4).get("run").get("status").asText());
        assertEquals("throughput", ex.get(4).get("run").get("objective").asText());
        // the session example's import options (its cluster is abbreviated: read without it)
        var session = (com.fasterxml.jackson.databind.node.ObjectNode) ex.get(3).deepCopy();
        session.remove("cluster");
        assertEquals(Long.valueOf(8), org.placementexplorer.io.json.SessionJson.read("session example", session)
                .options().dims().get("batch"));
        // the placement list
        assertTrue(org.placementexplorer.io.json.PlacementListJson.isPlacementList(ex.get(5)));
        assertEquals(2, ex.get(5).get("placements").size());
        // the Tarnawski instance example
        var instance = org.placementexplorer.io.tarnawski.TarnawskiImporter.read("instance example", ex.get(6),
                ImportOptions.DEFAULT).ownProblem();
        assertEquals(3, instance.operators());
        assertEquals(3, instance.deviceCount());
        assertEquals(instance.colocationGroup(0), instance.colocationGroup(2));
        assertTrue(instance.isBackward(2));
    }
}
