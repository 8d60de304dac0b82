package org.placementexplorer.ui.dag;

import java.util.List;

import org.placementexplorer.layout.LayoutGraph;
import org.placementexplorer.model.Operator;

/**
 * The graph as drawn: operators, collapsed name-scope groups (one box for many operators) and the
 * operators of expanded control-flow subgraphs. Edges between boxes carry the summed bytes of the
 * tensors they stand for. Immutable.
 *
 * @param opNode box index per top-level operator (the group's box when it is collapsed)
 */
public record VisibleGraph(List<Node> nodes, List<VEdge> edges, int[] opNode) {
    public enum Kind { OPERATOR, GROUP, SUBGRAPH_OP }

    /**
     * One box.
     *
     * @param op      the operator (OPERATOR), or the control-flow operator that owns it (SUBGRAPH_OP); -1 for a group
     * @param scope   scope path of a GROUP ("" otherwise)
     * @param members top-level operator indices the box stands for (selecting the box selects them)
     * @param inner   the subgraph operator (SUBGRAPH_OP only)
     */
    public record Node(Kind kind, int op, String scope, int[] members, Operator inner, String title, String subtitle) {
    }

    /** An edge between boxes; {@code dashed} links a control-flow operator to its body. */
    public record VEdge(int from, int to, double bytes, int tensors, boolean dashed) {
    }

    public int size() {
        return nodes.size();
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public LayoutGraph toLayoutGraph() {
        int n = nodes.size();
        double[] w = new double[n];
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            switch (nodes.get(i).kind()) {
                case GROUP -> {
                    w[i] = 190;
                    h[i] = 50;
                }
                case SUBGRAPH_OP -> {
                    w[i] = 124;
                    h[i] = 32;
                }
                default -> {
                    w[i] = 150;
                    h[i] = 38;
                }
            }
        }
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        for (int k = 0; k < edges.size(); k++) {
            from[k] = edges.get(k).from();
            to[k] = edges.get(k).to();
        }
        return new LayoutGraph(w, h, from, to);
    }
}
