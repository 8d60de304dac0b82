package org.placementexplorer.ui.theme;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.geometry.VPos;

import org.placementexplorer.draw.Colour;
import org.placementexplorer.draw.Drawing;

/** Paints a {@link Drawing} on a canvas: the same shapes the SVG and PNG exports contain. */
public final class FxPainter {
    private FxPainter() {
    }

    public static void paint(GraphicsContext g, Drawing d) {
        g.save();
        g.setTransform(1, 0, 0, 1, 0, 0);
        if (d.background() != null) {
            g.setFill(Palette.fx(d.background()));
            g.fillRect(0, 0, d.width(), d.height());
        } else {
            g.clearRect(0, 0, d.width(), d.height());
        }
        g.setTextBaseline(VPos.BASELINE);
        int clips = 0;
        for (Drawing.Shape s : d.shapes()) {
            switch (s) {
                case Drawing.Rect r -> {
                    if (r.fill() != null) {
                        g.setFill(fx(r.fill()));
                        if (r.arc() > 0) {
                            g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), r.arc(), r.arc());
                        } else {
                            g.fillRect(r.x(), r.y(), r.w(), r.h());
                        }
                    }
                    if (r.stroke() != null && r.strokeWidth() > 0) {
                        stroke(g, r.stroke(), r.strokeWidth(), r.dash());
                        if (r.arc() > 0) {
                            g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), r.arc(), r.arc());
                        } else {
                            g.strokeRect(r.x(), r.y(), r.w(), r.h());
                        }
                    }
                }
                case Drawing.Line l -> {
                    stroke(g, l.stroke(), l.width(), l.dash());
                    g.strokeLine(l.x1(), l.y1(), l.x2(), l.y2());
                }
                case Drawing.Path p -> {
                    if (p.closed() && p.fill() != null) {
                        g.setFill(fx(p.fill()));
                        g.fillPolygon(p.xs(), p.ys(), p.xs().length);
                    }
                    if (p.stroke() != null && p.width() > 0) {
                        stroke(g, p.stroke(), p.width(), p.dash());
                        if (p.closed()) {
                            g.strokePolygon(p.xs(), p.ys(), p.xs().length);
                        } else {
                            g.strokePolyline(p.xs(), p.ys(), p.xs().length);
                        }
                    }
                }
                case Drawing.Text t -> {
                    if (t.text().isEmpty()) {
                        continue;
                    }
                    g.setFont(Font.font("DejaVu Sans", t.bold() ? FontWeight.BOLD : FontWeight.NORMAL, t.size()));
                    g.setFill(fx(t.colour()));
                    g.setTextAlign(switch (t.align()) {
                        case LEFT -> TextAlignment.LEFT;
                        case CENTER -> TextAlignment.CENTER;
                        case RIGHT -> TextAlignment.RIGHT;
                    });
                    g.fillText(t.text(), t.x(), t.y());
                }
                case Drawing.Clip c -> {
                    g.save();
                    g.beginPath();
                    g.rect(c.x(), c.y(), c.w(), c.h());
                    g.clip();
                    clips++;
                }
                case Drawing.Unclip u -> {
                    if (clips > 0) {
                        g.restore();
                        clips--;
                    }
                }
            }
        }
        while (clips-- > 0) {
            g.restore();
        }
        g.setLineDashes((double[]) null);
        g.restore();
    }

    private static void stroke(GraphicsContext g, Colour c, double w, double[] dash) {
        g.setStroke(fx(c));
        g.setLineWidth(w);
        g.setLineDashes(dash);
    }

    private static Color fx(Colour c) {
        return Palette.fx(c);
    }
}
