package org.placementexplorer.ui.theme;

import java.util.ArrayDeque;

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
        if (n <= 0 || !showing(scene)) {
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

    private static final Object TURNS = new Object();

    /** Whether the scene is in a showing window, so that it gets pulses. */
    private static boolean showing(Scene scene) {
        return scene != null && scene.getWindow() != null && scene.getWindow().isShowing();
    }

    /**
     * Runs {@code r} on the FX thread after a pulse of the scene, one such piece per frame: pieces
     * queued by different views (the device cards, the side panel) take turns in the order queued, so
     * that a frame styles the new nodes of one piece, not of all (ADR 49). Soon if the scene is not in
     * a showing window.
     */
    public static void inTurn(Scene scene, Runnable r) {
        if (!showing(scene)) {
            Platform.runLater(r);
            return;
        }
        @SuppressWarnings("unchecked")
        ArrayDeque<Runnable> queue = (ArrayDeque<Runnable>) scene.getProperties().computeIfAbsent(TURNS,
                k -> new ArrayDeque<Runnable>());
        queue.add(r);
        if (queue.size() == 1) {
            nextTurn(scene, queue);
        }
    }

    /**
     * A view's pieces in turn of which only the newest round counts: {@link #restart()} drops the
     * pieces of earlier rounds that have not run yet (a model opened while the previous one's cards
     * are still coming in, ADR 49). A dropped piece still takes its turn, doing nothing.
     */
    public static final class Rounds {
        private int round;

        /** Begins a new round: pieces queued in earlier rounds will not run. */
        public void restart() {
            round++;
        }

        /** As {@link Pulses#inTurn}, unless a new round has begun by the time its turn comes. */
        public void inTurn(Scene scene, Runnable r) {
            int mine = round;
            Pulses.inTurn(scene, () -> {
                if (mine == round) {
                    r.run();
                }
            });
        }
    }

    private static void nextTurn(Scene scene, ArrayDeque<Runnable> queue) {
        afterNextPulse(scene, () -> {
            try {
                queue.peek().run();
            } finally {
                queue.poll();
                if (!queue.isEmpty()) {
                    nextTurn(scene, queue);
                }
            }
        });
    }
}
