package org.placementexplorer.ui.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.LowerBound;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.util.Fmt;

/**
 * The gap panel without a screen: the evaluator's objective for the placement, every lower bound of
 * {@code bound.Bounds} that applies (the quick ones at once, the others when computed), the best of
 * them with its name, and the gap (objective − bound) / objective from {@link SolverResult#gap}.
 */
public final class GapModel {
    /** A bound: its value (null when it does not apply) and whether it is the best. */
    public record BoundRow(String name, String description, Double value, String valueText, boolean best) {
    }

    private final Problem problem;
    private final Evaluation evaluation;
    private final Double best;
    private final String bestName;
    private final List<BoundRow> bounds;

    /**
     * @param bounds     all bound values known (quick ones, and stronger ones when computed)
     * @param known      the bounds to list (name and description), in order
     */
    public GapModel(Problem p, Evaluation e, BoundReport bounds, List<LowerBound> known) {
        this.problem = p;
        this.evaluation = e;
        this.best = bounds == null ? null : bounds.best();
        this.bestName = bounds == null ? null : bounds.bestName();
        List<BoundRow> rows = new ArrayList<>();
        if (p != null && bounds != null) {
            Map<String, Double> v = bounds.values();
            for (LowerBound b : known) {
                Double x = v.get(b.name());
                rows.add(new BoundRow(b.name(), b.description(), x, x == null ? "—" : Fmt.time(x, p.units()),
                        b.name().equals(bestName)));
            }
            for (var x : v.entrySet()) {
                if (x.getValue() != null && known.stream().noneMatch(b -> b.name().equals(x.getKey()))) {
                    rows.add(new BoundRow(x.getKey(), "proven by a solver run without pinned operators, so valid "
                            + "for every placement", x.getValue(), Fmt.time(x.getValue(), p.units()),
                            x.getKey().equals(bestName)));
                }
            }
        }
        this.bounds = List.copyOf(rows);
    }

    public boolean ready() {
        return problem != null && evaluation != null;
    }

    public Double objective() {
        return evaluation == null ? null : evaluation.objective();
    }

    public String objectiveText() {
        if (!ready()) {
            return "—";
        }
        return Fmt.time(evaluation.objective(), problem.units());
    }

    public String objectiveKind() {
        if (!ready()) {
            return "";
        }
        return evaluation.kind() == Objective.LATENCY ? "latency of one sample" : "throughput period per sample";
    }

    public Double bound() {
        return best;
    }

    public String boundText() {
        return best == null || problem == null ? "—" : Fmt.time(best, problem.units());
    }

    public String boundName() {
        return bestName == null ? "" : bestName;
    }

    /** (objective − best bound) / objective, null without a bound or a finite objective. */
    public Double gap() {
        if (!ready() || best == null || Double.isInfinite(evaluation.objective())) {
            return null;
        }
        return SolverResult.gap(evaluation.objective(), best);
    }

    public String gapText() {
        Double g = gap();
        return g == null ? "—" : Fmt.percent(g);
    }

    public List<BoundRow> bounds() {
        return bounds;
    }

    /** One sentence saying what the numbers mean for this placement. */
    public String explanation() {
        Double g = gap();
        if (g == null) {
            return "The gap needs a placement with a finite objective and a bound that applies.";
        }
        if (g == 0) {
            return "The objective equals a proven lower bound: no placement can do better.";
        }
        return "Every placement takes at least " + boundText() + " (" + boundName() + "), so the best possible "
                + "lies between " + boundText() + " and " + objectiveText() + ": this one is at most "
                + gapText() + " above it" + (evaluation.feasible() ? "." : ", but it does not fit in memory.");
    }
}
