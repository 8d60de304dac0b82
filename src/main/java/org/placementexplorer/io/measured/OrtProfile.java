package org.placementexplorer.io.measured;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.placementexplorer.cost.MeasuredCosts;
import org.placementexplorer.io.InputException;
import org.placementexplorer.model.OpGraph;

/**
 * Reads an ONNX Runtime profile (docs/formats.md, "ONNX Runtime profile"): a Chrome-trace JSON
 * whose node events ({@code "cat": "Node"}, name {@code <node name>_kernel_time}) give the time of
 * each kernel run in microseconds. Each operator's time is the median over its runs.
 */
final class OrtProfile {
    static final String KERNEL_SUFFIX = "_kernel_time";
    private static final int LISTED = 5;

    private OrtProfile() {
    }

    /** Whether a parsed JSON file is meant as a profile: an array of events or an object with traceEvents. */
    static boolean isProfile(JsonNode json) {
        return json.isArray() || (json.isObject() && json.has("traceEvents"));
    }

    /**
     * Adds the profile's operator times, as measured on {@code deviceId}, to {@code out}.
     *
     * @return a one-line summary, and warnings added to {@code warnings}
     */
    static String read(String label, JsonNode json, OpGraph graph, String deviceId, MeasuredCosts.Builder out,
            List<String> warnings) {
        JsonNode events = json.isArray() ? json : json.get("traceEvents");
        if (events == null || !events.isArray()) {
            throw new InputException(label, "not an ONNX Runtime profile: expected a JSON array of trace events "
                    + "or an object with a \"traceEvents\" array");
        }
        Map<String, Repeats> byNode = new LinkedHashMap<>();
        Map<String, String> providerOf = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (!e.isObject()) {
                throw new InputException(label, "trace event " + (i + 1) + " is not a JSON object");
            }
            String name = e.path("name").asText("");
            if (!"Node".equals(e.path("cat").asText(null)) || !name.endsWith(KERNEL_SUFFIX)) {
                continue;
            }
            String node = name.substring(0, name.length() - KERNEL_SUFFIX.length());
            JsonNode dur = e.get("dur");
            if (dur == null || !dur.isNumber() || !(dur.asDouble() >= 0) || Double.isInfinite(dur.asDouble())) {
                throw new InputException(label, "trace event " + (i + 1) + " (" + name + "): \"dur\" must be a "
                        + "number of microseconds >= 0, found " + (dur == null ? "nothing" : dur.toString()));
            }
            byNode.computeIfAbsent(node, k -> new Repeats()).add(dur.asDouble());
            String provider = e.path("args").path("provider").asText("");
            if (!provider.isEmpty()) {
                providerOf.put(node, provider);
            }
        }
        if (byNode.isEmpty()) {
            throw new InputException(label, "no operator timings: no trace event has \"cat\": \"Node\" and a name "
                    + "ending in \"" + KERNEL_SUFFIX + "\" (is this an ONNX Runtime profile?)");
        }
        OperatorMatcher matcher = new OperatorMatcher(graph);
        Map<Integer, Repeats> byOp = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        Map<String, Integer> providers = new TreeMap<>();
        int maxRuns = 0;
        int minRuns = Integer.MAX_VALUE;
        for (Map.Entry<String, Repeats> n : byNode.entrySet()) {
            OptionalInt v = matcher.find(n.getKey());
            if (v.isEmpty()) {
                unknown.add(n.getKey().isEmpty() ? "(unnamed node)" : n.getKey()
                        + (matcher.ambiguous(n.getKey()) ? " (names several operators)" : ""));
                continue;
            }
            Repeats r = byOp.computeIfAbsent(v.getAsInt(), k -> new Repeats());
            for (double d : n.getValue().values()) {
                r.add(d);
            }
            maxRuns = Math.max(maxRuns, n.getValue().count());
            minRuns = Math.min(minRuns, n.getValue().count());
            String p = providerOf.get(n.getKey());
            if (p != null) {
                providers.merge(p, 1, Integer::sum);
            }
        }
        if (byOp.isEmpty()) {
            throw new InputException(label, "the profile names none of the " + graph.size() + " operators of graph '"
                    + graph.name() + "' (it times " + byNode.size() + " nodes, e.g. " + first(unknown)
                    + "); was it made from another model?");
        }
        for (Map.Entry<Integer, Repeats> m : byOp.entrySet()) {
            out.opTime(graph.op(m.getKey()).id(), deviceId, m.getValue().median() * 1e-6);
        }
        if (!unknown.isEmpty()) {
            warnings.add(label + ": " + unknown.size() + " profiled node" + (unknown.size() == 1 ? " is" : "s are")
                    + " not an operator of the graph and " + (unknown.size() == 1 ? "was" : "were") + " ignored: "
                    + first(unknown) + " (nodes that ONNX Runtime fused or added; profile with graph optimizations "
                    + "disabled to time the model's own operators)");
        }
        if (providers.size() > 1) {
            StringBuilder sb = new StringBuilder();
            providers.forEach((p, c) -> sb.append(sb.isEmpty() ? "" : ", ").append(p).append(' ').append(c));
            warnings.add(label + ": the profile ran operators on several execution providers (" + sb
                    + "); all are taken as measured on '" + deviceId + "'");
        }
        String runs = maxRuns == 1 ? "one run" : minRuns == maxRuns ? "median of " + maxRuns + " runs"
                : "median of " + minRuns + "-" + maxRuns + " runs";
        return label + ": " + byOp.size() + " operator" + (byOp.size() == 1 ? "" : "s") + " on " + deviceId + " ("
                + runs + ")";
    }

    static String first(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(LISTED, names.size()); i++) {
            sb.append(i > 0 ? ", " : "").append(names.get(i));
        }
        if (names.size() > LISTED) {
            sb.append(", … (").append(names.size() - LISTED).append(" more)");
        }
        return sb.toString();
    }
}
