package org.placementexplorer.cli;

import org.placementexplorer.cost.MeasuredCosts;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.model.Problem;

import picocli.CommandLine.Option;

/** The cluster a model is placed on, for the commands that evaluate or solve. */
final class ClusterOption {
    @Option(names = "--cluster", paramLabel = "C", description = "cluster JSON file, or a sample name "
            + "(cpu-2gpu, dgx-8gpu, 2x4gpu, edge-cpu-npu); not needed for files that carry their own devices")
    String cluster;

    Problem problem(LoadedModel m) {
        return ProblemLoader.problem(m, cluster, MeasuredCosts.NONE);
    }
}
