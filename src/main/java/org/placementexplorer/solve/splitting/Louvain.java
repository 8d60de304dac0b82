package org.placementexplorer.solve.splitting;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Community detection by modularity (Blondel, Guillaume, Lambiotte and Lefebvre, 2008): move each
 * vertex to the neighbouring community with the largest modularity gain until nothing moves, merge
 * the communities into vertices, and repeat while modularity grows. Undirected, weighted; vertices
 * are visited in an order drawn from the seed, so a seed always gives the same communities.
 */
public final class Louvain {
    private Louvain() {
    }

    /**
     * Communities of an undirected weighted graph given as adjacency lists ({@code adj[v]}
     * neighbours, {@code w[v]} weights, symmetric; no self-loops needed). Returns a community
     * index per vertex, numbered 0.. by first vertex.
     */
    public static int[] communities(int[][] adj, double[][] w, long seed) {
        int n = adj.length;
        int[] result = new int[n];
        for (int v = 0; v < n; v++) {
            result[v] = v;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] a = adj;
        double[][] ww = w;
        double[] self = new double[n];
        while (true) {
            int m = a.length;
            int[] comm = onePhase(a, ww, self, rnd);
            int k = 0;
            int[] renum = new int[m];
            Arrays.fill(renum, -1);
            for (int v = 0; v < m; v++) {
                if (renum[comm[v]] < 0) {
                    renum[comm[v]] = k++;
                }
                comm[v] = renum[comm[v]];
            }
            for (int v = 0; v < n; v++) {
                result[v] = comm[result[v]];
            }
            if (k == m) {
                break; // nothing merged: modularity cannot grow further
            }
            // aggregate
            double[][] cw = new double[k][];
            int[][] ca = new int[k][];
            double[] cself = new double[k];
            java.util.Map<Long, Double> edges = new java.util.HashMap<>();
            for (int v = 0; v < m; v++) {
                cself[comm[v]] += self[v];
                for (int i = 0; i < a[v].length; i++) {
                    int x = comm[v];
                    int y = comm[a[v][i]];
                    if (x == y) {
                        cself[x] += ww[v][i]; // each internal edge seen from both ends: 2w, as self-loops count
                    } else {
                        edges.merge((long) x * k + y, ww[v][i], Double::sum);
                    }
                }
            }
            int[] deg = new int[k];
            for (long key : edges.keySet()) {
                deg[(int) (key / k)]++;
            }
            for (int x = 0; x < k; x++) {
                ca[x] = new int[deg[x]];
                cw[x] = new double[deg[x]];
            }
            int[] fill = new int[k];
            long[] keys = edges.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            for (long key : keys) {
                int x = (int) (key / k);
                int y = (int) (key % k);
                ca[x][fill[x]] = y;
                cw[x][fill[x]] = edges.get(key);
                fill[x]++;
            }
            a = ca;
            ww = cw;
            self = cself;
        }
        // number communities by first vertex
        int[] renum = new int[n];
        Arrays.fill(renum, -1);
        int k = 0;
        for (int v = 0; v < n; v++) {
            if (renum[result[v]] < 0) {
                renum[result[v]] = k++;
            }
            result[v] = renum[result[v]];
        }
        return result;
    }

    /** Local moving; {@code self[v]} is twice the weight inside vertex v (from earlier levels). */
    private static int[] onePhase(int[][] a, double[][] w, double[] self, SplittableRandom rnd) {
        int m = a.length;
        double[] k = new double[m];
        double total = 0;
        for (int v = 0; v < m; v++) {
            k[v] = self[v];
            for (double x : w[v]) {
                k[v] += x;
            }
            total += k[v];
        }
        int[] comm = new int[m];
        double[] tot = new double[m];
        for (int v = 0; v < m; v++) {
            comm[v] = v;
            tot[v] = k[v];
        }
        if (total <= 0) {
            return comm;
        }
        int[] visit = new int[m];
        for (int v = 0; v < m; v++) {
            visit[v] = v;
        }
        for (int i = m - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = visit[i];
            visit[i] = visit[j];
            visit[j] = t;
        }
        double[] toComm = new double[m];
        int[] touched = new int[m];
        boolean moved = true;
        for (int pass = 0; moved && pass < 50; pass++) {
            moved = false;
            for (int v : visit) {
                int own = comm[v];
                int nt = 0;
                for (int i = 0; i < a[v].length; i++) {
                    int c = comm[a[v][i]];
                    if (toComm[c] == 0) {
                        touched[nt++] = c;
                    }
                    toComm[c] += w[v][i];
                }
                tot[own] -= k[v];
                // gain of joining c (v alone): toComm[c] - tot[c] * k[v] / total  (×2/total dropped)
                int best = own;
                double bestGain = toComm[own] - tot[own] * k[v] / total;
                for (int i = 0; i < nt; i++) {
                    int c = touched[i];
                    double gain = toComm[c] - tot[c] * k[v] / total;
                    if (gain > bestGain + 1e-12 * Math.abs(bestGain)) {
                        best = c;
                        bestGain = gain;
                    }
                }
                tot[best] += k[v];
                if (best != own) {
                    comm[v] = best;
                    moved = true;
                }
                for (int i = 0; i < nt; i++) {
                    toComm[touched[i]] = 0;
                }
            }
        }
        return comm;
    }
}
