package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.ui.explorer.ExplorerWindow;
import org.placementexplorer.ui.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The scenario on the largest shared ONNX model: it opens laid out beside the cluster; a group
 * of operators dragged onto a device changes colours, objective and memory bars; undo restores them.
 * Skips when ../shared is absent (users' clones).
 */
@ExtendWith(ApplicationExtension.class)
class SharedOnnxWindowTest {
    private static final Path MODEL = Path.of(System.getProperty("shared.dir", "../shared"), "onnx",
            "all-minilm-l6-v2-q.onnx");
    @TempDir
    static Path config;
    private ExplorerWindow window;
    private Session session;

    @Start
    void start(Stage stage) {
        session = new Session();
        window = TestWindows.show(stage, session, config, 1500, 920);
    }

    @Stop
    void stop() {
        window.close();
    }

    @Test
    void dragAGroupOfOperatorsOfMiniLmToAnotherDeviceAndUndo(FxRobot robot) throws Exception {
        Assumptions.assumeTrue(Files.exists(MODEL), "shared models not present (" + MODEL + "): skipped");
        robot.interact(() -> window.open(MODEL));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> window.dag().layout() != null
                && !window.dag().layingOutProperty().get() && session.evaluation() != null
                && !session.evaluatingProperty().get() && window.topology().complete());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(session.problem().operators(), window.dag().visibleGraph().size());
        assertTrue(window.dag().lastDrawnNodes() > 10, "the graph is drawn");
        assertTrue(robot.lookup("#device-t4").tryQuery().isPresent(), "the cluster is shown beside it");

        // select the embeddings scope and drag one of its boxes (on screen) onto the T4
        int[] n = new int[1];
        robot.interact(() -> n[0] = window.dag().selectScope("embeddings", false));
        assertTrue(n[0] > 10);
        Bounds canvas = window.dag().canvas().localToScreen(window.dag().canvas().getBoundsInLocal());
        Point2D from = null;
        for (int v : window.dag().selectedOps()) {
            double[] c = window.dag().screenCenter(window.dag().visibleGraph().opNode()[v]);
            Point2D p = window.dag().canvas().localToScreen(c[0], c[1]);
            if (canvas.contains(p.getX(), p.getY() + 30)) {
                from = p;
                break;
            }
        }
        assertTrue(from != null, "an embeddings operator is in view");
        int t4 = session.cluster().indexOf("t4").orElseThrow();
        Evaluation before = session.evaluation();
        String memBefore = robot.lookup("#mem-t4").queryLabeled().getText();
        javafx.scene.Node card = robot.lookup("#device-t4 .memory-bar").query();
        Reveal.inScrollPane(card); // the third card may sit below the cluster pane's visible part
        robot.drag(from, MouseButton.PRIMARY).dropTo(card);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session.evaluation() != before
                && !session.evaluatingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        for (int v : window.dag().selectedOps()) {
            assertEquals(t4, session.placement().deviceOf(v));
        }
        Evaluation after = session.evaluation();
        assertEquals(new Evaluator(session.problem()).objective(session.placement(), Objective.LATENCY),
                after.objective(), 0);
        assertNotEquals(before.objective(), after.objective());
        assertNotEquals(memBefore, robot.lookup("#mem-t4").queryLabeled().getText());

        robot.press(KeyCode.CONTROL).press(KeyCode.Z).release(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session.evaluation() != after
                && !session.evaluatingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before.objective(), session.evaluation().objective(), 0);
        assertEquals(memBefore, robot.lookup("#mem-t4").queryLabeled().getText());
    }
}
