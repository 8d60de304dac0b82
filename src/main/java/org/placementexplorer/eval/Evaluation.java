package org.placementexplorer.eval;

import java.util.List;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;

/**
 * Everything the evaluator says about a placement. {@link #objective()} is the number every view,
 * solver and CLI command reports.
 *
 * @param kind       which objective {@link #objective()} is
 * @param objective  latency: makespan of one sample; throughput: pipeline period (time per sample)
 * @param placement  the placement evaluated (with the order used, for latency)
 * @param schedule   the one-sample schedule (always computed for latency; for throughput only when
 *                   asked for)
 * @param pipeline   loads, stages and the throughput bottleneck
 * @param bottleneck for throughput {@code pipeline.bottleneck()}; for latency the critical device
 * @param memory     memory per device
 * @param violations why the placement is infeasible; empty when feasible
 */
public record Evaluation(Objective kind, double objective, Placement placement, Schedule schedule,
        Pipeline pipeline, Bottleneck bottleneck, MemoryReport memory, List<Violation> violations) {

    public boolean feasible() {
        return violations.isEmpty();
    }
}
