package org.placementexplorer.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals of a graph, as {@code info} and the GUI show them.
 *
 * @param shapeCoverage fraction of tensors (operator outputs, also inside control-flow subgraphs, and
 *                      graph inputs) whose shape is fully known, or null when the file gives no shapes at
 *                      all (benchmark instances)
 * @param opTypes       operator type → count, most frequent first
 */
public record GraphSummary(String name, int operators, int edges, int tensors, long parameters,
        double parameterBytes, double flops, Double shapeCoverage, Map<String, Integer> opTypes,
        int subgraphOperators) {

    public static GraphSummary of(OpGraph g) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Operator op : g.operators()) {
            counts.merge(op.opType().isEmpty() ? "(none)" : op.opType(), 1, Integer::sum);
        }
        int[] shapes = new int[2]; // described, shaped
        countShapes(g.operators(), shapes);
        for (Tensor t : g.inputs()) {
            shapes[0]++;
            if (t.shapeKnown()) {
                shapes[1]++;
            }
        }
        int described = shapes[0];
        int shaped = shapes[1];
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted((a, b) -> b.getValue() != a.getValue().intValue() ? b.getValue() - a.getValue()
                        : a.getKey().compareTo(b.getKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new GraphSummary(g.name(), g.size(), g.edges().size(), g.tensorCount(), g.totalParamCount(),
                g.totalParamBytes(), g.totalFlops(), described == 0 ? null : (double) shaped / described, sorted,
                countSubgraphOps(g.operators()));
    }

    /** Output tensors of the operators, those inside control-flow subgraphs included. */
    private static void countShapes(List<Operator> ops, int[] shapes) {
        for (Operator op : ops) {
            for (Tensor t : op.outputs()) {
                shapes[0]++;
                if (t.shapeKnown()) {
                    shapes[1]++;
                }
            }
            for (Operator.Subgraph s : op.subgraphs()) {
                countShapes(s.graph().operators(), shapes);
            }
        }
    }

    private static int countSubgraphOps(List<Operator> ops) {
        int n = 0;
        for (Operator op : ops) {
            for (Operator.Subgraph s : op.subgraphs()) {
                n += s.graph().size() + countSubgraphOps(s.graph().operators());
            }
        }
        return n;
    }
}
