package org.placementexplorer.ui;

import java.nio.file.Path;

import javafx.stage.Stage;

import org.placementexplorer.ui.explorer.AppConfig;
import org.placementexplorer.ui.explorer.ExplorerWindow;
import org.placementexplorer.ui.session.Session;

/** The explorer window the GUI tests drive: its settings in a temporary folder, no modal dialogs. */
final class TestWindows {
    private TestWindows() {
    }

    static ExplorerWindow show(Stage stage, Session session, Path config, double width, double height) {
        ExplorerWindow window = new ExplorerWindow(stage, session, new AppConfig(config));
        window.setShowDialogs(false);
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
        return window;
    }
}
