package org.placementexplorer.io;

import java.util.List;

import org.placementexplorer.cost.MeasuredCosts;
import org.placementexplorer.model.Problem;

/**
 * A priced problem with what its measured costs contributed.
 *
 * @param problem     the problem
 * @param measured    the measured figures applied (empty for files that carry their own costs)
 * @param costSources one line per measured-costs file: what it gave
 * @param warnings    what was ignored in those files, one line each
 */
public record PricedProblem(Problem problem, MeasuredCosts measured, List<String> costSources,
        List<String> warnings) {
    public PricedProblem {
        costSources = List.copyOf(costSources);
        warnings = List.copyOf(warnings);
    }
}
