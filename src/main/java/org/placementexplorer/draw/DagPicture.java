package org.placementexplorer.draw;

import java.util.List;

/**
 * A laid-out operator graph ready to draw: boxes with colours and labels, edges as polylines, in
 * layout units (pixels at scale 1). Built by the window from what the DAG view shows, or by
 * {@link DagPictures} from a whole graph for the command line; drawn by {@link DagDrawing}.
 */
public record DagPicture(List<Box> boxes, List<Edge> edges, double width, double height) {
    /** How a box stands out. */
    public enum Mark { NONE, SELECTED, MOVED, FADED }

    /**
     * A box.
     *
     * @param fill       its colour (the device of an operator)
     * @param rightFill  when not null, the right half is drawn in this colour (an operator that moved)
     * @param shares     for a group: the share of each device among its members (a bar at the bottom)
     */
    public record Box(double x, double y, double w, double h, Colour fill, Colour rightFill, double[] shares,
            String title, String subtitle, Mark mark, boolean group, boolean pinned) {
    }

    /**
     * An edge: points x0, y0, x1, y1, … from the source's bottom to the target's top.
     *
     * @param cross whether it crosses devices (a transfer; drawn red)
     */
    public record Edge(double[] points, boolean cross, double bytes, boolean dashed) {
    }

    public DagPicture {
        boxes = List.copyOf(boxes);
        edges = List.copyOf(edges);
    }
}
