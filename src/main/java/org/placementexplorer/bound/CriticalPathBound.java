package org.placementexplorer.bound;

import java.util.OptionalDouble;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

/**
 * Latency ≥ the longest path of the DAG when every operator takes its fastest time over all
 * devices and transfers are free. Valid because along any path each operator starts after its
 * predecessor ends, takes at least its fastest time, and transfers never take negative time.
 */
public final class CriticalPathBound implements LowerBound {
    @Override
    public String name() {
        return "critical-path";
    }

    @Override
    public String description() {
        return "longest path with each operator on its fastest device and free transfers (latency)";
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective) {
        if (objective != Objective.LATENCY) {
            return OptionalDouble.empty();
        }
        OpGraph g = p.graph();
        double[] finish = new double[g.size()];
        double best = 0;
        for (int v : g.topologicalOrder()) {
            double start = 0;
            for (int u : g.predecessors(v)) {
                start = Math.max(start, finish[u]);
            }
            finish[v] = start + p.minOpTime(v);
            best = Math.max(best, finish[v]);
        }
        return OptionalDouble.of(best);
    }
}
