package org.placementexplorer.solve.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.AbstractSolver;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverListener;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.SolverRun;
import org.placementexplorer.solve.Status;
import org.placementexplorer.util.Fmt;

/**
 * What every heuristic shares (ADR 0037): the units it decides on (colocation groups), a proof of
 * infeasibility before searching when memory, pins or unsupported operators make every placement
 * infeasible, the choice between data-parallel copies and a pipeline across identical servers, and
 * a proven optimum when the best objective meets a lower bound.
 *
 * <p>Options (all heuristics): {@code symmetry=auto|off} (default auto: on identical servers and for
 * throughput, search both a copy on one server replicated r times and a pipeline across servers, and
 * keep the better; the result's notes say which).
 */
public abstract class HeuristicSolver extends AbstractSolver {
    /** The option that turns the identical-servers search off. */
    public static final String SYMMETRY = "symmetry";

    /** Searches; offers placements through {@code ctx.offer}. Pins and units are given. */
    protected abstract Status search(SolveContext ctx, OpUnits units) throws Exception;

    /** A new instance of the same solver (for the sub-runs of the identical-servers search). */
    protected abstract HeuristicSolver fresh();

    /** The options this heuristic reads besides {@code symmetry}, each a whole number. */
    protected java.util.Set<String> numericOptions() {
        return java.util.Set.of();
    }

    /**
     * Checks options before a run.
     *
     * @throws IllegalArgumentException naming the bad option, in one line
     */
    public void checkOptions(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k.equals(SYMMETRY)) {
                if (!v.equals("auto") && !v.equals("off")) {
                    throw new IllegalArgumentException(name() + " option symmetry must be auto or off, not '" + v
                            + "'");
                }
            } else if (numericOptions().contains(k)) {
                try {
                    if (Long.parseLong(v.strip()) < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException(name() + " option " + k
                            + " must be a positive whole number, not '" + v + "'");
                }
            } else {
                java.util.List<String> known = new java.util.ArrayList<>(new java.util.TreeSet<>(numericOptions()));
                known.add(0, SYMMETRY);
                throw new IllegalArgumentException("unknown " + name() + " option '" + k + "' (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /**
     * Offers a device-per-unit assignment (repaired in place), repairing memory first when it does
     * not fit; returns the evaluation. See {@link #offerUnits(SolveContext, OpUnits, int[], double[])}.
     */
    protected static Evaluation offerUnits(SolveContext ctx, OpUnits units, int[] unitDevice) {
        return offerUnits(ctx, units, unitDevice, new double[ctx.problem().deviceCount()]);
    }

    /**
     * Offers a device-per-unit assignment. When its resident memory does not fit (capacity minus
     * {@code reserve}) it is repaired first; when the evaluator then finds a device over capacity
     * because of activations, that device's activation peak is added to {@code reserve} (kept for
     * the caller's later offers) and the repair runs again, a few times at most. The assignment is
     * repaired in place.
     */
    protected static Evaluation offerUnits(SolveContext ctx, OpUnits units, int[] unitDevice, double[] reserve) {
        int[] ud = unitDevice;
        Evaluation e = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            if (!MemoryRepair.fits(units, ud, reserve)) {
                MemoryRepair.repair(units, ud, reserve);
            }
            e = ctx.offer(Placement.of(units.expand(ud)));
            if (e.feasible() || !learnReserve(e, reserve)) {
                return e;
            }
        }
        return e;
    }

    /**
     * Raises {@code reserve[d]} to the activation peak of every device the evaluation found over
     * capacity; returns whether anything changed (so a new repair may help).
     */
    protected static boolean learnReserve(Evaluation e, double[] reserve) {
        boolean changed = false;
        for (var m : e.memory().devices()) {
            if (m.over() > 0 && m.activations() > reserve[m.device()]) {
                reserve[m.device()] = m.activations();
                changed = true;
            }
        }
        return changed;
    }

    /** An option as a whole number, or the default. */
    protected static long longOption(SolveContext ctx, String key, long dflt) {
        String v = ctx.request().options().get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be a whole number, not '" + v + "'");
        }
    }

    @Override
    protected final Status solve(SolveContext ctx) throws Exception {
        checkOptions(ctx.request().options());
        Problem p = ctx.problem();
        OpUnits units = OpUnits.colocation(p, ctx.request().pins());
        String reason = Feasibility.proveInfeasible(units);
        if (reason != null) {
            ctx.note("infeasible: " + reason);
            return Status.INFEASIBLE;
        }
        Symmetry sym = ctx.objective() == Objective.THROUGHPUT
                && !"off".equals(ctx.request().options().get(SYMMETRY)) ? Symmetry.detect(p, ctx.request().pins())
                        : null;
        Status s;
        if (sym == null) {
            s = search(ctx, units);
        } else {
            s = searchBoth(ctx, sym);
        }
        Evaluation best = ctx.best();
        if (best == null) {
            if (!ctx.shouldStop()) {
                ctx.note("no feasible placement found (not proven infeasible: the memory left for activations or "
                        + "the packing may be too tight for this heuristic)");
            }
            return s == Status.INFEASIBLE ? Status.INFEASIBLE : Status.FEASIBLE;
        }
        if (best.objective() <= ctx.bestBound()) {
            return Status.OPTIMAL;
        }
        return s == Status.OPTIMAL ? Status.OPTIMAL : Status.FEASIBLE;
    }

    /**
     * Identical servers: one run on the restricted problem (a copy on one server, offered with r
     * replicas) for half the remaining time, then one on the whole cluster.
     */
    private Status searchBoth(SolveContext ctx, Symmetry sym) {
        Map<String, String> opts = new HashMap<>(ctx.request().options());
        opts.put(SYMMETRY, "off");
        SolveRequest base = ctx.request().withOptions(opts);
        Placement warm = base.warmStart();
        boolean warmFitsServer = warm != null && warm.replicas() > 1;
        SolveRequest copyReq = base.withWarmStart(warmFitsServer ? warm.withReplicas(1) : null);
        double[] replicated = sub(ctx, sym.restricted(), copyReq, ctx.remaining() / 2, sym.replicas());
        double[] pipelined = sub(ctx, ctx.problem(), base.withWarmStart(warm != null && warm.replicas() == 1 ? warm
                : null), ctx.remaining(), 1);
        Evaluation best = ctx.best();
        if (best != null) {
            boolean copies = best.placement().replicas() > 1;
            ctx.note(String.format(Locale.ROOT, "identical servers: chose %s — %d data-parallel copies on server "
                    + "'%s' give a period of %s, a pipeline across the servers %s", copies ? "data-parallel copies"
                            : "a pipeline across servers", sym.replicas(), sym.server(),
                    text(ctx, replicated[0]), text(ctx, pipelined[0])));
        }
        return Status.FEASIBLE;
    }

    private static String text(SolveContext ctx, double v) {
        return Double.isInfinite(v) ? "nothing feasible" : Fmt.time(v, ctx.problem().units());
    }

    /** Runs a fresh instance on a problem, offering its incumbents (with r replicas) to ctx. */
    private double[] sub(SolveContext ctx, Problem problem, SolveRequest req, double seconds, int replicas) {
        double[] best = {Double.POSITIVE_INFINITY};
        if (ctx.shouldStop() || seconds <= 0) {
            return best;
        }
        SolveRequest r = new SolveRequest(req.objective(), Duration.ofNanos((long) (seconds * 1e9)), req.seed(),
                req.pins(), req.warmStart(), req.options());
        SolverListener forward = new SolverListener() {
            @Override
            public void onIncumbent(Placement placement, double objective, double t) {
                Evaluation e = ctx.offer(placement.withReplicas(replicas));
                if (e.feasible()) {
                    best[0] = Math.min(best[0], e.objective());
                }
            }
        };
        SolverRun run = fresh().start(problem, r, forward);
        while (true) {
            var done = run.await(Duration.ofMillis(50));
            if (done.isPresent()) {
                SolverResult res = done.get();
                for (String n : res.notes()) {
                    ctx.note((replicas > 1 ? "[copy on one server] " : "[across servers] ") + n);
                }
                return best;
            }
            if (ctx.shouldStop()) {
                run.cancel();
            }
        }
    }
}
