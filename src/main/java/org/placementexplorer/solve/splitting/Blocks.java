package org.placementexplorer.solve.splitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.common.OpUnits;

/**
 * DiviML's partition of the operator graph into blocks that can be solved one after another:
 * modularity communities of the data-flow graph (units as vertices, edge weight = bytes carried;
 * for problems whose files give no bytes, the tensors' transfer times), cut to at most
 * {@code maxSize} operators, then repaired so that the block graph is acyclic.
 *
 * <p><b>Repair.</b> In topological order each operator gets a level: the largest over its
 * producers of the producer's level, plus one when the producer is in another community. The
 * blocks are the (community, level) pairs. An edge between two blocks then always climbs a level,
 * so the block graph is acyclic, and solving the blocks by level sees every input already placed.
 * Blocks on one level have no edge between them and are merged while they fit in {@code maxSize}.
 */
final class Blocks {
    private Blocks() {
    }

    /** The blocks (operator indices, topological order inside each), in an order to solve them. */
    static List<int[]> partition(Problem p, OpUnits units, int maxSize, long seed) {
        OpGraph g = p.graph();
        int n = g.size();
        int nu = units.count();
        boolean anyBytes = false;
        for (int t = 0; t < g.tensorCount() && !anyBytes; t++) {
            anyBytes = g.tensorBytes(t) > 0;
        }
        // undirected unit graph weighted by bytes (or transfer time)
        List<Map<Integer, Double>> nb = new ArrayList<>();
        for (int u = 0; u < nu; u++) {
            nb.add(new HashMap<>());
        }
        int nd = p.deviceCount();
        for (int t = 0; t < g.tensorCount(); t++) {
            int pu = units.unitOf(g.tensorProducer(t));
            double w = anyBytes ? g.tensorBytes(t) : nd > 1 ? p.transferTime(t, 0, 1) : 0;
            if (!(w > 0)) {
                continue;
            }
            for (int c : g.tensorConsumers(t)) {
                int cu = units.unitOf(c);
                if (cu != pu) {
                    nb.get(pu).merge(cu, w, Double::sum);
                    nb.get(cu).merge(pu, w, Double::sum);
                }
            }
        }
        int[][] adj = new int[nu][];
        double[][] wt = new double[nu][];
        for (int u = 0; u < nu; u++) {
            int[] keys = nb.get(u).keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            adj[u] = keys;
            wt[u] = new double[keys.length];
            for (int i = 0; i < keys.length; i++) {
                wt[u][i] = nb.get(u).get(keys[i]);
            }
        }
        int[] unitComm = Louvain.communities(adj, wt, seed);
        int[] comm = new int[n];
        for (int v = 0; v < n; v++) {
            comm[v] = unitComm[units.unitOf(v)];
        }
        // cut communities larger than maxSize into runs of the topological order
        int[] topo = g.topologicalOrder();
        Map<Integer, Integer> size = new HashMap<>();
        Map<Integer, Integer> seen = new HashMap<>();
        for (int v = 0; v < n; v++) {
            size.merge(comm[v], 1, Integer::sum);
        }
        int next = 0;
        for (int c : comm) {
            next = Math.max(next, c + 1);
        }
        Map<Long, Integer> piece = new HashMap<>();
        int[] cut = new int[n];
        for (int v : topo) {
            int c = comm[v];
            int k = seen.merge(c, 1, Integer::sum) - 1;
            if (size.get(c) <= maxSize) {
                cut[v] = c;
            } else {
                long key = (long) c * n + k / maxSize;
                Integer id = piece.get(key);
                if (id == null) {
                    id = next++;
                    piece.put(key, id);
                }
                cut[v] = id;
            }
        }
        // levels (see the class comment)
        int[] level = new int[n];
        for (int v : topo) {
            int l = 0;
            for (int u : g.predecessors(v)) {
                l = Math.max(l, level[u] + (cut[u] != cut[v] ? 1 : 0));
            }
            level[v] = l;
        }
        Map<Long, List<Integer>> byKey = new HashMap<>();
        for (int v : topo) {
            byKey.computeIfAbsent((long) level[v] * (next + 1) + cut[v], k -> new ArrayList<>()).add(v);
        }
        List<List<Integer>> blocks = new ArrayList<>(byKey.values());
        blocks.sort(Comparator.comparingInt((List<Integer> b) -> level[b.get(0)])
                .thenComparingInt(b -> g.topologicalPosition(b.get(0))));
        // merge blocks of one level while they fit
        List<int[]> out = new ArrayList<>();
        List<Integer> cur = null;
        int curLevel = -1;
        for (List<Integer> b : blocks) {
            int l = level[b.get(0)];
            if (cur != null && l == curLevel && cur.size() + b.size() <= maxSize) {
                cur.addAll(b);
            } else {
                if (cur != null) {
                    out.add(sorted(cur, g));
                }
                cur = new ArrayList<>(b);
                curLevel = l;
            }
        }
        if (cur != null) {
            out.add(sorted(cur, g));
        }
        return out;
    }

    private static int[] sorted(List<Integer> ops, OpGraph g) {
        int[] a = ops.stream().mapToInt(Integer::intValue).toArray();
        Integer[] boxed = Arrays.stream(a).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingInt(g::topologicalPosition));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }
}
