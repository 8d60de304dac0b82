package org.placementexplorer.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Route;

/**
 * Builds a {@link PipelineSchedule}: one sample's items (a template) with their resource, duration
 * and what they wait for, put in an order that respects both; then samples 0..M−1 are timed one
 * after the other, each item starting at the latest of the end of the previous item on its row and
 * the times its inputs allow.
 */
final class PipelineScheduler {
    private static final int START = 0;
    private static final int END = 1;

    private final Problem p;
    private final OpGraph g;
    private final Cluster c;
    private final int nd;

    // the template (one sample)
    private final List<PipelineSchedule.Kind> kind = new ArrayList<>();
    private final List<int[]> ids = new ArrayList<>(); // op, tensor, device, link, forward(0/1), src, dst
    private final List<Integer> resource = new ArrayList<>(); // -1: virtual (an arrival), else device or link dir
    private final List<Double> duration = new ArrayList<>();
    private final List<List<double[]>> deps = new ArrayList<>(); // {item, START|END, lag}

    PipelineScheduler(Problem p) {
        this.p = p;
        this.g = p.graph();
        this.c = p.cluster();
        this.nd = c.size();
    }

    private int add(PipelineSchedule.Kind k, int op, int tensor, int device, int link, boolean forward, int src,
            int dst, int res, double dur) {
        kind.add(k);
        ids.add(new int[] {op, tensor, device, link, forward ? 1 : 0, src, dst});
        resource.add(res);
        duration.add(dur);
        deps.add(new ArrayList<>());
        return kind.size() - 1;
    }

    private void dep(int item, int on, int which, double lag) {
        deps.get(item).add(new double[] {on, which, lag});
    }

    PipelineSchedule build(Placement pl, Pipeline pipe, Schedule one, int m) {
        int n = g.size();
        int[] dev = pl.devices();
        int[][] order = one.order();
        boolean oncePerTensor = p.sendAccounting() == Problem.SendAccounting.ONCE_PER_TENSOR;
        int resources = nd + 2 * (p.transfersUseLinks() ? c.links().size() : 0);
        List<List<Integer>> sequence = new ArrayList<>();
        for (int r = 0; r < resources; r++) {
            sequence.add(new ArrayList<>());
        }

        // operators first (their items must exist before anything can depend on them)
        int[] opItem = new int[n];
        for (int v = 0; v < n; v++) {
            opItem[v] = add(PipelineSchedule.Kind.OPERATOR, v, -1, dev[v], -1, false, -1, -1, dev[v],
                    p.opTime(v, dev[v]));
        }
        // transfers: one per (tensor, destination device), from the one-sample schedule
        List<Schedule.Transfer> transfers = new ArrayList<>(one.transfers());
        int nt = transfers.size();
        int[] flightItem = new int[nt]; // the item whose time the flight starts from
        int[] flightWhich = new int[nt];
        int[] arrival = new int[nt];
        int[] receive = new int[nt];
        Arrays.fill(receive, -1);
        // sends of non-overlapping devices, keyed by tensor (once) or transfer (per destination)
        int[] sendOfTensor = new int[g.tensorCount()];
        Arrays.fill(sendOfTensor, -1);
        List<List<Integer>> sendsAfter = new ArrayList<>();
        List<List<Integer>> receivesBefore = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            sendsAfter.add(new ArrayList<>());
            receivesBefore.add(new ArrayList<>());
        }
        java.util.Map<Integer, Double> hopOneStart = new java.util.HashMap<>();
        double[] longest = new double[g.tensorCount()];
        for (Schedule.Transfer t : transfers) {
            longest[t.tensor()] = Math.max(longest[t.tensor()], p.transferTime(t.tensor(), t.src(), t.dst()));
        }
        for (int i = 0; i < nt; i++) {
            Schedule.Transfer t = transfers.get(i);
            double tt = p.transferTime(t.tensor(), t.src(), t.dst());
            flightItem[i] = opItem[t.producer()];
            flightWhich[i] = END;
            if (!c.device(t.src()).overlapsTransfers()) {
                int send;
                if (oncePerTensor) {
                    send = sendOfTensor[t.tensor()];
                    if (send < 0 && longest[t.tensor()] > 0) {
                        send = add(PipelineSchedule.Kind.SEND, t.producer(), t.tensor(), t.src(), -1, false, t.src(),
                                -1, t.src(), longest[t.tensor()]);
                        dep(send, opItem[t.producer()], END, 0);
                        sendOfTensor[t.tensor()] = send;
                        sendsAfter.get(t.producer()).add(send);
                    }
                } else if (tt > 0) {
                    send = add(PipelineSchedule.Kind.SEND, t.producer(), t.tensor(), t.src(), -1, false, t.src(),
                            t.dst(), t.src(), tt);
                    dep(send, opItem[t.producer()], END, 0);
                    sendsAfter.get(t.producer()).add(send);
                } else {
                    send = -1;
                }
                if (send >= 0) {
                    flightItem[i] = send;
                    flightWhich[i] = START;
                }
            }
            arrival[i] = add(PipelineSchedule.Kind.FLIGHT, t.producer(), t.tensor(), -1, -1, false, t.src(), t.dst(),
                    -1, 0); // on no row: its start is the arrival, its flight starts at the first dependency
            dep(arrival[i], flightItem[i], flightWhich[i], tt);
            if (p.transfersUseLinks() && g.tensorBytes(t.tensor()) > 0) {
                Route r = c.route(t.src(), t.dst()).orElseThrow();
                for (int h = 0; h < r.hops().size(); h++) {
                    int l = r.hops().get(h);
                    boolean fwd = r.forward().get(h);
                    int hop = add(PipelineSchedule.Kind.LINK, t.producer(), t.tensor(), -1, l, fwd, t.src(), t.dst(),
                            nd + 2 * l + (fwd ? 0 : 1), g.tensorBytes(t.tensor()) / c.links().get(l).bandwidth());
                    dep(hop, flightItem[i], flightWhich[i], 0);
                    hopOneStart.put(hop, t.start());
                    dep(arrival[i], hop, END, 0);
                }
            }
            if (!c.device(t.dst()).overlapsTransfers() && tt > 0) {
                receive[i] = add(PipelineSchedule.Kind.RECEIVE, t.producer(), t.tensor(), t.dst(), -1, false, t.src(),
                        t.dst(), t.dst(), tt);
                dep(receive[i], arrival[i], END, -tt);
            }
        }
        // what each operator waits for
        java.util.Map<Long, Integer> byTensorAndDst = new java.util.HashMap<>();
        for (int i = 0; i < nt; i++) {
            Schedule.Transfer t = transfers.get(i);
            byTensorAndDst.put((long) t.tensor() * nd + t.dst(), i);
        }
        for (int v = 0; v < n; v++) {
            for (int e : g.inEdges(v)) {
                int u = g.edges().get(e).from();
                if (dev[u] == dev[v]) {
                    dep(opItem[v], opItem[u], END, 0);
                } else {
                    int i = byTensorAndDst.get((long) g.tensorOfEdge(e) * nd + dev[v]);
                    dep(opItem[v], receive[i] >= 0 ? receive[i] : arrival[i], END, 0);
                }
            }
        }
        // receives go right before the first consumer of their tensor on the device
        int[] posOnDevice = new int[n];
        for (int[] seq : order) {
            for (int k = 0; k < seq.length; k++) {
                posOnDevice[seq[k]] = k;
            }
        }
        for (int i = 0; i < nt; i++) {
            if (receive[i] < 0) {
                continue;
            }
            Schedule.Transfer t = transfers.get(i);
            int first = -1;
            for (int w : g.tensorConsumers(t.tensor())) {
                if (dev[w] == t.dst() && (first < 0 || posOnDevice[w] < posOnDevice[first])) {
                    first = w;
                }
            }
            receivesBefore.get(first).add(receive[i]);
        }
        // device sequences: receives, operator, sends
        for (int d = 0; d < nd; d++) {
            List<Integer> seq = sequence.get(d);
            for (int v : order[d]) {
                seq.addAll(receivesBefore.get(v));
                seq.add(opItem[v]);
                seq.addAll(sendsAfter.get(v));
            }
        }
        // link sequences: in the order the one-sample schedule starts the transfers
        if (p.transfersUseLinks()) {
            List<Integer> hops = new ArrayList<>();
            for (int i = 0; i < kind.size(); i++) {
                if (kind.get(i) == PipelineSchedule.Kind.LINK) {
                    hops.add(i);
                }
            }
            hops.sort(Comparator.<Integer>comparingDouble(h -> hopOneStart.get(h))
                    .thenComparingInt(h -> g.topologicalPosition(ids.get(h)[0]))
                    .thenComparingInt(h -> ids.get(h)[1]).thenComparingInt(h -> ids.get(h)[6])
                    .thenComparingInt(h -> h));
            for (int h : hops) {
                sequence.get(resource.get(h)).add(h);
            }
        }

        int items = kind.size();
        int[] prevOnRow = new int[items];
        Arrays.fill(prevOnRow, -1);
        int[] firstOnRow = new int[resources];
        int[] lastOnRow = new int[resources];
        Arrays.fill(firstOnRow, -1);
        Arrays.fill(lastOnRow, -1);
        for (int r = 0; r < resources; r++) {
            List<Integer> seq = sequence.get(r);
            for (int k = 0; k < seq.size(); k++) {
                if (k > 0) {
                    prevOnRow[seq.get(k)] = seq.get(k - 1);
                }
            }
            if (!seq.isEmpty()) {
                firstOnRow[r] = seq.get(0);
                lastOnRow[r] = seq.get(seq.size() - 1);
            }
        }
        int[] topo = topologicalOrder(items, prevOnRow);
        boolean acyclic = resourceGraphAcyclic(resources);

        // time the samples
        double[] start = new double[items * m];
        double[] end = new double[items * m];
        double[] sampleEnd = new double[m];
        double makespan = 0;
        List<PipelineSchedule.Item> out = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            int base = k * items;
            for (int i : topo) {
                double s = 0;
                int r = resource.get(i);
                if (prevOnRow[i] >= 0) {
                    s = end[base + prevOnRow[i]];
                } else if (r >= 0 && k > 0) {
                    s = end[base - items + lastOnRow[r]];
                }
                for (double[] d : deps.get(i)) {
                    int on = (int) d[0];
                    double at = (d[1] == START ? start[base + on] : end[base + on]) + d[2];
                    if (at > s) {
                        s = at;
                    }
                }
                start[base + i] = s;
                end[base + i] = s + duration.get(i);
            }
            double se = 0;
            for (int i = 0; i < items; i++) {
                int[] id = ids.get(i);
                if (resource.get(i) < 0) {
                    // a flight: from when the data leaves (its first dependency, less nothing) to its arrival
                    double[] first = deps.get(i).get(0);
                    int on = (int) first[0];
                    double leaves = first[1] == START ? start[base + on] : end[base + on];
                    out.add(new PipelineSchedule.Item(PipelineSchedule.Kind.FLIGHT, k, id[0], id[1], -1, -1, false,
                            id[5], id[6], leaves, start[base + i]));
                    continue;
                }
                se = Math.max(se, end[base + i]);
                out.add(new PipelineSchedule.Item(kind.get(i), k, id[0], id[1], id[2], id[3], id[4] == 1, id[5], id[6],
                        start[base + i], end[base + i]));
            }
            sampleEnd[k] = se;
            makespan = Math.max(makespan, se);
        }
        int[][] orderCopy = new int[order.length][];
        for (int d = 0; d < order.length; d++) {
            orderCopy[d] = order[d].clone();
        }
        return new PipelineSchedule(m, pipe.period(), pipe, java.util.Collections.unmodifiableList(out), sampleEnd,
                makespan, acyclic, orderCopy);
    }

    /** An order of the template's items in which every item comes after its row predecessor and its inputs. */
    private int[] topologicalOrder(int items, int[] prevOnRow) {
        int[] missing = new int[items];
        List<List<Integer>> next = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            next.add(new ArrayList<>());
        }
        for (int i = 0; i < items; i++) {
            for (double[] d : deps.get(i)) {
                next.get((int) d[0]).add(i);
                missing[i]++;
            }
            if (prevOnRow[i] >= 0) {
                next.get(prevOnRow[i]).add(i);
                missing[i]++;
            }
        }
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int i = 0; i < items; i++) {
            if (missing[i] == 0) {
                q.add(i);
            }
        }
        int[] topo = new int[items];
        int k = 0;
        while (!q.isEmpty()) {
            int i = q.poll();
            topo[k++] = i;
            for (int j : next.get(i)) {
                if (--missing[j] == 0) {
                    q.add(j);
                }
            }
        }
        if (k < items) {
            // cannot happen for orders taken from a valid one-sample schedule
            throw new ModelException("the device orders of this placement contradict its data flow; "
                    + "no pipelined schedule exists");
        }
        return topo;
    }

    /** Whether data never flows from a row back to itself through other rows. */
    private boolean resourceGraphAcyclic(int resources) {
        int items = kind.size();
        // the rows each item's time comes from, looking through arrivals (which have no row)
        List<java.util.BitSet> from = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            from.add(null);
        }
        boolean[][] arc = new boolean[resources][resources];
        for (int i = 0; i < items; i++) {
            java.util.BitSet src = sources(i, from);
            int r = resource.get(i);
            if (r >= 0) {
                for (int s = src.nextSetBit(0); s >= 0; s = src.nextSetBit(s + 1)) {
                    if (s != r) {
                        arc[s][r] = true;
                    }
                }
            }
        }
        int[] indeg = new int[resources];
        for (int a = 0; a < resources; a++) {
            for (int b = 0; b < resources; b++) {
                if (arc[a][b]) {
                    indeg[b]++;
                }
            }
        }
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int r = 0; r < resources; r++) {
            if (indeg[r] == 0) {
                q.add(r);
            }
        }
        int seen = 0;
        while (!q.isEmpty()) {
            int a = q.poll();
            seen++;
            for (int b = 0; b < resources; b++) {
                if (arc[a][b] && --indeg[b] == 0) {
                    q.add(b);
                }
            }
        }
        return seen == resources;
    }

    private java.util.BitSet sources(int i, List<java.util.BitSet> memo) {
        java.util.BitSet s = new java.util.BitSet();
        for (double[] d : deps.get(i)) {
            int on = (int) d[0];
            int r = resource.get(on);
            if (r >= 0) {
                s.set(r);
            } else {
                if (memo.get(on) == null) {
                    memo.set(on, sources(on, memo));
                }
                s.or(memo.get(on));
            }
        }
        return s;
    }
}
