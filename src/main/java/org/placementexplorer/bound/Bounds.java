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

    /** Seconds each bound that runs a solver may take, unless the caller says otherwise. */
    public static final double DEFAULT_BUDGET = 10;

    /**
     * Cheap bounds (linear time, or one small LP); every solve result gets the best of them.
     */
    public static List<LowerBound> quickBounds() {
        return List.of(new CriticalPathBound(), new TotalWorkBound(), new LargestOperatorBound(),
                new SpeedWeightedWorkBound(), new ColocationClassBound(), new HeterogeneousWorkBound());
    }

    /** Every bound: the quick ones, the MILP's linear relaxation and the bottleneck-block MIP. */
    public static List<LowerBound> all() {
        List<LowerBound> all = new java.util.ArrayList<>(quickBounds());
        all.add(new LpRelaxationBound());
        all.add(new BottleneckBlockBound());
        return List.copyOf(all);
    }

    public static BoundReport quick(Problem p, Objective o) {
        return compute(p, o, quickBounds());
    }

    public static BoundReport compute(Problem p, Objective o, List<LowerBound> bounds) {
        return compute(p, o, bounds, DEFAULT_BUDGET);
    }

    /** Computes each bound, giving the ones that run a solver {@code budgetSeconds} each. */
    public static BoundReport compute(Problem p, Objective o, List<LowerBound> bounds, double budgetSeconds) {
        Map<String, Double> values = new LinkedHashMap<>();
        int copies = o == Objective.THROUGHPUT ? maxCopies(p) : 1;
        for (LowerBound b : bounds) {
            OptionalDouble v = b.compute(p, o, budgetSeconds);
            if (v.isEmpty()) {
                continue;
            }
            // a placement run as r copies has 1/r of one copy's period: a bound on one device's time
            // per sample holds for a copy, so divided by the most copies possible it holds for all
            double x = b.holdsForCopies() ? v.getAsDouble() : v.getAsDouble() / copies;
            values.put(b.name(), x);
        }
        return BoundReport.of(values);
    }

    /**
     * The most data-parallel copies a throughput placement of {@code p} can run as: the largest set
     * of equivalent servers ({@code eval.Replication}); 1 when the cluster has none.
     */
    public static int maxCopies(Problem p) {
        int most = 1;
        for (org.placementexplorer.model.Server s : p.cluster().servers()) {
            most = Math.max(most, org.placementexplorer.eval.Replication.equivalentServers(p, s.id()).size());
        }
        return most;
    }
}
