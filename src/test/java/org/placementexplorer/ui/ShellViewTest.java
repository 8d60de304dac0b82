package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.shell.ShellModel;
import org.placementexplorer.ui.shell.ShellView;
import org.placementexplorer.util.Fmt;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The start window opens the bundled sample and shows the evaluator's numbers (headless). */
@ExtendWith(ApplicationExtension.class)
class ShellViewTest {
    private ShellModel model;

    @Start
    void start(Stage stage) {
        model = new ShellModel();
        ShellView view = new ShellView(model, stage);
        Scene scene = new Scene(view.root(), 1280, 800);
        scene.getStylesheets().add(App.class.getResource("/org/placementexplorer/css/app.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        model.openSample("tiny-resnet.json", "cpu-2gpu");
    }

    @Test
    void showsTheSampleAndTheSingleDeviceBaseline(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.baseline().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup(".table-view").nth(1).queryAs(TableView.class);
        assertEquals(2, table.getItems().size());

        // the same number the evaluator (and so the CLI) gives for the best single device
        Problem p = AnalyticCostModel.problem(ModelLoader.load(Path.of("sample-graphs/tiny-resnet.json")).graph(),
                Samples.cluster("cpu-2gpu"));
        double best = Double.POSITIVE_INFINITY;
        for (int d = 0; d < p.deviceCount(); d++) {
            best = Math.min(best, new Evaluator(p).objective(Placement.allOn(p.operators(), d), Objective.LATENCY));
        }
        String expected = Fmt.time(best, p.units());
        assertTrue(robot.lookup(expected).tryQuery().isPresent(), "latency " + expected + " is shown");

        // a picture for people to look at
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> robot.window(0).getScene().snapshot(null)).get();
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        File f = out.resolve("shell.png").toFile();
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", f);
        assertTrue(f.length() > 10_000);
    }
}
