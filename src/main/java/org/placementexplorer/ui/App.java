package org.placementexplorer.ui;

import java.nio.file.Path;
import java.util.List;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import org.placementexplorer.io.Samples;
import org.placementexplorer.ui.explorer.AppConfig;
import org.placementexplorer.ui.explorer.ExplorerWindow;
import org.placementexplorer.ui.session.Autosave;
import org.placementexplorer.ui.session.Session;

/**
 * The JavaFX application: one explorer window on one session. No argument opens the default
 * sample; a file argument opens that file. A recovery file left by a crash is offered first.
 */
public final class App extends Application {
    private ExplorerWindow window;

    /**
     * Rendering settings to give before JavaFX starts (the launcher and the GUI benchmark call it).
     * Region background caching off: with the software renderer (no GPU) a cached background is
     * re-stretched as a nine-slice image over every repainted area, which cost more than painting
     * the fills themselves (ADR 47). A value given on the command line wins.
     */
    public static void renderingDefaults() {
        if (System.getProperty("prism.disableRegionCaching") == null) {
            System.setProperty("prism.disableRegionCaching", "true");
        }
    }

    @Override
    public void start(Stage stage) {
        AppConfig config = AppConfig.load();
        Session session = new Session();
        window = new ExplorerWindow(stage, session, config);
        stage.show();
        List<String> args = getParameters().getRaw();
        var orphan = Autosave.orphan(config.dir());
        Platform.runLater(() -> {
            if (orphan.isPresent() && window.offerRecovery(orphan.get())) {
                return;
            }
            if (args.isEmpty()) {
                window.openSample(Samples.GRAPHS.get(0));
            } else {
                window.open(Path.of(args.get(0)));
            }
        });
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }
}
