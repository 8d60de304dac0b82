package org.placementexplorer.ui.theme;

import javafx.scene.paint.Color;

import org.placementexplorer.draw.Colour;
import org.placementexplorer.draw.Colours;

/**
 * Device colours by device index, the same in the DAG, its legend, the topology cards, the Gantt
 * chart and the exported pictures: {@link Colours} as JavaFX colours (Okabe and Ito's
 * colour-blind-safe set with black replaced by grey, then Paul Tol's muted set, then darker repeats).
 */
public final class Palette {
    private Palette() {
    }

    public static Color device(int index) {
        return fx(Colours.device(index));
    }

    public static String hex(int index) {
        return Colours.device(index).hex();
    }

    /** Black or white, whichever reads better on {@code fill}. */
    public static Color textOn(Color fill) {
        double l = 0.2126 * fill.getRed() + 0.7152 * fill.getGreen() + 0.0722 * fill.getBlue();
        return l > 0.5 ? Color.BLACK : Color.WHITE;
    }

    /** A drawing colour as a JavaFX colour. */
    public static Color fx(Colour c) {
        return Color.rgb(c.r(), c.g(), c.b(), c.a());
    }
}
