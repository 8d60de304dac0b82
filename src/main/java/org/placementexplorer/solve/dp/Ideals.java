package org.placementexplorer.solve.dp;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Every ideal (downward-closed set of groups) of the group DAG, as bitsets, sorted by size, with a
 * hash index to find an ideal from its bits.
 *
 * <p>Enumeration is a depth-first search that adds groups in increasing (topological) index order:
 * the groups of an ideal, sorted, are a sequence whose every prefix is an ideal, so each ideal is
 * produced exactly once, from the candidates (groups whose predecessors are all in) above the last
 * group added. It stops when the count passes a cap, so a wide graph is detected before memory runs
 * out.
 */
final class Ideals {
    final int groups;
    final int words;
    /** Number of ideals; index 0 is the empty ideal, the last one is the whole graph. */
    final int count;
    /** Ideals are stored in blocks of this many, so that storage grows without copying. */
    private static final int BLOCK_SHIFT = 13;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    /** Bits of the ideal stored at s: block s >> BLOCK_SHIFT, words [(s & (BLOCK-1))*words, +words). */
    private final long[][] blocks;
    /** Storage position of the ideal with (size-sorted) index i. */
    private final int[] stored;
    /** Sum of the fastest operator times of each ideal (for the work bounds). */
    final double[] work;
    /** Two independent Zobrist hashes per ideal. */
    final long[] h1;
    final long[] h2;
    /** Random keys of each group for the hashes. */
    final long[] z1;
    final long[] z2;
    /** Open addressing, three longs per slot: the two hashes and index + 1 (0 = empty). */
    private final long[] table;
    private final int mask;

    private Ideals(int groups, int words, int count, long[][] blocks, int[] stored, double[] work, long[] h1,
            long[] h2, long[] z1, long[] z2) {
        this.groups = groups;
        this.words = words;
        this.count = count;
        this.blocks = blocks;
        this.stored = stored;
        this.work = work;
        this.h1 = h1;
        this.h2 = h2;
        this.z1 = z1;
        this.z2 = z2;
        int cap = Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1;
        table = new long[cap * 3];
        mask = cap - 1;
        for (int i = 0; i < count; i++) {
            int pos = slot(h1[i]);
            while (table[pos * 3 + 2] != 0) {
                pos = (pos + 1) & mask;
            }
            table[pos * 3] = h1[i];
            table[pos * 3 + 1] = h2[i];
            table[pos * 3 + 2] = i + 1;
        }
    }

    /** Outcome of an enumeration: the ideals, or why there are none. */
    record Result(Ideals ideals, boolean exploded, boolean stopped, long seen) {
    }

    /** Bytes one ideal takes here and in the DP tables with {@code levels} levels. */
    static long bytesPerIdeal(int groups, int levels) {
        int words = (groups + 63) >>> 6;
        return 8L * words + 8 + 16 + 8 + 13L * levels + 16;
    }

    /** Enumerates the ideals of the model's group DAG, giving up past {@code cap} ideals. */
    static Result enumerate(DpModel m, long cap, BooleanSupplier stop) {
        int g = m.groups;
        int w = (g + 63) >>> 6;
        cap = Math.min(cap, (Integer.MAX_VALUE - 64) / w);
        SplittableRandom rnd = new SplittableRandom(0x5EED_1DEAL);
        long[] z1 = new long[g];
        long[] z2 = new long[g];
        for (int i = 0; i < g; i++) {
            z1[i] = rnd.nextLong();
            z2[i] = rnd.nextLong();
        }
        int capacity = 1024;
        java.util.List<long[]> blocks = new java.util.ArrayList<>();
        blocks.add(new long[BLOCK * w]);
        double[] work = new double[capacity];
        long[] hh1 = new long[capacity];
        long[] hh2 = new long[capacity];
        int[] card = new int[capacity];
        int n = 1; // the empty ideal
        int[] missing = new int[g];
        for (int x = 0; x < g; x++) {
            missing[x] = m.pred[x].length;
        }
        long[] cur = new long[w];
        long[][] cand = new long[g + 1][w];
        int[] last = new int[g + 1];
        int[] chosen = new int[g + 1];
        double[] workAt = new double[g + 1];
        long[] a1 = new long[g + 1];
        long[] a2 = new long[g + 1];
        for (int x = 0; x < g; x++) {
            if (missing[x] == 0) {
                cand[0][x >>> 6] |= 1L << x;
            }
        }
        int depth = 0;
        last[0] = -1;
        long steps = 0;
        while (true) {
            int x = nextAbove(cand[depth], last[depth], w);
            if (x < 0) {
                if (depth == 0) {
                    break;
                }
                depth--;
                int y = chosen[depth];
                cur[y >>> 6] &= ~(1L << y);
                for (int s : m.succ[y]) {
                    missing[s]++;
                }
                continue;
            }
            last[depth] = x;
            chosen[depth] = x;
            cur[x >>> 6] |= 1L << x;
            long[] child = cand[depth + 1];
            // candidates above x, plus successors of x that become addable
            for (int i = 0; i < w; i++) {
                child[i] = 0;
            }
            copyAbove(cand[depth], x, child, w);
            for (int s : m.succ[x]) {
                if (--missing[s] == 0) {
                    child[s >>> 6] |= 1L << s;
                }
            }
            workAt[depth + 1] = workAt[depth] + m.work[x];
            a1[depth + 1] = a1[depth] ^ z1[x];
            a2[depth + 1] = a2[depth] ^ z2[x];
            depth++;
            last[depth] = x;
            if (n >= cap) {
                return new Result(null, true, false, n);
            }
            if (n == capacity) {
                capacity = (int) Math.min(cap, 2L * capacity);
                work = Arrays.copyOf(work, capacity);
                hh1 = Arrays.copyOf(hh1, capacity);
                hh2 = Arrays.copyOf(hh2, capacity);
                card = Arrays.copyOf(card, capacity);
            }
            if ((n & (BLOCK - 1)) == 0 && (n >>> BLOCK_SHIFT) == blocks.size()) {
                blocks.add(new long[BLOCK * w]);
            }
            System.arraycopy(cur, 0, blocks.get(n >>> BLOCK_SHIFT), (n & (BLOCK - 1)) * w, w);
            work[n] = workAt[depth];
            hh1[n] = a1[depth];
            hh2[n] = a2[depth];
            card[n] = depth;
            n++;
            if ((++steps & 0xFFF) == 0 && stop.getAsBoolean()) {
                return new Result(null, false, true, n);
            }
        }
        // sort by size (counting sort), the empty ideal first and the whole graph last
        int[] start = new int[g + 2];
        for (int i = 0; i < n; i++) {
            start[card[i] + 1]++;
        }
        for (int k = 1; k <= g + 1; k++) {
            start[k] += start[k - 1];
        }
        int[] stored = new int[n];
        double[] sw = new double[n];
        long[] s1 = new long[n];
        long[] s2 = new long[n];
        for (int i = 0; i < n; i++) {
            int j = start[card[i]]++;
            stored[j] = i;
            sw[j] = work[i];
            s1[j] = hh1[i];
            s2[j] = hh2[i];
        }
        return new Result(new Ideals(g, w, n, blocks.toArray(long[][]::new), stored, sw, s1, s2, z1, z2), false, false,
                n);
    }

    private int slot(long h) {
        long x = h * 0x9E3779B97F4A7C15L;
        return (int) (x >>> 33) & mask;
    }

    /** Index of the ideal with these hashes, or -1. */
    int find(long k1, long k2) {
        int pos = slot(k1);
        while (true) {
            int o = pos * 3;
            long v = table[o + 2];
            if (v == 0) {
                return -1;
            }
            if (table[o] == k1 && table[o + 1] == k2) {
                return (int) v - 1;
            }
            pos = (pos + 1) & mask;
        }
    }

    boolean contains(int ideal, int group) {
        return (word(ideal, group >>> 6) & (1L << group)) != 0;
    }

    /** Word k of the bitset of ideal i. */
    long word(int ideal, int k) {
        int s = stored[ideal];
        return blocks[s >>> BLOCK_SHIFT][(s & (BLOCK - 1)) * words + k];
    }

    /** Lowest set bit strictly above {@code after}, or -1. */
    static int nextAbove(long[] set, int after, int words) {
        int from = after + 1;
        int wi = from >>> 6;
        if (wi >= words) {
            return -1;
        }
        long word = set[wi] & (-1L << (from & 63));
        while (true) {
            if (word != 0) {
                return (wi << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++wi == words) {
                return -1;
            }
            word = set[wi];
        }
    }

    /** dst |= the bits of src strictly above x. */
    static void copyAbove(long[] src, int x, long[] dst, int words) {
        int from = x + 1;
        int wi = from >>> 6;
        if (wi >= words) {
            return;
        }
        dst[wi] |= src[wi] & (-1L << (from & 63));
        for (int i = wi + 1; i < words; i++) {
            dst[i] |= src[i];
        }
    }
}
