package org.placementexplorer.ui.session;

import org.placementexplorer.model.Objective;

/**
 * What a solver run said about the placement it produced, kept beside the named placement (and in
 * the session file, docs/formats.md "Session"). All numbers are the run's result: the evaluator's
 * objective for its placement, the best bound it knew and the gap between them.
 *
 * @param solver     solver name
 * @param status     how the run ended (OPTIMAL, FEASIBLE, TIME_LIMIT, CANCELLED, …)
 * @param objective  which objective the run minimised
 * @param value      the evaluator's objective of the placement (null when none was found)
 * @param lowerBound best lower bound the run knew (null when none)
 * @param boundName  which bound gave it
 * @param gap        (value − bound) / value, or null
 * @param seconds    wall time of the run
 * @param seed       the seed it was given
 * @param timeLimit  its time limit in seconds
 */
public record RunInfo(String solver, String status, Objective objective, Double value, Double lowerBound,
        String boundName, Double gap, double seconds, long seed, double timeLimit) {
}
