package org.placementexplorer.ui.theme;

import javafx.geometry.Insets;
import javafx.scene.layout.Region;

/**
 * A horizontal bar showing a fraction: a track (style class {@code meter}) and a fill ({@code bar}).
 * The device cards use it instead of {@code ProgressBar}, whose skin (several gradient layers and
 * an animation for the indeterminate state) cost tens of milliseconds to style and paint when a
 * cluster's cards were built or updated with the software renderer (ADR 47).
 */
public final class Meter extends Region {
    private final Region fill = new Region();
    private double progress;

    public Meter() {
        getStyleClass().add("meter");
        fill.getStyleClass().add("bar");
        fill.setManaged(false);
        getChildren().add(fill);
    }

    /** The fraction shown, clamped to 0..1 (NaN shows an empty bar). */
    public void setProgress(double p) {
        double v = Double.isNaN(p) ? 0 : Math.max(0, Math.min(1, p));
        if (v != progress) {
            progress = v;
            requestLayout();
        }
    }

    public double getProgress() {
        return progress;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double w = Math.max(0, getWidth() - in.getLeft() - in.getRight());
        double h = Math.max(0, getHeight() - in.getTop() - in.getBottom());
        fill.resizeRelocate(in.getLeft(), in.getTop(), snapSizeX(w * progress), h);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 100;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 14;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 14;
    }
}
