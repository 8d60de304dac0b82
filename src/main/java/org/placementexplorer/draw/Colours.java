package org.placementexplorer.draw;

/**
 * The colours every view and export shares. Device colours by device index: Okabe and Ito's eight
 * colour-blind-safe colours (black replaced by grey so labels stay legible), then Paul Tol's muted
 * set, then darker repeats (docs/decisions/0034). Categories (operator types, samples) take Paul
 * Tol's bright and light sets, which stay distinguishable from each other.
 */
public final class Colours {
    private static final String[] DEVICE = {
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
        "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"};
    private static final String[] CATEGORY = {
        "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#77AADD", "#EE8866",
        "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#AAAA00"};
    /** The colour of "everything else" in a legend. */
    public static final Colour OTHER = Colour.hex("#BBBBBB");

    private Colours() {
    }

    public static Colour device(int index) {
        if (index < 0) {
            return Colour.hex("#808080");
        }
        Colour c = Colour.hex(DEVICE[index % DEVICE.length]);
        int round = index / DEVICE.length;
        return round == 0 ? c : c.mix(Colour.BLACK, 1 - Math.pow(0.7, round));
    }

    /** Number of distinct category colours before they repeat. */
    public static int categories() {
        return CATEGORY.length;
    }

    public static Colour category(int index) {
        return Colour.hex(CATEGORY[Math.floorMod(index, CATEGORY.length)]);
    }
}
