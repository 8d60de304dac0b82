package org.placementexplorer.io.moirai;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.placementexplorer.io.GraphImporter;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.json.In;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Units;

/**
 * Reads the JSON conversion of a Moirai sample instance (docs/formats.md, "Moirai instance"): a
 * task DAG with K devices, a time per task and device, a time matrix per edge (sender device ×
 * receiver device), a memory size per task and a memory capacity per device.
 *
 * <p>The file becomes a graph of tasks (no FLOPs, no tensors of known size) and a {@link Problem}
 * with the file's own numbers: {@code opTime[v][d]} = the task's time on device d; MATRIX transfer
 * pricing with one tensor per edge (named after its communication id), so an edge costs
 * {@code time[a][b]} when its source runs on a and its target on b != a, and nothing on one device;
 * edges without a communication task ({@code "commId": null}, the out-edges of virtual source tasks)
 * cost nothing; resident memory = the task's memory, no activation estimate.
 *
 * <p>Devices overlap transfers with compute: Moirai's MILP schedules every communication task as a
 * job of its own, beside the compute tasks. What we do not reproduce is its congestion constraint
 * (two transfers leaving, or two arriving at, the same device never overlap): our latency schedule
 * lets transfers run side by side, so it can be shorter than Moirai's schedule of the same placement.
 */
public final class MoiraiImporter implements GraphImporter {
    public static final String FORMAT_NAME = "Moirai instance";

    /** Placeholder figures for the devices: the file prices every task itself, so they enter no cost. */
    private static final double UNUSED_PEAK = 1;
    private static final double UNUSED_BANDWIDTH = 1;

    @Override
    public String formatName() {
        return FORMAT_NAME;
    }

    @Override
    public boolean accepts(Path file, byte[] head, JsonNode json) {
        return json != null && isMoirai(json);
    }

    /**
     * Whether a parsed JSON file is a Moirai instance: an object without our {@code format} field,
     * with {@code devices}, {@code nodes} and {@code edges} arrays whose first node has a
     * {@code time} (an object of device -> time; a wrong type is then reported by the reader, which
     * says more than "not a graph file").
     */
    public static boolean isMoirai(JsonNode json) {
        if (!json.isObject() || json.has("format")) {
            return false;
        }
        JsonNode nodes = json.get("nodes");
        return json.path("devices").isArray() && json.path("edges").isArray() && nodes != null && nodes.isArray()
                && !nodes.isEmpty() && nodes.get(0).has("time");
    }

    @Override
    public LoadedModel load(Path file, JsonNode json, ImportOptions options) {
        String name = file.toString();
        Problem p = read(name, json);
        return new LoadedModel(name, FORMAT_NAME, p.graph(), p, List.of());
    }

    /** Reads an instance into its problem; every problem with the file is an {@link InputException}. */
    public static Problem read(String file, JsonNode json) {
        In root = In.root(file, json);
        String graphName = root.str("name", "moirai");

        // devices, in file order
        List<JsonNode> devNodes = root.array("devices", true);
        if (devNodes.isEmpty()) {
            throw root.error("\"devices\" is empty");
        }
        List<Device> devices = new ArrayList<>();
        Map<String, Integer> deviceIndex = new HashMap<>();
        for (int i = 0; i < devNodes.size(); i++) {
            In d = root.element("device " + (i + 1), devNodes.get(i));
            String id = d.str("name");
            d = root.element("device '" + id + "'", devNodes.get(i));
            if (d.has("index") && d.integer("index") != i) {
                throw d.error("\"index\" is " + d.integer("index") + " but the device is listed at position " + i);
            }
            if (deviceIndex.put(id, i) != null) {
                throw d.error("the name is used twice");
            }
            double memory = d.positive("memory");
            try {
                devices.add(new Device(id, id, DeviceKind.GPU, null, Map.of(Precision.FP32, UNUSED_PEAK),
                        UNUSED_BANDWIDTH, memory, 0, true));
            } catch (ModelException e) {
                throw d.error(e.getMessage());
            }
        }
        int nd = devices.size();

        // nodes (tasks)
        List<JsonNode> nodeNodes = root.array("nodes", true);
        if (nodeNodes.isEmpty()) {
            throw root.error("\"nodes\" is empty");
        }
        Map<Long, Integer> nodeIndex = new HashMap<>();
        Set<String> names = new HashSet<>();
        List<Operator> ops = new ArrayList<>();
        double[][] time = new double[nodeNodes.size()][nd];
        double[] memory = new double[nodeNodes.size()];
        for (int v = 0; v < nodeNodes.size(); v++) {
            In n = root.element("node " + (v + 1), nodeNodes.get(v));
            long id = wholeNumber(n, "id");
            String opId = n.str("name", "task" + id);
            n = root.element("node " + id, nodeNodes.get(v));
            if (nodeIndex.put(id, v) != null) {
                throw n.error("the id is used twice");
            }
            if (!names.add(opId)) {
                throw n.error("the name '" + opId + "' is used twice");
            }
            if (!n.has("memory")) {
                throw n.error("\"memory\" is missing");
            }
            memory[v] = n.nonNegative("memory", 0);
            time[v] = perDevice(n, n.node().get("time"), "\"time\"", deviceIndex, devices);
            ops.add(new Operator(opId, opId, "", "", 0, 0, 0, 0, 0, Precision.FP32, List.of(), List.of()));
        }

        // edges: each one is a tensor of its own
        List<JsonNode> edgeNodes = root.array("edges", true);
        List<Edge> edges = new ArrayList<>(edgeNodes.size());
        Map<String, double[][]> matrixOf = new HashMap<>();
        Set<Long> commIds = new HashSet<>();
        for (int k = 0; k < edgeNodes.size(); k++) {
            In e = root.element("edge " + (k + 1), edgeNodes.get(k));
            long source = wholeNumber(e, "source");
            long target = wholeNumber(e, "target");
            e = root.element("edge " + source + " -> " + target, edgeNodes.get(k));
            Integer a = nodeIndex.get(source);
            Integer b = nodeIndex.get(target);
            if (a == null || b == null) {
                throw e.error((a == null ? "source " + source : "target " + target) + " is not a listed node");
            }
            String tensor;
            double[][] matrix = new double[nd][nd];
            if (e.has("commId")) {
                long comm = wholeNumber(e, "commId");
                if (!commIds.add(comm)) {
                    throw e.error("commId " + comm + " is used by another edge too");
                }
                tensor = "comm" + comm;
                JsonNode t = e.node().get("time");
                if (t == null || t.isNull()) {
                    throw e.error("\"time\" is missing (an edge with a commId needs its time matrix)");
                }
                if (!t.isObject()) {
                    throw e.error("\"time\" must be an object of sender device -> receiver device -> time, found "
                            + In.kind(t));
                }
                for (Map.Entry<String, JsonNode> row : iterable(t)) {
                    if (!deviceIndex.containsKey(row.getKey())) {
                        throw e.error("\"time\" has a row for unknown device '" + row.getKey() + "'");
                    }
                }
                for (int from = 0; from < nd; from++) {
                    String dev = devices.get(from).id();
                    JsonNode row = t.get(dev);
                    if (row == null || row.isNull()) {
                        throw e.error("\"time\" has no row for sender device '" + dev + "'");
                    }
                    matrix[from] = perDevice(e, row, "\"time\" row '" + dev + "'", deviceIndex, devices);
                }
            } else {
                if (e.has("time")) {
                    throw e.error("has a \"time\" matrix but no commId (only communication tasks take time)");
                }
                tensor = "dep" + source + "-" + target;
            }
            if (matrixOf.put(tensor, matrix) != null) {
                throw e.error("the edge is listed twice");
            }
            edges.add(new Edge(a, b, tensor, 0));
        }

        OpGraph graph;
        try {
            graph = OpGraph.of(graphName, ops, edges);
        } catch (ModelException ex) {
            throw new InputException(file, ex.getMessage());
        }
        double[][][] tensorMatrix = new double[graph.tensorCount()][][];
        for (int t = 0; t < graph.tensorCount(); t++) {
            tensorMatrix[t] = matrixOf.get(graph.tensorName(t));
        }
        Units units = units(root);
        Cluster cluster;
        try {
            cluster = Cluster.unlinked(graphName + " devices", devices);
            return Problem.builder(graph, cluster)
                    .opTimes(time)
                    .matrixTransfers(tensorMatrix)
                    .opMemory(memory)
                    .activationMemory(false)
                    .units(units)
                    .costSource("Moirai instance: task and transfer times from the file ("
                            + (units.time().equals("unit") ? "abstract units" : "time in " + units.time()
                                    + ", memory in " + units.memory() + ", as inferred")
                            + ")")
                    .build();
        } catch (ModelException ex) {
            throw new InputException(file, ex.getMessage());
        }
    }

    /** An object device name -> time ≥ 0 with an entry for every device and no other. */
    private static double[] perDevice(In at, JsonNode obj, String what, Map<String, Integer> deviceIndex,
            List<Device> devices) {
        if (obj == null || obj.isNull()) {
            throw at.error(what + " is missing");
        }
        if (!obj.isObject()) {
            throw at.error(what + " must be an object of device -> time, found " + In.kind(obj));
        }
        for (Map.Entry<String, JsonNode> f : iterable(obj)) {
            if (!deviceIndex.containsKey(f.getKey())) {
                throw at.error(what + " names unknown device '" + f.getKey() + "'");
            }
        }
        double[] out = new double[devices.size()];
        for (int d = 0; d < devices.size(); d++) {
            String dev = devices.get(d).id();
            JsonNode v = obj.get(dev);
            if (v == null || v.isNull()) {
                throw at.error(what + " has no time for device '" + dev + "'");
            }
            if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
                throw at.error(what + " for device '" + dev + "' must be a number >= 0, found " + v);
            }
            out[d] = v.asDouble();
        }
        return out;
    }

    private static long wholeNumber(In in, String key) {
        if (!in.has(key)) {
            throw in.error("\"" + key + "\" is missing");
        }
        JsonNode v = in.node().get(key);
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble())) {
            throw in.error("\"" + key + "\" must be a whole number, found " + v);
        }
        return v.asLong();
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode obj) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        obj.fields().forEachRemaining(out::add);
        return out;
    }

    /**
     * The units of the file: its {@code units} texts start with the unit ("ms (inferred ...)",
     * "bits (inferred ...)"); without them, ms and bits as inferred for Moirai's sample data; a text
     * we do not recognise (the toy's "abstract integer units") gives the label "unit".
     */
    static Units units(In root) {
        JsonNode u = root.node().get("units");
        String time = u != null && u.isObject() ? u.path("time").asText(null) : null;
        String mem = u != null && u.isObject() ? u.path("memory").asText(null) : null;
        return Units.instance(timeLabel(time), memoryLabel(mem));
    }

    private static String timeLabel(String text) {
        if (text == null) {
            return "ms";
        }
        String w = firstWord(text);
        return switch (w) {
            case "ms", "millisecond", "milliseconds" -> "ms";
            case "s", "second", "seconds" -> "s";
            case "us", "µs", "microsecond", "microseconds" -> "µs";
            default -> "unit";
        };
    }

    private static String memoryLabel(String text) {
        if (text == null) {
            return "bit";
        }
        String w = firstWord(text);
        return switch (w) {
            case "bit", "bits" -> "bit";
            case "b", "byte", "bytes" -> "B";
            default -> "unit";
        };
    }

    private static String firstWord(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        int sp = 0;
        while (sp < t.length() && (Character.isLetter(t.charAt(sp)) || t.charAt(sp) == 'µ')) {
            sp++;
        }
        return t.substring(0, sp);
    }
}
