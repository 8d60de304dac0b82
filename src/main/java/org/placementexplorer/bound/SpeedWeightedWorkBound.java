package org.placementexplorer.bound;

import java.util.OptionalDouble;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * Objective ≥ W / Σ_d (1 / r_d), for both objectives, where W = Σ over operators of their fastest
 * time and r_d = min over operators v (with a positive fastest time that d can run) of
 * time(v, d) / fastest(v) ≥ 1: how much slower than the fastest device d is at best.
 *
 * <p>Proof. Device d is busy at least Σ_{v on d} time(v, d) ≥ r_d Σ_{v on d} fastest(v) per sample
 * (throughput: transfers only add; latency: one operator at a time), and that busy time is at most
 * the objective T. So Σ_{v on d} fastest(v) ≤ T / r_d; summing over the devices, W ≤ T Σ_d 1 / r_d.
 * With identical devices this is {@link TotalWorkBound}; with devices of different speeds (a CPU ten
 * times slower than the accelerators) it is stronger, since the slow devices can take little work.
 */
public final class SpeedWeightedWorkBound implements LowerBound {
    @Override
    public boolean holdsForCopies() {
        return true; // copies share the work per sample, which every device of the cluster can take
    }

    @Override
    public String name() {
        return "speed-weighted-work";
    }

    @Override
    public String description() {
        return "sum of the fastest operator times over the devices' relative speeds";
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective) {
        double work = 0;
        for (int v = 0; v < p.operators(); v++) {
            double m = p.minOpTime(v);
            if (Double.isFinite(m)) {
                work += m;
            }
        }
        double speed = 0;
        for (int d = 0; d < p.deviceCount(); d++) {
            double r = Double.POSITIVE_INFINITY;
            for (int v = 0; v < p.operators(); v++) {
                double m = p.minOpTime(v);
                double t = p.opTime(v, d);
                if (m > 0 && Double.isFinite(t)) {
                    r = Math.min(r, t / m);
                }
            }
            // a device that can run no operator with work takes none: it adds no speed
            if (Double.isFinite(r)) {
                speed += 1 / Math.max(1, r);
            }
        }
        return speed > 0 ? OptionalDouble.of(work / speed) : OptionalDouble.of(0);
    }
}
