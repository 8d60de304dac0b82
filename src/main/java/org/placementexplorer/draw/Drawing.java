package org.placementexplorer.draw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A picture as a list of shapes in pixel coordinates (origin top left), built once and then painted
 * on a JavaFX canvas, or written as SVG ({@link Svg}) or PNG ({@link Png}). The Gantt chart and the
 * DAG exports are drawn this way, so what the window shows and what the files contain agree.
 */
public final class Drawing {
    /** How a text is placed relative to its x. */
    public enum Align { LEFT, CENTER, RIGHT }

    /** One thing to paint, in order. */
    public sealed interface Shape permits Rect, Line, Path, Text, Clip, Unclip {
    }

    /** A rectangle, optionally with rounded corners (arc = corner diameter); fill or stroke may be null. */
    public record Rect(double x, double y, double w, double h, double arc, Colour fill, Colour stroke,
            double strokeWidth, double[] dash) implements Shape {
    }

    public record Line(double x1, double y1, double x2, double y2, Colour stroke, double width, double[] dash)
            implements Shape {
    }

    /** A polyline, or a polygon when closed; fill only for closed paths. */
    public record Path(double[] xs, double[] ys, boolean closed, Colour fill, Colour stroke, double width,
            double[] dash) implements Shape {
    }

    /** Text with its baseline at y; already shortened to fit (see {@link #fit}). */
    public record Text(double x, double y, String text, Colour colour, double size, boolean bold, Align align)
            implements Shape {
    }

    /** Clips what follows to a rectangle until the matching {@link Unclip}. */
    public record Clip(double x, double y, double w, double h) implements Shape {
    }

    public record Unclip() implements Shape {
    }

    private final double width;
    private final double height;
    private final Colour background;
    private final List<Shape> shapes = new ArrayList<>();

    public Drawing(double width, double height, Colour background) {
        this.width = width;
        this.height = height;
        this.background = background;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public Colour background() {
        return background;
    }

    public List<Shape> shapes() {
        return Collections.unmodifiableList(shapes);
    }

    public Drawing rect(double x, double y, double w, double h, Colour fill) {
        shapes.add(new Rect(x, y, w, h, 0, fill, null, 0, null));
        return this;
    }

    public Drawing rect(double x, double y, double w, double h, double arc, Colour fill, Colour stroke,
            double strokeWidth) {
        shapes.add(new Rect(x, y, w, h, arc, fill, stroke, strokeWidth, null));
        return this;
    }

    public Drawing add(Shape s) {
        shapes.add(s);
        return this;
    }

    public Drawing line(double x1, double y1, double x2, double y2, Colour stroke, double width) {
        shapes.add(new Line(x1, y1, x2, y2, stroke, width, null));
        return this;
    }

    public Drawing text(double x, double y, String text, Colour colour, double size, boolean bold, Align align) {
        shapes.add(new Text(x, y, text, colour, size, bold, align));
        return this;
    }

    public Drawing clip(double x, double y, double w, double h) {
        shapes.add(new Clip(x, y, w, h));
        return this;
    }

    public Drawing unclip() {
        shapes.add(new Unclip());
        return this;
    }

    /** Approximate width of a text in DejaVu Sans (the font every output uses). */
    public static double textWidth(String s, double size, boolean bold) {
        return s.length() * size * (bold ? 0.64 : 0.6);
    }

    /** The text, shortened with an ellipsis to fit a width; empty when not even one letter fits. */
    public static String fit(String s, double width, double size, boolean bold) {
        if (textWidth(s, size, bold) <= width) {
            return s;
        }
        int max = (int) (width / (size * (bold ? 0.64 : 0.6))) - 1;
        if (max < 1) {
            return "";
        }
        return s.substring(0, Math.min(s.length(), max)) + "…";
    }
}
