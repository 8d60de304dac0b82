package org.placementexplorer.bound;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * Objective ≥ the largest time of a colocation group on the device that runs the whole group
 * fastest: the group shares one device, which is busy that long per sample (and, for latency,
 * before the sample ends). Without colocation groups it equals {@link LargestOperatorBound}.
 */
public final class ColocationClassBound implements LowerBound {
    @Override
    public String name() {
        return "largest-class";
    }

    @Override
    public String description() {
        return "the slowest colocation group on the device that runs it fastest";
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective) {
        int nd = p.deviceCount();
        Map<Integer, double[]> sums = new HashMap<>();
        double best = 0;
        for (int v = 0; v < p.operators(); v++) {
            int g = p.colocationGroup(v);
            if (g < 0) {
                double m = p.minOpTime(v);
                if (Double.isFinite(m)) {
                    best = Math.max(best, m);
                }
                continue;
            }
            double[] s = sums.computeIfAbsent(g, x -> new double[nd]);
            for (int d = 0; d < nd; d++) {
                s[d] += p.opTime(v, d);
            }
        }
        for (double[] s : sums.values()) {
            double min = Double.POSITIVE_INFINITY;
            for (double x : s) {
                min = Math.min(min, x);
            }
            if (Double.isFinite(min)) {
                best = Math.max(best, min);
            }
        }
        return OptionalDouble.of(best);
    }
}
