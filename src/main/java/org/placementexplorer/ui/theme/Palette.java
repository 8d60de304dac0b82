package org.placementexplorer.ui.theme;

import javafx.scene.paint.Color;

/**
 * Device colours by device index, the same in the DAG, its legend and the topology cards. The first
 * eight are Okabe and Ito's colour-blind-safe set (black replaced by grey, so labels stay legible);
 * further devices take Paul Tol's muted set, then repeat with a darker shade.
 */
public final class Palette {
    private static final String[] COLOURS = {
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
        "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"};

    private Palette() {
    }

    public static Color device(int index) {
        if (index < 0) {
            return Color.GRAY;
        }
        Color c = Color.web(COLOURS[index % COLOURS.length]);
        int round = index / COLOURS.length;
        return round == 0 ? c : c.deriveColor(0, 1, Math.pow(0.7, round), 1);
    }

    public static String hex(int index) {
        Color c = device(index);
        return String.format("#%02x%02x%02x", (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }

    /** Black or white, whichever reads better on {@code fill}. */
    public static Color textOn(Color fill) {
        double l = 0.2126 * fill.getRed() + 0.7152 * fill.getGreen() + 0.0722 * fill.getBlue();
        return l > 0.5 ? Color.BLACK : Color.WHITE;
    }
}
