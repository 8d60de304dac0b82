package org.placementexplorer.solve.dp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.AbstractSolver;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.Status;
import org.placementexplorer.util.Fmt;

/**
 * {@code dp}: the throughput optimum among contiguous (pipeline) placements, by dynamic programming
 * over the ideals of the DAG (Tarnawski et al., NeurIPS 2020). See {@link DpModel} for what is
 * contracted and how stage loads are priced, {@link IdealDp} for the recurrence, and
 * docs/decisions/0015-dp-over-ideals.md for the state and the fallbacks.
 *
 * <p>Run: the best pipeline along a few topological orders is offered as the incumbent; then all ideals are enumerated (up to a cap that
 * keeps memory safe) and the DP runs over them. The result is OPTIMAL when the DP finished and the
 * evaluator's objective of its placement equals the DP's value (always, for the Tarnawski model).
 * When the ideals are too many, or time runs out, the best pipeline found is returned with the
 * bound and without an optimality claim.
 *
 * <p>Options ({@code SolveRequest.options()}): {@code maxIdeals} caps the enumeration (default:
 * 4 million, fewer when a third of the free heap or 256 MiB of bitsets would not hold them).
 */
public final class DpSolver extends AbstractSolver {
    public static final String NAME = "dp";
    /** Default cap on the number of ideals (memory permitting). */
    static final long DEFAULT_MAX_IDEALS = 4_000_000L;
    /** At most this many bytes of ideal bitsets (beyond that the DP over them would not finish anyway). */
    private static final long BITSET_BYTES = 256L << 20;
    /** Thresholds tried before the incumbent's value, as fractions of it. */
    private static final double[] LADDER = {0.97};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "dynamic programming over ideals (Tarnawski et al. 2020): throughput optimum among contiguous "
                + "(pipeline) placements";
    }

    @Override
    public boolean supports(Objective objective) {
        return objective == Objective.THROUGHPUT;
    }

    /** Accepts maxIdeals=N and contiguous=true|false (its placements are always contiguous). */
    @Override
    public void checkOptions(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            switch (e.getKey()) {
                case "maxIdeals" -> {
                    try {
                        if (Long.parseLong(e.getValue().trim()) < 2) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("dp option maxIdeals must be a whole number of at least 2, "
                                + "not '" + e.getValue() + "'");
                    }
                }
                case "contiguous" -> {
                    if (!e.getValue().equals("true") && !e.getValue().equals("false")) {
                        throw new IllegalArgumentException("dp option contiguous must be true or false, not '"
                                + e.getValue() + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown dp option '" + e.getKey()
                        + "' (known: maxIdeals, contiguous)");
            }
        }
    }

    /**
     * What a DP run found.
     *
     * @param placement    the best pipeline found (null when there is none)
     * @param dpValue      its period as the DP computed it (stage loads)
     * @param optimal      whether it is proven optimal among contiguous placements
     * @param lowerBound   the best quick bound (valid for every placement), and its name
     * @param notes        remarks for the result
     * @param ideals       number of ideals enumerated (-1 when the enumeration was cut)
     * @param pairs        stage pairs evaluated by the DP
     */
    record Outcome(Placement placement, double dpValue, boolean optimal, double lowerBound, String boundName,
            List<String> notes, long ideals, long pairs) {
    }

    @Override
    protected Status solve(SolveContext ctx) {
        ctx.optimalAmong(ctx.objective() == org.placementexplorer.model.Objective.THROUGHPUT
                && org.placementexplorer.bound.Bounds.maxCopies(ctx.problem()) > 1
                ? "contiguous (pipeline) placements without data-parallel copies"
                : "contiguous (pipeline) placements");
        Evaluator ev = ctx.evaluator();
        Outcome o = run(ctx.problem(), ctx.request().pins(), ctx.request().options(), ctx::shouldStop,
                ev, pl -> ctx.offer(pl));
        for (String n : o.notes()) {
            ctx.note(n);
        }
        if (o.placement() == null) {
            return Status.FEASIBLE;
        }
        return o.optimal() ? Status.OPTIMAL : Status.FEASIBLE;
    }

    /**
     * The whole run, independent of a solver thread (tests call it directly).
     *
     * @param onIncumbent receives every improving placement, as found
     */
    static Outcome run(Problem p, Map<Integer, Integer> pins, Map<String, String> options, BooleanSupplier stop,
            Evaluator ev, Consumer<Placement> onIncumbent) {
        long t0 = System.nanoTime();
        List<String> notes = new ArrayList<>();
        DpModel m = DpModel.build(p, pins);
        // the bound every placement respects (the solver framework reports it too)
        BoundReport quick = Bounds.quick(p, Objective.THROUGHPUT);
        double lb = quick.best() == null ? 0 : quick.best();
        String lbName = quick.bestName();
        if (m.conflict != null) {
            notes.add("no placement keeps the pins: " + m.conflict);
            return new Outcome(null, Double.NaN, false, lb, lbName, notes, -1, 0);
        }
        if (m.groups == 0) {
            Placement empty = Placement.of(new int[0]);
            onIncumbent.accept(empty);
            notes.add("the graph is empty");
            return new Outcome(empty, 0, true, lb, lbName, notes, 1, 0);
        }
        long levels = IdealDp.levelCount(m);
        if (levels > (1 << 20)) {
            notes.add("too many device-count combinations for the DP (" + levels + " over " + m.types
                    + " device types): no placement");
            return new Outcome(null, Double.NaN, false, lb, lbName, notes, -1, 0);
        }
        notes.add(String.format(Locale.ROOT, "%d operators in %d groups (%d colocation classes%s%s), device types: %s",
                p.operators(), m.groups, m.classes,
                m.cycleMerges > 0 ? ", " + m.cycleMerges + " merged on cycles" : "",
                m.simplifiedGroups > 0 ? ", " + m.simplifiedGroups + " zero-time groups merged or set aside" : "",
                m.describeTypes()));
        if (m.training) {
            notes.add("training graph: the pipeline order is required of the forward operators; backward operators "
                    + "follow their colocation class" + (m.artificialClasses > 0 ? " (" + m.artificialClasses
                            + " classes without a forward operator placed by their mirrored backward edges)" : ""));
        }
        if (!m.exact) {
            notes.add("stage loads here are a relaxation of the evaluator's: " + String.join("; ", m.relaxations));
        }
        IdealDp dp = new IdealDp(m, stop);

        // incumbent: one device, then pipelines along topological orders
        IdealDp.Chain best = singleStage(m, dp);
        Placement bestPlacement = null;
        if (best != null) {
            bestPlacement = m.placement(best.stageGroups(), best.stageTypes());
            onIncumbent.accept(bestPlacement);
        }
        int[][] orders = {indexOrder(m), depthFirstOrder(m), latestOrder(m)};
        for (int[] order : orders) {
            IdealDp.Chain c = dp.chain(order, best == null ? Double.POSITIVE_INFINITY : best.dpValue());
            if (dp.stopped()) {
                notes.add("stopped during the search along topological orders");
                return finish(p, ev, best, bestPlacement, false, lb, lbName, notes, -1, dp.pairs(), t0);
            }
            if (c != null) {
                c = dp.improve(c);
                best = c;
                bestPlacement = m.placement(c.stageGroups(), c.stageTypes());
                onIncumbent.accept(bestPlacement);
            } else if (best != null) {
                IdealDp.Chain better = dp.improve(best);
                if (better != best) {
                    best = better;
                    bestPlacement = m.placement(best.stageGroups(), best.stageTypes());
                    onIncumbent.accept(bestPlacement);
                }
            }
        }

        // all ideals
        long cap = cap(m, levels, options);
        Ideals.Result r = Ideals.enumerate(m, cap, stop);
        if (r.stopped()) {
            notes.add("stopped while enumerating ideals (" + r.seen() + " so far): the best pipeline along "
                    + "topological orders is returned, not proven optimal");
            return finish(p, ev, best, bestPlacement, false, lb, lbName, notes, -1, dp.pairs(), t0);
        }
        if (r.exploded()) {
            notes.add(String.format(Locale.ROOT, "the graph has more than %,d ideals (the cap for this memory): "
                    + "fell back to the best pipeline along %d topological orders, not proven optimal",
                    cap, orders.length));
            return finish(p, ev, best, bestPlacement, false, lb, lbName, notes, -1, dp.pairs(), t0);
        }
        Ideals id = r.ideals();
        // The search costs more the higher its threshold, and finds the exact optimum whenever that is
        // below it; so thresholds a little under the incumbent come first (a failure proves the
        // optimum is at least the threshold), and the incumbent's value last.
        IdealDp.Chain c = null;
        double ub = best == null ? Double.POSITIVE_INFINITY : best.dpValue();
        boolean found = false;
        if (Double.isFinite(ub)) {
            for (double fraction : LADDER) {
                double threshold = ub * fraction;
                if (threshold <= lb || dp.stopped()) {
                    continue;
                }
                c = dp.lattice(id, threshold);
                if (c != null) {
                    found = true;
                    break;
                }
            }
        }
        if (!found && !dp.stopped()) {
            c = dp.lattice(id, ub);
        }
        if (dp.stopped()) {
            notes.add(String.format(Locale.ROOT, "stopped during the DP over %,d ideals: the best pipeline along "
                    + "topological orders is returned, not proven optimal", id.count));
            return finish(p, ev, best, bestPlacement, false, lb, lbName, notes, id.count, dp.pairs(), t0);
        }
        if (c != null) {
            best = c;
            bestPlacement = m.placement(c.stageGroups(), c.stageTypes());
            onIncumbent.accept(bestPlacement);
        }
        notes.add(String.format(Locale.ROOT, "DP over %,d ideals: %,d stages visited, %,d evaluated", id.count,
                dp.visited(), dp.pairs()));
        if (best == null) {
            notes.add("no pipeline fits: every chain of ideals puts more on some device than its memory holds or "
                    + "an operator on a device that cannot run it");
        }
        return finish(p, ev, best, bestPlacement, true, lb, lbName, notes, id.count, dp.pairs(), t0);
    }

    private static Outcome finish(Problem p, Evaluator ev, IdealDp.Chain best, Placement placement, boolean complete,
            double lb, String lbName, List<String> notes, long ideals, long pairs, long t0) {
        if (best == null) {
            return new Outcome(null, Double.NaN, false, lb, lbName, notes, ideals, pairs);
        }
        Evaluation e = ev.evaluate(placement, Objective.THROUGHPUT);
        boolean tight = e.feasible() && e.objective() <= best.dpValue() * (1 + 1e-9) + 1e-300;
        boolean optimal = complete && tight;
        if (optimal) {
            notes.add(0, "optimal among contiguous (pipeline) placements: the devices run consecutive stages of one "
                    + "chain of ideals; a placement that is not a pipeline may do better");
        } else if (complete) {
            notes.add("the DP's value " + Fmt.time(best.dpValue(), p.units()) + " is a lower bound for every pipeline; "
                    + "the DP's placement evaluates to " + Fmt.time(e.objective(), p.units())
                    + (e.feasible() ? "" : " and is infeasible") + ", so it is not proven optimal");
        }
        notes.add(String.format(Locale.ROOT, "dp took %.2f s", (System.nanoTime() - t0) / 1e9));
        return new Outcome(placement, best.dpValue(), optimal, lb, lbName, notes, ideals, pairs);
    }

    private static long cap(DpModel m, long levels, Map<String, String> options) {
        long cap = DEFAULT_MAX_IDEALS;
        String opt = options.get("maxIdeals");
        if (opt != null) {
            try {
                cap = Long.parseLong(opt.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option maxIdeals must be a whole number, not '" + opt + "'");
            }
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long byMemory = free / 3 / Ideals.bytesPerIdeal(m.groups, (int) levels);
        // more ideals than this, on a graph this wide, is more than a DP run could go through
        long bySize = BITSET_BYTES / (8L * ((m.groups + 63) >>> 6));
        return Math.max(2, Math.min(cap, Math.min(byMemory, bySize)));
    }

    /** Everything on one device of the best type that takes it, or null. */
    private static IdealDp.Chain singleStage(DpModel m, IdealDp dp) {
        IdealDp.Chain best = null;
        int[] all = new int[m.groups];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int t = 0; t < m.types; t++) {
            IdealDp.Chain c = new IdealDp.Chain(new int[][] {all}, new int[] {t}, 0);
            double v = dp.value(c);
            if (Double.isFinite(v) && (best == null || v < best.dpValue())) {
                best = new IdealDp.Chain(c.stageGroups(), c.stageTypes(), v);
            }
        }
        return best;
    }

    // ------------------------------------------------------------------ topological orders

    static int[] indexOrder(DpModel m) {
        int[] o = new int[m.groups];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }

    /** Depth first: after a group, one of its successors that became ready, when there is one. */
    static int[] depthFirstOrder(DpModel m) {
        int g = m.groups;
        int[] missing = new int[g];
        for (int x = 0; x < g; x++) {
            missing[x] = m.pred[x].length;
        }
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        for (int x = g - 1; x >= 0; x--) {
            if (missing[x] == 0) {
                stack.push(x);
            }
        }
        int[] order = new int[g];
        int k = 0;
        while (!stack.isEmpty()) {
            int x = stack.pop();
            order[k++] = x;
            int[] s = m.succ[x];
            for (int i = s.length - 1; i >= 0; i--) {
                if (--missing[s[i]] == 0) {
                    stack.push(s[i]);
                }
            }
        }
        return order;
    }

    /** As late as possible: a reverse topological order from the sinks, reversed. */
    static int[] latestOrder(DpModel m) {
        int g = m.groups;
        int[] missing = new int[g];
        for (int x = 0; x < g; x++) {
            missing[x] = m.succ[x].length;
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> Integer.compare(b, a));
        for (int x = 0; x < g; x++) {
            if (missing[x] == 0) {
                ready.add(x);
            }
        }
        int[] order = new int[g];
        int k = g;
        while (!ready.isEmpty()) {
            int x = ready.poll();
            order[--k] = x;
            for (int y : m.pred[x]) {
                if (--missing[y] == 0) {
                    ready.add(y);
                }
            }
        }
        return order;
    }
}
