package org.placementexplorer.ui.dag;

import java.util.ArrayList;
import java.util.List;

import org.placementexplorer.draw.Colours;
import org.placementexplorer.draw.DagPicture;
import org.placementexplorer.layout.DagLayout;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * What the DAG view shows — its boxes (collapsed groups included), routes, device colours and
 * selection — as a {@link DagPicture} for exports, or, for two placements, with the operators that
 * moved marked and split in their two colours (the Compare window).
 */
public final class DagPictureBuilder {
    private DagPictureBuilder() {
    }

    /** The view's picture under a placement, with its selection. */
    public static DagPicture of(DagView view, Problem p, Placement pl) {
        return build(view, p, pl, null);
    }

    /**
     * The view's boxes coloured by placement {@code b}; operators on another device in {@code a} are
     * split (left half a's colour, right half b's) and outlined, the others faded.
     */
    public static DagPicture compare(DagView view, Problem p, Placement a, Placement b) {
        return build(view, p, b, a);
    }

    private static DagPicture build(DagView view, Problem p, Placement pl, Placement before) {
        VisibleGraph vg = view.visibleGraph();
        DagLayout l = view.layout();
        DagModel model = view.model();
        if (vg == null || l == null || vg.opNode().length != p.operators()) {
            return new DagPicture(List.of(), List.of(), 1, 1);
        }
        List<DagPicture.Box> boxes = new ArrayList<>(vg.size());
        for (int i = 0; i < vg.size(); i++) {
            VisibleGraph.Node n = vg.node(i);
            boolean group = n.kind() == VisibleGraph.Kind.GROUP;
            double[] shares = group ? DagModel.deviceShares(n, pl, p.deviceCount()) : null;
            int d = group ? -1 : pl.deviceOf(n.op());
            var fill = group ? Colours.device(-1) : Colours.device(d);
            if (n.kind() == VisibleGraph.Kind.SUBGRAPH_OP) {
                fill = fill.mix(org.placementexplorer.draw.Colour.WHITE, 0.35);
            }
            DagPicture.Mark mark = model != null && model.nodeSelected(vg, i) ? DagPicture.Mark.SELECTED
                    : DagPicture.Mark.NONE;
            org.placementexplorer.draw.Colour right = null;
            if (before != null) {
                boolean moved = false;
                for (int v : n.members()) {
                    if (before.deviceOf(v) != pl.deviceOf(v)) {
                        moved = true;
                        break;
                    }
                }
                if (moved && !group) {
                    right = fill;
                    fill = Colours.device(before.deviceOf(n.op()));
                }
                mark = moved ? DagPicture.Mark.MOVED : DagPicture.Mark.FADED;
            }
            String sub = n.subtitle();
            if (group) {
                sub = n.members().length + " ops";
            }
            boxes.add(new DagPicture.Box(l.x()[i], l.y()[i], l.width()[i], l.height()[i], fill, right, shares, n.title(),
                    sub, mark, group, n.kind() == VisibleGraph.Kind.OPERATOR && pl.isPinned(n.op())));
        }
        List<DagPicture.Edge> edges = new ArrayList<>(vg.edges().size());
        for (int k = 0; k < vg.edges().size(); k++) {
            VisibleGraph.VEdge e = vg.edges().get(k);
            VisibleGraph.Node a = vg.node(e.from());
            VisibleGraph.Node b = vg.node(e.to());
            boolean cross = !e.dashed() && a.kind() == VisibleGraph.Kind.OPERATOR && b.kind() == VisibleGraph.Kind.OPERATOR
                    && pl.deviceOf(a.op()) != pl.deviceOf(b.op());
            edges.add(new DagPicture.Edge(l.routes()[k], cross, e.bytes(), e.dashed()));
        }
        return new DagPicture(boxes, edges, l.totalWidth(), l.totalHeight());
    }
}
