package org.placementexplorer.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import org.placementexplorer.io.json.ClusterJson;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.Cluster;

/** The sample graphs and clusters shipped inside the application. */
public final class Samples {
    /** Sample clusters, by name (file name without ".json"), in menu order. */
    public static final List<String> CLUSTERS = List.of("cpu-2gpu", "dgx-8gpu", "2x4gpu", "edge-cpu-npu");
    /**
     * Sample graphs, by file name, in menu order; the first opens by default. The benchmark instances
     * (Moirai, Tarnawski) carry their own devices (see sample-graphs/README.md).
     */
    public static final List<String> GRAPHS = List.of("paddleocr-mobile-v2-cls.onnx", "tiny-resnet.json",
            "silero-vad-16k-op15.onnx", "hello-deepa-wakeword.onnx", "moirai-example-1.json",
            "moirai-googlenet.json", "throughput-inputs_LayerGraphs_bert24_inference.json",
            "throughput-inputs_LayerGraphs_bert24_training.json", "throughput-inputs_LayerGraphs_gnmt_inference.json",
            "throughput-inputs_LayerGraphs_resnet50_inference.json",
            "throughput-inputs_OperatorGraphs_bert_l-3_inference.json");
    /** The cluster the GUI opens with the default graph. */
    public static final String DEFAULT_CLUSTER = "cpu-2gpu";

    private static final String BASE = "/org/placementexplorer/samples/";

    private Samples() {
    }

    public static Cluster cluster(String name) {
        String res = BASE + "clusters/" + name + ".json";
        try (InputStream in = Samples.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new InputException(name, "no such sample cluster (samples: " + String.join(", ", CLUSTERS) + ")");
            }
            return ClusterJson.read("sample cluster " + name, Json.parse(name, in));
        } catch (IOException e) {
            throw new InputException(name, "cannot read the sample cluster (" + e.getMessage() + ")");
        }
    }

    /**
     * A sample graph as a real file (copied out of the application into a temporary folder once),
     * so it opens like any other file.
     */
    public static Path graphFile(String fileName) {
        String res = BASE + "graphs/" + fileName;
        try (InputStream in = Samples.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new InputException(fileName, "no such sample graph");
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "placement-explorer-samples");
            Files.createDirectories(dir);
            Path out = dir.resolve(fileName);
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new InputException(fileName, "cannot extract the sample graph (" + e.getMessage() + ")");
        }
    }

    /** Whether a name given for --cluster is a sample rather than a file. */
    public static Optional<String> sampleClusterName(String arg) {
        return CLUSTERS.contains(arg) ? Optional.of(arg) : Optional.empty();
    }
}
