package org.placementexplorer.ui.theme;

import javafx.application.Platform;
import javafx.scene.Scene;

/** Spreads work over frames so that no single frame styles and lays out everything at once. */
public final class Pulses {
    private Pulses() {
    }

    /**
     * Runs {@code r} on the FX thread after the scene's next pulse (its CSS and layout done), or soon
     * if there is no scene. A model opening builds the device cards this way, one frame after the rest
     * of the window has taken the new model (ADR 47).
     */
    public static void afterNextPulse(Scene scene, Runnable r) {
        afterPulses(scene, 1, r);
    }

    /**
     * Runs {@code r} on the FX thread after {@code n} more pulses of the scene; soon if there is no
     * scene or it is not in a showing window (it would get no pulses).
     */
    public static void afterPulses(Scene scene, int n, Runnable r) {
        if (n <= 0 || scene == null || scene.getWindow() == null || !scene.getWindow().isShowing()) {
            Platform.runLater(r);
            return;
        }
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            scene.removePostLayoutPulseListener(listener[0]);
            Platform.runLater(() -> afterPulses(scene, n - 1, r));
        };
        scene.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
    }
}
