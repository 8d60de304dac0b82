package org.placementexplorer.layout;

/**
 * What a layout engine lays out: boxes of given sizes and directed edges between them. Plain arrays,
 * no JavaFX, so engines run on any thread and in tests.
 *
 * @param width  box width per node
 * @param height box height per node
 * @param from   source node per edge
 * @param to     target node per edge
 */
public record LayoutGraph(double[] width, double[] height, int[] from, int[] to) {
    public int nodes() {
        return width.length;
    }

    public int edges() {
        return from.length;
    }
}
