package org.placementexplorer.layout;

/**
 * A computed layout: the top-left corner of every node's box and a polyline per edge (x0, y0, x1,
 * y1, … from the source's bottom to the target's top). Coordinates are in layout units (pixels at
 * zoom 1).
 */
public record DagLayout(double[] x, double[] y, double[] width, double[] height, double[][] routes,
        double totalWidth, double totalHeight, String engine, long millis) {

    public int nodes() {
        return x.length;
    }

    public double centerX(int i) {
        return x[i] + width[i] / 2;
    }

    public double centerY(int i) {
        return y[i] + height[i] / 2;
    }
}
