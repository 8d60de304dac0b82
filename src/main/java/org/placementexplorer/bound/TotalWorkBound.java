package org.placementexplorer.bound;

import java.util.OptionalDouble;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * Objective ≥ (Σ over operators of their fastest time) / (number of devices), for both objectives.
 *
 * <p>Proof. In any placement device d is busy for load(d) ≥ Σ_{v on d} time(v, d) ≥ Σ_{v on d}
 * minTime(v) per sample (throughput: transfers only add to a load; latency: a device runs one
 * operator at a time, so the makespan is at least its busy time). Summing over the D devices,
 * Σ_d load(d) ≥ Σ_v minTime(v), so the largest load, and with it the period and the makespan, is at
 * least the average Σ_v minTime(v) / D. Empty devices only make the average smaller, so the bound
 * holds whatever number of devices a placement uses.
 */
public final class TotalWorkBound implements LowerBound {
    @Override
    public boolean holdsForCopies() {
        return true; // copies share the work per sample, which every device of the cluster can take
    }

    @Override
    public String name() {
        return "total-work";
    }

    @Override
    public String description() {
        return "sum of the fastest operator times divided by the number of devices";
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective) {
        double sum = 0;
        for (int v = 0; v < p.operators(); v++) {
            sum += p.minOpTime(v);
        }
        return OptionalDouble.of(sum / p.deviceCount());
    }
}
