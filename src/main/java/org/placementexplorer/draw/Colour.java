package org.placementexplorer.draw;

import java.util.Locale;

/** An sRGB colour with opacity, for drawings that are painted on a canvas or written as SVG or PNG. */
public record Colour(int r, int g, int b, double a) {
    public static final Colour BLACK = new Colour(0, 0, 0, 1);
    public static final Colour WHITE = new Colour(255, 255, 255, 1);

    public Colour {
        if (r < 0 || r > 255 || g < 0 || g > 255 || b < 0 || b > 255 || !(a >= 0 && a <= 1)) {
            throw new IllegalArgumentException("not a colour: " + r + "," + g + "," + b + "," + a);
        }
    }

    /** From "#rrggbb". */
    public static Colour hex(String s) {
        String h = s.startsWith("#") ? s.substring(1) : s;
        if (h.length() != 6) {
            throw new IllegalArgumentException("not a #rrggbb colour: " + s);
        }
        int v = Integer.parseInt(h, 16);
        return new Colour((v >> 16) & 255, (v >> 8) & 255, v & 255, 1);
    }

    /** "#rrggbb" (opacity not included). */
    public String hex() {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    public Colour withAlpha(double alpha) {
        return new Colour(r, g, b, alpha);
    }

    /** This colour moved a fraction t (0..1) towards another. */
    public Colour mix(Colour o, double t) {
        return new Colour((int) Math.round(r + (o.r - r) * t), (int) Math.round(g + (o.g - g) * t),
                (int) Math.round(b + (o.b - b) * t), a + (o.a - a) * t);
    }

    /** Relative luminance in 0..1 (sRGB weights on the gamma-encoded values, as the DAG view uses). */
    public double luminance() {
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0;
    }

    /** Black or white, whichever reads better on this colour. */
    public Colour textOn() {
        return luminance() > 0.5 ? BLACK : WHITE;
    }
}
