package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.ui.explorer.ExplorerWindow;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.util.Fmt;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The explorer window, headless: open, drag to a device, undo, find, collapse, a corrupt file. */
@ExtendWith(ApplicationExtension.class)
class ExplorerWindowTest {
    @TempDir
    static Path config;
    private ExplorerWindow window;
    private Session session;

    @Start
    void start(Stage stage) {
        session = new Session();
        window = TestWindows.show(stage, session, config, 1500, 920);
        window.openSample("tiny-resnet.json");
    }

    @Stop
    void stop() {
        window.close();
    }

    private void waitUntilShown() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.dag().layout() != null
                && session.evaluation() != null && !session.evaluatingProperty().get()
                && window.topology().complete()); // the cards come a frame each (ADR 49)
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Evaluation waitForNewEvaluation(Evaluation old) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> session.evaluation() != old
                && !session.evaluatingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        return session.evaluation();
    }

    private Point2D onScreen(int op) {
        int node = window.dag().visibleGraph().opNode()[op];
        double[] c = window.dag().screenCenter(node);
        return window.dag().canvas().localToScreen(c[0], c[1]);
    }

    /** What the importer assumed (symbolic dimensions set to defaults) shows in the status bar. */
    @Test
    void importAssumptionsShowInTheStatusBar(FxRobot robot) throws Exception {
        waitUntilShown();
        var message = robot.lookup("#status-message").queryAs(javafx.scene.control.Label.class);
        assertTrue(message.getText().startsWith("Opened tiny-resnet.json"), message.getText());
        assertTrue(!message.getText().contains(";"), "a graph JSON with every shape known has nothing to add: "
                + message.getText());
        WaitForAsyncUtils.asyncFx(() -> window.openSample("paddleocr-mobile-v2-cls.onnx")).get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> message.getText().startsWith("Opened paddleocr-mobile-v2-cls.onnx"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(message.getText().contains("symbolic dimensions set to defaults"), message.getText());
        assertNotNull(message.getTooltip());
        assertTrue(message.getTooltip().getText().contains("p2o.DynamicDimension.1=224"),
                message.getTooltip().getText());
        assertTrue(message.getTooltip().getText().contains("Import Options") && !message.getTooltip().getText()
                .contains("--dim"), "the window names its own way to set them: " + message.getTooltip().getText());
        // a long message is cut, never the status fields beside it
        for (var n : robot.lookup(".status-key").queryAllAs(javafx.scene.control.Label.class)) {
            assertTrue(n.getWidth() >= n.prefWidth(-1) - 0.5, n.getText() + " is cut: " + n.getWidth());
        }
        var value = robot.lookup("#status-objective").queryAs(javafx.scene.control.Label.class);
        assertTrue(value.getWidth() >= value.prefWidth(-1) - 0.5, value.getText() + " is cut");
    }

    private static Session.Opened synthetic(String cluster) {
        var g = SyntheticGraphs.blocks(2);
        var p = org.placementexplorer.cost.AnalyticCostModel.problem(g, org.placementexplorer.io.Samples.cluster(cluster));
        var m = new org.placementexplorer.io.LoadedModel(g.name(), "synthetic", g, null, java.util.List.of());
        return new Session.Opened(m, p, Placement.of(new int[g.size()]), Objective.LATENCY,
                new java.util.LinkedHashMap<>(), "current", null, java.util.Map.of());
    }

    private java.util.Set<String> cardIds(FxRobot robot) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        robot.lookup(".device-card").queryAll().forEach(n -> ids.add(n.getId()));
        return ids;
    }

    /**
     * The device cards come a frame at a time (ADR 49); a model opened while they are being built
     * replaces them: every card of its cluster is built and none of the first cluster's is left.
     */
    @Test
    void aModelOpenedWhileTheCardsAreBuiltShowsOnlyItsOwnCards(FxRobot robot) throws Exception {
        waitUntilShown();
        WaitForAsyncUtils.asyncFx(() -> session.open(synthetic("dgx-8gpu"))).get();
        // the moment the first cards of the 8-GPU cluster are on screen but not all: open another
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
            if (!cardIds(robot).contains("device-gpu0") || window.topology().complete()) {
                return false;
            }
            session.open(synthetic("edge-cpu-npu"));
            return true;
        }).get());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> window.topology().complete()).get());
        var expected = new java.util.TreeSet<String>();
        session.cluster().devices().forEach(d -> expected.add("device-" + d.id()));
        assertEquals(expected, WaitForAsyncUtils.asyncFx(() -> cardIds(robot)).get());
        Thread.sleep(300); // frames pass: nothing of the first cluster's build arrives late
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(expected, WaitForAsyncUtils.asyncFx(() -> cardIds(robot)).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> window.topology().complete()).get());
    }

    /**
     * Opening a model changes neither the bounds of the window's root nor the Gantt chart's size: the
     * status bar's emptied fields reaching a pixel below it and the emptied Gantt legend once did, and
     * the software renderer then repainted the whole window, twice (ADR 50).
     */
    @Test
    void openingAModelLeavesTheRootsBoundsAndTheChartsSizeAlone(FxRobot robot) throws Exception {
        waitUntilShown();
        Node root = robot.lookup(".explorer").query();
        Node chart = robot.lookup("#gantt-canvas").query();
        java.util.List<String> changes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        WaitForAsyncUtils.asyncFx(() -> {
            root.boundsInLocalProperty().addListener((o, a, b) -> changes.add("root " + a + " -> " + b));
            chart.boundsInLocalProperty().addListener((o, a, b) -> changes.add("chart " + a + " -> " + b));
            window.openSample("paddleocr-mobile-v2-cls.onnx");
        }).get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> session.modelProperty().get().file().contains("paddleocr"));
        waitUntilShown();
        assertTrue(session.evaluation() != null && window.gantt().model().chart() != null);
        assertEquals(java.util.List.of(), changes);
    }

    @Test
    void dragAnOperatorToAnotherDeviceThenUndo(FxRobot robot) throws Exception {
        waitUntilShown();
        int op = session.problem().graph().indexOf("stem_conv").orElseThrow();
        int cpu = session.cluster().indexOf("cpu0").orElseThrow();
        assertNotEquals(cpu, session.placement().deviceOf(op), "the baseline puts nothing on the CPU");
        Evaluation before = session.evaluation();
        String shownBefore = robot.lookup("#status-objective").queryLabeled().getText();
        assertEquals(Fmt.time(before.objective(), session.problem().units()), shownBefore);

        Node card = robot.lookup("#device-cpu0").query();
        robot.drag(onScreen(op), MouseButton.PRIMARY).dropTo(card);
        Evaluation after = waitForNewEvaluation(before);
        assertEquals(cpu, session.placement().deviceOf(op), "the dropped operator runs on the CPU now");
        Placement expected = before.placement().withoutOrder().assign(new int[] {op}, cpu);
        double objective = new Evaluator(session.problem()).objective(expected, Objective.LATENCY);
        assertEquals(objective, after.objective(), 0, "the status shows the evaluator's objective");
        assertNotEquals(before.objective(), after.objective());
        assertEquals(Fmt.time(objective, session.problem().units()),
                robot.lookup("#status-objective").queryLabeled().getText());
        assertTrue(robot.lookup("#mem-cpu0").queryLabeled().getText().startsWith("memory "));
        assertNotEquals("memory 0 B / 275 GB", robot.lookup("#mem-cpu0").queryLabeled().getText(),
                "the CPU's memory bar counts the moved operator");
        snapshot(robot, "explorer-after-drop.png");

        robot.press(KeyCode.CONTROL).press(KeyCode.Z).release(KeyCode.Z).release(KeyCode.CONTROL);
        Evaluation undone = waitForNewEvaluation(after);
        assertEquals(before.objective(), undone.objective(), 0);
        assertArrayEquals(before.placement().withoutOrder().devices(), session.placement().devices());
        assertEquals(shownBefore, robot.lookup("#status-objective").queryLabeled().getText());

        // keys 1–9 assign the selection: the operator is still selected from the drag
        robot.clickOn(window.dag().canvas(), MouseButton.PRIMARY);
        robot.clickOn(onScreen(op), MouseButton.PRIMARY);
        robot.type(KeyCode.DIGIT1);
        waitForNewEvaluation(undone);
        assertEquals(0, session.placement().deviceOf(op));
    }

    @Test
    void aDropOnACardsProgressBarCounts(FxRobot robot) throws Exception {
        waitUntilShown();
        int op = session.problem().graph().indexOf("stem_relu").orElseThrow();
        int t4 = session.cluster().indexOf("t4").orElseThrow();
        Evaluation before = session.evaluation();
        Node bar = robot.lookup("#device-t4 .memory-bar").query();
        Reveal.inScrollPane(bar); // the third card may sit below the cluster pane's visible part
        robot.drag(onScreen(op), MouseButton.PRIMARY).dropTo(bar);
        waitForNewEvaluation(before);
        assertEquals(t4, session.placement().deviceOf(op));
        assertTrue(robot.lookup(".drop-target").tryQuery().isEmpty(), "no card stays highlighted");
    }

    @Test
    void findSelectsTheMatch(FxRobot robot) throws Exception {
        waitUntilShown();
        robot.press(KeyCode.CONTROL).press(KeyCode.F).release(KeyCode.F).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#find-field").queryTextInputControl().setText("layer3.1/conv2"));
        WaitForAsyncUtils.waitForFxEvents();
        int expected = session.problem().graph().indexOf("layer3.1_conv2").orElseGet(() -> {
            for (int v = 0; v < session.problem().operators(); v++) {
                if (session.problem().graph().op(v).name().contains("layer3.1/conv2")) {
                    return v;
                }
            }
            return -1;
        });
        assertArrayEquals(new int[] {expected}, window.dag().selectedOps());
        // F3 moves on (there is one match, so it stays)
        robot.type(KeyCode.F3);
        assertArrayEquals(new int[] {expected}, window.dag().selectedOps());
        robot.interact(() -> robot.lookup("#find-field").queryTextInputControl().setText("Conv"));
        int first = window.dag().selectedOps()[0];
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(first, window.dag().selectedOps()[0], "Enter goes to the next match");
    }

    @Test
    void collapsingAScopeReducesTheDrawnBoxes(FxRobot robot) throws Exception {
        waitUntilShown();
        robot.interact(() -> window.dag().fit());
        WaitForAsyncUtils.waitForFxEvents();
        int drawn = window.dag().lastDrawnNodes();
        assertEquals(session.problem().operators(), drawn, "fitted, every operator is drawn");
        var layout = window.dag().layout();
        robot.interact(() -> window.dag().collapseDepth(1));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.dag().layout() != layout
                && !window.dag().layingOutProperty().get());
        robot.interact(() -> window.dag().fit());
        WaitForAsyncUtils.waitForFxEvents();
        int groups = session.problem().graph().scopes().root().children().size();
        assertEquals(groups + session.problem().graph().scopes().root().ownOperators().size(),
                window.dag().lastDrawnNodes());
        assertTrue(window.dag().lastDrawnNodes() < drawn);
        snapshot(robot, "explorer-collapsed.png");
    }

    @Test
    void aCorruptFileShowsTheImportersMessageAndTheWindowStaysUsable(FxRobot robot, @TempDir Path dir)
            throws Exception {
        waitUntilShown();
        Path bad = dir.resolve("broken.onnx");
        Files.write(bad, new byte[] {0x08, 0x07, 0x12, 0x04, 'j', 'u'});
        String expected;
        try {
            ModelLoader.load(bad);
            throw new AssertionError("the loader accepted a corrupt file");
        } catch (InputException e) {
            expected = e.getMessage();
        }
        var problem = session.problem();
        robot.interact(() -> window.open(bad));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.lastErrorProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(expected, window.lastErrorProperty().get());
        assertTrue(expected.startsWith(bad.toString()) && !expected.contains("\n"), expected);
        Node dialog = robot.lookup("#error-dialog").query();
        assertNotNull(dialog);
        assertTrue(robot.lookup(expected).tryQuery().isPresent(), "the dialog shows the one-line message");
        snapshot(robot, "explorer-error.png");
        assertEquals(problem, session.problem(), "the open model stays");
    }

    private void snapshot(FxRobot robot, String name) throws Exception {
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> window.scene().snapshot(null)).get();
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        File f = out.resolve(name).toFile();
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", f);
        assertTrue(f.length() > 10_000);
    }
}
