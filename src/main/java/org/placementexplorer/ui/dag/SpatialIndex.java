package org.placementexplorer.ui.dag;

import java.util.Arrays;

import org.placementexplorer.layout.DagLayout;

/**
 * A uniform grid over the node boxes of a layout, for hit-testing and for finding what lies in the
 * visible rectangle without looking at every node.
 */
public final class SpatialIndex {
    private static final double CELL = 240;
    private final DagLayout layout;
    private final int cols;
    private final int rows;
    private final int[][] cells;

    public SpatialIndex(DagLayout layout) {
        this.layout = layout;
        cols = Math.max(1, (int) Math.ceil(layout.totalWidth() / CELL));
        rows = Math.max(1, (int) Math.ceil(layout.totalHeight() / CELL));
        int[] count = new int[cols * rows];
        for (int i = 0; i < layout.nodes(); i++) {
            forCells(i, c -> count[c]++);
        }
        cells = new int[cols * rows][];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = new int[count[c]];
        }
        int[] fill = new int[cols * rows];
        for (int i = 0; i < layout.nodes(); i++) {
            final int node = i;
            forCells(i, c -> cells[c][fill[c]++] = node);
        }
    }

    private void forCells(int i, java.util.function.IntConsumer f) {
        int c0 = col(layout.x()[i]);
        int c1 = col(layout.x()[i] + layout.width()[i]);
        int r0 = row(layout.y()[i]);
        int r1 = row(layout.y()[i] + layout.height()[i]);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                f.accept(r * cols + c);
            }
        }
    }

    private int col(double x) {
        return Math.max(0, Math.min(cols - 1, (int) (x / CELL)));
    }

    private int row(double y) {
        return Math.max(0, Math.min(rows - 1, (int) (y / CELL)));
    }

    /** The topmost node containing the point, or -1. */
    public int hit(double x, double y) {
        if (x < 0 || y < 0 || x > layout.totalWidth() || y > layout.totalHeight()) {
            return -1;
        }
        int best = -1;
        for (int i : cells[row(y) * cols + col(x)]) {
            if (x >= layout.x()[i] && x <= layout.x()[i] + layout.width()[i] && y >= layout.y()[i]
                    && y <= layout.y()[i] + layout.height()[i]) {
                best = Math.max(best, i);
            }
        }
        return best;
    }

    /** Nodes whose box intersects the rectangle, each once, ascending. */
    public int[] query(double x0, double y0, double x1, double y1) {
        int c0 = col(x0);
        int c1 = col(x1);
        int r0 = row(y0);
        int r1 = row(y1);
        java.util.BitSet seen = new java.util.BitSet(layout.nodes());
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                for (int i : cells[r * cols + c]) {
                    if (layout.x()[i] <= x1 && layout.x()[i] + layout.width()[i] >= x0 && layout.y()[i] <= y1
                            && layout.y()[i] + layout.height()[i] >= y0) {
                        seen.set(i);
                    }
                }
            }
        }
        return seen.stream().toArray();
    }

    /** Nodes whose box lies entirely inside the rectangle (rubber-band selection). */
    public int[] inside(double x0, double y0, double x1, double y1) {
        return Arrays.stream(query(x0, y0, x1, y1)).filter(i -> layout.x()[i] >= x0
                && layout.x()[i] + layout.width()[i] <= x1 && layout.y()[i] >= y0
                && layout.y()[i] + layout.height()[i] <= y1).toArray();
    }
}
