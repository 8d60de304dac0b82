package org.placementexplorer.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

import javax.swing.SwingConstants;

import com.mxgraph.layout.hierarchical.mxHierarchicalLayout;
import com.mxgraph.model.mxGeometry;
import com.mxgraph.model.mxIGraphModel;
import com.mxgraph.util.mxPoint;
import com.mxgraph.view.mxGraph;

/**
 * JGraphX's hierarchical (Sugiyama) layout: layering, crossing reduction, coordinate assignment and
 * edge routing. Only its model and layout classes are used (no Swing component is created). The
 * layout itself cannot be interrupted part-way: cancellation is checked between its phases.
 */
public final class JGraphXLayoutEngine implements LayoutEngine {
    private final double rankSpacing;
    private final double nodeSpacing;

    public JGraphXLayoutEngine() {
        this(36, 18);
    }

    public JGraphXLayoutEngine(double rankSpacing, double nodeSpacing) {
        this.rankSpacing = rankSpacing;
        this.nodeSpacing = nodeSpacing;
    }

    @Override
    public String name() {
        return "JGraphX hierarchical";
    }

    @Override
    public DagLayout layout(LayoutGraph g, DoubleConsumer progress, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        int n = g.nodes();
        mxGraph graph = new mxGraph();
        graph.setAutoSizeCells(false);
        graph.setCellsResizable(false);
        Object parent = graph.getDefaultParent();
        mxIGraphModel model = graph.getModel();
        Object[] v = new Object[n];
        Object[] e = new Object[g.edges()];
        model.beginUpdate();
        try {
            for (int i = 0; i < n; i++) {
                v[i] = graph.insertVertex(parent, null, null, 0, 0, g.width()[i], g.height()[i]);
            }
            for (int k = 0; k < g.edges(); k++) {
                e[k] = graph.insertEdge(parent, null, null, v[g.from()[k]], v[g.to()[k]]);
            }
        } finally {
            model.endUpdate();
        }
        progress.accept(0.1);
        LayoutEngine.check(cancelled);

        mxHierarchicalLayout layout = new mxHierarchicalLayout(graph, SwingConstants.NORTH);
        layout.setInterRankCellSpacing(rankSpacing);
        layout.setIntraCellSpacing(nodeSpacing);
        layout.setInterHierarchySpacing(nodeSpacing * 3);
        layout.setFineTuning(true);
        layout.setResizeParent(false);
        layout.setMoveParent(false);
        layout.execute(parent);
        progress.accept(0.9);
        LayoutEngine.check(cancelled);

        double[] x = new double[n];
        double[] y = new double[n];
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            mxGeometry geo = model.getGeometry(v[i]);
            x[i] = geo.getX();
            y[i] = geo.getY();
            minX = Math.min(minX, x[i]);
            minY = Math.min(minY, y[i]);
        }
        if (n == 0) {
            minX = 0;
            minY = 0;
        }
        double pad = 20;
        double maxX = 0;
        double maxY = 0;
        for (int i = 0; i < n; i++) {
            x[i] += pad - minX;
            y[i] += pad - minY;
            maxX = Math.max(maxX, x[i] + g.width()[i]);
            maxY = Math.max(maxY, y[i] + g.height()[i]);
        }
        double[][] routes = new double[g.edges()][];
        for (int k = 0; k < g.edges(); k++) {
            int a = g.from()[k];
            int b = g.to()[k];
            List<double[]> pts = new ArrayList<>();
            pts.add(new double[] {x[a] + g.width()[a] / 2, y[a] + g.height()[a]});
            mxGeometry geo = model.getGeometry(e[k]);
            List<mxPoint> ctl = geo == null ? null : geo.getPoints();
            if (ctl != null) {
                for (mxPoint p : ctl) {
                    pts.add(new double[] {p.getX() + pad - minX, p.getY() + pad - minY});
                }
            }
            pts.add(new double[] {x[b] + g.width()[b] / 2, y[b]});
            double[] r = new double[pts.size() * 2];
            for (int i = 0; i < pts.size(); i++) {
                r[2 * i] = pts.get(i)[0];
                r[2 * i + 1] = pts.get(i)[1];
                maxX = Math.max(maxX, r[2 * i]);
                maxY = Math.max(maxY, r[2 * i + 1]);
            }
            routes[k] = r;
        }
        progress.accept(1.0);
        return new DagLayout(x, y, g.width().clone(), g.height().clone(), routes, maxX + pad, maxY + pad, name(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}
