package org.placementexplorer.solve.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.IncrementalEvaluator;
import org.placementexplorer.eval.IncrementalSchedule;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.Status;
import org.placementexplorer.solve.common.HeuristicSolver;
import org.placementexplorer.solve.common.MemoryRepair;
import org.placementexplorer.solve.common.OpUnits;
import org.placementexplorer.solve.heft.HeftSolver;

/**
 * Iterated local search that improves a placement: moves of one unit (a colocation group or an
 * operator) to another device, swaps of two units, and — for throughput — moves of the units on a
 * stage boundary to the neighbouring stage first. Each move is judged with the evaluator's
 * incremental form ({@link IncrementalEvaluator} for throughput, {@link IncrementalSchedule} for
 * latency), so a move costs O(degree) (throughput) or the affected part of the schedule (latency),
 * never a full re-evaluation. First improvement; when no move improves, a random kick of a few
 * moves, then descent again; a kick that ends worse than the best is undone (ADR 0035).
 *
 * <p><b>Start:</b> the request's warm start (this is how {@code solve --polish} uses it), else the
 * best of HEFT and every single device. The start is offered first, so the result is never worse
 * than it. Each new best local optimum is offered to the evaluator.
 *
 * <p><b>Throughput</b> minimises (period, Σ load²): the second term breaks the plateaus of a
 * maximum. Candidates are the units on the bottleneck device (for a link bottleneck: the units whose
 * tensors cross devices). <b>Latency</b> moves units on the critical path; the moved operator is
 * inserted into its new device's order by its start time, and the order found is offered with the
 * placement, so the evaluator reproduces the makespan exactly.
 *
 * <p>It stops at the time limit, or after {@code patience} kicks in a row that found no better
 * objective (default 100: a local optimum that many kicks cannot leave is where the method ends).
 * Options: {@code iterations=N} stops after N descents (for reproducible runs whatever the
 * machine's speed), {@code patience=N}; {@code symmetry} as for every heuristic.
 */
public final class LocalSearchSolver extends HeuristicSolver {
    public static final String NAME = "local-search";
    private static final double EPS = 1e-12;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "iterated local search (moves, swaps, stage-boundary moves) from a warm start or HEFT; "
                + "also the --polish step";
    }

    @Override
    protected java.util.Set<String> numericOptions() {
        return java.util.Set.of("iterations", "patience");
    }

    @Override
    protected HeuristicSolver fresh() {
        return new LocalSearchSolver();
    }

    @Override
    protected Status search(SolveContext ctx, OpUnits units) {
        Problem p = ctx.problem();
        long maxDescents = longOption(ctx, "iterations", Long.MAX_VALUE);
        long patience = longOption(ctx, "patience", 100);
        SplittableRandom rnd = new SplittableRandom(ctx.request().seed());
        Placement warm = ctx.request().warmStart();
        int replicas = warm == null ? 1 : warm.replicas();
        boolean[] deviceOk = new boolean[p.deviceCount()];
        Arrays.fill(deviceOk, true);
        if (replicas > 1) {
            String server = p.cluster().device(warm.deviceOf(0)).server();
            for (int d = 0; d < deviceOk.length; d++) {
                deviceOk[d] = p.cluster().device(d).server().equals(server);
            }
        }
        double[] reserve = new double[p.deviceCount()];
        int[] start = startAssignment(ctx, units, warm, reserve);
        if (start == null) {
            return Status.FEASIBLE;
        }
        if (ctx.objective() == Objective.THROUGHPUT) {
            new Throughput(ctx, units, rnd, deviceOk, replicas, maxDescents, patience, reserve).run(start);
        } else {
            new Latency(ctx, units, rnd, deviceOk, maxDescents, patience, reserve).run(start, warm);
        }
        return Status.FEASIBLE;
    }

    /** The warm start made consistent with pins and groups, else the best of HEFT and single devices. */
    private static int[] startAssignment(SolveContext ctx, OpUnits units, Placement warm, double[] reserve) {
        Problem p = ctx.problem();
        if (warm != null) {
            warm.checkShape(p.operators(), p.deviceCount());
            int[] ud = units.restrict(warm.devices());
            for (int u = 0; u < units.count(); u++) {
                if (units.pin(u) >= 0) {
                    ud[u] = units.pin(u);
                }
            }
            int[] dev = units.expand(ud);
            Placement pl = Placement.of(dev).withReplicas(warm.replicas());
            if (ctx.objective() == Objective.LATENCY && warm.hasOrder() && Arrays.equals(dev, warm.devices())) {
                pl = pl.withOrder(warm.order().orElseThrow());
            }
            Evaluation e = ctx.offer(pl);
            if (!e.feasible() && e.violations().stream().allMatch(x -> x.kind()
                    == org.placementexplorer.eval.Violation.Kind.MEMORY)) {
                learnReserve(e, reserve);
                offerUnits(ctx, units, ud, reserve);
            }
            return ud;
        }
        List<int[]> cands = new ArrayList<>();
        if (ctx.objective() == Objective.LATENCY) {
            cands.add(units.restrict(HeftSolver.latency(p, units).devices()));
        } else {
            cands.add(units.restrict(HeftSolver.throughput(p, units)));
        }
        for (int d = 0; d < p.deviceCount(); d++) {
            int[] ud = new int[units.count()];
            boolean ok = true;
            for (int u = 0; u < ud.length; u++) {
                ud[u] = units.pin(u) >= 0 ? units.pin(u) : d;
                ok &= units.allowed(u, ud[u]);
            }
            if (ok) {
                cands.add(ud);
            }
        }
        int[] best = null;
        double bestObj = Double.POSITIVE_INFINITY;
        Evaluation bestInfeasible = null;
        int[] leastBad = null;
        for (int[] ud : cands) {
            Evaluation e = offerUnits(ctx, units, ud, reserve);
            if (e.feasible() && e.objective() < bestObj) {
                bestObj = e.objective();
                best = ud;
            } else if (!e.feasible() && (bestInfeasible == null
                    || e.memory().totalOver() < bestInfeasible.memory().totalOver())) {
                bestInfeasible = e;
                leastBad = ud;
            }
        }
        return best != null ? best : leastBad;
    }

    /** Units that may move: not pinned and allowed on at least two usable devices. */
    private static int[] movable(OpUnits units, boolean[] deviceOk) {
        List<Integer> out = new ArrayList<>();
        for (int u = 0; u < units.count(); u++) {
            if (units.pin(u) >= 0 || units.members(u).length == 0) {
                continue;
            }
            int k = 0;
            for (int d = 0; d < deviceOk.length; d++) {
                if (deviceOk[d] && units.allowed(u, d)) {
                    k++;
                }
            }
            if (k >= 2) {
                out.add(u);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    // ------------------------------------------------------------------ throughput

    private static final class Throughput {
        final SolveContext ctx;
        final Problem p;
        final OpGraph g;
        final OpUnits units;
        final SplittableRandom rnd;
        final boolean[] deviceOk;
        final int replicas;
        final long maxDescents;
        final long patience;
        final int nd;
        final double[] cap;
        final double[] reserve;
        IncrementalEvaluator inc;
        int[] unitDev;
        double period;
        double squares;
        final boolean[] movableUnit;
        boolean anyMovable;

        Throughput(SolveContext ctx, OpUnits units, SplittableRandom rnd, boolean[] deviceOk, int replicas,
                long maxDescents, long patience, double[] reserve) {
            this.patience = patience;
            this.reserve = reserve;
            this.ctx = ctx;
            this.p = ctx.problem();
            this.g = p.graph();
            this.units = units;
            this.rnd = rnd;
            this.deviceOk = deviceOk;
            this.replicas = replicas;
            this.maxDescents = maxDescents;
            this.nd = p.deviceCount();
            Cluster c = p.cluster();
            cap = new double[nd];
            for (int d = 0; d < nd; d++) {
                cap[d] = c.device(d).memoryBytes();
            }
            movableUnit = new boolean[units.count()];
            for (int u : movable(units, deviceOk)) {
                movableUnit[u] = true;
                anyMovable = true;
            }
        }

        void run(int[] start) {
            unitDev = start.clone();
            inc = new IncrementalEvaluator(p, Placement.of(units.expand(unitDev)));
            score();
            int[] best = unitDev.clone();
            double bestPeriod = period;
            double bestSquares = squares;
            long descents = 0;
            long sinceBest = 0;
            while (!ctx.shouldStop() && descents < maxDescents && sinceBest <= patience) {
                descents++;
                sinceBest++;
                while (!ctx.shouldStop() && step()) {
                    // first improvement until a local optimum
                }
                if (better(period, squares, bestPeriod, bestSquares)) {
                    Evaluation e = ctx.offer(Placement.of(units.expand(unitDev)).withReplicas(replicas));
                    if (e.feasible()) {
                        if (period < bestPeriod - EPS * bestPeriod) {
                            sinceBest = 0; // patience counts kicks without a better period
                        }
                        best = unitDev.clone();
                        bestPeriod = period;
                        bestSquares = squares;
                    } else {
                        learnReserve(e, reserve);
                        restore(best);
                    }
                } else {
                    restore(best);
                }
                if (!anyMovable) {
                    break;
                }
                kick();
            }
        }

        void restore(int[] target) {
            for (int u = 0; u < target.length; u++) {
                if (unitDev[u] != target[u]) {
                    moveUnit(u, target[u]);
                }
            }
            score();
        }

        void score() {
            period = inc.period();
            squares = inc.sumOfSquares();
        }

        static boolean better(double p1, double s1, double p0, double s0) {
            if (p1 < p0 - EPS * p0) {
                return true;
            }
            return p1 <= p0 + EPS * p0 && s1 < s0 - EPS * s0;
        }

        void moveUnit(int u, int d) {
            for (int v : units.members(u)) {
                inc.move(v, d);
            }
            unitDev[u] = d;
        }

        boolean fits(int u, int d) {
            return inc.residentMemory(d) + units.memory(u) <= cap[d] - reserve[d];
        }

        /** One improving move, if any: boundary moves, then any move, then swaps. */
        boolean step() {
            int b = inc.bottleneck();
            List<Integer> onB = new ArrayList<>();
            List<Integer> boundary = new ArrayList<>();
            for (int u = 0; u < units.count(); u++) {
                if (!movableUnit[u]) {
                    continue;
                }
                boolean crosses = crossesDevices(u);
                if (b >= 0 ? unitDev[u] == b : crosses) {
                    onB.add(u);
                    if (crosses) {
                        boundary.add(u);
                    }
                }
            }
            int[] bnd = boundary.stream().mapToInt(Integer::intValue).toArray();
            shuffle(bnd, rnd);
            // stage-boundary moves: to a device where a neighbour of the unit runs
            for (int u : bnd) {
                if (ctx.shouldStop()) {
                    return false;
                }
                for (int d : neighbourDevices(u)) {
                    if (tryMove(u, d)) {
                        return true;
                    }
                }
            }
            int[] all = onB.stream().mapToInt(Integer::intValue).toArray();
            shuffle(all, rnd);
            for (int u : all) {
                if (ctx.shouldStop()) {
                    return false;
                }
                int off = rnd.nextInt(nd);
                for (int k = 0; k < nd; k++) {
                    if (tryMove(u, (off + k) % nd)) {
                        return true;
                    }
                }
            }
            // swaps: a unit of the bottleneck with a unit elsewhere (sampled)
            int tries = Math.min(4 * all.length + 16, 2000);
            for (int k = 0; k < tries && all.length > 0 && !ctx.shouldStop(); k++) {
                int u = all[rnd.nextInt(all.length)];
                int w = rnd.nextInt(units.count());
                if (!movableUnit[w] || unitDev[w] == unitDev[u]) {
                    continue;
                }
                if (trySwap(u, w)) {
                    return true;
                }
            }
            return false;
        }

        boolean crossesDevices(int u) {
            for (int v : units.members(u)) {
                for (int w : g.successors(v)) {
                    if (unitDev[units.unitOf(w)] != unitDev[u]) {
                        return true;
                    }
                }
                for (int w : g.predecessors(v)) {
                    if (unitDev[units.unitOf(w)] != unitDev[u]) {
                        return true;
                    }
                }
            }
            return false;
        }

        int[] neighbourDevices(int u) {
            boolean[] seen = new boolean[nd];
            seen[unitDev[u]] = true;
            int[] out = new int[nd];
            int k = 0;
            for (int v : units.members(u)) {
                for (int[] adj : new int[][] {g.successors(v), g.predecessors(v)}) {
                    for (int w : adj) {
                        int d = unitDev[units.unitOf(w)];
                        if (!seen[d]) {
                            seen[d] = true;
                            out[k++] = d;
                        }
                    }
                }
            }
            return Arrays.copyOf(out, k);
        }

        boolean tryMove(int u, int d) {
            int a = unitDev[u];
            if (d == a || !deviceOk[d] || !units.allowed(u, d) || !fits(u, d)) {
                return false;
            }
            inc.beginTrial();
            moveUnit(u, d);
            double np = inc.period();
            double ns = inc.sumOfSquares();
            if (better(np, ns, period, squares)) {
                inc.commit();
                period = np;
                squares = ns;
                return true;
            }
            inc.rollback();
            unitDev[u] = a;
            return false;
        }

        boolean trySwap(int u, int w) {
            int a = unitDev[u];
            int b = unitDev[w];
            if (!deviceOk[a] || !deviceOk[b] || !units.allowed(u, b) || !units.allowed(w, a)) {
                return false;
            }
            if (inc.residentMemory(b) - units.memory(w) + units.memory(u) > cap[b] - reserve[b]
                    || inc.residentMemory(a) - units.memory(u) + units.memory(w) > cap[a] - reserve[a]) {
                return false;
            }
            inc.beginTrial();
            moveUnit(u, b);
            moveUnit(w, a);
            double np = inc.period();
            double ns = inc.sumOfSquares();
            if (better(np, ns, period, squares)) {
                inc.commit();
                period = np;
                squares = ns;
                return true;
            }
            inc.rollback();
            unitDev[u] = a;
            unitDev[w] = b;
            return false;
        }

        /** A few random moves of units (from the bottleneck when possible). */
        void kick() {
            int b = inc.bottleneck();
            int moves = 1 + rnd.nextInt(3);
            for (int k = 0; k < moves; k++) {
                int u = -1;
                for (int tries = 0; tries < 20; tries++) {
                    int x = rnd.nextInt(units.count());
                    if (movableUnit[x] && (b < 0 || unitDev[x] == b || tries > 10)) {
                        u = x;
                        break;
                    }
                }
                if (u < 0) {
                    continue;
                }
                int d = rnd.nextInt(nd);
                if (d != unitDev[u] && deviceOk[d] && units.allowed(u, d) && fits(u, d)) {
                    moveUnit(u, d);
                }
            }
            score();
        }
    }

    // ------------------------------------------------------------------ latency

    private static final class Latency {
        final SolveContext ctx;
        final Problem p;
        final OpUnits units;
        final SplittableRandom rnd;
        final boolean[] deviceOk;
        final long maxDescents;
        final long patience;
        final int nd;
        final boolean[] movableUnit;
        boolean anyMovable;
        final double[] reserve;
        IncrementalSchedule s;
        double makespan;

        Latency(SolveContext ctx, OpUnits units, SplittableRandom rnd, boolean[] deviceOk, long maxDescents,
                long patience, double[] reserve) {
            this.patience = patience;
            this.reserve = reserve;
            this.ctx = ctx;
            this.p = ctx.problem();
            this.units = units;
            this.rnd = rnd;
            this.deviceOk = deviceOk;
            this.maxDescents = maxDescents;
            this.nd = p.deviceCount();
            movableUnit = new boolean[units.count()];
            for (int u : movable(units, deviceOk)) {
                movableUnit[u] = true;
                anyMovable = true;
            }
        }

        void run(int[] start, Placement warm) {
            int[] dev = units.expand(start);
            Placement pl = warm != null && warm.hasOrder() && Arrays.equals(dev, warm.devices())
                    ? Placement.of(dev).withOrder(warm.order().orElseThrow())
                    : ctx.evaluator().evaluate(Placement.of(dev), Objective.LATENCY).placement();
            s = new IncrementalSchedule(p, pl);
            makespan = s.makespan();
            Placement best = s.placement();
            double bestMakespan = makespan;
            long descents = 0;
            long sinceBest = 0;
            while (!ctx.shouldStop() && descents < maxDescents && sinceBest <= patience) {
                descents++;
                sinceBest++;
                while (!ctx.shouldStop() && step()) {
                    // first improvement until a local optimum
                }
                // the evaluator's own list schedule for this assignment may order better
                Evaluation listed = ctx.evaluator().evaluate(s.placement().withoutOrder(), Objective.LATENCY);
                if (listed.objective() < makespan) {
                    s = new IncrementalSchedule(p, listed.placement());
                    makespan = s.makespan();
                }
                if (makespan < bestMakespan) {
                    Evaluation e = ctx.offer(s.placement());
                    if (e.feasible()) {
                        best = s.placement();
                        bestMakespan = makespan;
                        sinceBest = 0;
                    } else {
                        learnReserve(e, reserve);
                        reset(best);
                    }
                } else {
                    reset(best);
                }
                if (!anyMovable) {
                    break;
                }
                kick();
            }
        }

        void reset(Placement pl) {
            s = new IncrementalSchedule(p, pl);
            makespan = s.makespan();
        }

        boolean fits(int u, int d) {
            return s.residentMemory(d) + units.memory(u) <= p.cluster().device(d).memoryBytes() - reserve[d];
        }

        boolean step() {
            List<Integer> path = s.criticalPath();
            List<Integer> cand = new ArrayList<>();
            boolean[] seen = new boolean[units.count()];
            for (int v : path) {
                int u = units.unitOf(v);
                if (movableUnit[u] && !seen[u]) {
                    seen[u] = true;
                    cand.add(u);
                }
            }
            int[] c = cand.stream().mapToInt(Integer::intValue).toArray();
            shuffle(c, rnd);
            for (int u : c) {
                if (ctx.shouldStop()) {
                    return false;
                }
                int cur = s.deviceOf(units.members(u)[0]);
                int off = rnd.nextInt(nd);
                for (int k = 0; k < nd; k++) {
                    int d = (off + k) % nd;
                    if (d == cur || !deviceOk[d] || !units.allowed(u, d) || !fits(u, d)) {
                        continue;
                    }
                    s.beginTrial();
                    for (int v : units.members(u)) {
                        s.move(v, d);
                    }
                    if (s.update() && s.makespan() < makespan - EPS * makespan) {
                        s.commit();
                        makespan = s.makespan();
                        return true;
                    }
                    s.rollback();
                }
            }
            return false;
        }

        void kick() {
            List<Integer> path = s.criticalPath();
            int moves = 1 + rnd.nextInt(2);
            for (int k = 0; k < moves; k++) {
                int u = units.unitOf(path.get(rnd.nextInt(path.size())));
                if (!movableUnit[u]) {
                    u = rnd.nextInt(units.count());
                    if (!movableUnit[u]) {
                        continue;
                    }
                }
                int d = rnd.nextInt(nd);
                int cur = s.deviceOf(units.members(u)[0]);
                if (d == cur || !deviceOk[d] || !units.allowed(u, d) || !fits(u, d)) {
                    continue;
                }
                s.beginTrial();
                for (int v : units.members(u)) {
                    s.move(v, d);
                }
                if (s.update()) {
                    s.commit();
                } else {
                    s.rollback();
                }
            }
            makespan = s.makespan();
        }
    }
}
