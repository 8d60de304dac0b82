package org.placementexplorer.bound;

import java.util.Map;
import java.util.OptionalDouble;

import org.placementexplorer.mip.Groups;
import org.placementexplorer.mip.LatencyFormulation;
import org.placementexplorer.mip.MipBackends;
import org.placementexplorer.mip.MipModel;
import org.placementexplorer.mip.MipParams;
import org.placementexplorer.mip.MipResult;
import org.placementexplorer.mip.ThroughputFormulation;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * The linear relaxation of the exact MILP of the objective (docs/cost-model.md, "The MILPs"),
 * built without pins and without a cut-off. Valid because every feasible placement, completed with
 * its transfer indicators (and, for latency, its schedule), is a point of the relaxation with the
 * placement's objective; the latency horizon is the data bound every optimal schedule meets, so no
 * optimum is cut off. Latency models above a size limit are skipped.
 */
public final class LpRelaxationBound implements LowerBound {
    static final long MAX_NON_ZEROS = 3_000_000L;

    @Override
    public String name() {
        return "lp-relaxation";
    }

    @Override
    public String description() {
        return "linear relaxation of the exact MILP (transfers, links and memory included)";
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective) {
        return compute(p, objective, 30);
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective, double budgetSeconds) {
        if (Groups.of(p, Map.of()).anyUnplaceable()) {
            return OptionalDouble.empty();
        }
        MipModel m;
        double scale;
        if (objective == Objective.THROUGHPUT) {
            ThroughputFormulation f = ThroughputFormulation.build(p, new ThroughputFormulation.Options(false,
                    Map.of(), false, Double.POSITIVE_INFINITY));
            m = f.model();
            scale = f.scale();
        } else {
            if (LatencyFormulation.estimateNonZeros(p) > MAX_NON_ZEROS) {
                return OptionalDouble.empty();
            }
            LatencyFormulation f = LatencyFormulation.build(p, new LatencyFormulation.Options(Map.of(), false,
                    Double.POSITIVE_INFINITY));
            if (f.estimatedNonZeros() > MAX_NON_ZEROS) {
                return OptionalDouble.empty();
            }
            m = f.model();
            scale = f.scale();
        }
        MipResult r = MipBackends.defaultLp().solve(m, MipParams.of(Math.max(1, budgetSeconds)).withRelax(true));
        if (r.status() != MipResult.Status.OPTIMAL) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, r.objective() * scale * (1 - 1e-9) - 1e-7 * scale));
    }
}
