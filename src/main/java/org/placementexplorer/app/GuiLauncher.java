package org.placementexplorer.app;

import javafx.application.Application;

import org.placementexplorer.ui.App;

/** Starts the JavaFX application; a missing display gives one clear line instead of a trace. */
final class GuiLauncher {
    private GuiLauncher() {
    }

    static int launch(String[] args) {
        // the DAG layout uses JGraphX's layout classes only; AWT must never try to open a display
        System.setProperty("java.awt.headless", "true");
        App.renderingDefaults();
        try {
            Application.launch(App.class, args);
            return 0;
        } catch (RuntimeException | Error e) {
            String msg = String.valueOf(e.getMessage());
            System.err.println("error: cannot open the window (" + (msg.length() > 120 ? msg.substring(0, 120) : msg)
                    + "). Is a display available? The command line works without one: see --help");
            return 1;
        }
    }
}
