package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.cli.Cli;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementJson;
import org.placementexplorer.model.Placement;
import org.placementexplorer.ui.explorer.ExplorerWindow;
import org.placementexplorer.ui.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File ▸ Import Options… on the bundled PaddleOCR classifier: set its image sides to 48 × 192 as the
 * README's CLI example does, and the window shows the CLI's numbers, keeps the placement, and a saved
 * session reopens with the same sizes.
 */
@ExtendWith(ApplicationExtension.class)
class ImportOptionsWindowTest {
    static final String SAMPLE = "paddleocr-mobile-v2-cls.onnx";
    static final String H = "p2o.DynamicDimension.1";
    static final String W = "p2o.DynamicDimension.2";
    @TempDir
    static Path config;
    @TempDir
    Path dir;
    private ExplorerWindow window;
    private Session session;

    @Start
    void start(Stage stage) {
        session = new Session();
        window = TestWindows.show(stage, session, config, 1400, 900);
        window.openSample(SAMPLE);
    }

    @Stop
    void stop() {
        window.close();
    }

    private void waitEvaluated() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.isOpen() && session.evaluation() != null
                && !session.evaluatingProperty().get() && session.evaluation().placement().size()
                        == session.problem().operators());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    private TextField dimField(FxRobot robot, String name) {
        return robot.lookup(".import-dim").queryAllAs(TextField.class).stream()
                .filter(f -> name.equals(f.getUserData())).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private void type(FxRobot robot, TextField f, String text) {
        robot.clickOn(f);
        robot.interact(f::selectAll);
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void setDimensionsInTheDialogGivesTheCliNumbersAndKeepsPlacementAndSession(FxRobot robot) throws Exception {
        waitEvaluated();
        String file = session.modelProperty().get().file();
        assertEquals(224L, session.modelProperty().get().effective().dims().get(H));
        // a placement of the user's own: the first ten operators on another device, one pinned, kept by name
        int other = (session.placement().deviceOf(0) + 1) % session.problem().deviceCount();
        WaitForAsyncUtils.asyncFx(() -> {
            session.assign(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, other);
            session.pin(new int[] {3}, true);
            session.putNamed("mine", session.placement());
        }).get();
        waitEvaluated();
        Placement mine = session.placement();
        Map<String, Placement> namedBefore = Map.copyOf(session.named());

        WaitForAsyncUtils.asyncFx(window::showImportOptions).get();
        WaitForAsyncUtils.waitForFxEvents();
        TextField h = dimField(robot, H);
        TextField w = dimField(robot, W);
        assertEquals("224", h.getText());
        assertEquals("1", dimField(robot, "p2o.DynamicDimension.0").getText());
        Node ok = robot.lookup("#import-ok").query();
        Label error = robot.lookup("#import-error").queryAs(Label.class);
        assertFalse(ok.isDisable());

        type(robot, h, "0");
        assertTrue(ok.isDisable(), "0 is not a size");
        assertTrue(error.isVisible() && error.getText().startsWith(H + " must be a whole number of 1 or more"),
                error.getText());
        type(robot, h, "48");
        type(robot, w, "192");
        assertFalse(ok.isDisable(), error.getText());
        assertFalse(error.isVisible());
        robot.clickOn(ok);

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Long.valueOf(192)
                .equals(session.modelProperty().get().effective().dims().get(W)));
        waitEvaluated();
        assertEquals(Map.of("p2o.DynamicDimension.0", 1L, H, 48L, W, 192L), session.modelProperty().get().effective()
                .dims());

        // the CLI with the same --dim values: the same FLOPs, and the evaluator's objective of the same placement
        String[] dims = {"--dim", H + "=48", "--dim", W + "=192"};
        JsonNode info = Json.parse("info", cli("info", file, "--json", dims[0], dims[1], dims[2], dims[3]).getBytes());
        assertEquals(info.get("flops").asDouble(), session.problem().graph().totalFlops(), 0);
        assertTrue(info.get("flops").asDouble() < 0.25 * 171e6, "smaller images, less work");
        ObjectNode pj = Json.object();
        PlacementJson.writeFields(pj, session.problem(), session.placement());
        Path pf = dir.resolve("p.json");
        Json.write(pf, pj);
        JsonNode ev = Json.parse("evaluate", cli("evaluate", file, "--cluster", "cpu-2gpu", "--placement",
                pf.toString(), "--objective", session.objective().jsonName(), "--json", dims[0], dims[1], dims[2],
                dims[3]).getBytes());
        assertEquals(ev.get("objective").asDouble(), session.evaluation().objective(), 0,
                "the window shows the evaluator's number, as the CLI does");

        // same operators and ids: the user's placement and the named ones survive
        assertArrayEquals(mine.devices(), session.placement().devices());
        assertEquals(mine.pinned(), session.placement().pinned());
        assertEquals(namedBefore.keySet(), session.named().keySet());
        assertEquals(namedBefore.get("mine"), session.named().get("mine"));
        String status = robot.lookup("#status-message").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Placements kept — read " + SAMPLE + " again"), status);
        assertTrue(session.dirtyProperty().get(), "the new sizes are unsaved work");

        // saved and reopened: the session reads the model with the same sizes
        Path sf = dir.resolve("paddle.session.json");
        WaitForAsyncUtils.asyncFx(() -> window.saveTo(sf)).get();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(sf) && !session.dirtyProperty().get());
        JsonNode saved = Json.read(sf);
        assertEquals(48, saved.get("import").get("dims").get(H).asInt());
        double objective = session.evaluation().objective();
        WaitForAsyncUtils.asyncFx(() -> window.openSample("tiny-resnet.json")).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.problem().graph().name().equals("tiny-resnet"));
        WaitForAsyncUtils.asyncFx(() -> window.open(sf)).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> sf.equals(session.sessionFileProperty().get()));
        waitEvaluated();
        assertEquals(192L, session.modelProperty().get().effective().dims().get(W));
        assertEquals(48L, session.modelProperty().get().options().dims().get(H));
        assertEquals(info.get("flops").asDouble(), session.problem().graph().totalFlops(), 0);
        assertArrayEquals(mine.devices(), session.placement().devices());
        assertEquals(objective, session.evaluation().objective(), 0);
    }
}
