package org.placementexplorer.solve.dp;

import java.util.Arrays;

/**
 * The loads of one stage S (a set of groups) on each device type, kept up to date as groups join
 * and leave S. Per tensor it counts how many of its consumers are in S, so that a tensor is charged
 * once when it is sent (produced in S, some consumer outside) and once when it is received (produced
 * outside, some consumer in S), whatever the number of edges.
 *
 * <p>Groups must leave in the reverse order of joining ({@link #pop}); the sums are saved when a
 * group joins and restored when it leaves, so they never drift by rounding.
 */
final class StageLoads {
    private final DpModel m;
    private final int types;
    private final int classes;
    private final boolean links;
    private final boolean[] inS;
    private final int[] consumersIn;
    // running sums
    final double[] comp;
    double mem;
    final double[] send;
    final double[] recv;
    double sendBytes;
    double recvBytes;
    // saved sums, one frame per group in S
    private final int frame;
    private double[] saved;
    private int[] stack;
    private int depth;

    StageLoads(DpModel m) {
        this.m = m;
        this.types = m.types;
        this.classes = m.commClasses;
        this.links = m.linkTerms;
        this.inS = new boolean[m.graph.size()];
        this.consumersIn = new int[m.tensorProducer.length];
        this.comp = new double[types];
        this.send = new double[classes];
        this.recv = new double[classes];
        this.frame = types + 1 + 2 * classes + 2;
        this.saved = new double[frame * 16];
        this.stack = new int[16];
    }

    int size() {
        return depth;
    }

    /** The group added last. */
    int top() {
        return stack[depth - 1];
    }

    /** Adds group x to S. */
    void push(int x) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
            saved = Arrays.copyOf(saved, frame * depth * 2);
        }
        int o = depth * frame;
        System.arraycopy(comp, 0, saved, o, types);
        o += types;
        saved[o++] = mem;
        System.arraycopy(send, 0, saved, o, classes);
        o += classes;
        System.arraycopy(recv, 0, saved, o, classes);
        o += classes;
        saved[o++] = sendBytes;
        saved[o] = recvBytes;
        stack[depth++] = x;

        double[] cx = m.comp[x];
        for (int t = 0; t < types; t++) {
            comp[t] += cx[t];
        }
        mem += m.mem[x];
        int[] outStart = m.outStart;
        int[] outT = m.outTensors;
        int[] inStart = m.inStart;
        int[] inT = m.inTensors;
        int[] nCons = m.tensorConsumerCount;
        for (int w : m.groupOps[x]) {
            inS[w] = true;
            for (int i = outStart[w], e = outStart[w + 1]; i < e; i++) {
                int t = outT[i];
                int k = consumersIn[t];
                if (k > 0) {
                    unreceive(t);
                }
                if (k < nCons[t]) {
                    sent(t);
                }
            }
            for (int i = inStart[w], e = inStart[w + 1]; i < e; i++) {
                int t = inT[i];
                int k = ++consumersIn[t];
                if (inS[m.tensorProducer[t]]) {
                    if (k == nCons[t]) {
                        unsent(t);
                    }
                } else if (k == 1) {
                    received(t);
                }
            }
        }
    }

    /** Removes the group added last. */
    void pop() {
        int x = stack[--depth];
        int[] ops = m.groupOps[x];
        int[] inStart = m.inStart;
        int[] inT = m.inTensors;
        for (int j = ops.length - 1; j >= 0; j--) {
            int w = ops[j];
            for (int i = inStart[w], e = inStart[w + 1]; i < e; i++) {
                consumersIn[inT[i]]--;
            }
            inS[w] = false;
        }
        int o = depth * frame;
        System.arraycopy(saved, o, comp, 0, types);
        o += types;
        mem = saved[o++];
        System.arraycopy(saved, o, send, 0, classes);
        o += classes;
        System.arraycopy(saved, o, recv, 0, classes);
        o += classes;
        sendBytes = saved[o++];
        recvBytes = saved[o];
    }

    void clear() {
        while (depth > 0) {
            pop();
        }
    }

    private void sent(int t) {
        for (int c = 0; c < classes; c++) {
            send[c] += m.sendPrice[c][t];
        }
        if (links) {
            sendBytes += m.tensorBytes[t];
        }
    }

    private void unsent(int t) {
        for (int c = 0; c < classes; c++) {
            send[c] -= m.sendPrice[c][t];
        }
        if (links) {
            sendBytes -= m.tensorBytes[t];
        }
    }

    private void received(int t) {
        for (int c = 0; c < classes; c++) {
            recv[c] += m.recvPrice[c][t];
        }
        if (links) {
            recvBytes += m.tensorBytes[t];
        }
    }

    private void unreceive(int t) {
        for (int c = 0; c < classes; c++) {
            recv[c] -= m.recvPrice[c][t];
        }
        if (links) {
            recvBytes -= m.tensorBytes[t];
        }
    }

    /** Whether S fits on a device of type t (it can run every operator and has the memory). */
    boolean fits(int t) {
        return comp[t] != Double.POSITIVE_INFINITY && mem <= m.typeMemory[t];
    }

    /** Load of S on a device of type t (call only when it fits). */
    double load(int t) {
        double l = comp[t];
        int c = m.typeCommClass[t];
        if (c >= 0) {
            l += Math.max(0, send[c]) + Math.max(0, recv[c]);
        }
        if (links && m.typeHasLink[t]) {
            double bw = m.typeLinkBandwidth[t];
            l = Math.max(l, Math.max(sendBytes, recvBytes) / bw);
        }
        return l;
    }
}
