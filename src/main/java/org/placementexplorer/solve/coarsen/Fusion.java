package org.placementexplorer.solve.coarsen;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.placementexplorer.cost.OpClass;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

/**
 * Moirai's coarsening by operator-fusion rules. Along an edge u → w (u's group U, w's group W):
 * <ol>
 *   <li>Conv (or ConvTranspose, ConvInteger, QLinearConv) followed by BatchNormalization, and a
 *       Conv or BatchNormalization followed by an activation;</li>
 *   <li>MatMul or Gemm (or MatMulInteger) followed by Add (the bias);</li>
 *   <li>an elementwise operator followed by another (chains of elementwise operators);</li>
 *   <li>any chain link: U has no other successor group and W no other predecessor group.</li>
 * </ol>
 * A fusion never creates a cycle: it is made only when U's only successor group is W or W's only
 * predecessor group is U (then no other path leads from U to W). It is also refused when the two
 * groups may not run on the same devices, are pinned to different devices, or together would not
 * fit in the memory of the largest device that can run them. Fusions repeat until none applies.
 */
public final class Fusion {
    private static final Set<String> CONV = Set.of("Conv", "ConvTranspose", "ConvInteger", "QLinearConv");
    private static final Set<String> MATMUL = Set.of("MatMul", "Gemm", "MatMulInteger", "QLinearMatMul");
    private static final Set<String> ACTIVATION = Set.of("Relu", "LeakyRelu", "PRelu", "Clip", "Sigmoid",
            "HardSigmoid", "HardSwish", "Tanh", "Gelu", "Elu", "Selu", "Softplus", "Mish", "Silu", "ThresholdedRelu");

    private Fusion() {
    }

    /** Group index (0..count-1) per operator; {@code count} is the largest index + 1. */
    public static int[] groups(Problem p, Map<Integer, Integer> pins) {
        OpGraph g = p.graph();
        int n = g.size();
        int nd = p.deviceCount();
        int[] parent = new int[n];
        for (int v = 0; v < n; v++) {
            parent[v] = v;
        }
        int[] pin = new int[n];
        Arrays.fill(pin, -1);
        pins.forEach((v, d) -> pin[v] = d);
        double[] memory = new double[n];
        for (int v = 0; v < n; v++) {
            memory[v] = p.opMemory(v);
        }
        // groups' successor and predecessor groups, kept as sets on the roots
        @SuppressWarnings("unchecked")
        Set<Integer>[] succ = new Set[n];
        @SuppressWarnings("unchecked")
        Set<Integer>[] pred = new Set[n];
        for (int v = 0; v < n; v++) {
            succ[v] = new HashSet<>();
            pred[v] = new HashSet<>();
            for (int w : g.successors(v)) {
                succ[v].add(w);
            }
            for (int u : g.predecessors(v)) {
                pred[v].add(u);
            }
        }
        int[] topo = g.topologicalOrder();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int u : topo) {
                for (int w : g.successors(u)) {
                    int a = find(parent, u);
                    int b = find(parent, w);
                    if (a == b) {
                        continue;
                    }
                    boolean safe = (succ[a].size() == 1) || (pred[b].size() == 1);
                    if (!safe || !rule(g, u, w, succ[a].size() == 1 && pred[b].size() == 1)) {
                        continue;
                    }
                    if (!compatible(p, a, b, pin, memory, nd, parent)) {
                        continue;
                    }
                    // merge b into a
                    parent[b] = a;
                    memory[a] += memory[b];
                    if (pin[a] < 0) {
                        pin[a] = pin[b];
                    }
                    succ[a].remove(b);
                    pred[b].remove(a);
                    for (int x : succ[b]) {
                        pred[x].remove(b);
                        if (x != a) {
                            pred[x].add(a);
                            succ[a].add(x);
                        }
                    }
                    for (int x : pred[b]) {
                        succ[x].remove(b);
                        if (x != a) {
                            succ[x].add(a);
                            pred[a].add(x);
                        }
                    }
                    succ[b].clear();
                    pred[b].clear();
                    changed = true;
                }
            }
        }
        int[] out = new int[n];
        int[] index = new int[n];
        Arrays.fill(index, -1);
        int k = 0;
        for (int v : topo) {
            int r = find(parent, v);
            if (index[r] < 0) {
                index[r] = k++;
            }
            out[v] = index[r];
        }
        return out;
    }

    /** Whether a fusion rule joins u → w (chain: the groups form a chain link). */
    private static boolean rule(OpGraph g, int u, int w, boolean chain) {
        if (chain) {
            return true;
        }
        String a = g.op(u).opType();
        String b = g.op(w).opType();
        if (CONV.contains(a) && b.equals("BatchNormalization")) {
            return true;
        }
        if ((CONV.contains(a) || a.equals("BatchNormalization")) && ACTIVATION.contains(b)) {
            return true;
        }
        if (MATMUL.contains(a) && b.equals("Add")) {
            return true;
        }
        return OpClass.of(a) == OpClass.ELEMENTWISE && OpClass.of(b) == OpClass.ELEMENTWISE;
    }

    private static boolean compatible(Problem p, int a, int b, int[] pin, double[] memory, int nd, int[] parent) {
        if (pin[a] >= 0 && pin[b] >= 0 && pin[a] != pin[b]) {
            return false;
        }
        double largest = 0;
        for (int d = 0; d < nd; d++) {
            // the roots' own operators stand for their groups: groups only ever join operators with
            // the same runnable devices, so the root's devices are the group's
            if (p.canRun(a, d) != p.canRun(b, d)) {
                return false;
            }
            if (p.canRun(a, d)) {
                largest = Math.max(largest, p.cluster().device(d).memoryBytes());
            }
        }
        return memory[a] + memory[b] <= largest;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
