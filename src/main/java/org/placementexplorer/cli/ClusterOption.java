package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.PricedProblem;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.measured.CostsSpec;
import org.placementexplorer.model.Problem;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The cluster a model is placed on and measured costs, for the commands that price a problem. */
final class ClusterOption {
    @Option(names = "--cluster", paramLabel = "C", description = "cluster JSON file, or a sample name "
            + "(cpu-2gpu, dgx-8gpu, 2x4gpu, edge-cpu-npu); not needed for files that carry their own devices")
    String cluster;

    @Option(names = "--costs", paramLabel = "FILE[@DEVICE]", description = "measured costs that override the "
            + "analytic ones: an ONNX Runtime profile with the device it ran on (profile.json@a100), or a CSV "
            + "'operator,device,seconds'; repeatable, later files win")
    List<String> costs = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Whether the user asked for a cluster or measured costs. */
    boolean given() {
        return cluster != null || !costs.isEmpty();
    }

    /** The priced problem and what the measured-cost files contributed. */
    PricedProblem priced(LoadedModel m) {
        return ProblemLoader.priced(m, cluster, costs.stream().map(CostsSpec::parse).toList());
    }

    /** The priced problem; warnings about the measured costs go to stderr. */
    Problem problem(LoadedModel m) {
        PricedProblem p = priced(m);
        if (!p.warnings().isEmpty() && mixee != null) {
            PrintWriter err = mixee.commandLine().getErr();
            p.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
        }
        return p.problem();
    }
}
