package org.placementexplorer.ui;

import java.nio.file.Path;
import java.util.List;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import org.placementexplorer.app.Version;
import org.placementexplorer.io.Samples;
import org.placementexplorer.ui.shell.ShellModel;
import org.placementexplorer.ui.shell.ShellView;

/** The JavaFX application: one main window on a session. */
public final class App extends Application {
    private ShellModel model;

    @Override
    public void start(Stage stage) {
        model = new ShellModel();
        ShellView view = new ShellView(model, stage);
        Scene scene = new Scene(view.root(), 1280, 800);
        scene.getStylesheets().add(App.class.getResource("/org/placementexplorer/css/app.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Placement Explorer " + Version.get());
        stage.show();
        List<String> args = getParameters().getRaw();
        if (args.isEmpty()) {
            model.openSample(Samples.GRAPHS.get(0), Samples.DEFAULT_CLUSTER);
        } else {
            model.open(Path.of(args.get(0)), Samples.cluster(Samples.DEFAULT_CLUSTER));
        }
    }

    @Override
    public void stop() {
        if (model != null) {
            model.close();
        }
    }
}
