package org.placementexplorer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Route;
import org.placementexplorer.util.Fmt;

/**
 * THE evaluator: the only code that turns a placement into an objective. Every solver, bound
 * check, CLI command and view takes its numbers from here. Stateless apart from the problem, so one
 * instance may be shared between threads.
 *
 * <h2>Transfers</h2>
 * A tensor produced on device a and consumed on device b != a is sent once to b, starting when its
 * producer ends, taking {@link Problem#transferTime}. All its consumers on b may start once it has
 * arrived.
 *
 * <h2>Latency (one sample)</h2>
 * Each device runs one operator at a time; transfers run beside compute and do not contend with
 * one another. Given a per-device order, every operator starts at the earliest time allowed by its
 * inputs and by the previous operator in its device's order (this is exact and unique). Without an
 * order, the order comes from this list-scheduling rule: repeatedly, among the operators whose
 * predecessors are all scheduled, take the one with the earliest possible start on its device; ties
 * go to the larger upward rank (longest path to a sink with this placement's operator and transfer
 * times), then to the earlier topological position. Evaluating the resulting order again gives the
 * same schedule. The makespan is the end of the last operator.
 *
 * <h2>Throughput (a stream of samples)</h2>
 * In steady state each sample costs each device its load: the compute time of its operators plus,
 * for a device that does not overlap transfers with compute, the time of the transfers it receives
 * and sends. Each link in each direction is busy for bytes / bandwidth of every transfer routed over
 * it. The period (time per sample) is the largest load; that device or link is the bottleneck. The
 * stages are the used devices in pipeline order.
 *
 * <h2>Memory</h2>
 * A device holds the resident memory of its operators (parameters) plus, when the problem counts
 * activations, the peak of live tensors while it runs its operators in order (the placement's order,
 * else topological order): a tensor made on the device is live from its producer to its last local
 * consumer (just at its producer when it is only sent away or is a graph output); a received tensor
 * is live from its first to its last local consumer.
 *
 * <h2>Replicas</h2>
 * A placement with {@code replicas = r > 1} runs r data-parallel copies of itself on r identical
 * servers ({@link Replication}); samples are dealt to the copies in turn. The throughput objective
 * is then the one copy's period divided by r; the pipeline, memory and latency reported are one
 * copy's. A placement that cannot be replicated r times is infeasible (a REPLICATION violation).
 */
public final class Evaluator {
    private final Problem p;
    private final OpGraph g;
    private final Cluster c;

    public Evaluator(Problem problem) {
        this.p = problem;
        this.g = problem.graph();
        this.c = problem.cluster();
    }

    public Problem problem() {
        return p;
    }

    /** Evaluates a placement under an objective. The placement must match the problem's sizes. */
    public Evaluation evaluate(Placement pl, Objective objective) {
        pl.checkShape(g.size(), c.size());
        Pipeline pipe = pipeline(pl);
        MemoryReport mem = memory(pl);
        List<Violation> violations = violations(pl, mem);
        if (objective == Objective.LATENCY) {
            Schedule s = schedule(pl);
            Placement used = pl.hasOrder() ? pl : pl.withOrder(s.order());
            return new Evaluation(objective, s.makespan(), used, s, pipe, latencyBottleneck(s), mem, violations);
        }
        return new Evaluation(objective, replicatedPeriod(pipe, pl), pl, null, pipe, pipe.bottleneck(), mem,
                violations);
    }

    /** Just the objective value (same number as {@code evaluate(pl, objective).objective()}). */
    public double objective(Placement pl, Objective objective) {
        pl.checkShape(g.size(), c.size());
        return objective == Objective.LATENCY ? schedule(pl).makespan() : replicatedPeriod(pipeline(pl), pl);
    }

    /** Time per sample of r data-parallel copies: one copy's period / r (see the class comment). */
    private static double replicatedPeriod(Pipeline pipe, Placement pl) {
        return pl.replicas() == 1 ? pipe.period() : pipe.period() / pl.replicas();
    }

    /** Evaluates with the schedule computed for either objective (the Gantt chart needs it). */
    public Evaluation evaluateWithSchedule(Placement pl, Objective objective) {
        Evaluation e = evaluate(pl, objective);
        if (e.schedule() != null) {
            return e;
        }
        return new Evaluation(e.kind(), e.objective(), e.placement(), schedule(pl), e.pipeline(), e.bottleneck(),
                e.memory(), e.violations());
    }

    /**
     * The schedule of {@code microBatches} samples streamed through the placement as a pipeline
     * (the rules are on {@link PipelineSchedule}); its steady-state spacing on the bottleneck's row is
     * this evaluator's period when the resource graph is acyclic.
     */
    public PipelineSchedule pipelinedSchedule(Placement pl, int microBatches) {
        if (microBatches < 1) {
            throw new IllegalArgumentException("the number of micro-batches must be at least 1, not " + microBatches);
        }
        pl.checkShape(g.size(), c.size());
        return new PipelineScheduler(p).build(pl, pipeline(pl), schedule(pl), microBatches);
    }

    // ------------------------------------------------------------------ transfers

    /** Destination devices (other than the producer's) of each tensor under a placement. */
    private int[][] destinations(int[] dev) {
        int nt = g.tensorCount();
        int[][] out = new int[nt][];
        int[] stamp = new int[c.size()];
        Arrays.fill(stamp, -1);
        int[] buf = new int[c.size()];
        for (int t = 0; t < nt; t++) {
            int a = dev[g.tensorProducer(t)];
            int k = 0;
            for (int consumer : g.tensorConsumers(t)) {
                int b = dev[consumer];
                if (b != a && stamp[b] != t) {
                    stamp[b] = t;
                    buf[k++] = b;
                }
            }
            out[t] = k == 0 ? EMPTY : Arrays.copyOf(buf, k);
        }
        return out;
    }

    private static final int[] EMPTY = new int[0];

    // ------------------------------------------------------------------ latency

    /** The one-sample schedule (see the class comment for the rules). */
    public Schedule schedule(Placement pl) {
        int n = g.size();
        int nd = c.size();
        int[] dev = pl.devices();
        int[][] dests = destinations(dev);
        // arrival[t] per destination device, filled when the producer is scheduled
        double[][] arrival = new double[g.tensorCount()][];
        double[] start = new double[n];
        double[] end = new double[n];
        boolean[] done = new boolean[n];
        int[][] order;
        if (pl.hasOrder()) {
            order = pl.order().orElseThrow();
            scheduleWithOrder(order, dev, dests, arrival, start, end, done);
        } else {
            order = listSchedule(dev, dests, arrival, start, end, done);
        }
        // transfers
        List<Schedule.Transfer> transfers = new ArrayList<>();
        for (int t = 0; t < dests.length; t++) {
            int prod = g.tensorProducer(t);
            for (int k = 0; k < dests[t].length; k++) {
                int a = dev[prod];
                int b = dests[t][k];
                transfers.add(new Schedule.Transfer(t, prod, a, b, end[prod], arrival[t][k], routeLinks(a, b)));
            }
        }
        double makespan = 0;
        for (int v = 0; v < n; v++) {
            makespan = Math.max(makespan, end[v]);
        }
        List<Schedule.Step> critical = criticalPath(order, dev, dests, arrival, start, end, makespan);
        return new Schedule(makespan, start, end, order, Collections.unmodifiableList(transfers), critical);
    }

    private List<Integer> routeLinks(int a, int b) {
        if (!p.transfersUseLinks()) {
            return List.of();
        }
        return c.route(a, b).map(Route::hops).orElse(List.of());
    }

    /** Time at which all inputs of v are available on its device. */
    private double dataReady(int v, int[] dev, int[][] dests, double[][] arrival, double[] end) {
        double ready = 0;
        int d = dev[v];
        for (int e : g.inEdges(v)) {
            int u = g.edges().get(e).from();
            double at;
            if (dev[u] == d) {
                at = end[u];
            } else {
                int t = g.tensorOfEdge(e);
                at = arrival[t][indexOf(dests[t], d)];
            }
            if (at > ready) {
                ready = at;
            }
        }
        return ready;
    }

    private static int indexOf(int[] a, int x) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == x) {
                return i;
            }
        }
        throw new IllegalStateException("no transfer to device " + x);
    }

    private void finish(int v, double s, int[] dev, int[][] dests, double[][] arrival, double[] start, double[] end,
            boolean[] done) {
        start[v] = s;
        end[v] = s + p.opTime(v, dev[v]);
        done[v] = true;
        for (int t : g.tensorsProducedBy(v)) {
            int[] ds = dests[t];
            double[] arr = new double[ds.length];
            for (int k = 0; k < ds.length; k++) {
                arr[k] = end[v] + p.transferTime(t, dev[v], ds[k]);
            }
            arrival[t] = arr;
        }
    }

    private void scheduleWithOrder(int[][] order, int[] dev, int[][] dests, double[][] arrival, double[] start,
            double[] end, boolean[] done) {
        int n = g.size();
        int[] prev = new int[n];
        int[] nextOnDevice = new int[n];
        Arrays.fill(prev, -1);
        Arrays.fill(nextOnDevice, -1);
        for (int[] seq : order) {
            for (int i = 1; i < seq.length; i++) {
                prev[seq[i]] = seq[i - 1];
                nextOnDevice[seq[i - 1]] = seq[i];
            }
        }
        // Kahn's algorithm over data edges plus the device orders
        int[] missing = new int[n];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        for (int v = 0; v < n; v++) {
            missing[v] = g.predecessors(v).length + (prev[v] >= 0 ? 1 : 0);
            if (missing[v] == 0) {
                queue.add(v);
            }
        }
        int scheduled = 0;
        while (!queue.isEmpty()) {
            int v = queue.poll();
            double free = prev[v] >= 0 ? end[prev[v]] : 0;
            finish(v, Math.max(dataReady(v, dev, dests, arrival, end), free), dev, dests, arrival, start, end, done);
            scheduled++;
            for (int w : g.successors(v)) {
                if (--missing[w] == 0) {
                    queue.add(w);
                }
            }
            int w = nextOnDevice[v];
            if (w >= 0 && --missing[w] == 0) {
                queue.add(w);
            }
        }
        if (scheduled < n) {
            for (int[] seq : order) {
                for (int v : seq) {
                    if (!done[v]) {
                        throw new ModelException("the order of device '" + c.device(dev[v]).id() + "' runs operator '"
                                + g.op(v).id() + "' before one of its inputs can be ready (the order contradicts "
                                + "the graph)");
                    }
                }
            }
        }
    }

    /** Upward rank of every operator under a placement (operator time + transfers to a sink). */
    double[] upwardRank(int[] dev) {
        int n = g.size();
        double[] rank = new double[n];
        int[] topo = g.topologicalOrder();
        for (int i = n - 1; i >= 0; i--) {
            int v = topo[i];
            double best = 0;
            for (int e : g.outEdges(v)) {
                int w = g.edges().get(e).to();
                double comm = dev[w] == dev[v] ? 0 : p.transferTime(g.tensorOfEdge(e), dev[v], dev[w]);
                best = Math.max(best, comm + rank[w]);
            }
            rank[v] = p.opTime(v, dev[v]) + best;
        }
        return rank;
    }

    private int[][] listSchedule(int[] dev, int[][] dests, double[][] arrival, double[] start, double[] end,
            boolean[] done) {
        int n = g.size();
        int nd = c.size();
        double[] rank = upwardRank(dev);
        double[] free = new double[nd];
        int[] missing = new int[n];
        List<Integer> ready = new ArrayList<>();
        double[] readyAt = new double[n];
        for (int v = 0; v < n; v++) {
            missing[v] = g.predecessors(v).length;
            if (missing[v] == 0) {
                ready.add(v);
            }
        }
        List<List<Integer>> seq = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            seq.add(new ArrayList<>());
        }
        while (!ready.isEmpty()) {
            int bestIdx = -1;
            double bestEst = 0;
            for (int i = 0; i < ready.size(); i++) {
                int v = ready.get(i);
                double est = Math.max(readyAt[v], free[dev[v]]);
                if (bestIdx < 0 || est < bestEst
                        || (est == bestEst && better(v, ready.get(bestIdx), rank))) {
                    bestIdx = i;
                    bestEst = est;
                }
            }
            int v = ready.get(bestIdx);
            ready.set(bestIdx, ready.get(ready.size() - 1));
            ready.remove(ready.size() - 1);
            finish(v, bestEst, dev, dests, arrival, start, end, done);
            free[dev[v]] = end[v];
            seq.get(dev[v]).add(v);
            for (int w : g.successors(v)) {
                if (--missing[w] == 0) {
                    readyAt[w] = dataReady(w, dev, dests, arrival, end);
                    ready.add(w);
                }
            }
        }
        int[][] order = new int[nd][];
        for (int d = 0; d < nd; d++) {
            order[d] = seq.get(d).stream().mapToInt(Integer::intValue).toArray();
        }
        return order;
    }

    private boolean better(int v, int w, double[] rank) {
        if (rank[v] != rank[w]) {
            return rank[v] > rank[w];
        }
        return g.topologicalPosition(v) < g.topologicalPosition(w);
    }

    private List<Schedule.Step> criticalPath(int[][] order, int[] dev, int[][] dests, double[][] arrival,
            double[] start, double[] end, double makespan) {
        int n = g.size();
        if (n == 0) {
            return List.of();
        }
        int[] prevOnDevice = new int[n];
        Arrays.fill(prevOnDevice, -1);
        for (int[] seq : order) {
            for (int i = 1; i < seq.length; i++) {
                prevOnDevice[seq[i]] = seq[i - 1];
            }
        }
        int v = -1;
        for (int u = 0; u < n; u++) {
            if (end[u] == makespan && (v < 0 || g.topologicalPosition(u) > g.topologicalPosition(v))) {
                v = u;
            }
        }
        List<Schedule.Step> steps = new ArrayList<>();
        while (v >= 0) {
            steps.add(Schedule.Step.op(v, dev[v], start[v], end[v]));
            if (start[v] <= 0) {
                break;
            }
            // which input delivered last?
            int byData = -1;
            int byEdge = -1;
            double ready = 0;
            for (int e : g.inEdges(v)) {
                int u = g.edges().get(e).from();
                double at = dev[u] == dev[v] ? end[u]
                        : arrival[g.tensorOfEdge(e)][indexOf(dests[g.tensorOfEdge(e)], dev[v])];
                if (byData < 0 || at > ready) {
                    ready = at;
                    byData = u;
                    byEdge = e;
                }
            }
            int prev = prevOnDevice[v];
            if (byData >= 0 && ready >= start[v]) {
                int u = byData;
                if (dev[u] != dev[v]) {
                    int t = g.tensorOfEdge(byEdge);
                    steps.add(new Schedule.Step(Schedule.Step.Kind.TRANSFER, u, t, dev[u], dev[v], end[u], ready));
                }
                v = u;
            } else if (prev >= 0 && end[prev] >= start[v]) {
                v = prev;
            } else {
                break;
            }
        }
        Collections.reverse(steps);
        return Collections.unmodifiableList(steps);
    }

    private Bottleneck latencyBottleneck(Schedule s) {
        double[] busy = new double[c.size()];
        for (Schedule.Step st : s.criticalPath()) {
            if (st.kind() == Schedule.Step.Kind.OPERATOR) {
                busy[st.device()] += st.end() - st.start();
            }
        }
        int best = -1;
        for (int d = 0; d < busy.length; d++) {
            if (busy[d] > 0 && (best < 0 || busy[d] > busy[best])) {
                best = d;
            }
        }
        return best < 0 ? null : new Bottleneck(Bottleneck.Kind.DEVICE, best, c.device(best).id(), busy[best]);
    }

    // ------------------------------------------------------------------ throughput

    /** Loads, stages and bottleneck of the steady-state pipeline. */
    public Pipeline pipeline(Placement pl) {
        int n = g.size();
        int nd = c.size();
        int[] dev = pl.devices();
        int[][] dests = destinations(dev);
        double[] compute = new double[nd];
        int[] count = new int[nd];
        for (int v = 0; v < n; v++) {
            compute[dev[v]] += p.opTime(v, dev[v]);
            count[dev[v]]++;
        }
        double[] in = new double[nd];
        double[] out = new double[nd];
        boolean useLinks = p.transfersUseLinks();
        double[] linkFwd = new double[useLinks ? c.links().size() : 0];
        double[] linkBwd = new double[linkFwd.length];
        boolean oncePerTensor = p.sendAccounting() == Problem.SendAccounting.ONCE_PER_TENSOR;
        for (int t = 0; t < dests.length; t++) {
            if (dests[t].length == 0) {
                continue;
            }
            int a = dev[g.tensorProducer(t)];
            double longest = 0;
            for (int b : dests[t]) {
                double tt = p.transferTime(t, a, b);
                in[b] += tt;
                if (oncePerTensor) {
                    longest = Math.max(longest, tt);
                } else {
                    out[a] += tt;
                }
                if (useLinks) {
                    Route r = c.route(a, b).orElseThrow();
                    double bytes = g.tensorBytes(t);
                    for (int h = 0; h < r.hops().size(); h++) {
                        int l = r.hops().get(h);
                        double busy = bytes / c.links().get(l).bandwidth();
                        if (r.forward().get(h)) {
                            linkFwd[l] += busy;
                        } else {
                            linkBwd[l] += busy;
                        }
                    }
                }
            }
            out[a] += longest;
        }
        List<Pipeline.DeviceLoad> loads = new ArrayList<>(nd);
        double period = 0;
        Bottleneck bottleneck = null;
        for (int d = 0; d < nd; d++) {
            Device device = c.device(d);
            double load = compute[d] + (device.overlapsTransfers() ? 0 : in[d] + out[d]);
            loads.add(new Pipeline.DeviceLoad(d, count[d], compute[d], in[d], out[d], load));
            if (count[d] > 0 && (bottleneck == null || load > period)) {
                period = load;
                bottleneck = new Bottleneck(Bottleneck.Kind.DEVICE, d, device.id(), load);
            }
        }
        List<Pipeline.LinkLoad> links = new ArrayList<>(linkFwd.length);
        for (int l = 0; l < linkFwd.length; l++) {
            Pipeline.LinkLoad ll = new Pipeline.LinkLoad(l, linkFwd[l], linkBwd[l]);
            links.add(ll);
            if (ll.load() > period) {
                period = ll.load();
                bottleneck = new Bottleneck(Bottleneck.Kind.LINK, l, c.links().get(l).id(), ll.load());
            }
        }
        // stages: topological order of the device quotient graph
        boolean[][] arc = new boolean[nd][nd];
        int[] firstPos = new int[nd];
        Arrays.fill(firstPos, Integer.MAX_VALUE);
        for (int v = 0; v < n; v++) {
            firstPos[dev[v]] = Math.min(firstPos[dev[v]], g.topologicalPosition(v));
            for (int w : g.successors(v)) {
                if (dev[w] != dev[v]) {
                    arc[dev[v]][dev[w]] = true;
                }
            }
        }
        int[] indeg = new int[nd];
        for (int a = 0; a < nd; a++) {
            for (int b = 0; b < nd; b++) {
                if (arc[a][b]) {
                    indeg[b]++;
                }
            }
        }
        List<Integer> stageOrder = new ArrayList<>();
        boolean[] placed = new boolean[nd];
        boolean acyclic = true;
        while (true) {
            int pick = -1;
            for (int d = 0; d < nd; d++) {
                if (!placed[d] && count[d] > 0 && indeg[d] == 0 && (pick < 0 || firstPos[d] < firstPos[pick])) {
                    pick = d;
                }
            }
            if (pick < 0) {
                // either done, or a cycle: take the remaining device that starts earliest
                for (int d = 0; d < nd; d++) {
                    if (!placed[d] && count[d] > 0 && (pick < 0 || firstPos[d] < firstPos[pick])) {
                        pick = d;
                    }
                }
                if (pick < 0) {
                    break;
                }
                acyclic = false;
            }
            placed[pick] = true;
            stageOrder.add(pick);
            for (int b = 0; b < nd; b++) {
                if (arc[pick][b]) {
                    indeg[b]--;
                }
            }
        }
        List<Pipeline.Stage> stages = new ArrayList<>();
        for (int i = 0; i < stageOrder.size(); i++) {
            Pipeline.DeviceLoad l = loads.get(stageOrder.get(i));
            stages.add(new Pipeline.Stage(i, l.device(), l.operators(), l.compute(), l.transferIn(), l.transferOut(),
                    l.load()));
        }
        return new Pipeline(period, Collections.unmodifiableList(loads), Collections.unmodifiableList(links),
                Collections.unmodifiableList(stages), acyclic, bottleneck);
    }

    // ------------------------------------------------------------------ memory

    /** Memory use per device (see the class comment for the activation estimate). */
    public MemoryReport memory(Placement pl) {
        int n = g.size();
        int nd = c.size();
        int[] dev = pl.devices();
        double[] resident = new double[nd];
        for (int v = 0; v < n; v++) {
            resident[dev[v]] += p.opMemory(v);
        }
        double[] activations = new double[nd];
        if (p.activationMemory()) {
            activations = peakActivations(pl, dev);
        }
        List<MemoryReport.DeviceMemory> out = new ArrayList<>(nd);
        boolean feasible = true;
        for (int d = 0; d < nd; d++) {
            double used = resident[d] + activations[d];
            double cap = c.device(d).memoryBytes();
            double over = used > cap ? used - cap : 0;
            feasible &= over == 0;
            out.add(new MemoryReport.DeviceMemory(d, resident[d], activations[d], used, cap, over));
        }
        return new MemoryReport(Collections.unmodifiableList(out), feasible);
    }

    private double[] peakActivations(Placement pl, int[] dev) {
        int n = g.size();
        int nd = c.size();
        int[][] seq;
        if (pl.hasOrder()) {
            seq = pl.order().orElseThrow();
        } else {
            List<List<Integer>> s = new ArrayList<>();
            for (int d = 0; d < nd; d++) {
                s.add(new ArrayList<>());
            }
            for (int v : g.topologicalOrder()) {
                s.get(dev[v]).add(v);
            }
            seq = new int[nd][];
            for (int d = 0; d < nd; d++) {
                seq[d] = s.get(d).stream().mapToInt(Integer::intValue).toArray();
            }
        }
        int[] pos = new int[n];
        for (int[] sq : seq) {
            for (int i = 0; i < sq.length; i++) {
                pos[sq[i]] = i;
            }
        }
        double[][] diff = new double[nd][];
        for (int d = 0; d < nd; d++) {
            diff[d] = new double[seq[d].length + 1];
        }
        int[] stamp = new int[nd];
        Arrays.fill(stamp, -1);
        int[] first = new int[nd];
        int[] last = new int[nd];
        for (int t = 0; t < g.tensorCount(); t++) {
            int prod = g.tensorProducer(t);
            int a = dev[prod];
            double bytes = g.tensorBytes(t);
            // the producer's device keeps it from the producer to the last local consumer
            int lastLocal = pos[prod];
            for (int consumer : g.tensorConsumers(t)) {
                int b = dev[consumer];
                if (b == a) {
                    lastLocal = Math.max(lastLocal, pos[consumer]);
                } else if (stamp[b] != t) {
                    stamp[b] = t;
                    first[b] = pos[consumer];
                    last[b] = pos[consumer];
                } else {
                    first[b] = Math.min(first[b], pos[consumer]);
                    last[b] = Math.max(last[b], pos[consumer]);
                }
            }
            diff[a][pos[prod]] += bytes;
            diff[a][lastLocal + 1] -= bytes;
            for (int consumer : g.tensorConsumers(t)) {
                int b = dev[consumer];
                if (b != a && stamp[b] == t) {
                    diff[b][first[b]] += bytes;
                    diff[b][last[b] + 1] -= bytes;
                    stamp[b] = -2 - t; // counted
                }
            }
        }
        double[] peak = new double[nd];
        for (int d = 0; d < nd; d++) {
            double live = 0;
            for (int i = 0; i < seq[d].length; i++) {
                live += diff[d][i];
                peak[d] = Math.max(peak[d], live);
            }
        }
        return peak;
    }

    // ------------------------------------------------------------------ feasibility

    private List<Violation> violations(Placement pl, MemoryReport mem) {
        List<Violation> out = new ArrayList<>();
        String replication = Replication.violation(p, pl);
        if (replication != null) {
            out.add(new Violation(Violation.Kind.REPLICATION, replication));
        }
        for (MemoryReport.DeviceMemory m : mem.devices()) {
            if (m.over() > 0) {
                out.add(new Violation(Violation.Kind.MEMORY, "device '" + c.device(m.device()).id() + "' needs "
                        + Fmt.memory(m.used(), p.units()) + " but holds " + Fmt.memory(m.capacity(), p.units()) + " ("
                        + Fmt.memory(m.over(), p.units()) + " over)"));
            }
        }
        int unsupported = 0;
        for (int v = 0; v < g.size(); v++) {
            if (!p.canRun(v, pl.deviceOf(v))) {
                if (unsupported++ < 5) {
                    out.add(new Violation(Violation.Kind.UNSUPPORTED, "operator '" + g.op(v).id()
                            + "' cannot run on device '" + c.device(pl.deviceOf(v)).id() + "'"));
                }
            }
        }
        if (unsupported > 5) {
            out.add(new Violation(Violation.Kind.UNSUPPORTED, (unsupported - 5) + " more operators on devices that "
                    + "cannot run them"));
        }
        if (p.hasColocation()) {
            java.util.Map<Integer, Integer> groupDevice = new java.util.HashMap<>();
            java.util.Map<Integer, Integer> groupFirst = new java.util.HashMap<>();
            java.util.Set<Integer> reported = new java.util.HashSet<>();
            for (int v = 0; v < g.size(); v++) {
                int grp = p.colocationGroup(v);
                if (grp < 0) {
                    continue;
                }
                Integer d = groupDevice.putIfAbsent(grp, pl.deviceOf(v));
                groupFirst.putIfAbsent(grp, v);
                if (d != null && d != pl.deviceOf(v) && reported.add(grp)) {
                    out.add(new Violation(Violation.Kind.COLOCATION, "operators '" + g.op(groupFirst.get(grp)).id()
                            + "' and '" + g.op(v).id() + "' must share a device (colocation group " + grp + ")"));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }
}
