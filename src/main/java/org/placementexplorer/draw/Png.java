package org.placementexplorer.draw;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.imageio.ImageIO;

/**
 * Paints a {@link Drawing} into a PNG with Java2D, which runs without a display
 * ({@code java.awt.headless=true}): the command line draws the same pictures as the window.
 */
public final class Png {
    /** Largest picture written, in pixels (about 160 MB of memory while it is painted). */
    public static final long MAX_PIXELS = 40_000_000L;

    private Png() {
    }

    /** The PNG bytes of a drawing painted at {@code scale} pixels per drawing unit. */
    public static byte[] of(Drawing d, double scale) {
        BufferedImage img = raster(d, scale, BufferedImage.TYPE_INT_ARGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A drawing painted at {@code scale} pixels per drawing unit into an image of the given
     * {@link BufferedImage} type; safe on any thread (the window rasterises its charts off the FX thread).
     */
    public static BufferedImage raster(Drawing d, double scale, int imageType) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int w = Math.max(1, (int) Math.ceil(d.width() * scale));
        int h = Math.max(1, (int) Math.ceil(d.height() * scale));
        if ((long) w * h > MAX_PIXELS) {
            throw new IllegalArgumentException("a " + w + " × " + h + " picture is too large for a PNG (at most "
                    + MAX_PIXELS / 1_000_000 + " megapixels); use SVG");
        }
        BufferedImage img = new BufferedImage(w, h, imageType);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            if (d.background() != null) {
                g.setColor(awt(d.background()));
                g.fill(new Rectangle2D.Double(0, 0, d.width(), d.height()));
            } else {
                g.setComposite(AlphaComposite.Clear);
                g.fillRect(0, 0, w, h);
                g.setComposite(AlphaComposite.SrcOver);
            }
            paint(g, d);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void paint(Graphics2D g, Drawing d) {
        Deque<Shape> clips = new ArrayDeque<>();
        for (Drawing.Shape s : d.shapes()) {
            switch (s) {
                case Drawing.Rect r -> {
                    Shape sh = r.arc() > 0 ? new RoundRectangle2D.Double(r.x(), r.y(), r.w(), r.h(), r.arc(), r.arc())
                            : new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h());
                    if (r.fill() != null) {
                        g.setColor(awt(r.fill()));
                        g.fill(sh);
                    }
                    if (r.stroke() != null && r.strokeWidth() > 0) {
                        stroke(g, r.stroke(), r.strokeWidth(), r.dash());
                        g.draw(sh);
                    }
                }
                case Drawing.Line l -> {
                    stroke(g, l.stroke(), l.width(), l.dash());
                    g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
                }
                case Drawing.Path p -> {
                    Path2D.Double path = new Path2D.Double();
                    for (int i = 0; i < p.xs().length; i++) {
                        if (i == 0) {
                            path.moveTo(p.xs()[i], p.ys()[i]);
                        } else {
                            path.lineTo(p.xs()[i], p.ys()[i]);
                        }
                    }
                    if (p.closed()) {
                        path.closePath();
                        if (p.fill() != null) {
                            g.setColor(awt(p.fill()));
                            g.fill(path);
                        }
                    }
                    if (p.stroke() != null && p.width() > 0) {
                        stroke(g, p.stroke(), p.width(), p.dash());
                        g.draw(path);
                    }
                }
                case Drawing.Text t -> {
                    if (t.text().isEmpty()) {
                        continue;
                    }
                    g.setFont(new Font("DejaVu Sans", t.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) t.size()));
                    g.setColor(awt(t.colour()));
                    double tw = g.getFontMetrics().getStringBounds(t.text(), g).getWidth();
                    double x = switch (t.align()) {
                        case LEFT -> t.x();
                        case CENTER -> t.x() - tw / 2;
                        case RIGHT -> t.x() - tw;
                    };
                    g.drawString(t.text(), (float) x, (float) t.y());
                }
                case Drawing.Clip c -> {
                    clips.push(g.getClip() == null ? new Rectangle2D.Double(-1e9, -1e9, 2e9, 2e9) : g.getClip());
                    g.clip(new Rectangle2D.Double(c.x(), c.y(), c.w(), c.h()));
                }
                case Drawing.Unclip u -> {
                    if (!clips.isEmpty()) {
                        g.setClip(clips.pop());
                    }
                }
            }
        }
    }

    private static void stroke(Graphics2D g, Colour c, double width, double[] dash) {
        g.setColor(awt(c));
        float[] f = null;
        if (dash != null && dash.length > 0) {
            f = new float[dash.length];
            for (int i = 0; i < dash.length; i++) {
                f[i] = (float) dash[i];
            }
        }
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, f, 0f));
    }

    private static Color awt(Colour c) {
        return new Color(c.r(), c.g(), c.b(), (int) Math.round(c.a() * 255));
    }
}
