package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

import javafx.scene.Node;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.SessionJson;
import org.placementexplorer.layout.DagLayout;
import org.placementexplorer.layout.JGraphXLayoutEngine;
import org.placementexplorer.layout.LayoutEngine;
import org.placementexplorer.layout.LayoutGraph;
import org.placementexplorer.ui.explorer.AppConfig;
import org.placementexplorer.ui.explorer.ExplorerWindow;
import org.placementexplorer.ui.session.Autosave;
import org.placementexplorer.ui.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** A long layout shows progress and can be cancelled; autosave writes a recovery session. */
@ExtendWith(ApplicationExtension.class)
class LayoutCancelAndAutosaveTest {
    @TempDir
    static Path config;
    private ExplorerWindow window;
    private Session session;
    private final AtomicBoolean slow = new AtomicBoolean();
    private final AtomicBoolean sawCancel = new AtomicBoolean();

    /** JGraphX, or (when {@code slow}) an engine that only stops when cancelled. */
    private final LayoutEngine engine = new LayoutEngine() {
        private final JGraphXLayoutEngine real = new JGraphXLayoutEngine();

        @Override
        public String name() {
            return "test engine";
        }

        @Override
        public DagLayout layout(LayoutGraph g, DoubleConsumer progress, BooleanSupplier cancelled) {
            if (slow.get()) {
                for (int i = 0; i < 600; i++) {
                    progress.accept(i / 600.0);
                    if (cancelled.getAsBoolean()) {
                        sawCancel.set(true);
                    }
                    LayoutEngine.check(cancelled);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        sawCancel.set(true);
                        throw new java.util.concurrent.CancellationException();
                    }
                }
            }
            return real.layout(g, progress, cancelled);
        }
    };

    @Start
    void start(Stage stage) {
        session = new Session();
        window = new ExplorerWindow(stage, session, new AppConfig(config), engine);
        window.setShowDialogs(false);
        stage.setWidth(1200);
        stage.setHeight(800);
        stage.show();
        window.openSample("tiny-resnet.json");
    }

    @Stop
    void stop() {
        window.close();
    }

    @Test
    void aLongLayoutShowsProgressAndCancelKeepsTheOldDrawing(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.dag().layout() != null);
        DagLayout before = window.dag().layout();
        slow.set(true);
        robot.interact(() -> window.dag().collapseDepth(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.dag().layingOutProperty().get());
        Node cancel = robot.lookup("#cancel-layout").query();
        assertTrue(cancel.isVisible() && cancel.getParent().isVisible());
        robot.clickOn(cancel);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.dag().layingOutProperty().get());
        assertFalse(cancel.getParent().isVisible(), "the progress box goes away");
        assertEquals(before, window.dag().layout(), "the previous drawing stays");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, sawCancel::get);
        // the window still works: a move is evaluated
        slow.set(false);
        var e = session.evaluation();
        robot.interact(() -> {
            window.dag().selectOps(new int[] {0}, false);
            window.assignSelection(0);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session.evaluation() != e);
    }

    @Test
    void autosaveWritesARecoverySessionThatACleanCloseDeletes(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> session.evaluation() != null);
        robot.interact(() -> session.pin(new int[] {4}, true));
        robot.interact(() -> window.autosave().saveIfChanged());
        Path f = window.autosave().file();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(f));
        var root = Json.read(f);
        assertTrue(SessionJson.isSession(root));
        assertEquals(f, Autosave.orphan(config).orElseThrow(), "its own file is found; a live foreign pid's is not");
        Path foreign = config.resolve("recovery-1.json");
        Files.copy(f, foreign);
        assertEquals(f, Autosave.orphan(config).orElseThrow());
        Files.delete(foreign);
        var opened = org.placementexplorer.ui.session.SessionFiles.openSession(f);
        assertTrue(opened.placement().isPinned(4));
        robot.interact(() -> window.autosave().close());
        assertFalse(Files.exists(f));
    }
}
