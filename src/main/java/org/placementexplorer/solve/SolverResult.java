package org.placementexplorer.solve;

import java.util.List;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Objective;

/**
 * The end of a run.
 *
 * @param solver      solver name
 * @param objective   the objective solved for
 * @param status      how the run ended
 * @param optimalAmong for an OPTIMAL status: the class of placements it is optimal among (e.g.
 *                    "contiguous (pipeline) placements"), or null when optimal among all placements
 * @param best        evaluation of the best placement found (null when none was found)
 * @param lowerBound  best lower bound known on the objective (null when none)
 * @param boundName   which bound gave it
 * @param seconds     wall time of the run
 * @param incumbents  the improving objectives in order, with their times
 * @param notes       remarks (e.g. "optimal among contiguous placements")
 */
public record SolverResult(String solver, Objective objective, Status status, String optimalAmong, Evaluation best, Double lowerBound, String boundName,
        double seconds, List<Incumbent> incumbents, List<String> notes) {

    /** One improvement seen during the run. */
    public record Incumbent(double seconds, double objective) {
    }

    /** (objective − bound) / objective, 0 when both are 0; null without a placement or bound. */
    public Double gap() {
        if (best == null || lowerBound == null) {
            return null;
        }
        return gap(best.objective(), lowerBound);
    }

    public static double gap(double objective, double bound) {
        if (objective <= 0) {
            return 0;
        }
        return Math.max(0, (objective - bound) / objective);
    }
}
