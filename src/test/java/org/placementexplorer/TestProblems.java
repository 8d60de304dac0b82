package org.placementexplorer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;

/** Small hand-made problems for tests. */
public final class TestProblems {
    private TestProblems() {
    }

    /** A device with round figures; memory in bytes (Infinity for unlimited). */
    public static Device device(String id, double memory, boolean overlaps) {
        Map<Precision, Double> peaks = new EnumMap<>(Precision.class);
        peaks.put(Precision.FP32, 1e12);
        return new Device(id, id, DeviceKind.GPU, "s0", peaks, 1e11, memory, 0, overlaps);
    }

    public static Cluster unlinked(Device... devices) {
        return Cluster.unlinked("test", List.of(devices));
    }

    /** Operators with one output tensor each, named "id:out", of the given bytes. */
    public static Operator op(String id, double outBytes) {
        return new Operator(id, id, "Op", "", 0, 0, 0, 0, 0, Precision.FP32,
                List.of(new Tensor(id + ":out", null, List.of(), outBytes)), List.of());
    }

    /** Graph from ids and "a>b" edge strings; each edge carries its producer's single output. */
    public static OpGraph graph(List<Operator> ops, String... edges) {
        List<String[]> es = new ArrayList<>();
        for (String e : edges) {
            es.add(e.split(">"));
        }
        return OpGraph.ofIds("test", ops, es, 0);
    }

    /**
     * A problem with explicit times: {@code times[v][d]}; one transfer time per tensor (index =
     * producer index, since every operator has one output).
     */
    public static Problem problem(OpGraph g, Cluster c, double[][] times, double[] transferPerProducer) {
        double[] perTensor = new double[g.tensorCount()];
        for (int t = 0; t < g.tensorCount(); t++) {
            perTensor[t] = transferPerProducer[g.tensorProducer(t)];
        }
        return Problem.builder(g, c).opTimes(times).perTensorTransfers(perTensor).activationMemory(false)
                .costSource("test").build();
    }

    /**
     * A random DAG priced by the roofline model on a sample cluster (routed transfers over links):
     * operators with random flops, bytes and parameters, some with several output tensors consumed
     * by several operators.
     */
    public static Problem randomRouted(Random rnd, int n, String sampleCluster, double edgeProb) {
        List<Operator> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Tensor> outs = new ArrayList<>();
            int k = 1 + rnd.nextInt(2);
            for (int j = 0; j < k; j++) {
                outs.add(new Tensor("v" + i + ":o" + j, null, List.of(), 1e3 * (1 + rnd.nextInt(100000))));
            }
            String type = rnd.nextInt(5) == 0 ? "Reshape" : rnd.nextBoolean() ? "MatMul" : "Add";
            double param = rnd.nextInt(3) == 0 ? 1e6 * rnd.nextInt(50) : 0;
            ops.add(new Operator("v" + i, "v" + i, type, "", 1e6 * rnd.nextInt(1_000_000), 1e5 * rnd.nextInt(1000),
                    1e5 * rnd.nextInt(1000), (long) (param / 4), param, Precision.FP32, outs, List.of()));
        }
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (rnd.nextDouble() < edgeProb) {
                    int o = rnd.nextInt(ops.get(i).outputs().size());
                    edges.add(new Edge(i, j, "v" + i + ":o" + o, ops.get(i).outputs().get(o).bytes()));
                }
            }
        }
        OpGraph g = OpGraph.of("random", ops, edges);
        return org.placementexplorer.cost.AnalyticCostModel.problem(g,
                org.placementexplorer.io.Samples.cluster(sampleCluster));
    }

    /** Like {@link #random} with one send per tensor (Tarnawski's accounting). */
    public static Problem randomOncePerTensor(Random rnd, int n, int devices, double edgeProb) {
        Problem p = random(rnd, n, devices, edgeProb);
        return p.toBuilder().sendAccounting(Problem.SendAccounting.ONCE_PER_TENSOR).build();
    }

    /** A random DAG with n operators (edges only from lower to higher index) and random times. */
    public static Problem random(Random rnd, int n, int devices, double edgeProb) {
        List<Operator> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ops.add(op("v" + i, 1 + rnd.nextInt(1000)));
        }
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (rnd.nextDouble() < edgeProb) {
                    edges.add("v" + i + ">v" + j);
                }
            }
        }
        OpGraph g = graph(ops, edges.toArray(String[]::new));
        Device[] ds = new Device[devices];
        for (int d = 0; d < devices; d++) {
            ds[d] = device("d" + d, Double.POSITIVE_INFINITY, rnd.nextBoolean());
        }
        double[][] times = new double[n][devices];
        for (int v = 0; v < n; v++) {
            for (int d = 0; d < devices; d++) {
                times[v][d] = 1 + rnd.nextInt(9);
            }
        }
        double[] tr = new double[n];
        for (int v = 0; v < n; v++) {
            tr[v] = rnd.nextInt(4) * 0.5;
        }
        return problem(g, unlinked(ds), times, tr);
    }
}
