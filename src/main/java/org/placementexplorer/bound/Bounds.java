package org.placementexplorer.bound;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/** The registry of lower bounds. */
public final class Bounds {
    private Bounds() {
    }

    /** Bounds that need no solver and take linear time; every solve result gets the best of them. */
    public static List<LowerBound> quickBounds() {
        return List.of(new CriticalPathBound(), new TotalWorkBound(), new LargestOperatorBound(),
                new SpeedWeightedWorkBound(), new ColocationClassBound());
    }

    /** Every bound (the quick ones plus the stronger ones as they are added). */
    public static List<LowerBound> all() {
        return quickBounds();
    }

    public static BoundReport quick(Problem p, Objective o) {
        return compute(p, o, quickBounds());
    }

    public static BoundReport compute(Problem p, Objective o, List<LowerBound> bounds) {
        Map<String, Double> values = new LinkedHashMap<>();
        Double best = null;
        String bestName = null;
        for (LowerBound b : bounds) {
            OptionalDouble v = b.compute(p, o);
            if (v.isEmpty()) {
                continue;
            }
            values.put(b.name(), v.getAsDouble());
            if (best == null || v.getAsDouble() > best) {
                best = v.getAsDouble();
                bestName = b.name();
            }
        }
        return new BoundReport(values, best, bestName);
    }
}
