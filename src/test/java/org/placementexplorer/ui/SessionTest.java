package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.ui.session.EvaluationService;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.session.SessionFiles;
import org.placementexplorer.ui.topology.ClusterEdits;

/**
 * The session model without a screen: every number it publishes is the evaluator's for the current
 * placement; edits are undoable; cluster changes re-price; sessions survive a save and reopen.
 */
class SessionTest {
    private final LinkedBlockingQueue<Runnable> fx = new LinkedBlockingQueue<>();
    private final Session session = new Session(fx::add);

    @AfterEach
    void close() {
        session.close();
    }

    /** Runs delivered results until the session has evaluated its current placement. */
    private Evaluation settle() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Runnable r = fx.poll(50, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
            Evaluation e = session.evaluation();
            if (!session.evaluatingProperty().get() && e != null && fx.isEmpty()) {
                return e;
            }
        }
        throw new AssertionError("no evaluation arrived");
    }

    private Session.Opened sample() {
        return SessionFiles.openModel(Samples.graphFile("tiny-resnet.json"), Samples.cluster("cpu-2gpu"),
                Objective.LATENCY);
    }

    @Test
    void publishesTheEvaluatorsNumbersAndUndoRestoresThem() throws Exception {
        session.open(sample());
        Evaluation before = settle();
        Evaluator ev = new Evaluator(session.problem());
        assertEquals(ev.objective(session.placement(), Objective.LATENCY), before.objective(), 0);
        double bound = Bounds.quick(session.problem(), Objective.LATENCY).best();
        assertEquals(bound, session.boundsProperty().get().best(), 0);
        assertEquals(SolverResult.gap(before.objective(), bound), session.gapProperty().get(), 1e-12);

        // move the first ten operators to the CPU: slower, and the evaluator says by how much
        int[] ops = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        int cpu = session.cluster().indexOf("cpu0").orElseThrow();
        Placement old = session.placement();
        assertTrue(session.assign(ops, cpu));
        Evaluation after = settle();
        assertEquals(ev.objective(old.assign(ops, cpu), Objective.LATENCY), after.objective(), 0);
        assertNotEquals(before.objective(), after.objective());
        assertTrue(session.canUndoProperty().get());
        assertEquals("Assign 10 operators to cpu0", session.undoLabelProperty().get());

        session.undo();
        Evaluation back = settle();
        assertEquals(old, session.placement());
        assertEquals(before.objective(), back.objective(), 0);
        session.redo();
        assertEquals(after.objective(), settle().objective(), 0);
        assertFalse(session.assign(ops, cpu), "assigning where they already are is no edit");
    }

    @Test
    void pinsAreKeptThroughAssignAndUndo() throws Exception {
        session.open(sample());
        settle();
        session.pin(new int[] {3, 4}, true);
        assertTrue(session.placement().isPinned(3));
        session.assign(new int[] {3}, 0);
        assertTrue(session.placement().isPinned(3), "moving by hand keeps the pin");
        session.undo();
        session.undo();
        assertFalse(session.placement().isPinned(3));
    }

    @Test
    void clusterEditsRepriceKeepDevicesByIdAndUndo() throws Exception {
        session.open(sample());
        Evaluation before = settle();
        Cluster c = session.cluster();
        int a100 = c.indexOf("a100").orElseThrow();
        // halve the A100's peak: every operator on it gets slower
        var d = c.device(a100);
        var peaks = new java.util.EnumMap<>(d.peakFlops());
        peaks.replaceAll((k, v) -> v / 2);
        var slower = new org.placementexplorer.model.Device(d.id(), d.name(), d.kind(), d.server(), peaks,
                d.memoryBandwidth() / 2, d.memoryBytes(), d.launchOverhead(), d.overlapsTransfers());
        session.changeCluster("Edit device a100", ClusterEdits.replace(c, a100, slower));
        Evaluation after = settle();
        assertTrue(after.objective() > before.objective(), after.objective() + " > " + before.objective());
        assertEquals(new Evaluator(session.problem()).objective(session.placement(), Objective.LATENCY),
                after.objective(), 0);

        // removing the CPU moves nothing that was on the GPUs
        Placement pl = session.placement();
        int cpu = session.cluster().indexOf("cpu0").orElseThrow();
        session.changeCluster("Remove cpu0", ClusterEdits.remove(session.cluster(), cpu));
        assertEquals(2, session.cluster().size());
        for (int v = 0; v < pl.size(); v++) {
            if (pl.deviceOf(v) != cpu) {
                assertEquals(c.device(pl.deviceOf(v)).id(), session.cluster().device(session.placement().deviceOf(v)).id());
            }
        }
        session.undo();
        session.undo();
        assertEquals(before.objective(), settle().objective(), 0);
        assertEquals(3, session.cluster().size());
    }

    @Test
    void removingTheLastDeviceIsRefusedWithAReason() {
        Cluster one = Cluster.unlinked("one", List.of(Samples.cluster("cpu-2gpu").device(0)));
        ModelException e = assertThrows(ModelException.class, () -> ClusterEdits.remove(one, 0));
        assertEquals("a cluster needs at least one device", e.getMessage());
    }

    @Test
    void theNewestRequestWins() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        LinkedBlockingQueue<EvaluationService.Result> got = new LinkedBlockingQueue<>();
        Session.Opened o = sample();
        try (EvaluationService s = new EvaluationService(Runnable::run)) {
            // hold the worker so three requests queue up behind it
            s.submit(new EvaluationService.Request(1, o.problem(), o.placement(), Objective.LATENCY), r -> {
                got.add(r);
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.sleep(100);
            for (int id = 2; id <= 4; id++) {
                s.submit(new EvaluationService.Request(id, o.problem(), Placement.allOn(o.problem().operators(), id - 2),
                        Objective.LATENCY), got::add);
            }
            gate.countDown();
            assertEquals(1, got.poll(5, TimeUnit.SECONDS).request().id());
            EvaluationService.Result last = got.poll(5, TimeUnit.SECONDS);
            assertEquals(4, last.request().id(), "only the newest queued request is evaluated");
            assertEquals(null, got.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aSessionSurvivesSaveAndReopen(@TempDir Path dir) throws Exception {
        session.open(sample());
        settle();
        session.pin(new int[] {2}, true);
        session.assign(new int[] {5, 6}, 0);
        session.objectiveProperty().set(Objective.THROUGHPUT);
        Evaluation e = settle();
        Path f = dir.resolve("s.session.json");
        SessionFiles.save(SessionFiles.snapshot(session, Map.of("zoom", 0.5, "collapsed", List.of("stem"))), f);
        assertTrue(Files.readString(f).contains("\"collapsed\""));

        Session.Opened back = SessionFiles.open(f, null, Objective.LATENCY);
        assertEquals(Objective.THROUGHPUT, back.objective());
        assertArrayEquals(session.placement().devices(), back.placement().devices());
        assertTrue(back.placement().isPinned(2));
        assertEquals(0.5, ((Number) back.view().get("zoom")).doubleValue());
        assertEquals(List.of("stem"), back.view().get("collapsed"));
        assertNotNull(back.named().get(SessionFiles.BASELINE));
        assertEquals(e.objective(), new Evaluator(back.problem()).objective(back.placement(), Objective.THROUGHPUT), 0);
    }
}
