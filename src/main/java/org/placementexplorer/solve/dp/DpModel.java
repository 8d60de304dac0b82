package org.placementexplorer.solve.dp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * What the DP works on: the problem reduced to <em>groups</em> of operators that share a device in
 * every contiguous placement worth considering, the device <em>types</em> (identical devices are
 * interchangeable), and per-tensor transfer prices for the stage loads.
 *
 * <h2>Groups</h2>
 * <ol>
 *   <li>Colocation classes are contracted (they share a device anyway).</li>
 *   <li>The class graph has an arc for every edge between two forward operators. In training graphs a
 *       class without any forward operator gets an artificial zero-cost forward position: each
 *       backward→backward edge that touches it is mirrored (b1→b2 gives class(b2)→class(b1)). Other
 *       edges (forward→backward, backward→backward between classes that have forward operators) give
 *       no arc: the pipeline order is required of the forward pass only.</li>
 *   <li>Classes on a common directed cycle of the class graph must share a device in a pipeline:
 *       strongly connected components are merged.</li>
 *   <li>Exact simplifications (they never increase any load or memory and keep contiguity), repeated
 *       until none applies, for groups without pinned operators whose operators take no time on any
 *       device: (a) a group with a single neighbouring group (over any edge) joins it, provided memory
 *       cannot be affected (no memory of its own and no activations counted, or everything fits on
 *       every device); (b) a group with no memory whose outputs cost nothing to move and whose inputs
 *       all come from removed groups is removed, and placed afterwards with its earliest successor;
 *       (c) such a group whose inputs come from a single group joins that group. (b) and (c) apply to
 *       groups of forward operators fed by forward operators only.</li>
 * </ol>
 *
 * <h2>Device types and stage loads</h2>
 * Devices with the same operator times, memory, transfer overlap (and access link, for clusters with
 * links) form a type; a device with a pinned operator is a type of its own. The load of a stage S on
 * a device of type t is computed per tensor: compute time, plus, for a device that does not overlap
 * transfers, the price of every tensor it sends (produced in S, consumed outside) and of every tensor
 * it receives (produced outside, consumed in S), once each; for clusters with links the device's
 * access link in each direction (bytes / bandwidth) is a load too. These are exactly the evaluator's
 * loads for per-tensor pricing with once-per-tensor sends (the Tarnawski model) without activation
 * memory; otherwise they are lower bounds (each price is the cheapest over device pairs, a tensor
 * sent to several devices is charged once, deeper links and activations are ignored) and
 * {@link #exact} is false.
 */
final class DpModel {
    final Problem problem;
    final OpGraph graph;

    // ---- device types
    final int types;
    final int[][] typeDevices;
    final int[] typeCount;
    final double[] typeMemory;
    /** Index of the transfer price class a type pays, or -1 when it overlaps transfers. */
    final int[] typeCommClass;
    final boolean[] typeHasLink;
    final double[] typeLinkBandwidth;
    /** min over operators of time on the type / fastest time (≥ 1); for the work bounds. */
    final double[] typeRatio;
    final int[] deviceType;

    // ---- transfer prices
    final int commClasses;
    final double[][] sendPrice;
    final double[][] recvPrice;
    final boolean linkTerms;
    final double[] tensorBytes;

    // ---- operators and tensors (CSR)
    final int[] outStart;
    final int[] outTensors;
    final int[] inStart;
    final int[] inTensors;
    final int[] tensorProducer;
    final int[] tensorConsumerCount;

    // ---- DP groups (indexed in a topological order of the group graph)
    final int groups;
    final int[][] groupOps;
    final int[][] succ;
    final int[][] pred;
    final double[][] comp;
    final double[] mem;
    final double[] work;
    final double totalWork;

    // ---- groups removed by simplification (b), in removal order
    final int[][] removedOps;
    /** Successors of each removed group: ≥ 0 a DP group, < 0 removed group -(i+1). */
    final int[][] removedSucc;

    /** Whether stage loads equal the evaluator's loads for every contiguous placement. */
    final boolean exact;
    /** What the stage loads leave out when they are not exact (for notes). */
    final List<String> relaxations;
    /** Why no placement can respect the request (pins against colocation), or null. */
    final String conflict;

    // ---- statistics for notes
    final int classes;
    final int artificialClasses;
    final int cycleMerges;
    final int simplifiedGroups;
    final boolean training;

    private DpModel(Builder b) {
        problem = b.p;
        graph = b.g;
        types = b.types;
        typeDevices = b.typeDevices;
        typeCount = b.typeCount;
        typeMemory = b.typeMemory;
        typeCommClass = b.typeCommClass;
        typeHasLink = b.typeHasLink;
        typeLinkBandwidth = b.typeLinkBandwidth;
        typeRatio = b.typeRatio;
        deviceType = b.deviceType;
        commClasses = b.commClasses;
        sendPrice = b.sendPrice;
        recvPrice = b.recvPrice;
        linkTerms = b.linkTerms;
        tensorBytes = b.tensorBytes;
        outStart = b.outStart;
        outTensors = b.outTensors;
        inStart = b.inStart;
        inTensors = b.inTensors;
        tensorProducer = b.tensorProducer;
        tensorConsumerCount = b.tensorConsumerCount;
        groups = b.groupOps.length;
        groupOps = b.groupOps;
        succ = b.succ;
        pred = b.pred;
        comp = b.comp;
        mem = b.mem;
        work = b.work;
        double w = 0;
        for (double x : work) {
            w += x;
        }
        totalWork = w;
        removedOps = b.removedOps;
        removedSucc = b.removedSucc;
        exact = b.exact;
        relaxations = List.copyOf(b.relaxations);
        conflict = b.conflict;
        classes = b.classes;
        artificialClasses = b.artificialClasses;
        cycleMerges = b.cycleMerges;
        simplifiedGroups = b.simplified;
        training = b.training;
    }

    /** Builds the model; {@code pins} maps operator index → device index. */
    static DpModel build(Problem p, Map<Integer, Integer> pins) {
        return new Builder(p, pins).build();
    }

    /**
     * The placement of a chain of stages: stage j's groups go to the next unused device of its type
     * (in cluster order); removed groups join the earliest stage among their successors.
     */
    Placement placement(int[][] stageGroups, int[] stageTypes) {
        int n = graph.size();
        int[] dev = new int[n];
        Arrays.fill(dev, -1);
        int[] used = new int[types];
        int[] stageDevice = new int[stageGroups.length];
        int[] groupStage = new int[groups];
        for (int j = 0; j < stageGroups.length; j++) {
            int t = stageTypes[j];
            stageDevice[j] = typeDevices[t][used[t]++];
            for (int g : stageGroups[j]) {
                groupStage[g] = j;
                for (int v : groupOps[g]) {
                    dev[v] = stageDevice[j];
                }
            }
        }
        int[] removedStage = new int[removedOps.length];
        for (int r = removedOps.length - 1; r >= 0; r--) {
            int best = Integer.MAX_VALUE;
            for (int s : removedSucc[r]) {
                int st = s >= 0 ? groupStage[s] : removedStage[-s - 1];
                best = Math.min(best, st);
            }
            removedStage[r] = best == Integer.MAX_VALUE ? 0 : best;
            for (int v : removedOps[r]) {
                dev[v] = stageDevice[removedStage[r]];
            }
        }
        for (int v = 0; v < n; v++) {
            if (dev[v] < 0) {
                throw new IllegalStateException("operator " + graph.op(v).id() + " was not placed");
            }
        }
        return Placement.of(dev);
    }

    /** Builds the model in steps; fields are filled in order. */
    private static final class Builder {
        final Problem p;
        final OpGraph g;
        final Cluster c;
        final Map<Integer, Integer> pins;
        final int n;
        final int nd;

        int types;
        int[][] typeDevices;
        int[] typeCount;
        double[] typeMemory;
        int[] typeCommClass;
        boolean[] typeHasLink;
        double[] typeLinkBandwidth;
        double[] typeRatio;
        int[] deviceType;
        int commClasses;
        double[][] sendPrice;
        double[][] recvPrice;
        boolean linkTerms;
        double[] tensorBytes;
        int[] outStart;
        int[] outTensors;
        int[] inStart;
        int[] inTensors;
        int[] tensorProducer;
        int[] tensorConsumerCount;
        int[][] groupOps;
        int[][] succ;
        int[][] pred;
        double[][] comp;
        double[] mem;
        double[] work;
        int[][] removedOps = new int[0][];
        int[][] removedSucc = new int[0][];
        boolean exact;
        List<String> relaxations = new ArrayList<>();
        String conflict;
        int classes;
        int artificialClasses;
        int cycleMerges;
        int simplified;
        boolean training;

        Builder(Problem p, Map<Integer, Integer> pins) {
            this.p = p;
            this.g = p.graph();
            this.c = p.cluster();
            this.pins = pins;
            this.n = g.size();
            this.nd = c.size();
        }

        DpModel build() {
            tensors();
            deviceTypes();
            prices();
            groups();
            return new DpModel(this);
        }

        // ------------------------------------------------------------ tensors

        private void tensors() {
            int nt = g.tensorCount();
            tensorProducer = new int[nt];
            tensorConsumerCount = new int[nt];
            tensorBytes = new double[nt];
            for (int t = 0; t < nt; t++) {
                tensorProducer[t] = g.tensorProducer(t);
                tensorConsumerCount[t] = g.tensorConsumers(t).length;
                tensorBytes[t] = g.tensorBytes(t);
            }
            outStart = new int[n + 1];
            inStart = new int[n + 1];
            List<Integer> outs = new ArrayList<>();
            List<Integer> ins = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                outStart[v] = outs.size();
                for (int t : g.tensorsProducedBy(v)) {
                    outs.add(t);
                }
                inStart[v] = ins.size();
                Set<Integer> seen = new LinkedHashSet<>();
                for (int e : g.inEdges(v)) {
                    seen.add(g.tensorOfEdge(e));
                }
                ins.addAll(seen);
            }
            outStart[n] = outs.size();
            inStart[n] = ins.size();
            outTensors = outs.stream().mapToInt(Integer::intValue).toArray();
            inTensors = ins.stream().mapToInt(Integer::intValue).toArray();
        }

        // ------------------------------------------------------------ device types

        private void deviceTypes() {
            Set<Integer> pinnedDevices = new java.util.HashSet<>(pins.values());
            linkTerms = p.transfersUseLinks();
            double[] access = new double[nd];
            Arrays.fill(access, Double.NaN);
            if (linkTerms) {
                int[] degree = new int[nd];
                double[] bw = new double[nd];
                for (Link l : c.links()) {
                    for (String end : List.of(l.a(), l.b())) {
                        c.indexOf(end).ifPresent(d -> {
                            degree[d]++;
                            bw[d] = l.bandwidth();
                        });
                    }
                }
                for (int d = 0; d < nd; d++) {
                    if (degree[d] == 1) {
                        access[d] = bw[d];
                    }
                }
            }
            deviceType = new int[nd];
            List<List<Integer>> members = new ArrayList<>();
            for (int d = 0; d < nd; d++) {
                int found = -1;
                if (!pinnedDevices.contains(d)) {
                    for (int t = 0; t < members.size() && found < 0; t++) {
                        int r = members.get(t).get(0);
                        if (!pinnedDevices.contains(r) && identical(d, r, access)) {
                            found = t;
                        }
                    }
                }
                if (found < 0) {
                    found = members.size();
                    members.add(new ArrayList<>());
                }
                members.get(found).add(d);
                deviceType[d] = found;
            }
            types = members.size();
            typeDevices = new int[types][];
            typeCount = new int[types];
            typeMemory = new double[types];
            typeHasLink = new boolean[types];
            typeLinkBandwidth = new double[types];
            typeRatio = new double[types];
            for (int t = 0; t < types; t++) {
                typeDevices[t] = members.get(t).stream().mapToInt(Integer::intValue).toArray();
                typeCount[t] = typeDevices[t].length;
                Device d0 = c.device(typeDevices[t][0]);
                typeMemory[t] = d0.memoryBytes();
                double bw = access[typeDevices[t][0]];
                typeHasLink[t] = !Double.isNaN(bw);
                typeLinkBandwidth[t] = typeHasLink[t] ? bw : Double.POSITIVE_INFINITY;
                double ratio = Double.POSITIVE_INFINITY;
                for (int v = 0; v < n; v++) {
                    double tv = p.opTime(v, typeDevices[t][0]);
                    double m = p.minOpTime(v);
                    if (m > 0 && Double.isFinite(tv)) {
                        ratio = Math.min(ratio, tv / m);
                    }
                }
                typeRatio[t] = Double.isInfinite(ratio) ? 1 : Math.max(1, ratio);
            }
        }

        private boolean identical(int a, int b, double[] access) {
            Device da = c.device(a);
            Device db = c.device(b);
            if (da.memoryBytes() != db.memoryBytes() || da.overlapsTransfers() != db.overlapsTransfers()) {
                return false;
            }
            if (Double.compare(access[a], access[b]) != 0) {
                return false;
            }
            for (int v = 0; v < n; v++) {
                if (Double.compare(p.opTime(v, a), p.opTime(v, b)) != 0) {
                    return false;
                }
            }
            return true;
        }

        // ------------------------------------------------------------ transfer prices

        private void prices() {
            int nt = g.tensorCount();
            typeCommClass = new int[types];
            Arrays.fill(typeCommClass, -1);
            boolean anyPaying = false;
            for (int t = 0; t < types; t++) {
                anyPaying |= !c.device(typeDevices[t][0]).overlapsTransfers();
            }
            boolean perTensor = p.pricing() == Problem.Pricing.PER_TENSOR;
            List<double[]> send = new ArrayList<>();
            List<double[]> recv = new ArrayList<>();
            if (anyPaying && nd > 1) {
                if (perTensor) {
                    double[] price = new double[nt];
                    for (int k = 0; k < nt; k++) {
                        price[k] = p.transferTime(k, 0, 1);
                    }
                    send.add(price);
                    recv.add(price);
                    for (int t = 0; t < types; t++) {
                        if (!c.device(typeDevices[t][0]).overlapsTransfers()) {
                            typeCommClass[t] = 0;
                        }
                    }
                } else {
                    for (int t = 0; t < types; t++) {
                        if (c.device(typeDevices[t][0]).overlapsTransfers()) {
                            continue;
                        }
                        double[] s = new double[nt];
                        double[] r = new double[nt];
                        Arrays.fill(s, Double.POSITIVE_INFINITY);
                        Arrays.fill(r, Double.POSITIVE_INFINITY);
                        for (int a : typeDevices[t]) {
                            for (int b = 0; b < nd; b++) {
                                if (b == a) {
                                    continue;
                                }
                                for (int k = 0; k < nt; k++) {
                                    s[k] = Math.min(s[k], p.transferTime(k, a, b));
                                    r[k] = Math.min(r[k], p.transferTime(k, b, a));
                                }
                            }
                        }
                        typeCommClass[t] = send.size();
                        send.add(s);
                        recv.add(r);
                    }
                }
            }
            commClasses = send.size();
            sendPrice = send.toArray(double[][]::new);
            recvPrice = recv.toArray(double[][]::new);
            boolean sendsExact = !anyPaying || (perTensor && p.sendAccounting() == Problem.SendAccounting.ONCE_PER_TENSOR);
            if (anyPaying && !perTensor) {
                relaxations.add("transfers paid by devices are priced at the cheapest device pair");
            }
            if (anyPaying && p.sendAccounting() == Problem.SendAccounting.PER_DESTINATION) {
                relaxations.add("a tensor sent to several devices is charged to its sender once");
            }
            if (linkTerms) {
                relaxations.add("link loads count only each device's own access link, and a tensor sent to "
                        + "several devices crosses it once");
            }
            if (p.activationMemory()) {
                relaxations.add("memory counts resident parameters only, not activations");
            }
            exact = sendsExact && !linkTerms && !p.activationMemory();
        }

        // ------------------------------------------------------------ groups

        private int find(int[] parent, int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        private void union(int[] parent, int a, int b) {
            int ra = find(parent, a);
            int rb = find(parent, b);
            if (ra != rb) {
                if (ra < rb) {
                    parent[rb] = ra;
                } else {
                    parent[ra] = rb;
                }
            }
        }

        private void groups() {
            int[] parent = new int[n];
            for (int v = 0; v < n; v++) {
                parent[v] = v;
            }
            Map<Integer, Integer> firstOfGroup = new HashMap<>();
            for (int v = 0; v < n; v++) {
                int grp = p.colocationGroup(v);
                if (grp >= 0) {
                    Integer f = firstOfGroup.putIfAbsent(grp, v);
                    if (f != null) {
                        union(parent, f, v);
                    }
                }
            }
            // classes and their arcs (forward edges; mirrored backward edges of artificial classes)
            boolean[] hasForward = new boolean[n];
            boolean[] hasBackward = new boolean[n];
            for (int v = 0; v < n; v++) {
                if (p.isBackward(v)) {
                    hasBackward[find(parent, v)] = true;
                    training = true;
                } else {
                    hasForward[find(parent, v)] = true;
                }
            }
            List<int[]> classArcs = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                int cu = find(parent, u);
                for (int w : g.successors(u)) {
                    int cw = find(parent, w);
                    if (cu == cw) {
                        continue;
                    }
                    boolean bu = p.isBackward(u);
                    boolean bw = p.isBackward(w);
                    if (!bu && !bw) {
                        classArcs.add(new int[] {cu, cw});
                    } else if (bu && bw && (!hasForward[cu] || !hasForward[cw])) {
                        classArcs.add(new int[] {cw, cu});
                    }
                }
            }
            for (int v = 0; v < n; v++) {
                if (find(parent, v) == v) {
                    classes++;
                    if (hasBackward[v] && !hasForward[v]) {
                        artificialClasses++;
                    }
                }
            }
            // classes on a common cycle share a device
            cycleMerges = mergeCycles(parent, classArcs);
            // pins: a group may not hold operators pinned to different devices
            int[] pinOf = new int[n];
            Arrays.fill(pinOf, -1);
            for (Map.Entry<Integer, Integer> e : pins.entrySet()) {
                pinOf[e.getKey()] = e.getValue();
            }
            int[] groupPin = new int[n];
            Arrays.fill(groupPin, -1);
            int[] groupPinOp = new int[n];
            for (int v = 0; v < n; v++) {
                if (pinOf[v] < 0) {
                    continue;
                }
                int r = find(parent, v);
                if (groupPin[r] >= 0 && groupPin[r] != pinOf[v]) {
                    conflict = "operators '" + g.op(groupPinOp[r]).id() + "' and '" + g.op(v).id() + "' are pinned to "
                            + "different devices but must share one (colocation" + (cycleMerges > 0
                                    ? ", or a cycle between colocation classes" : "") + ")";
                } else {
                    groupPin[r] = pinOf[v];
                    groupPinOp[r] = v;
                }
            }
            boolean[] removed = new boolean[n];
            List<Integer> removedRoots = new ArrayList<>();
            simplify(parent, classArcs, groupPin, removed, removedRoots);
            finishGroups(parent, classArcs, groupPin, removed, removedRoots);
        }

        /** Merges strongly connected classes; returns the number of classes merged away. */
        private int mergeCycles(int[] parent, List<int[]> arcs) {
            int[] roots = new int[n];
            int m = 0;
            int[] idx = new int[n];
            Arrays.fill(idx, -1);
            for (int v = 0; v < n; v++) {
                if (find(parent, v) == v) {
                    idx[v] = m;
                    roots[m++] = v;
                }
            }
            List<List<Integer>> adj = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                adj.add(new ArrayList<>());
            }
            for (int[] a : arcs) {
                adj.get(idx[find(parent, a[0])]).add(idx[find(parent, a[1])]);
            }
            int[] comp = tarjan(m, adj);
            int merged = 0;
            int[] first = new int[m];
            Arrays.fill(first, -1);
            for (int i = 0; i < m; i++) {
                int cc = comp[i];
                if (first[cc] < 0) {
                    first[cc] = roots[i];
                } else {
                    union(parent, first[cc], roots[i]);
                    merged++;
                }
            }
            return merged;
        }

        /** Strongly connected components (iterative Tarjan); returns the component of each vertex. */
        private static int[] tarjan(int m, List<List<Integer>> adj) {
            int[][] succ = new int[m][];
            for (int v = 0; v < m; v++) {
                succ[v] = adj.get(v).stream().mapToInt(Integer::intValue).toArray();
            }
            return org.placementexplorer.solve.common.Scc.components(m, succ);
        }

        private boolean zeroTime(int v) {
            for (int d = 0; d < nd; d++) {
                if (p.opTime(v, d) != 0) {
                    return false;
                }
            }
            return true;
        }

        private boolean freeTensor(int t) {
            if ((linkTerms || p.activationMemory()) && g.tensorBytes(t) > 0) {
                return false;
            }
            for (int a = 0; a < nd; a++) {
                for (int b = 0; b < nd; b++) {
                    if (a != b && p.transferTime(t, a, b) != 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Applies the exact simplifications (a)-(c) until none applies. */
        private void simplify(int[] parent, List<int[]> arcs, int[] groupPin, boolean[] removed,
                List<Integer> removedRoots) {
            boolean[] zero = new boolean[n];
            for (int v = 0; v < n; v++) {
                zero[v] = zeroTime(v);
            }
            double totalMem = 0;
            for (int v = 0; v < n; v++) {
                totalMem += p.opMemory(v);
            }
            if (p.activationMemory()) {
                for (int t = 0; t < g.tensorCount(); t++) {
                    totalMem += g.tensorBytes(t);
                }
            }
            double minCap = Double.POSITIVE_INFINITY;
            for (int d = 0; d < nd; d++) {
                minCap = Math.min(minCap, c.device(d).memoryBytes());
            }
            boolean memSafe = totalMem <= minCap;
            Boolean[] freeOut = new Boolean[g.tensorCount()]; // indexed by tensor, not by operator
            boolean changed = true;
            while (changed) {
                changed = false;
                // one round: groups, their neighbours; a group changed in this round (or next to one
                // that changed) waits for the next round, so every decision uses current figures
                Map<Integer, List<Integer>> members = new HashMap<>();
                for (int v = 0; v < n; v++) {
                    members.computeIfAbsent(find(parent, v), x -> new ArrayList<>()).add(v);
                }
                Map<Integer, Set<Integer>> neighbours = new HashMap<>();
                Map<Integer, Set<Integer>> inNeighbours = new HashMap<>();
                for (int u = 0; u < n; u++) {
                    int gu = find(parent, u);
                    for (int w : g.successors(u)) {
                        int gw = find(parent, w);
                        if (gu != gw) {
                            neighbours.computeIfAbsent(gu, x -> new LinkedHashSet<>()).add(gw);
                            neighbours.computeIfAbsent(gw, x -> new LinkedHashSet<>()).add(gu);
                            inNeighbours.computeIfAbsent(gw, x -> new LinkedHashSet<>()).add(gu);
                        }
                    }
                }
                int live = members.size() - removedRoots.size();
                Set<Integer> touched = new java.util.HashSet<>();
                for (Map.Entry<Integer, List<Integer>> e : members.entrySet()) {
                    int r = e.getKey();
                    if (removed[r] || groupPin[r] >= 0 || touched.contains(r)) {
                        continue;
                    }
                    boolean allZero = true;
                    double m = 0;
                    for (int v : e.getValue()) {
                        allZero &= zero[v];
                        m += p.opMemory(v);
                    }
                    Set<Integer> nb = neighbours.getOrDefault(r, Set.of());
                    if (!allZero || nb.stream().anyMatch(touched::contains)) {
                        continue;
                    }
                    // (a) a single neighbouring group
                    if (nb.size() == 1 && !removed[nb.iterator().next()]
                            && (memSafe || (m == 0 && !p.activationMemory()))) {
                        int y = nb.iterator().next();
                        union(parent, y, r);
                        touched.add(r);
                        touched.add(y);
                        simplified++;
                        changed = true;
                        continue;
                    }
                    boolean forwardOnly = true;
                    for (int v : e.getValue()) {
                        forwardOnly &= !p.isBackward(v);
                    }
                    if (m != 0 || !forwardOnly) {
                        continue;
                    }
                    boolean outputsFree = true;
                    for (int v : e.getValue()) {
                        for (int t : g.tensorsProducedBy(v)) {
                            if (freeOut[t] == null) {
                                freeOut[t] = freeTensor(t);
                            }
                            outputsFree &= freeOut[t];
                        }
                    }
                    if (!outputsFree) {
                        continue;
                    }
                    Set<Integer> liveIn = new LinkedHashSet<>();
                    for (int y : inNeighbours.getOrDefault(r, Set.of())) {
                        if (!removed[y]) {
                            liveIn.add(y);
                        }
                    }
                    boolean forwardInputs = true;
                    for (int v : e.getValue()) {
                        for (int u : g.predecessors(v)) {
                            forwardInputs &= !p.isBackward(u);
                        }
                    }
                    // (b) inputs only from removed groups: set aside (one group always stays)
                    if (liveIn.isEmpty() && live > 1) {
                        removed[r] = true;
                        removedRoots.add(r);
                        touched.add(r);
                        live--;
                        simplified++;
                        changed = true;
                        continue;
                    }
                    // (c) inputs from a single group: join it
                    if (liveIn.size() == 1 && forwardInputs && (memSafe || !p.activationMemory())) {
                        int y = liveIn.iterator().next();
                        union(parent, y, r);
                        touched.add(r);
                        touched.add(y);
                        simplified++;
                        changed = true;
                    }
                }
            }
        }

        private void finishGroups(int[] parent, List<int[]> classArcs, int[] groupPin, boolean[] removed,
                List<Integer> removedRoots) {
            // DP groups: live roots, ordered topologically (ties: smallest operator index)
            int[] gidx = new int[n];
            Arrays.fill(gidx, -1);
            List<Integer> roots = new ArrayList<>();
            int[] minOp = new int[n];
            Arrays.fill(minOp, Integer.MAX_VALUE);
            for (int v = 0; v < n; v++) {
                int r = find(parent, v);
                minOp[r] = Math.min(minOp[r], v);
                if (!removed[r] && gidx[r] == -1) {
                    gidx[r] = -2;
                    roots.add(r);
                }
            }
            int m = roots.size();
            int[] tmp = new int[n];
            for (int i = 0; i < m; i++) {
                tmp[roots.get(i)] = i;
            }
            List<Set<Integer>> s0 = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                s0.add(new LinkedHashSet<>());
            }
            for (int[] a : classArcs) {
                int ra = find(parent, a[0]);
                int rb = find(parent, a[1]);
                if (ra != rb && !removed[ra] && !removed[rb]) {
                    s0.get(tmp[ra]).add(tmp[rb]);
                }
            }
            int[] indeg = new int[m];
            for (Set<Integer> s : s0) {
                for (int b : s) {
                    indeg[b]++;
                }
            }
            PriorityQueue<Integer> ready = new PriorityQueue<>((x, y) -> Integer.compare(minOp[roots.get(x)],
                    minOp[roots.get(y)]));
            for (int i = 0; i < m; i++) {
                if (indeg[i] == 0) {
                    ready.add(i);
                }
            }
            int[] order = new int[m];
            int k = 0;
            while (!ready.isEmpty()) {
                int x = ready.poll();
                order[k++] = x;
                for (int y : s0.get(x)) {
                    if (--indeg[y] == 0) {
                        ready.add(y);
                    }
                }
            }
            if (k != m) {
                throw new IllegalStateException("the group graph has a cycle after merging");
            }
            int[] pos = new int[m];
            for (int i = 0; i < m; i++) {
                pos[order[i]] = i;
            }
            for (int i = 0; i < m; i++) {
                gidx[roots.get(i)] = pos[i];
            }
            groupOps = new int[m][];
            List<List<Integer>> ops = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                ops.add(new ArrayList<>());
            }
            for (int v = 0; v < n; v++) {
                int r = find(parent, v);
                if (!removed[r]) {
                    ops.get(gidx[r]).add(v);
                }
            }
            for (int i = 0; i < m; i++) {
                groupOps[i] = ops.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
            succ = new int[m][];
            pred = new int[m][];
            List<List<Integer>> pl = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                pl.add(new ArrayList<>());
            }
            for (int i = 0; i < m; i++) {
                int gi = pos[i];
                int[] out = s0.get(i).stream().mapToInt(y -> pos[y]).sorted().toArray();
                succ[gi] = out;
                for (int y : out) {
                    pl.get(y).add(gi);
                }
            }
            for (int i = 0; i < m; i++) {
                pred[i] = pl.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
            }
            // costs per group and type
            comp = new double[m][types];
            mem = new double[m];
            work = new double[m];
            for (int i = 0; i < m; i++) {
                int pin = -1;
                for (int v : groupOps[i]) {
                    mem[i] += p.opMemory(v);
                    work[i] += p.minOpTime(v);
                    int r = find(parent, v);
                    if (groupPin[r] >= 0) {
                        pin = groupPin[r];
                    }
                }
                for (int t = 0; t < types; t++) {
                    int d0 = typeDevices[t][0];
                    double s = 0;
                    if (pin >= 0 && deviceType[pin] != t) {
                        s = Double.POSITIVE_INFINITY;
                    } else {
                        for (int v : groupOps[i]) {
                            s += p.opTime(v, d0);
                        }
                    }
                    comp[i][t] = s;
                }
            }
            // removed groups, with their successors over any edge
            removedOps = new int[removedRoots.size()][];
            removedSucc = new int[removedRoots.size()][];
            Map<Integer, Integer> removedIndex = new HashMap<>();
            for (int i = 0; i < removedRoots.size(); i++) {
                removedIndex.put(removedRoots.get(i), i);
            }
            List<List<Integer>> rops = new ArrayList<>();
            List<Set<Integer>> rsucc = new ArrayList<>();
            for (int i = 0; i < removedRoots.size(); i++) {
                rops.add(new ArrayList<>());
                rsucc.add(new LinkedHashSet<>());
            }
            for (int v = 0; v < n; v++) {
                int r = find(parent, v);
                if (!removed[r]) {
                    continue;
                }
                int ri = removedIndex.get(r);
                rops.get(ri).add(v);
                for (int w : g.successors(v)) {
                    int rw = find(parent, w);
                    if (rw == r) {
                        continue;
                    }
                    rsucc.get(ri).add(removed[rw] ? -(removedIndex.get(rw) + 1) : gidx[rw]);
                }
            }
            for (int i = 0; i < removedRoots.size(); i++) {
                removedOps[i] = rops.get(i).stream().mapToInt(Integer::intValue).toArray();
                removedSucc[i] = rsucc.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
            if (m == 0 && n > 0) {
                throw new IllegalStateException("every group was removed");
            }
        }
    }

    /** A readable list of the types, e.g. "6 × fpga, 1 × cpu". */
    String describeTypes() {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < types; t++) {
            if (t > 0) {
                sb.append(", ");
            }
            sb.append(typeCount[t]).append(" × ").append(problem.cluster().device(typeDevices[t][0]).kind()
                    .name().toLowerCase(java.util.Locale.ROOT));
            if (typeCount[t] == 1) {
                sb.append(" (").append(problem.cluster().device(typeDevices[t][0]).id()).append(')');
            }
        }
        return sb.toString();
    }
}
