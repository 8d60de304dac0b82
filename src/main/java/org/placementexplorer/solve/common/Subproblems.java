package org.placementexplorer.solve.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;

/**
 * Smaller problems for decomposition heuristics (ADR 0039), priced like the original: the same
 * cluster, and every tensor moved between two devices costs what it costs in the original (same
 * bytes over the same routes, or the same table entry).
 *
 * <ul>
 *   <li>{@link #coarse}: every group of operators becomes one operator (times and memory summed);
 *       the tensors between groups are kept one by one, so for throughput a placement of the coarse
 *       problem, expanded, has exactly the coarse problem's loads.</li>
 *   <li>{@link #block}: one block of operators with what earlier blocks decided summed up per
 *       device: a pinned "device" operator per used device whose time is that device's load so far
 *       (throughput) or the time it becomes free (latency) and whose memory is what it holds, and
 *       each earlier operator that feeds the block, pinned to its device with no time, after its
 *       device operator.</li>
 * </ul>
 */
public final class Subproblems {
    private Subproblems() {
    }

    /**
     * A problem derived from an original one.
     *
     * @param problem  the smaller problem
     * @param original original operator of each of its operators (-1 for a device operator)
     * @param pins     operator (of the smaller problem) → device it must stay on
     */
    public record Sub(Problem problem, int[] original, Map<Integer, Integer> pins) {
    }

    /** Key of a tensor of the original graph: producer and output name. */
    private static Map<String, Integer> tensorIndex(OpGraph g) {
        Map<String, Integer> m = new HashMap<>();
        for (int t = 0; t < g.tensorCount(); t++) {
            m.put(g.tensorProducer(t) + "\u0000" + g.tensorName(t), t);
        }
        return m;
    }

    /**
     * The coarse problem of a grouping: group i (0..groups-1) of {@code groupOf} becomes operator
     * i. The groups must form an acyclic graph. Pins carry over to the group; colocation groups
     * that span several groups make those groups colocated.
     */
    public static Sub coarse(Problem p, int[] groupOf, int groups, Map<Integer, Integer> pins) {
        OpGraph g = p.graph();
        int nd = p.deviceCount();
        List<List<Integer>> members = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            members.add(new ArrayList<>());
        }
        for (int v : g.topologicalOrder()) {
            members.get(groupOf[v]).add(v);
        }
        // tensors leaving a group, named after their producer so fused names cannot collide
        List<List<Tensor>> outs = new ArrayList<>();
        List<List<Integer>> outTensor = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            outs.add(new ArrayList<>());
            outTensor.add(new ArrayList<>());
        }
        List<Integer> crossing = new ArrayList<>();
        for (int t = 0; t < g.tensorCount(); t++) {
            int a = groupOf[g.tensorProducer(t)];
            boolean leaves = false;
            for (int w : g.tensorConsumers(t)) {
                leaves |= groupOf[w] != a;
            }
            if (leaves) {
                crossing.add(t);
                outs.get(a).add(new Tensor(tensorName(g, t), null, List.of(), g.tensorBytes(t)));
                outTensor.get(a).add(t);
            }
        }
        List<Operator> ops = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            List<Integer> m = members.get(i);
            Operator first = g.op(m.get(0));
            double flops = 0;
            double read = 0;
            double written = 0;
            long params = 0;
            double paramBytes = 0;
            for (int v : m) {
                Operator o = g.op(v);
                flops += o.flops();
                read += o.bytesRead();
                written += o.bytesWritten();
                params += o.paramCount();
                paramBytes += o.paramBytes();
            }
            String id = m.size() == 1 ? first.id() : first.id() + "+" + (m.size() - 1);
            ops.add(new Operator(id, first.name(), m.size() == 1 ? first.opType() : "Fused", first.domain(), flops,
                    read, written, params, paramBytes, first.precision(), outs.get(i), List.of()));
        }
        List<Edge> edges = new ArrayList<>();
        for (int t : crossing) {
            int a = groupOf[g.tensorProducer(t)];
            for (int w : g.tensorConsumers(t)) {
                if (groupOf[w] != a) {
                    edges.add(new Edge(a, groupOf[w], tensorName(g, t), g.tensorBytes(t)));
                }
            }
        }
        OpGraph cg = OpGraph.of(g.name() + " (coarse)", ops, edges);
        double[][] times = new double[groups][nd];
        double[] memory = new double[groups];
        for (int i = 0; i < groups; i++) {
            for (int v : members.get(i)) {
                for (int d = 0; d < nd; d++) {
                    times[i][d] += p.opTime(v, d);
                }
                memory[i] += p.opMemory(v);
            }
        }
        Map<String, Integer> sourceTensor = new HashMap<>();
        for (int i = 0; i < groups; i++) {
            for (int k = 0; k < outs.get(i).size(); k++) {
                sourceTensor.put(i + "\u0000" + outs.get(i).get(k).name(), outTensor.get(i).get(k));
            }
        }
        Problem.Builder b = priced(p, cg, sourceTensor).opTimes(times).opMemory(memory);
        // colocation: groups sharing an original colocation group share a device
        if (p.hasColocation()) {
            int[] col = new int[groups];
            Arrays.fill(col, -1);
            Map<Integer, Integer> first = new HashMap<>();
            int[] parent = new int[groups];
            for (int i = 0; i < groups; i++) {
                parent[i] = i;
            }
            for (int v = 0; v < g.size(); v++) {
                int c = p.colocationGroup(v);
                if (c >= 0) {
                    Integer f = first.putIfAbsent(c, groupOf[v]);
                    if (f != null) {
                        union(parent, f, groupOf[v]);
                    }
                }
            }
            Map<Integer, Integer> size = new HashMap<>();
            for (int i = 0; i < groups; i++) {
                size.merge(find(parent, i), 1, Integer::sum);
            }
            for (int i = 0; i < groups; i++) {
                int r = find(parent, i);
                col[i] = size.get(r) > 1 ? r : -1;
            }
            b.colocation(col);
        }
        Map<Integer, Integer> cpins = new LinkedHashMap<>();
        pins.forEach((v, d) -> cpins.put(groupOf[v], d));
        int[] original = new int[groups];
        for (int i = 0; i < groups; i++) {
            original[i] = members.get(i).get(0);
        }
        return new Sub(b.build(), original, cpins);
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    private static String tensorName(OpGraph g, int t) {
        return g.op(g.tensorProducer(t)).id() + "/" + g.tensorName(t);
    }

    /**
     * A builder for a derived graph whose tensors (by producer index and name) come from the
     * original tensors in {@code sourceTensor} (missing: a free tensor), priced as in the original.
     */
    private static Problem.Builder priced(Problem p, OpGraph sub, Map<String, Integer> sourceTensor) {
        Cluster c = p.cluster();
        int nd = c.size();
        Problem.Builder b = Problem.builder(sub, c).sendAccounting(p.sendAccounting())
                .activationMemory(p.activationMemory()).units(p.units()).costSource(p.costSource());
        int nt = sub.tensorCount();
        switch (p.pricing()) {
            case ROUTED -> b.routedTransfers();
            case PER_TENSOR -> {
                double[] tt = new double[nt];
                for (int t = 0; t < nt; t++) {
                    Integer src = sourceTensor.get(sub.tensorProducer(t) + "\u0000" + sub.tensorName(t));
                    tt[t] = src == null || nd < 2 ? 0 : p.transferTime(src, 0, 1);
                }
                b.perTensorTransfers(tt);
            }
            case MATRIX -> {
                double[][][] m = new double[nt][nd][nd];
                for (int t = 0; t < nt; t++) {
                    Integer src = sourceTensor.get(sub.tensorProducer(t) + "\u0000" + sub.tensorName(t));
                    if (src == null) {
                        continue;
                    }
                    for (int a = 0; a < nd; a++) {
                        for (int d = 0; d < nd; d++) {
                            m[t][a][d] = p.transferTime(src, a, d);
                        }
                    }
                }
                b.matrixTransfers(m);
            }
        }
        return b;
    }

    /**
     * One block of a decomposition (see the class comment).
     *
     * @param block       the block's operators (original indices)
     * @param placed      device of every operator decided by earlier blocks, else -1
     * @param deviceTime  per device: its load so far (throughput) or when it becomes free (latency)
     * @param deviceMemory per device: resident memory it holds already
     * @param pins        original operator → device, for block operators that must stay (request pins,
     *                    colocation groups decided earlier)
     */
    public static Sub block(Problem p, int[] block, int[] placed, double[] deviceTime, double[] deviceMemory,
            Map<Integer, Integer> pins) {
        OpGraph g = p.graph();
        Cluster c = p.cluster();
        int nd = c.size();
        boolean[] inBlock = new boolean[g.size()];
        for (int v : block) {
            inBlock[v] = true;
        }
        // context producers: earlier operators whose tensors the block consumes
        Map<Integer, List<Integer>> contextTensors = new LinkedHashMap<>();
        for (int v : block) {
            for (int e : g.inEdges(v)) {
                int u = g.edges().get(e).from();
                if (!inBlock[u]) {
                    if (placed[u] < 0) {
                        throw new IllegalArgumentException("operator " + g.op(u).id() + " feeds the block but is not "
                                + "placed yet (blocks must come in topological order)");
                    }
                    List<Integer> ts = contextTensors.computeIfAbsent(u, k -> new ArrayList<>());
                    int t = g.tensorOfEdge(e);
                    if (!ts.contains(t)) {
                        ts.add(t);
                    }
                }
            }
        }
        boolean[] deviceOp = new boolean[nd];
        for (int d = 0; d < nd; d++) {
            deviceOp[d] = deviceTime[d] > 0 || deviceMemory[d] > 0;
        }
        for (int u : contextTensors.keySet()) {
            deviceOp[placed[u]] = true;
        }
        List<Operator> ops = new ArrayList<>();
        List<Integer> original = new ArrayList<>();
        Map<String, Integer> sourceTensor = new HashMap<>();
        int[] deviceOpIndex = new int[nd];
        Arrays.fill(deviceOpIndex, -1);
        for (int d = 0; d < nd; d++) {
            if (deviceOp[d]) {
                deviceOpIndex[d] = ops.size();
                ops.add(new Operator("~device:" + c.device(d).id(), "earlier blocks on " + c.device(d).id(), "Earlier",
                        "", 0, 0, 0, 0, 0, Precision.FP32, List.of(new Tensor("ready", null, List.of(), 0)),
                        List.of()));
                original.add(-1);
            }
        }
        int[] subIndex = new int[g.size()];
        Arrays.fill(subIndex, -1);
        for (Map.Entry<Integer, List<Integer>> e : contextTensors.entrySet()) {
            int u = e.getKey();
            subIndex[u] = ops.size();
            List<Tensor> outs = new ArrayList<>();
            for (int t : e.getValue()) {
                outs.add(new Tensor(g.tensorName(t), null, List.of(), g.tensorBytes(t)));
                sourceTensor.put(ops.size() + "\u0000" + g.tensorName(t), t);
            }
            Operator o = g.op(u);
            ops.add(new Operator(o.id(), o.name(), o.opType(), o.domain(), 0, 0, 0, 0, 0, o.precision(), outs,
                    List.of()));
            original.add(u);
        }
        for (int v : block) {
            subIndex[v] = ops.size();
            for (int t : g.tensorsProducedBy(v)) {
                sourceTensor.put(ops.size() + "\u0000" + g.tensorName(t), t);
            }
            ops.add(g.op(v));
            original.add(v);
        }
        List<Edge> edges = new ArrayList<>();
        for (int u : contextTensors.keySet()) {
            edges.add(new Edge(deviceOpIndex[placed[u]], subIndex[u], "ready", 0));
        }
        for (int v : block) {
            for (int e : g.inEdges(v)) {
                Edge ed = g.edges().get(e);
                edges.add(new Edge(subIndex[ed.from()], subIndex[v], ed.tensor(), ed.bytes()));
            }
        }
        OpGraph sg = OpGraph.of(g.name() + " (block)", ops, edges);
        int n = ops.size();
        double[][] times = new double[n][nd];
        double[] memory = new double[n];
        int[] col = p.hasColocation() ? new int[n] : null;
        Map<Integer, Integer> spins = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int v = original.get(i);
            if (col != null) {
                col[i] = v >= 0 && inBlock[v] ? p.colocationGroup(v) : -1;
            }
            if (v < 0) {
                int d = -1;
                for (int x = 0; x < nd; x++) {
                    if (deviceOpIndex[x] == i) {
                        d = x;
                    }
                }
                Arrays.fill(times[i], Double.POSITIVE_INFINITY);
                times[i][d] = deviceTime[d];
                memory[i] = deviceMemory[d];
                spins.put(i, d);
            } else if (!inBlock[v]) {
                spins.put(i, placed[v]);
            } else {
                for (int d = 0; d < nd; d++) {
                    times[i][d] = p.opTime(v, d);
                }
                memory[i] = p.opMemory(v);
                Integer pin = pins.get(v);
                if (pin != null) {
                    spins.put(i, pin);
                }
            }
        }
        Problem.Builder b = priced(p, sg, sourceTensor).opTimes(times).opMemory(memory);
        if (col != null) {
            b.colocation(col);
        }
        return new Sub(b.build(), original.stream().mapToInt(Integer::intValue).toArray(), spins);
    }
}
