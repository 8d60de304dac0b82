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
        // after the window's first frames (painting the empty window the first time is start-up)
        org.placementexplorer.ui.theme.Pulses.afterPulses(window.scene(), 2, App::startProbe);
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

    /**
     * {@code -Dpe.fxprobe=SECONDS}: for that long after the window's first frames, post to the FX thread
     * every 2 ms and keep the longest wait until a post ran; then print it and quit
     * (docs/benchmarks.md#gui). It measures this machine's responsiveness with the app as shipped while
     * it opens the bundled sample (or the file given), lays it out and evaluates it.
     */
    private static void startProbe() {
        String s = System.getProperty("pe.fxprobe");
        if (s == null) {
            return;
        }
        double seconds = Double.parseDouble(s);
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long worst = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
                Platform.runLater(ran::countDown);
                try {
                    ran.await();
                    worst = Math.max(worst, System.nanoTime() - t0);
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.printf(java.util.Locale.ROOT, "fx-probe: worst FX-thread block %.1f ms in the first %.0f s%n",
                    worst / 1e6, seconds);
            Platform.exit();
        }, "fx-probe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
    }
}
