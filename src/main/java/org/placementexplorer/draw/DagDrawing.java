package org.placementexplorer.draw;

/**
 * Draws a {@link DagPicture} at a scale and offset into a {@link Drawing}, the way the explorer's
 * DAG view looks: device colours, red edges that cross devices, labels when boxes are large enough,
 * plain rectangles far out. Only what lies in the viewport is drawn.
 */
public final class DagDrawing {
    private DagDrawing() {
    }

    /** Scale and offset {scale, tx, ty} that fit the whole picture in a viewport (at most scale 1). */
    public static double[] fit(DagPicture pic, double width, double height) {
        double s = Math.min(1, Math.min((width - 20) / Math.max(1, pic.width()), (height - 20) / Math.max(1,
                pic.height())));
        s = Math.max(s, 1e-4);
        return new double[] {s, (width - pic.width() * s) / 2, (height - pic.height() * s) / 2};
    }

    /** The whole picture at a scale (e.g. 1 for full size). */
    public static Drawing whole(DagPicture pic, double scale, boolean dark) {
        return draw(pic, scale, 0, 0, Math.ceil(pic.width() * scale), Math.ceil(pic.height() * scale), dark);
    }

    public static Drawing draw(DagPicture pic, double scale, double tx, double ty, double width, double height,
            boolean dark) {
        Colour bg = dark ? Colour.hex("#1E2127") : Colour.hex("#F7F8FA");
        Drawing d = new Drawing(width, height, bg);
        double wx0 = -tx / scale;
        double wy0 = -ty / scale;
        double wx1 = (width - tx) / scale;
        double wy1 = (height - ty) / scale;
        Colour edge = dark ? Colour.hex("#7D8590") : Colour.hex("#8A94A3");
        Colour transfer = dark ? Colour.hex("#FF6B6B") : Colour.hex("#C0392B");
        Colour outline = dark ? Colour.hex("#CFD6E0") : Colour.hex("#2B3440");
        Colour accent = dark ? Colour.hex("#FFD166") : Colour.hex("#1F5FCC");
        Colour moved = dark ? Colour.hex("#FF9F1C") : Colour.hex("#D62828");
        boolean arrows = scale > 0.35;
        boolean straight = scale < 0.2;
        for (DagPicture.Edge e : pic.edges()) {
            double[] p = e.points();
            int n = p.length / 2;
            if (n < 2 || !meets(p, wx0, wy0, wx1, wy1)) {
                continue;
            }
            Colour c = e.cross() ? transfer : edge;
            double lw = e.dashed() ? 1 : Math.max(0.8, Math.min(7, 0.8 + 1.1 * Math.log10(1 + e.bytes() / 1e4)));
            lw = Math.max(lw * scale, 0.8);
            double[] xs;
            double[] ys;
            if (straight) {
                xs = new double[] {p[0] * scale + tx, p[2 * n - 2] * scale + tx};
                ys = new double[] {p[1] * scale + ty, p[2 * n - 1] * scale + ty};
            } else {
                xs = new double[n];
                ys = new double[n];
                for (int i = 0; i < n; i++) {
                    xs[i] = p[2 * i] * scale + tx;
                    ys[i] = p[2 * i + 1] * scale + ty;
                }
            }
            d.add(new Drawing.Path(xs, ys, false, null, c, lw, e.dashed() ? new double[] {5, 4} : null));
            if (arrows) {
                int m = xs.length;
                arrow(d, xs[m - 2], ys[m - 2], xs[m - 1], ys[m - 1], c, 7 * Math.min(1.5, scale));
            }
        }
        boolean coarse = scale < 0.12;
        boolean labels = scale >= 0.42;
        boolean subLabels = scale >= 0.75;
        for (DagPicture.Box b : pic.boxes()) {
            if (b.x() + b.w() < wx0 || b.x() > wx1 || b.y() + b.h() < wy0 || b.y() > wy1) {
                continue;
            }
            double x = b.x() * scale + tx;
            double y = b.y() * scale + ty;
            double w = b.w() * scale;
            double h = b.h() * scale;
            Colour fill = b.fill();
            if (b.mark() == DagPicture.Mark.FADED) {
                fill = fill.mix(bg, 0.6);
            }
            if (coarse) {
                d.rect(x, y, w, h, fill);
                if (b.rightFill() != null) {
                    d.rect(x + w / 2, y, w / 2, h, b.rightFill());
                }
                if (b.mark() == DagPicture.Mark.SELECTED || b.mark() == DagPicture.Mark.MOVED) {
                    d.rect(x - 1, y - 1, w + 2, h + 2, 0, null, b.mark() == DagPicture.Mark.MOVED ? moved : accent, 2);
                }
                continue;
            }
            double arc = 8 * scale;
            if (b.group()) {
                d.rect(x, y, w, h, arc, dark ? Colour.hex("#2C313A") : Colour.WHITE, null, 0);
                if (b.shares() != null) {
                    double sx = x;
                    for (int k = 0; k < b.shares().length; k++) {
                        if (b.shares()[k] > 0) {
                            d.rect(sx, y + h - 12 * scale, w * b.shares()[k], 12 * scale, Colours.device(k));
                            sx += w * b.shares()[k];
                        }
                    }
                }
                d.rect(x - 3 * scale, y - 3 * scale, w + 6 * scale, h + 6 * scale, 12 * scale, null, outline, 1.2);
            } else {
                d.rect(x, y, w, h, arc, fill, null, 0);
                if (b.rightFill() != null) {
                    Colour rf = b.mark() == DagPicture.Mark.FADED ? b.rightFill().mix(bg, 0.6) : b.rightFill();
                    d.add(new Drawing.Path(new double[] {x + w / 2, x + w - arc / 2, x + w, x + w, x + w - arc / 2,
                        x + w / 2}, new double[] {y, y, y + arc / 2, y + h - arc / 2, y + h, y + h}, true, rf, null, 0,
                        null));
                }
            }
            boolean sel = b.mark() == DagPicture.Mark.SELECTED;
            boolean mv = b.mark() == DagPicture.Mark.MOVED;
            d.rect(x, y, w, h, arc, null, sel ? accent : mv ? moved : outline.withAlpha(b.mark()
                    == DagPicture.Mark.FADED ? 0.35 : 1), sel || mv ? 3 : 0.8);
            if (b.pinned()) {
                d.add(new Drawing.Rect(x + w - 11 * scale, y - 4 * scale, 12 * scale, 12 * scale, 12 * scale, outline,
                        null, 0, null));
                d.add(new Drawing.Rect(x + w - 8 * scale, y - 1 * scale, 6 * scale, 6 * scale, 6 * scale, fill, null, 0,
                        null));
            }
            if (labels) {
                Colour text = b.group() ? (dark ? Colour.hex("#E6E9EF") : Colour.BLACK) : fill.textOn();
                if (b.mark() == DagPicture.Mark.FADED && !b.group()) {
                    text = text.withAlpha(0.6);
                }
                double fs = 12 * scale;
                boolean hasSub = !b.subtitle().isEmpty();
                double ty0 = subLabels && hasSub ? y + h / 2 - 3 * scale : y + h / 2 + 4 * scale;
                if (b.group()) {
                    ty0 = y + 17 * scale;
                }
                d.text(x + w / 2, ty0, Drawing.fit(b.title(), w - 6 * scale, fs, true), text, fs, true,
                        Drawing.Align.CENTER);
                if (b.group() || subLabels) {
                    double ss = 10 * scale;
                    d.text(x + w / 2, b.group() ? y + 31 * scale : y + h / 2 + 11 * scale, Drawing.fit(b.subtitle(),
                            w - 6 * scale, ss, false), text, ss, false, Drawing.Align.CENTER);
                }
            }
        }
        return d;
    }

    private static boolean meets(double[] p, double x0, double y0, double x1, double y1) {
        double a = Double.POSITIVE_INFINITY;
        double b = Double.POSITIVE_INFINITY;
        double c = Double.NEGATIVE_INFINITY;
        double e = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 1 < p.length; i += 2) {
            a = Math.min(a, p[i]);
            c = Math.max(c, p[i]);
            b = Math.min(b, p[i + 1]);
            e = Math.max(e, p[i + 1]);
        }
        return !(c < x0 || a > x1 || e < y0 || b > y1);
    }

    /** A filled arrow head {@code s} long at (x1, y1), pointing away from (x0, y0); pixel coordinates. */
    public static void arrow(Drawing d, double x0, double y0, double x1, double y1, Colour c, double s) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len = Math.hypot(dx, dy);
        if (len < 1e-6) {
            return;
        }
        dx /= len;
        dy /= len;
        d.add(new Drawing.Path(new double[] {x1, x1 - s * dx + s * 0.5 * dy, x1 - s * dx - s * 0.5 * dy},
                new double[] {y1, y1 - s * dy - s * 0.5 * dx, y1 - s * dy + s * 0.5 * dx}, true, c, null, 0, null));
    }
}
