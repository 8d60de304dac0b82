package org.placementexplorer.ui.gantt;

import java.util.function.Supplier;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

import org.placementexplorer.draw.Drawing;
import org.placementexplorer.draw.GanttChart;

/**
 * The Gantt view's state without drawing anything: the chart, the time window, the colouring, the
 * selected operator and the canvas size; zoom, pan and hit-testing in pixels. A window shared by two
 * models ({@link #shareWindow}) keeps two charts on the same time scale.
 */
public final class GanttModel {
    /** The visible time window [t0, t1]. */
    public record Window(double t0, double t1) {
    }

    private final ObjectProperty<GanttChart> chart = new SimpleObjectProperty<>(this, "chart");
    private ObjectProperty<Window> window = new SimpleObjectProperty<>(this, "window", new Window(0, 1));
    private final ObjectProperty<GanttChart.ColourBy> colourBy = new SimpleObjectProperty<>(this, "colourBy",
            GanttChart.ColourBy.DEVICE);
    private final IntegerProperty selectedOp = new SimpleIntegerProperty(this, "selectedOp", -1);
    private final BooleanProperty critical = new SimpleBooleanProperty(this, "critical", true);
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final ReadOnlyLongWrapper changes = new ReadOnlyLongWrapper(this, "changes");
    private double width = 800;
    private double height = 200;
    private double scrollY;
    private boolean fitted = true;

    public GanttModel() {
        chart.addListener((o, a, b) -> {
            if (b != null && (fitted || a == null)) {
                fit();
            }
            clampScroll();
            changed();
        });
        window.addListener((o, a, b) -> changed());
        colourBy.addListener((o, a, b) -> changed());
        selectedOp.addListener((o, a, b) -> changed());
        critical.addListener((o, a, b) -> changed());
        dark.addListener((o, a, b) -> changed());
    }

    private void changed() {
        changes.set(changes.get() + 1);
    }

    /** Increases whenever what is drawn changes (the view repaints on it). */
    public ReadOnlyLongProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    public ObjectProperty<GanttChart> chartProperty() {
        return chart;
    }

    public GanttChart chart() {
        return chart.get();
    }

    public ObjectProperty<Window> windowProperty() {
        return window;
    }

    public ObjectProperty<GanttChart.ColourBy> colourByProperty() {
        return colourBy;
    }

    public IntegerProperty selectedOpProperty() {
        return selectedOp;
    }

    public BooleanProperty criticalProperty() {
        return critical;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** Uses another model's time window (both charts then zoom and pan together). */
    public void shareWindow(GanttModel other) {
        window = other.window;
        window.addListener((o, a, b) -> changed());
        changed();
    }

    public void setSize(double w, double h) {
        if (w != width || h != height) {
            width = w;
            height = h;
            clampScroll();
            changed();
        }
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public GanttChart.View view() {
        Window w = window.get();
        return new GanttChart.View(w.t0(), w.t1(), width, height, scrollY, colourBy.get(), dark.get(),
                selectedOp.get(), critical.get());
    }

    public Drawing draw() {
        return drawLater().get();
    }

    /**
     * The drawing of what is on screen now, to be built later on any thread: the chart is immutable
     * and the view a copy, so later changes do not reach it.
     */
    public Supplier<Drawing> drawLater() {
        GanttChart c = chart.get();
        GanttChart.View v = view();
        double w = width;
        double h = height;
        return c == null ? () -> new Drawing(w, h, null) : () -> c.draw(v);
    }

    // ------------------------------------------------------------------ navigation

    /** Shows the whole schedule. */
    public void fit() {
        GanttChart c = chart.get();
        double end = c == null || c.end() <= 0 ? 1 : c.end();
        fitted = true;
        window.set(new Window(0, end * 1.02));
    }

    /** Zooms by a factor (greater than 1 zooms in) keeping the time under pixel x in place. */
    public void zoomAt(double factor, double x) {
        Window w = window.get();
        double span = w.t1() - w.t0();
        double px = Math.max(GanttChart.LABEL_WIDTH, Math.min(width, x));
        double t = w.t0() + (px - GanttChart.LABEL_WIDTH) / plotWidth() * span;
        double next = span / factor;
        double min = minSpan();
        double max = maxSpan();
        next = Math.max(min, Math.min(max, next));
        double f = (t - w.t0()) / span;
        fitted = false;
        window.set(clamp(t - f * next, next));
    }

    /** Pans by a number of pixels (positive moves later times into view). */
    public void panPixels(double dx) {
        Window w = window.get();
        double span = w.t1() - w.t0();
        fitted = false;
        window.set(clamp(w.t0() + dx / plotWidth() * span, span));
    }

    /** Scrolls the rows (when they do not all fit). */
    public void scrollRows(double dy) {
        scrollY += dy;
        clampScroll();
        changed();
    }

    private void clampScroll() {
        GanttChart c = chart.get();
        double max = c == null ? 0 : Math.max(0, c.contentHeight(view()) - height);
        scrollY = Math.max(0, Math.min(max, scrollY));
    }

    private Window clamp(double t0, double span) {
        GanttChart c = chart.get();
        double end = c == null || c.end() <= 0 ? 1 : c.end() * 1.02;
        double lo = -0.02 * end;
        double hi = Math.max(end, span + lo);
        t0 = Math.max(lo, Math.min(hi - span, t0));
        return new Window(t0, t0 + span);
    }

    private double plotWidth() {
        return Math.max(1, width - GanttChart.LABEL_WIDTH);
    }

    private double minSpan() {
        GanttChart c = chart.get();
        double end = c == null || c.end() <= 0 ? 1 : c.end();
        return end * 1e-6;
    }

    private double maxSpan() {
        GanttChart c = chart.get();
        double end = c == null || c.end() <= 0 ? 1 : c.end();
        return end * 1.5;
    }

    /** The bar under a point, or -1. */
    public int barAt(double x, double y) {
        GanttChart c = chart.get();
        return c == null ? -1 : c.barAt(x, y, view());
    }

    /** Zooms so that a bar fills a third of the plot, centred. */
    public void showBar(int bar) {
        GanttChart c = chart.get();
        if (c == null || bar < 0) {
            return;
        }
        GanttChart.Bar b = c.bars().get(bar);
        Window w = window.get();
        double span = w.t1() - w.t0();
        double mid = (b.start() + b.end()) / 2;
        if (b.start() >= w.t0() && b.end() <= w.t1()) {
            return;
        }
        fitted = false;
        window.set(clamp(mid - span / 2, span));
    }
}
