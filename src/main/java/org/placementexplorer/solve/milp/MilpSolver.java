package org.placementexplorer.solve.milp;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.placementexplorer.bound.BottleneckBlockBound;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.MemoryReport;
import org.placementexplorer.mip.Contiguity;
import org.placementexplorer.mip.Groups;
import org.placementexplorer.mip.LatencyFormulation;
import org.placementexplorer.mip.MipBackend;
import org.placementexplorer.mip.MipBackends;
import org.placementexplorer.mip.MipControl;
import org.placementexplorer.mip.MipModel;
import org.placementexplorer.mip.MipParams;
import org.placementexplorer.mip.MipResult;
import org.placementexplorer.mip.ThroughputFormulation;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.AbstractSolver;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.SolverException;
import org.placementexplorer.solve.Status;

/**
 * Exact placement by mixed-integer programming, for both objectives (docs/cost-model.md, "The
 * MILPs"). Runs the warm-start heuristics, builds the model with the best of them as cut-off and
 * starting point, and solves it on a MIP backend in a thread of its own, so that a cancel returns
 * within a second whatever the backend does. The placement it returns is the evaluator's best of
 * everything offered; OPTIMAL is claimed only when the backend proved the model optimal and the
 * evaluator agrees with the model's value.
 *
 * <p>Options: {@code backend} (scip, cbc, cp-sat, ojalgo; default scip, or ojalgo where OR-Tools'
 * natives are missing), {@code contiguous=true} (only placements whose device graph is acyclic),
 * {@code threads} (backend worker threads, default 1), {@code heuristic-time} (seconds for the
 * warm starts, default min(5, 10% of the limit)), {@code slice} (seconds: solve a first slice of
 * this length to report an intermediate incumbent and bound, then continue; default 0 = one solve).
 */
public final class MilpSolver extends AbstractSolver {
    public static final String NAME = "milp";
    /** Latency models above this many non-zeros are not built: the heuristics' result is returned. */
    static final long MAX_NON_ZEROS = 4_000_000L;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "exact MILP (both objectives; options backend=scip|cbc|cp-sat|ojalgo, contiguous=true); "
                + "proves optimality on small graphs";
    }

    private static final java.util.Set<String> OPTIONS = java.util.Set.of("backend", "contiguous", "threads",
            "heuristic-time", "slice");

    @Override
    public void checkOptions(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (!OPTIONS.contains(k)) {
                throw new IllegalArgumentException("unknown milp option '" + k + "' (known: backend, contiguous, "
                        + "threads, heuristic-time, slice)");
            }
            switch (k) {
                case "backend" -> {
                    if (MipBackends.byName(v).isEmpty() || v.equals(MipBackends.GLOP)) {
                        throw new IllegalArgumentException("unknown milp backend '" + v + "' (known: scip, cbc, "
                                + "cp-sat, ojalgo)");
                    }
                }
                case "contiguous" -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new IllegalArgumentException("milp option contiguous must be true or false, not '" + v
                                + "'");
                    }
                }
                case "threads" -> positive(k, v, true);
                default -> positive(k, v, false);
            }
        }
    }

    private static void positive(String k, String v, boolean integer) {
        try {
            double x = integer ? Integer.parseInt(v) : Double.parseDouble(v);
            if (x < 0 || (integer && x < 1) || Double.isNaN(x)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("milp option " + k + " must be a " + (integer ? "positive integer"
                    : "non-negative number") + ", not '" + v + "'");
        }
    }

    @Override
    protected Status solve(SolveContext ctx) throws Exception {
        checkOptions(ctx.request().options());
        Map<String, String> opts = ctx.request().options();
        boolean contiguous = Boolean.parseBoolean(opts.getOrDefault("contiguous", "false"));
        if (contiguous && ctx.objective() == Objective.LATENCY) {
            ctx.note("contiguous applies to throughput only; ignored for latency");
            contiguous = false;
        }
        if (contiguous) {
            // optimal among pipelines only: the run keeps a bound valid for every placement
            ctx.optimalAmong("contiguous (pipeline) placements");
        }
        MipBackend backend = backend(ctx, opts.get("backend"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "1"));
        double slice = Double.parseDouble(opts.getOrDefault("slice", "0"));
        Problem p = ctx.problem();
        // the model places one copy; identical servers could run several (Placement.replicas), each
        // sample on one of them, so the model's bounds hold for one copy and are divided by the copies
        int copies = ctx.objective() == Objective.THROUGHPUT ? Bounds.maxCopies(p) : 1;
        if (copies > 1) {
            ctx.optimalAmong(contiguous ? "contiguous (pipeline) placements without data-parallel copies"
                    : "placements without data-parallel copies");
        }
        Groups units = Groups.of(p, ctx.request().pins());
        if (units.anyUnplaceable()) {
            ctx.note("an operator (or colocation group) fits on no device it may use: no placement is feasible");
            return Status.INFEASIBLE;
        }
        double heuristicTime = opts.containsKey("heuristic-time")
                ? Double.parseDouble(opts.get("heuristic-time"))
                : Math.min(5, 0.1 * ctx.remaining());
        Heuristics h = new Heuristics(ctx, units, contiguous);
        double t0 = ctx.elapsed();
        h.run(heuristicTime);
        ctx.note(String.format(Locale.ROOT, "heuristics: %.2f s, best %s", ctx.elapsed() - t0,
                h.best() == null ? "none feasible" : String.format(Locale.ROOT, "%.9g", h.bestValue())));
        if (ctx.shouldStop()) {
            return Status.FEASIBLE;
        }
        if (h.best() != null && ctx.bestBound() >= h.bestValue() * (1 - 1e-9)) {
            ctx.note("milp: the best warm start meets the lower bound; no MILP needed");
            return Status.OPTIMAL;
        }
        Placement incumbent = h.best();
        double ub = h.bestValue();
        boolean exact = backend.exact(); // false once a cut not implied by the problem was added
        if (!backend.exact()) {
            ctx.note(backend.name() + " rounds continuous variables: its optimum and bound are approximate, so "
                    + "neither is claimed");
        }
        String scope = contiguous ? " (contiguous placements)" : "";
        ThroughputFormulation tf = null;
        LatencyFormulation lf = null;
        if (ctx.objective() == Objective.THROUGHPUT) {
            boolean chain = contiguous;
            tf = background(ctx, () -> ThroughputFormulation.build(p, new ThroughputFormulation.Options(chain,
                    ctx.request().pins(), true, ub)));
            if (tf == null) {
                return Status.FEASIBLE;
            }
        } else {
            long estimate = LatencyFormulation.estimateNonZeros(p);
            if (estimate > MAX_NON_ZEROS) {
                ctx.note(String.format(Locale.ROOT, "latency model too large (about %d non-zeros); returning the "
                        + "heuristics' best", estimate));
                return Status.FEASIBLE;
            }
            lf = background(ctx, () -> LatencyFormulation.build(p, new LatencyFormulation.Options(
                    ctx.request().pins(), true, ub)));
            if (lf == null) {
                return Status.FEASIBLE;
            }
            if (lf.estimatedNonZeros() > MAX_NON_ZEROS) {
                ctx.note(String.format(Locale.ROOT, "latency model too large (%d operator pairs to order); "
                        + "returning the heuristics' best", lf.disjunctivePairs()));
                return Status.FEASIBLE;
            }
        }
        if (tf != null && units.count() > 1 && p.deviceCount() > 1) {
            // the bottleneck-block bound: small MIPs that often prove what the full model struggles to
            double budget = Math.min(3, 0.1 * ctx.remaining());
            OptionalDouble block = background(ctx, () -> new BottleneckBlockBound().compute(p, Objective.THROUGHPUT,
                    budget));
            if (block == null) {
                return Status.FEASIBLE;
            }
            if (block.isPresent()) {
                ctx.bound(block.getAsDouble() / copies, "bottleneck-block");
            }
            if (h.best() != null && ctx.bestBound() >= h.bestValue() * (1 - 1e-9)) {
                ctx.note("milp: the best warm start meets the bottleneck-block bound; no MILP needed");
                return Status.OPTIMAL;
            }
        }
        // (the bound is not put into the model as P ≥ bound: that flattens every relaxation to the
        // same value and took SCIP from 1.6 s to 16–22 s on bert24)
        MipModel model = tf != null ? tf.model() : lf.model();
        ctx.note("milp: " + backend.name() + " on " + model + scope);
        if (ctx.shouldStop()) {
            return Status.FEASIBLE;
        }
        double[] hint = null;
        if (incumbent != null) {
            hint = tf != null ? tf.hint(incumbent) : lf.hint(incumbent, ctx.evaluator());
            if (hint != null && model.maxViolation(hint) > 1e-6) {
                ctx.note("warm start rejected by the model (" + model.worstRow(hint) + ")");
                hint = null;
            }
        }
        Status status = Status.FEASIBLE;
        boolean first = true;
        int cuts = 0;
        while (!ctx.shouldStop()) {
            double limit = Math.max(0.05, ctx.remaining() - 0.1);
            boolean sliced = first && slice > 0 && slice < limit;
            if (sliced) {
                limit = slice;
            }
            first = false;
            MipParams params = MipParams.of(limit).withThreads(threads).withHint(hint);
            MipResult r = run(ctx, backend, model, params);
            if (r == null) {
                return Status.FEASIBLE; // stopped: the best offered so far stands
            }
            double scale = tf != null ? tf.scale() : lf.scale();
            if (r.status() == MipResult.Status.ERROR) {
                ctx.note("milp: " + r.message());
                return Status.FEASIBLE;
            }
            if (Double.isFinite(r.bestBound()) && exact && !contiguous) {
                // (a contiguous model's bound holds for pipelines only, so it is not reported as a bound)
                // lowered by one part in 10^9 so the backend's tolerances never lift it above an optimum
                // (at OPTIMAL the run reports the objective itself as the bound)
                ctx.bound(r.bestBound() * scale * (1 - 1e-9) / copies, NAME + scope);
            }
            if (r.status() == MipResult.Status.INFEASIBLE) {
                if (ctx.best() == null && exact) {
                    ctx.note("milp: no placement satisfies the constraints");
                    return Status.INFEASIBLE;
                }
                return Status.FEASIBLE;
            }
            if (!r.hasSolution()) {
                ctx.note("milp: " + r.status() + " after " + String.format(Locale.ROOT, "%.2f s", r.seconds())
                        + (r.message().isEmpty() ? "" : " (" + r.message() + ")"));
                if (sliced) {
                    continue;
                }
                return r.status() == MipResult.Status.NO_SOLUTION ? Status.TIME_LIMIT : Status.FEASIBLE;
            }
            Placement pl = tf != null ? tf.decode(r.values()) : lf.decode(r.values());
            if (contiguous && !Contiguity.of(p, units).holds(pl.devices())) {
                throw new SolverException("milp returned a placement that is not contiguous");
            }
            Evaluation e = ctx.offer(pl);
            double mipValue = r.objective() * scale;
            ctx.note(String.format(Locale.ROOT, "milp: %s after %.2f s, model objective %.9g, evaluator %.9g",
                    r.status(), r.seconds(), mipValue, e.objective()));
            if (!e.feasible()) {
                // the model counts resident memory only; the evaluator found activations over a limit
                int[] ud = units.contract(pl.devices());
                for (MemoryReport.DeviceMemory dm : e.memory().devices()) {
                    if (dm.over() > 0) {
                        if (tf != null) {
                            tf.forbidTogether(dm.device(), minimalOverSet(ctx, units, ud, dm.device()));
                        } else {
                            forbid(lf, model, dm.device(), ud);
                            exact = false;
                        }
                    }
                }
                cuts++;
                Placement best = ctx.best() == null ? null : ctx.best().placement();
                hint = best == null ? null : tf != null ? tf.hint(best) : lf.hint(best, ctx.evaluator());
                if (hint != null && model.maxViolation(hint) > 1e-6) {
                    hint = null;
                }
                continue;
            }
            hint = tf != null ? tf.hint(e.placement()) : lf.hint(e.placement(), ctx.evaluator());
            if (r.status() == MipResult.Status.OPTIMAL) {
                if (!exact) {
                    if (backend.exact()) {
                        ctx.note("milp: optimal for the model with order-dependent memory cuts; not claimed optimal");
                    }
                    return Status.FEASIBLE;
                }
                double tol = 1e-6 * Math.abs(mipValue) + 1e-9 * scale; // relative: times may be microseconds
                if (ctx.best().objective() > mipValue + tol) {
                    ctx.note("milp: the evaluator's value exceeds the model's; optimality not claimed");
                    return Status.FEASIBLE;
                }
                if (cuts > 0) {
                    ctx.note("milp: " + cuts + " rounds of memory cuts (activations, which the model does not see)");
                }
                return Status.OPTIMAL;
            }
            if (!sliced) {
                return Status.TIME_LIMIT; // the backend's own limit (the run's remaining time) ended it
            }
        }
        return status;
    }

    /**
     * A smallest-by-deletion subset of the units on device d that is still over d's memory. Memory
     * on a device only grows as units are added (resident memory, and every live interval of the
     * throughput activation estimate stays or widens), so the subset and all its supersets are
     * infeasible there.
     */
    private static int[] minimalOverSet(SolveContext ctx, Groups units, int[] unitDevice, int d) {
        int nd = ctx.problem().deviceCount();
        int elsewhere = d == 0 ? 1 : 0;
        java.util.List<Integer> set = new java.util.ArrayList<>();
        for (int u = 0; u < unitDevice.length; u++) {
            if (unitDevice[u] == d) {
                set.add(u);
            }
        }
        if (nd < 2) {
            return set.stream().mapToInt(Integer::intValue).toArray();
        }
        for (int i = set.size() - 1; i >= 0; i--) {
            java.util.List<Integer> trial = new java.util.ArrayList<>(set);
            trial.remove(i);
            int[] ud = new int[unitDevice.length];
            java.util.Arrays.fill(ud, elsewhere);
            for (int u : trial) {
                ud[u] = d;
            }
            Placement probe = Placement.of(units.expand(ud));
            if (ctx.evaluator().memory(probe).devices().get(d).over() > 0) {
                set = trial;
            }
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Forbids a set on a device in the latency model (same rows as the throughput one). */
    private static void forbid(LatencyFormulation lf, MipModel model, int d, int[] unitDevice) {
        MipModel.RowBuilder r = model.row("nogood" + d);
        int inSet = 0;
        for (int u = 0; u < unitDevice.length; u++) {
            int x = lf.assignVariable(u, d);
            if (x < 0) {
                continue;
            }
            if (unitDevice[u] == d) {
                r.add(x, -1);
                inSet++;
            } else {
                r.add(x, 1);
            }
        }
        r.atLeast(1 - inSet);
    }

    private static MipBackend backend(SolveContext ctx, String name) {
        if (name == null) {
            return MipBackends.defaultMip();
        }
        MipBackend b = MipBackends.byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown MILP backend '" + name + "' (known: " + String.join(", ", MipBackends.names()) + ")"));
        if (!b.available()) {
            ctx.note("backend " + name + " is not available here; using " + MipBackends.defaultMip().name());
            return MipBackends.defaultMip();
        }
        return b;
    }

    /**
     * Runs a step (building a model) on a daemon thread and waits for it while polling for a stop;
     * returns null, abandoning the step, when the run is stopped first.
     */
    private static <T> T background(SolveContext ctx, java.util.concurrent.Callable<T> step) throws Exception {
        CompletableFuture<T> fut = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                fut.complete(step.call());
            } catch (Throwable e) {
                fut.completeExceptionally(e);
            }
        }, "milp-build");
        t.setDaemon(true);
        t.start();
        while (true) {
            try {
                return fut.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (ctx.shouldStop()) {
                    return null;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw new SolverException("building the MILP failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /**
     * Runs the backend on its own daemon thread and waits, polling for a cancel or the time limit.
     * On a cancel the backend is interrupted and given 0.35 s to hand back its point; after the time
     * limit it gets 1 s of grace. Then it is abandoned (it ends at its own time limit) and null is
     * returned.
     */
    private static MipResult run(SolveContext ctx, MipBackend backend, MipModel model, MipParams params) {
        MipControl control = new MipControl();
        CompletableFuture<MipResult> fut = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                fut.complete(backend.solve(model, params, control));
            } catch (Throwable e) {
                fut.completeExceptionally(e);
            }
        }, "milp-" + backend.name());
        t.setDaemon(true);
        t.start();
        long stopSeen = -1;
        while (true) {
            try {
                return fut.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                control.interrupt();
                return null;
            } catch (ExecutionException e) {
                throw new SolverException("MILP backend " + backend.name() + " failed: " + e.getCause(), e.getCause());
            }
            if (ctx.shouldStop()) {
                long now = System.nanoTime();
                boolean timeUp = ctx.remaining() <= 0;
                if (stopSeen < 0) {
                    stopSeen = now;
                    if (!timeUp) {
                        control.interrupt();
                    }
                }
                double waited = (now - stopSeen) / 1e9;
                if (timeUp && waited > 0.5) {
                    control.interrupt();
                }
                if (waited > (timeUp ? 1.0 : 0.35)) {
                    return null;
                }
            }
        }
    }
}
