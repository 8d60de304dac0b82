package org.placementexplorer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;

/**
 * Random small problems covering every pricing the evaluator knows: per-tensor times charged per
 * destination, per-tensor times charged once (Tarnawski), routed transfers over links with a
 * switch (link loads), and a per-pair matrix (Moirai). With random memory limits, colocation
 * groups, unsupported pairs, zero-time operators, devices that do and do not overlap transfers,
 * and often two interchangeable devices (to exercise symmetry breaking).
 */
public final class RandomProblems {
    private RandomProblems() {
    }

    public enum Kind { PER_DESTINATION, ONCE_PER_TENSOR, ROUTED, MATRIX }

    public static Problem of(Random rnd, int n, int nd, Kind kind) {
        List<Operator> ops = new ArrayList<>();
        double[] bytes = new double[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = rnd.nextInt(4) == 0 ? 0 : 50 * (1 + rnd.nextInt(20));
            ops.add(new Operator("v" + i, "v" + i, "Op", "", 0, 0, 0, 0, 0, Precision.FP32,
                    List.of(new Tensor("v" + i + ":out", null, List.of(), bytes[i])), List.of()));
        }
        List<String[]> edges = new ArrayList<>();
        double density = 0.2 + 0.3 * rnd.nextDouble();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (rnd.nextDouble() < density) {
                    edges.add(new String[] {"v" + i, "v" + j});
                }
            }
        }
        // edges carry their producer's bytes
        List<org.placementexplorer.model.Edge> es = new ArrayList<>();
        for (String[] e : edges) {
            int a = Integer.parseInt(e[0].substring(1));
            int b = Integer.parseInt(e[1].substring(1));
            es.add(new org.placementexplorer.model.Edge(a, b, "v" + a + ":out", bytes[a]));
        }
        OpGraph g = OpGraph.of("random", ops, es);
        boolean twins = nd >= 2 && rnd.nextBoolean();
        boolean[] overlaps = new boolean[nd];
        double[] memory = new double[nd];
        double[] opMem = new double[n];
        double totalMem = 0;
        for (int v = 0; v < n; v++) {
            opMem[v] = rnd.nextInt(5);
            totalMem += opMem[v];
        }
        for (int d = 0; d < nd; d++) {
            overlaps[d] = rnd.nextBoolean();
            memory[d] = rnd.nextInt(3) == 0 ? Double.POSITIVE_INFINITY : Math.max(1, Math.ceil(totalMem * (0.3
                    + 0.7 * rnd.nextDouble())));
        }
        double[][] times = new double[n][nd];
        for (int v = 0; v < n; v++) {
            for (int d = 0; d < nd; d++) {
                int r = rnd.nextInt(20);
                times[v][d] = r == 0 ? 0 : r == 1 ? Double.POSITIVE_INFINITY : 1 + rnd.nextInt(9);
            }
        }
        if (twins) {
            overlaps[1] = overlaps[0];
            memory[1] = memory[0];
            for (int v = 0; v < n; v++) {
                times[v][1] = times[v][0];
            }
        }
        for (int v = 0; v < n; v++) {
            boolean any = false;
            for (int d = 0; d < nd; d++) {
                any |= Double.isFinite(times[v][d]);
            }
            if (!any) {
                times[v][nd - 1] = 1 + rnd.nextInt(9);
            }
        }
        List<Device> devices = new ArrayList<>();
        Map<Precision, Double> peaks = new EnumMap<>(Precision.class);
        peaks.put(Precision.FP32, 1e12);
        for (int d = 0; d < nd; d++) {
            devices.add(new Device("d" + d, "d" + d, DeviceKind.GPU, "s", peaks, 1e11, memory[d], 0, overlaps[d]));
        }
        int[] groups = null;
        if (n >= 3 && rnd.nextInt(3) == 0) {
            groups = new int[n];
            java.util.Arrays.fill(groups, -1);
            int a = rnd.nextInt(n);
            int b = rnd.nextInt(n);
            if (a != b) {
                groups[a] = 7;
                groups[b] = 7;
            }
        }
        Cluster cluster;
        Problem.Builder builder;
        switch (kind) {
            case ROUTED -> {
                List<Link> links = new ArrayList<>();
                double bw0 = 50 * (1 + rnd.nextInt(8));
                for (int d = 0; d < nd; d++) {
                    double bw = twins && d == 1 ? bw0 : d == 0 ? bw0 : 50 * (1 + rnd.nextInt(8));
                    double lat = twins && d <= 1 ? 0.5 : rnd.nextInt(2) * 0.5;
                    if (d == 0 && twins) {
                        lat = 0.5;
                    }
                    links.add(new Link("l" + d, "d" + d, "sw", bw, lat));
                }
                if (nd >= 3 && !twins && rnd.nextBoolean()) {
                    links.add(new Link("direct", "d0", "d2", 100, 0));
                }
                cluster = Cluster.of("routed", "", List.of(), List.of(), devices, List.of("sw"), links);
                builder = Problem.builder(g, cluster).routedTransfers();
            }
            case MATRIX -> {
                cluster = Cluster.unlinked("matrix", devices);
                double[][][] m = new double[g.tensorCount()][nd][nd];
                for (int t = 0; t < g.tensorCount(); t++) {
                    for (int a = 0; a < nd; a++) {
                        for (int b = 0; b < nd; b++) {
                            m[t][a][b] = a == b ? 0 : rnd.nextInt(5) * 0.5;
                        }
                    }
                    if (twins) {
                        for (int c = 2; c < nd; c++) {
                            m[t][1][c] = m[t][0][c];
                            m[t][c][1] = m[t][c][0];
                        }
                        m[t][1][0] = m[t][0][1];
                    }
                }
                builder = Problem.builder(g, cluster).matrixTransfers(m);
            }
            default -> {
                cluster = Cluster.unlinked("tensor", devices);
                double[] per = new double[g.tensorCount()];
                for (int t = 0; t < per.length; t++) {
                    per[t] = rnd.nextInt(5) * 0.5;
                }
                builder = Problem.builder(g, cluster).perTensorTransfers(per);
                if (kind == Kind.ONCE_PER_TENSOR) {
                    builder.sendAccounting(Problem.SendAccounting.ONCE_PER_TENSOR);
                }
            }
        }
        return builder.opTimes(times).opMemory(opMem).activationMemory(false).colocation(groups)
                .costSource("random").build();
    }
}
