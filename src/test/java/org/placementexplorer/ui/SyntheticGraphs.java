package org.placementexplorer.ui;

import java.util.ArrayList;
import java.util.List;

import org.placementexplorer.model.DType;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Tensor;

/**
 * Large graphs for GUI benchmarks: {@code blocks} Transformer-like blocks of 30 operators each
 * (a chain with two parallel branches and a residual edge), scoped {@code /block7/part1/op12}.
 */
final class SyntheticGraphs {
    private SyntheticGraphs() {
    }

    static OpGraph blocks(int blocks) {
        List<Operator> ops = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        String[] types = {"LayerNormalization", "MatMul", "Add", "Reshape", "Transpose", "Softmax", "Gelu", "Mul"};
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < 30; i++) {
                String id = "b" + b + "_" + i;
                String type = types[(i * 7 + b) % types.length];
                double bytes = 1_572_864; // 1 x 384 x 1024 fp32
                double flops = type.equals("MatMul") ? 3.0e8 : 2.0e6;
                double params = type.equals("MatMul") ? 589_824 * 4 : 0;
                ops.add(new Operator(id, "/block" + b + "/part" + (i / 10) + "/" + type + "_" + i, type, "", flops,
                        bytes + params, bytes, (long) (params / 4), params, Precision.FP32,
                        List.of(new Tensor(id + ":out", DType.FLOAT32, List.of(1L, 384L, 1024L), bytes)), List.of()));
            }
        }
        for (int b = 0; b < blocks; b++) {
            int base = b * 30;
            for (int i = 0; i < 29; i++) {
                if (i == 9 || i == 19) {
                    continue; // the branches below join here instead
                }
                edges.add(edge(ops, base + i, base + i + 1));
            }
            edges.add(edge(ops, base + 3, base + 10));
            edges.add(edge(ops, base + 9, base + 10));
            edges.add(edge(ops, base + 13, base + 20));
            edges.add(edge(ops, base + 19, base + 20));
            edges.add(edge(ops, base, base + 29));
            if (b > 0) {
                edges.add(edge(ops, base - 1, base));
            }
        }
        return OpGraph.of("synthetic-" + blocks * 30, ops, edges);
    }

    private static Edge edge(List<Operator> ops, int a, int b) {
        return new Edge(a, b, ops.get(a).id() + ":out", 1_572_864);
    }
}
