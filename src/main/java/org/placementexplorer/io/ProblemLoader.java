package org.placementexplorer.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.cost.MeasuredCosts;
import org.placementexplorer.io.json.ClusterJson;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.measured.CostsSpec;
import org.placementexplorer.io.measured.MeasuredCostFiles;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Problem;

/** Turns a model file and a cluster (file or sample name) into a priced problem. */
public final class ProblemLoader {
    private ProblemLoader() {
    }

    /** Reads a cluster file, or a sample cluster when {@code arg} is a sample name and no such file exists. */
    public static Cluster cluster(String arg) {
        Path p = Path.of(arg);
        if (!Files.exists(p) && Samples.sampleClusterName(arg).isPresent()) {
            return Samples.cluster(arg);
        }
        var json = Json.read(p);
        if (!ClusterJson.isCluster(json)) {
            throw new InputException(arg, json.isObject() && json.has("format")
                    ? "not a cluster file (its format is \"" + json.get("format").asText() + "\")"
                    : "not a cluster file (expected \"format\": \"" + ClusterJson.FORMAT + "\")");
        }
        return ClusterJson.read(arg, json);
    }

    /**
     * The problem for a model on a cluster. Files that carry their own devices take no cluster;
     * other graphs need one.
     *
     * @param clusterArg cluster file or sample name, or null
     */
    public static Problem problem(LoadedModel m, String clusterArg, MeasuredCosts measured) {
        if (m.carriesDevices()) {
            if (clusterArg != null) {
                throw new InputException(m.file(), "this " + m.format() + " carries its own devices and costs; "
                        + "--cluster does not apply to it");
            }
            return m.ownProblem();
        }
        if (clusterArg == null) {
            throw new InputException(m.file(), "this graph carries no devices: give --cluster FILE or a sample ("
                    + String.join(", ", Samples.CLUSTERS) + ")");
        }
        Cluster c = cluster(clusterArg);
        try {
            return AnalyticCostModel.problem(m.graph(), c, measured == null ? MeasuredCosts.NONE : measured);
        } catch (ModelException e) {
            throw new InputException(clusterArg, e.getMessage());
        }
    }

    /**
     * The problem for a model on a cluster with measured costs from files (ONNX Runtime profiles,
     * measured-costs CSVs; see {@link MeasuredCostFiles}). Measured figures need a cluster and a
     * model without its own costs.
     *
     * @param clusterArg cluster file or sample name, or null
     * @param costs      measured-cost files, applied in order (may be empty)
     */
    public static PricedProblem priced(LoadedModel m, String clusterArg, List<CostsSpec> costs) {
        if (costs.isEmpty()) {
            return new PricedProblem(problem(m, clusterArg, MeasuredCosts.NONE), MeasuredCosts.NONE, List.of(),
                    List.of());
        }
        if (m.carriesDevices()) {
            throw new InputException(costs.get(0).text(), "measured costs do not apply to " + m.file() + ": this "
                    + m.format() + " carries its own devices and costs");
        }
        if (clusterArg == null) {
            throw new InputException(costs.get(0).text(), "measured costs need a cluster: give --cluster FILE or a "
                    + "sample (" + String.join(", ", Samples.CLUSTERS) + ")");
        }
        Cluster c = cluster(clusterArg);
        MeasuredCostFiles.Result r = MeasuredCostFiles.read(costs, m.graph(), c);
        Problem p;
        try {
            p = AnalyticCostModel.problem(m.graph(), c, r.costs());
        } catch (ModelException e) {
            throw new InputException(clusterArg, "with the measured link figures: " + e.getMessage());
        }
        return new PricedProblem(p, r.costs(), r.sources(), r.warnings());
    }

    public static Problem problem(LoadedModel m, Cluster c) {
        if (m.carriesDevices()) {
            return m.ownProblem();
        }
        return AnalyticCostModel.problem(m.graph(), c);
    }
}
