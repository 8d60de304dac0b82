package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.Samples;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementListJson;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.ui.session.RunInfo;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.session.SessionFiles;

/** Named placements with their runs: rename, delete, saved in sessions, exported as a placement list. */
class NamedPlacementsTest {
    private final Session session = new Session(Runnable::run);

    @AfterEach
    void close() {
        session.close();
    }

    private void open() {
        session.open(SessionFiles.openModel(Samples.graphFile("tiny-resnet.json"), Samples.cluster("cpu-2gpu"),
                Objective.LATENCY));
    }

    private static Placement split(Problem p) {
        int[] dev = new int[p.operators()];
        int[] topo = p.graph().topologicalOrder();
        for (int i = 0; i < topo.length; i++) {
            dev[topo[i]] = i < topo.length / 2 ? 1 : 2;
        }
        return Placement.of(dev);
    }

    @Test
    void renameKeepsTheOrderAndTheRunDeleteDropsBoth() {
        open();
        Placement pl = split(session.problem());
        RunInfo info = new RunInfo("heft", "FEASIBLE", Objective.LATENCY, 1e-3, 5e-4, "critical-path", 0.5, 0.2, 7, 10);
        long rev = session.namedRevisionProperty().get();
        session.putNamed("heft #1", pl, info);
        session.putNamed("by hand", pl);
        assertTrue(session.namedRevisionProperty().get() > rev);
        assertTrue(session.renameNamed("heft #1", "fast"));
        assertEquals(List.of(SessionFiles.BASELINE, "fast", "by hand"), List.copyOf(session.named().keySet()));
        assertEquals(info, session.runs().get("fast"));
        assertFalse(session.renameNamed("fast", "by hand"), "names stay unique");
        assertFalse(session.renameNamed("missing", "x"));
        assertTrue(session.removeNamed("fast"));
        assertNull(session.runs().get("fast"));
        assertFalse(session.named().containsKey("fast"));
        assertFalse(session.removeNamed("fast"));
    }

    @Test
    void runsSurviveSavingAndReopeningASession(@TempDir Path dir) throws Exception {
        open();
        Placement pl = split(session.problem());
        RunInfo info = new RunInfo("slicegraph", "TIME_LIMIT", Objective.THROUGHPUT, 5.5e-4, 2.2e-4, "total-work",
                0.6, 10.0, 3, 10.0);
        session.putNamed("slicegraph #1", pl, info);
        Path f = dir.resolve("s.session.json");
        SessionFiles.save(SessionFiles.snapshot(session, Map.of()), f);
        var json = Json.read(f);
        var entry = json.get("placements").get(0).get("name").asText().equals("slicegraph #1")
                ? json.get("placements").get(0) : json.get("placements").get(1);
        assertEquals("slicegraph", entry.get("solver").asText());
        assertEquals("TIME_LIMIT", entry.get("run").get("status").asText());
        Session.Opened o = SessionFiles.openSession(f);
        assertEquals(info, o.runs().get("slicegraph #1"));
        assertArrayEquals(pl.devices(), o.named().get("slicegraph #1").devices());

        // a damaged run object is one line naming the file and the placement
        Files.writeString(f, Files.readString(f).replace("\"objective\" : \"throughput\",", "\"objective\" : 3,"));
        InputException e = assertThrows(InputException.class, () -> SessionFiles.openSession(f));
        assertTrue(e.getMessage().contains("slicegraph #1"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void placementListRoundTrips() {
        open();
        Problem p = session.problem();
        Placement pl = split(p);
        var ev = new Evaluator(p).evaluate(pl, Objective.LATENCY);
        var b = Bounds.quick(p, Objective.LATENCY);
        var entries = List.of(new PlacementListJson.Entry("split", null, null, ev, b.best(), b.bestName(),
                SolverResult.gap(ev.objective(), b.best()), null),
                new PlacementListJson.Entry("heft #1", "heft", "FEASIBLE", new Evaluator(p).evaluate(
                        session.named().get(SessionFiles.BASELINE), Objective.LATENCY), b.best(), b.bestName(), 0.1, 0.5));
        var json = PlacementListJson.write(p, "tiny-resnet.json", entries);
        assertTrue(PlacementListJson.isPlacementList(json));
        assertEquals(ev.objective(), json.get("placements").get(0).get("objective").asDouble());
        var back = PlacementListJson.read("list.json", json, p);
        assertEquals(2, back.size());
        assertEquals("split", back.get(0).name());
        assertArrayEquals(pl.devices(), back.get(0).placement().devices());
        assertEquals("heft", back.get(1).solver());
    }
}
