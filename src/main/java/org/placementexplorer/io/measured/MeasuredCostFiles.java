package org.placementexplorer.io.measured;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.placementexplorer.cost.MeasuredCosts;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.OpGraph;

/**
 * Reads measured-cost files for a graph on a cluster: ONNX Runtime profiles (JSON, with the device
 * they were measured on) and measured-costs CSVs. Files are applied in order; a figure given by a
 * later file replaces the same figure from an earlier one.
 */
public final class MeasuredCostFiles {
    private MeasuredCostFiles() {
    }

    /**
     * The figures read.
     *
     * @param costs    the measured figures (operator ids and device ids of the graph and cluster)
     * @param sources  one summary line per file ("profile.json@a100: 60 operators on a100 (median of 10 runs)")
     * @param warnings what was ignored and why, one line each
     */
    public record Result(MeasuredCosts costs, List<String> sources, List<String> warnings) {
        public Result {
            sources = List.copyOf(sources);
            warnings = List.copyOf(warnings);
        }
    }

    public static Result read(List<CostsSpec> specs, OpGraph graph, Cluster cluster) {
        MeasuredCosts.Builder all = MeasuredCosts.builder();
        List<String> sources = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (CostsSpec s : specs) {
            MeasuredCosts.Builder one = MeasuredCosts.builder();
            sources.add(readOne(s, graph, cluster, one, warnings));
            all.addAll(one.build());
        }
        return new Result(all.build(), sources, warnings);
    }

    private static String readOne(CostsSpec s, OpGraph graph, Cluster cluster, MeasuredCosts.Builder out,
            List<String> warnings) {
        String label = s.text();
        if (s.device() != null && cluster.indexOf(s.device()).isEmpty()) {
            throw new InputException(label, CostsCsv.unknownDevice(s.device(), cluster));
        }
        byte[] bytes = Json.readBytes(s.file());
        if (bytes.length == 0) {
            throw new InputException(label, "the file is empty");
        }
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 4096));
        if (Json.looksLikeJson(head)) {
            JsonNode json = Json.parse(label, bytes);
            if (!OrtProfile.isProfile(json)) {
                throw new InputException(label, "a JSON file that is not an ONNX Runtime profile (expected an array "
                        + "of trace events or an object with \"traceEvents\")");
            }
            if (s.device() == null) {
                throw new InputException(label, "an ONNX Runtime profile needs the device it was measured on: give "
                        + "it as " + s.file() + "@DEVICE (devices: " + String.join(", ",
                                cluster.devices().stream().map(d -> d.id()).toList()) + ")");
            }
            return OrtProfile.read(label, json, graph, s.device(), out, warnings);
        }
        if (s.device() != null) {
            throw new InputException(label, "a measured-costs CSV names the device on every row; give the file "
                    + "without @" + s.device());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(label, "neither an ONNX Runtime profile (JSON) nor a measured-costs CSV "
                    + "(not UTF-8 text)");
        }
        return CostsCsv.read(label, text, graph, cluster, out);
    }
}
