package org.placementexplorer.solve.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

/**
 * dp against a deliberately naive DP on real instances with few ideals: every pair of ideals of the
 * colour-class graph (no simplification, no pruning), stage loads recomputed from MODEL.md's formula
 * for every pair, state (ideal, accelerators used, CPUs used).
 */
class DpNaiveCrossCheckTest {

    static Stream<Path> instances() {
        Path shared = Path.of(System.getProperty("shared.dir", "../shared"), "instances", "tarnawski");
        List<Path> out = new ArrayList<>();
        for (String f : List.of("throughput-inputs_LayerGraphs_bert24_inference.json",
                "throughput-inputs_LayerGraphs_bert24_training.json",
                "throughput-inputs_LayerGraphs_resnet50_inference.json")) {
            out.add(Path.of("sample-graphs", f));
        }
        // shared instances with a few hundred ideals (skipped when ../shared is absent)
        for (String f : List.of("throughput-inputs_LayerGraphs_resnet50_training.json",
                "throughput-inputs_OperatorGraphs_resnet50_inference.json",
                "throughput-inputs_OperatorGraphs_resnet50_training.json")) {
            out.add(shared.resolve(f));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("instances")
    void sameOptimumAsANaiveDp(Path file) {
        Assumptions.assumeTrue(Files.exists(file), file + " is absent (../shared): skipped");
        Problem p = ModelLoader.load(file).ownProblem();
        double naive = naiveOptimum(p);
        DpSolver.Outcome o = DpSolver.run(p, Map.of(), Map.of(), () -> false, new Evaluator(p), pl -> {
        });
        assertTrue(o.optimal());
        double got = new Evaluator(p).objective(o.placement(), Objective.THROUGHPUT);
        assertEquals(naive, got, 1e-9 * naive, file.toString());
    }

    static double naiveOptimum(Problem p) {
        OpGraph g = p.graph();
        int n = g.size();
        // classes
        Map<Integer, Integer> classIndex = new HashMap<>();
        int[] cls = new int[n];
        for (int v = 0; v < n; v++) {
            int c = p.colocationGroup(v);
            cls[v] = classIndex.computeIfAbsent(c >= 0 ? c : -1 - v, x -> classIndex.size());
        }
        int nc = classIndex.size();
        boolean[] hasForward = new boolean[nc];
        for (int v = 0; v < n; v++) {
            hasForward[cls[v]] |= !p.isBackward(v);
        }
        List<Set<Integer>> preds = new ArrayList<>();
        for (int i = 0; i < nc; i++) {
            preds.add(new HashSet<>());
        }
        for (int u = 0; u < n; u++) {
            for (int w : g.successors(u)) {
                if (cls[u] == cls[w]) {
                    continue;
                }
                if (!p.isBackward(u) && !p.isBackward(w)) {
                    preds.get(cls[w]).add(cls[u]);
                } else if (p.isBackward(u) && p.isBackward(w) && (!hasForward[cls[u]] || !hasForward[cls[w]])) {
                    preds.get(cls[u]).add(cls[w]);
                }
            }
        }
        // all ideals: sets closed under predecessors, grown one class at a time
        List<BitSet> ideals = new ArrayList<>();
        Set<BitSet> seen = new HashSet<>();
        ideals.add(new BitSet());
        seen.add(new BitSet());
        for (int i = 0; i < ideals.size(); i++) {
            BitSet cur = ideals.get(i);
            for (int x = 0; x < nc; x++) {
                if (cur.get(x)) {
                    continue;
                }
                BitSet next = (BitSet) cur.clone();
                next.set(x);
                // close under predecessors (a cycle comes in whole)
                java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>(List.of(x));
                while (!work.isEmpty()) {
                    for (int z : preds.get(work.pop())) {
                        if (!next.get(z)) {
                            next.set(z);
                            work.push(z);
                        }
                    }
                }
                if (seen.add(next)) {
                    ideals.add(next);
                }
            }
        }
        ideals.sort((a, b) -> Integer.compare(a.cardinality(), b.cardinality()));
        int k = 0;
        int c = 0;
        for (int d = 0; d < p.deviceCount(); d++) {
            if (p.cluster().device(d).kind() == DeviceKind.CPU) {
                c++;
            } else {
                k++;
            }
        }
        int cpuDevice = k; // devices: accelerators first
        double memory = p.cluster().device(0).memoryBytes();
        int m = ideals.size();
        double[][][] f = new double[m][k + 1][c + 1];
        for (double[][] a : f) {
            for (double[] b : a) {
                Arrays.fill(b, Double.POSITIVE_INFINITY);
            }
        }
        for (int a = 0; a <= k; a++) {
            Arrays.fill(f[0][a], 0);
        }
        double[] tu = new double[n];
        for (int u = 0; u < n; u++) {
            tu[u] = g.tensorsProducedBy(u).length == 0 ? 0 : p.transferTime(g.tensorsProducedBy(u)[0], 0, 1);
        }
        boolean[] inS = new boolean[n];
        for (int i = 1; i < m; i++) {
            BitSet sup = ideals.get(i);
            for (int j = 0; j < i; j++) {
                BitSet sub = ideals.get(j);
                boolean subset = sub.cardinality() < sup.cardinality();
                for (int x = sub.nextSetBit(0); x >= 0 && subset; x = sub.nextSetBit(x + 1)) {
                    subset = sup.get(x);
                }
                if (!subset) {
                    continue;
                }
                for (int v = 0; v < n; v++) {
                    inS[v] = sup.get(cls[v]) && !sub.get(cls[v]);
                }
                double acc = 0;
                double cpu = 0;
                double mem = 0;
                for (int v = 0; v < n; v++) {
                    if (inS[v]) {
                        acc += p.opTime(v, 0);
                        cpu += c > 0 ? p.opTime(v, cpuDevice) : Double.POSITIVE_INFINITY;
                        mem += p.opMemory(v);
                    }
                }
                // MODEL.md: once per tensor sent (some successor outside), once per tensor received
                for (int u = 0; u < n; u++) {
                    boolean out = false;
                    boolean in = false;
                    for (int w : g.successors(u)) {
                        out |= !inS[w];
                        in |= inS[w];
                    }
                    if ((inS[u] && out) || (!inS[u] && in)) {
                        acc += tu[u];
                    }
                }
                if (mem > memory) {
                    acc = Double.POSITIVE_INFINITY;
                }
                for (int a = 0; a <= k; a++) {
                    for (int b = 0; b <= c; b++) {
                        if (a > 0) {
                            f[i][a][b] = Math.min(f[i][a][b], Math.max(f[j][a - 1][b], acc));
                        }
                        if (b > 0) {
                            f[i][a][b] = Math.min(f[i][a][b], Math.max(f[j][a][b - 1], cpu));
                        }
                    }
                }
            }
        }
        return f[m - 1][k][c];
    }
}
