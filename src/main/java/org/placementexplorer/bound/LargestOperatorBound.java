package org.placementexplorer.bound;

import java.util.OptionalDouble;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * Objective ≥ the largest fastest-time of a single operator: whatever device runs it is busy at
 * least that long per sample, and one sample cannot finish before it does.
 */
public final class LargestOperatorBound implements LowerBound {
    @Override
    public String name() {
        return "largest-operator";
    }

    @Override
    public String description() {
        return "the slowest operator on its fastest device";
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective) {
        double best = 0;
        for (int v = 0; v < p.operators(); v++) {
            best = Math.max(best, p.minOpTime(v));
        }
        return OptionalDouble.of(best);
    }
}
