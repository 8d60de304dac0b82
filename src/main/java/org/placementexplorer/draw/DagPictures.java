package org.placementexplorer.draw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.placementexplorer.layout.DagLayout;
import org.placementexplorer.layout.LayoutEngine;
import org.placementexplorer.layout.LayoutGraph;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * The picture of a whole graph under a placement, laid out here (for the command line, which has no
 * DAG view): one box per operator with the same size and labels as in the window, one edge per pair
 * of connected operators carrying the bytes of their distinct tensors.
 */
public final class DagPictures {
    public static final double BOX_WIDTH = 150;
    public static final double BOX_HEIGHT = 38;

    private DagPictures() {
    }

    public static DagPicture of(Problem p, Placement pl, LayoutEngine engine) {
        OpGraph g = p.graph();
        int n = g.size();
        Map<Long, double[]> agg = new LinkedHashMap<>();
        Map<Long, Set<Integer>> seen = new HashMap<>();
        List<Edge> edges = g.edges();
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            if (e.from() == e.to()) {
                continue;
            }
            long key = ((long) e.from() << 32) | e.to();
            int t = g.tensorOfEdge(k);
            if (seen.computeIfAbsent(key, x -> new HashSet<>()).add(t)) {
                agg.computeIfAbsent(key, x -> new double[1])[0] += g.tensorBytes(t);
            }
        }
        double[] w = new double[n];
        double[] h = new double[n];
        java.util.Arrays.fill(w, BOX_WIDTH);
        java.util.Arrays.fill(h, BOX_HEIGHT);
        int[] from = new int[agg.size()];
        int[] to = new int[agg.size()];
        double[] bytes = new double[agg.size()];
        int i = 0;
        for (var e : agg.entrySet()) {
            from[i] = (int) (e.getKey() >>> 32);
            to[i] = (int) (long) e.getKey();
            bytes[i] = e.getValue()[0];
            i++;
        }
        DagLayout l = engine.layout(new LayoutGraph(w, h, from, to), x -> { }, () -> false);
        List<DagPicture.Box> boxes = new ArrayList<>(n);
        for (int v = 0; v < n; v++) {
            Operator o = g.op(v);
            boolean typed = !o.opType().isEmpty();
            String sub = shortName(o.name());
            boxes.add(new DagPicture.Box(l.x()[v], l.y()[v], l.width()[v], l.height()[v],
                    Colours.device(pl.deviceOf(v)), null, null, typed ? o.opType() : o.id(),
                    typed || !sub.equals(o.id()) ? sub : "", DagPicture.Mark.NONE, false, pl.isPinned(v)));
        }
        List<DagPicture.Edge> pe = new ArrayList<>(from.length);
        for (int k = 0; k < from.length; k++) {
            pe.add(new DagPicture.Edge(l.routes()[k], pl.deviceOf(from[k]) != pl.deviceOf(to[k]), bytes[k], false));
        }
        return new DagPicture(boxes, pe, l.totalWidth(), l.totalHeight());
    }

    /** The last two segments of a scoped name ("conv1/Conv"), the name itself when it has none. */
    public static String shortName(String name) {
        String s = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int i = s.lastIndexOf('/');
        if (i <= 0) {
            return i == 0 ? s.substring(1) : s;
        }
        int j = s.lastIndexOf('/', i - 1);
        return s.substring(j + 1);
    }
}
