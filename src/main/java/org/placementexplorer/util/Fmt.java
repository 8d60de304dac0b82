package org.placementexplorer.util;

import java.util.Locale;

import org.placementexplorer.model.Units;

/** Human-readable numbers for reports, the CLI and the GUI. */
public final class Fmt {
    private Fmt() {
    }

    /** Bytes with a binary-free SI prefix: 1.50 GB, 12.0 MB, 512 B. */
    public static String bytes(double b) {
        if (Double.isInfinite(b)) {
            return "unlimited";
        }
        return si(b, "B");
    }

    /** FLOP counts or rates: 3.20 GFLOP. */
    public static String flops(double f) {
        return si(f, "FLOP");
    }

    /** Seconds with an adaptive unit: 12.3 ms, 450 µs, 1.20 s. */
    public static String seconds(double s) {
        if (Double.isInfinite(s)) {
            return "∞";
        }
        if (Double.isNaN(s)) {
            return "—";
        }
        double a = Math.abs(s);
        if (a == 0) {
            return "0 s";
        }
        if (a >= 1) {
            return num(s) + " s";
        }
        if (a >= 1e-3) {
            return num(s * 1e3) + " ms";
        }
        if (a >= 1e-6) {
            return num(s * 1e6) + " µs";
        }
        return num(s * 1e9) + " ns";
    }

    /** A time in a problem's units: adaptive seconds when physical, else the number and the label. */
    public static String time(double t, Units u) {
        if (u.physical()) {
            return seconds(t);
        }
        if (Double.isInfinite(t)) {
            return "∞";
        }
        return num(t) + " " + u.time();
    }

    /** Memory in a problem's units. */
    public static String memory(double m, Units u) {
        if (u.physical() || "B".equals(u.memory())) {
            return bytes(m);
        }
        if (Double.isInfinite(m)) {
            return "unlimited";
        }
        return si(m, u.memory());
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** Three significant digits, no exponent for ordinary magnitudes. */
    public static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        int digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String si(double v, String unit) {
        String[] prefixes = {"", "k", "M", "G", "T", "P", "E"};
        double a = Math.abs(v);
        int i = 0;
        while (a >= 1000 && i < prefixes.length - 1) {
            a /= 1000;
            v /= 1000;
            i++;
        }
        return num(v) + " " + prefixes[i] + unit;
    }
}
