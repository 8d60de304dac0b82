package org.placementexplorer.ui.theme;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.IntBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javafx.application.Platform;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Window;

import org.placementexplorer.draw.Drawing;
import org.placementexplorer.draw.Png;

/**
 * Shows a {@link Drawing} rasterised on a background thread of its own (ADR 47). The FX thread only
 * hands the drawing over and, once the pixels are ready, swaps the image, so the render thread copies
 * one texture instead of rasterising a thousand anti-aliased shapes — which, with JavaFX's software
 * renderer (no GPU), took 0.05–0.15 s a frame and held the FX thread at its next pulse that long.
 * Only the newest drawing is painted: those handed over while one is being painted are skipped.
 */
public final class RasterLayer {
    private record Job(Supplier<Drawing> source, double scale, long serial) {
    }

    private final ImageView view = new ImageView();
    private final ExecutorService worker;
    private final AtomicReference<Job> pending = new AtomicReference<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private PixelBuffer<IntBuffer> pixels;
    private long submitted;
    private long shownSerial;
    private long shown;
    private volatile long lastRasterNanos;

    public RasterLayer(String name) {
        // one thread at most, gone after a few idle seconds: views that are thrown away leave no thread behind
        worker = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "raster-" + name);
            t.setDaemon(true);
            return t;
        });
        view.setMouseTransparent(true);
        view.setManaged(false);
        view.setSmooth(false);
    }

    /** The node showing the newest painted drawing at its drawing size; add it under the event surface. */
    public ImageView node() {
        return view;
    }

    /** Paints a drawing off the FX thread and shows it when done. FX thread. */
    public void show(Drawing d) {
        show(() -> d);
    }

    /**
     * Builds a drawing and paints it, both off the FX thread, and shows it when done. The source runs
     * on the layer's thread: it must only read values it captured (e.g. an immutable chart and a view).
     */
    public void show(Supplier<Drawing> source) {
        pending.set(new Job(source, outputScale(), ++submitted));
        kick();
    }

    /** Drawings handed over so far. */
    public long submitted() {
        return submitted;
    }

    /** Drawings shown so far (skipped ones not counted). */
    public long shown() {
        return shown;
    }

    /** True when the newest drawing handed over is the one on screen. FX thread. */
    public boolean upToDate() {
        return shownSerial == submitted;
    }

    /** Time the background thread took to build and paint the last drawing. */
    public long lastRasterNanos() {
        return lastRasterNanos;
    }

    private void kick() {
        if (pending.get() != null && draining.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Job j;
            while ((j = pending.getAndSet(null)) != null) {
                long t0 = System.nanoTime();
                Drawing d = j.source().get();
                BufferedImage img = Png.raster(d, j.scale(), BufferedImage.TYPE_INT_ARGB_PRE);
                lastRasterNanos = System.nanoTime() - t0;
                Job done = j;
                Platform.runLater(() -> publish(done, d, img));
            }
        } catch (RuntimeException | Error e) {
            // a failed paint leaves the previous picture; the next drawing tries again
            System.err.println("Could not paint a view: " + e);
        } finally {
            draining.set(false);
            kick();
        }
    }

    private void publish(Job j, Drawing d, BufferedImage img) {
        if (j.serial() <= shownSerial) {
            return;
        }
        int[] src = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int w = img.getWidth();
        int h = img.getHeight();
        if (pixels == null || pixels.getWidth() != w || pixels.getHeight() != h) {
            // a new size: a new image (and texture); otherwise the same texture is updated in place
            pixels = new PixelBuffer<>(w, h, IntBuffer.allocate(w * h), PixelFormat.getIntArgbPreInstance());
            pixels.getBuffer().put(src).rewind();
            view.setImage(new WritableImage(pixels));
        } else {
            pixels.updateBuffer(b -> {
                b.getBuffer().rewind();
                b.getBuffer().put(src).rewind();
                return null;
            });
        }
        view.setFitWidth(d.width());
        view.setFitHeight(d.height());
        shownSerial = j.serial();
        shown++;
    }

    private double outputScale() {
        if (view.getScene() == null) {
            return 1;
        }
        Window w = view.getScene().getWindow();
        return w == null ? 1 : Math.max(1, Math.max(w.getOutputScaleX(), w.getOutputScaleY()));
    }
}
