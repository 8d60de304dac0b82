package org.placementexplorer.draw;

import java.util.Locale;

/** Writes a {@link Drawing} as an SVG 1.1 document (text in DejaVu Sans, falling back to sans-serif). */
public final class Svg {
    private Svg() {
    }

    public static String of(Drawing d) {
        StringBuilder sb = new StringBuilder(64 * d.shapes().size() + 256);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(n(d.width()))
                .append("\" height=\"").append(n(d.height())).append("\" viewBox=\"0 0 ").append(n(d.width()))
                .append(' ').append(n(d.height())).append("\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n");
        if (d.background() != null) {
            sb.append("<rect width=\"100%\" height=\"100%\"").append(fill(d.background())).append("/>\n");
        }
        int clips = 0;
        int open = 0;
        for (Drawing.Shape s : d.shapes()) {
            switch (s) {
                case Drawing.Rect r -> {
                    sb.append("<rect x=\"").append(n(r.x())).append("\" y=\"").append(n(r.y())).append("\" width=\"")
                            .append(n(Math.max(0, r.w()))).append("\" height=\"").append(n(Math.max(0, r.h())))
                            .append('"');
                    if (r.arc() > 0) {
                        sb.append(" rx=\"").append(n(r.arc() / 2)).append('"');
                    }
                    sb.append(r.fill() == null ? " fill=\"none\"" : fill(r.fill()));
                    stroke(sb, r.stroke(), r.strokeWidth(), r.dash());
                    sb.append("/>\n");
                }
                case Drawing.Line l -> {
                    sb.append("<line x1=\"").append(n(l.x1())).append("\" y1=\"").append(n(l.y1())).append("\" x2=\"")
                            .append(n(l.x2())).append("\" y2=\"").append(n(l.y2())).append('"');
                    stroke(sb, l.stroke(), l.width(), l.dash());
                    sb.append("/>\n");
                }
                case Drawing.Path p -> {
                    sb.append(p.closed() ? "<polygon" : "<polyline").append(" points=\"");
                    for (int i = 0; i < p.xs().length; i++) {
                        sb.append(i == 0 ? "" : " ").append(n(p.xs()[i])).append(',').append(n(p.ys()[i]));
                    }
                    sb.append('"').append(p.closed() && p.fill() != null ? fill(p.fill()) : " fill=\"none\"");
                    stroke(sb, p.stroke(), p.width(), p.dash());
                    sb.append("/>\n");
                }
                case Drawing.Text t -> {
                    if (t.text().isEmpty()) {
                        continue;
                    }
                    sb.append("<text x=\"").append(n(t.x())).append("\" y=\"").append(n(t.y())).append("\" font-size=\"")
                            .append(n(t.size())).append('"');
                    if (t.bold()) {
                        sb.append(" font-weight=\"bold\"");
                    }
                    if (t.align() != Drawing.Align.LEFT) {
                        sb.append(" text-anchor=\"").append(t.align() == Drawing.Align.CENTER ? "middle" : "end")
                                .append('"');
                    }
                    sb.append(fill(t.colour())).append('>').append(escape(t.text())).append("</text>\n");
                }
                case Drawing.Clip c -> {
                    clips++;
                    sb.append("<clipPath id=\"c").append(clips).append("\"><rect x=\"").append(n(c.x())).append("\" y=\"")
                            .append(n(c.y())).append("\" width=\"").append(n(Math.max(0, c.w()))).append("\" height=\"")
                            .append(n(Math.max(0, c.h()))).append("\"/></clipPath>\n<g clip-path=\"url(#c")
                            .append(clips).append(")\">\n");
                    open++;
                }
                case Drawing.Unclip u -> {
                    if (open > 0) {
                        sb.append("</g>\n");
                        open--;
                    }
                }
            }
        }
        while (open-- > 0) {
            sb.append("</g>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String fill(Colour c) {
        String s = " fill=\"" + c.hex() + '"';
        return c.a() < 1 ? s + " fill-opacity=\"" + n(c.a()) + '"' : s;
    }

    private static void stroke(StringBuilder sb, Colour c, double width, double[] dash) {
        if (c == null || width <= 0) {
            return;
        }
        sb.append(" stroke=\"").append(c.hex()).append("\" stroke-width=\"").append(n(width)).append('"');
        if (c.a() < 1) {
            sb.append(" stroke-opacity=\"").append(n(c.a())).append('"');
        }
        if (dash != null && dash.length > 0) {
            sb.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) {
                sb.append(i == 0 ? "" : ",").append(n(dash[i]));
            }
            sb.append('"');
        }
    }

    /** A number with at most two decimals and no exponent. */
    static String n(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        double r = Math.round(v * 100) / 100.0;
        if (r == Math.rint(r) && Math.abs(r) < 1e15) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.2f", r).replaceAll("0+$", "");
    }

    /** XML text: &amp;, &lt;, &gt;, quotes escaped; control characters dropped. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (ch >= 0x20 || ch == '\t') {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
