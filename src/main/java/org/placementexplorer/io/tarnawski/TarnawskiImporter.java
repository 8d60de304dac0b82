package org.placementexplorer.io.tarnawski;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * Reads the device-placement instances of Tarnawski et al. (NeurIPS 2020): a DAG of layers or
 * operators with accelerator and CPU latencies, per-edge transfer costs, node sizes, colour classes
 * and the device counts. The file carries its own devices and costs, so the result has an
 * {@link LoadedModel#ownProblem()} that follows the max-load model of the instances exactly
 * (docs/formats.md, "Tarnawski instance"):
 * <ul>
 *   <li>k = {@code maxFPGAs} identical accelerators (memory {@code maxSizePerFPGA}, transfers cost
 *       them time) and c = {@code maxCPUs} CPUs (memory unlimited, never pay communication);</li>
 *   <li>operator time = {@code fpgaLatency} on an accelerator ({@code +Infinity} when
 *       {@code supportedOnFpga} is false), {@code cpuLatency} on a CPU;</li>
 *   <li>each node has one output tensor; its transfer time is the common {@code cost} of the node's
 *       out-edges (two different costs are rejected), charged once per tensor to the sender and once
 *       to each receiving device;</li>
 *   <li>memory = the node {@code size}, no activations; colocation = {@code colorClass} (a node
 *       without one is in a class of its own); backward nodes are marked.</li>
 * </ul>
 */
public final class TarnawskiImporter implements GraphImporter {
    /** Tolerance for "the same cost" on the out-edges of one node. */
    static final double COST_TOLERANCE = 1e-6;

    /** Label of the time unit: the files do not state one (milliseconds is only an inference). */
    public static final String TIME_UNIT = "unit";

    @Override
    public String formatName() {
        return "Tarnawski instance";
    }

    /** Detects the format by content: a top-level object with maxFPGAs, nodes and edges. */
    public static boolean isInstance(JsonNode json) {
        return json != null && json.isObject() && json.has("maxFPGAs") && json.has("nodes") && json.has("edges");
    }

    @Override
    public boolean accepts(Path file, byte[] head, JsonNode json) {
        return isInstance(json);
    }

    @Override
    public LoadedModel load(Path file, JsonNode json, ImportOptions options) {
        return read(file.toString(), json, options == null ? ImportOptions.DEFAULT : options);
    }

    private record Node(int id, String name, boolean supported, double cpu, double fpga, boolean backward,
            Integer colorClass, double size) {
    }

    /** Reads a parsed instance; every problem is an {@link InputException} naming {@code file}. */
    public static LoadedModel read(String file, JsonNode json, ImportOptions options) {
        In in = In.root(file, json);
        double memory = in.num("maxSizePerFPGA");
        if (!(memory > 0)) {
            throw in.error("\"maxSizePerFPGA\" must be a positive number (" + memory + ")");
        }
        int fileFpgas = count(in, "maxFPGAs");
        int fileCpus = count(in, "maxCPUs");
        List<String> warnings = new ArrayList<>();
        int k = fileFpgas;
        int c = fileCpus;
        if (options.accelerators() != null) {
            k = options.accelerators();
            if (k < 0) {
                throw new InputException(file, "--accelerators must not be negative (" + k + ")");
            }
            if (k != fileFpgas) {
                warnings.add("using " + k + " accelerators instead of the file's maxFPGAs = " + fileFpgas);
            }
        }
        if (options.cpus() != null) {
            c = options.cpus();
            if (c < 0) {
                throw new InputException(file, "--cpus must not be negative (" + c + ")");
            }
            if (c != fileCpus) {
                warnings.add("using " + c + " CPUs instead of the file's maxCPUs = " + fileCpus);
            }
        }
        if (k + c == 0) {
            throw new InputException(file, "no devices: " + k + " accelerators and " + c + " CPUs");
        }

        // nodes, in id order
        List<JsonNode> nodeJson = in.array("nodes", true);
        List<Node> nodes = new ArrayList<>(nodeJson.size());
        Map<Integer, Node> byId = new HashMap<>();
        for (int i = 0; i < nodeJson.size(); i++) {
            In o = in.element("node " + (i + 1), nodeJson.get(i));
            int id = wholeNumber(o, "id");
            o = in.element("node " + id, nodeJson.get(i));
            Node n = new Node(id, o.str("name", String.valueOf(id)), o.bool("supportedOnFpga", true),
                    nonNegative(o, "cpuLatency"), nonNegative(o, "fpgaLatency"), o.bool("isBackwardNode", false),
                    o.has("colorClass") ? wholeNumber(o, "colorClass") : null, o.nonNegative("size", 0));
            if (byId.put(id, n) != null) {
                throw o.error("the id is used by two nodes");
            }
            nodes.add(n);
        }
        if (nodes.isEmpty()) {
            throw in.error("\"nodes\" is empty");
        }
        nodes.sort(Comparator.comparingInt(Node::id));
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).id(), i);
        }
        int n = nodes.size();

        // edges; the transfer time of a node's output is the common cost of its out-edges
        double[] cost = new double[n];
        int[] costEdge = new int[n];
        java.util.Arrays.fill(costEdge, -1);
        List<JsonNode> edgeJson = in.array("edges", true);
        List<Edge> edges = new ArrayList<>(edgeJson.size());
        for (int e = 0; e < edgeJson.size(); e++) {
            In o = in.element("edge " + (e + 1), edgeJson.get(e));
            int src = wholeNumber(o, "sourceId");
            int dst = wholeNumber(o, "destId");
            Integer a = index.get(src);
            Integer b = index.get(dst);
            if (a == null || b == null) {
                throw o.error("names node " + (a == null ? src : dst) + ", which is not in \"nodes\"");
            }
            if (src == dst) {
                throw o.error("node " + src + " feeds itself");
            }
            double ec = nonNegative(o, "cost");
            if (costEdge[a] < 0) {
                cost[a] = ec;
                costEdge[a] = e;
            } else if (Math.abs(cost[a] - ec) > COST_TOLERANCE) {
                throw new InputException(file, "node " + src + " has out-edges with different costs ("
                        + num(cost[a]) + " on edge " + (costEdge[a] + 1) + ", " + num(ec) + " on edge " + (e + 1)
                        + "); the model prices one transfer per node output");
            }
            edges.add(new Edge(a, b, "out", o.nonNegative("size", 0)));
        }

        // operators; each has one output tensor ("out"), named by its edges (no shapes in this format)
        List<Operator> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Node nd = nodes.get(i);
            ops.add(new Operator(String.valueOf(nd.id()), nd.name(), nd.backward() ? "backward" : "forward", "", 0, 0,
                    0, 0, nd.size(), Precision.FP32, List.of(), List.of()));
        }
        String name = graphName(file);
        OpGraph graph;
        try {
            graph = OpGraph.of(name, ops, edges);
        } catch (ModelException e) {
            throw new InputException(file, e.getMessage());
        }

        // devices: accelerators first, then CPUs
        List<Device> devices = new ArrayList<>(k + c);
        for (int i = 0; i < k; i++) {
            devices.add(device("fpga" + i, "accelerator " + i + " (FPGA in the file)", DeviceKind.FPGA, memory, false));
        }
        for (int i = 0; i < c; i++) {
            devices.add(device("cpu" + i, "CPU " + i, DeviceKind.CPU, Double.POSITIVE_INFINITY, true));
        }
        Cluster cluster = Cluster.unlinked(name + " devices", devices);

        double[][] times = new double[n][k + c];
        double[] tensorTime = new double[graph.tensorCount()];
        double[] mem = new double[n];
        boolean[] backward = new boolean[n];
        int[] colocation = new int[n];
        Map<Integer, Integer> classIds = new HashMap<>();
        for (int v = 0; v < n; v++) {
            Node nd = nodes.get(v);
            for (int d = 0; d < k; d++) {
                times[v][d] = nd.supported() ? nd.fpga() : Double.POSITIVE_INFINITY;
            }
            for (int d = k; d < k + c; d++) {
                times[v][d] = nd.cpu();
            }
            mem[v] = nd.size();
            backward[v] = nd.backward();
        }
        // colour classes as dense group ids; nodes without a class get one of their own
        for (int v = 0; v < n; v++) {
            Integer cc = nodes.get(v).colorClass();
            if (cc != null) {
                colocation[v] = classIds.computeIfAbsent(cc, x -> classIds.size());
            }
        }
        int next = classIds.size();
        for (int v = 0; v < n; v++) {
            if (nodes.get(v).colorClass() == null) {
                colocation[v] = next++;
            }
        }
        for (int t = 0; t < graph.tensorCount(); t++) {
            tensorTime[t] = cost[graph.tensorProducer(t)];
        }
        if (c == 0) {
            for (Node nd : nodes) {
                if (!nd.supported()) {
                    warnings.add("node " + nd.id() + " cannot run on an accelerator and there is no CPU: no "
                            + "placement is feasible");
                    break;
                }
            }
        }
        Problem problem;
        try {
            problem = Problem.builder(graph, cluster).opTimes(times).perTensorTransfers(tensorTime)
                    .sendAccounting(Problem.SendAccounting.ONCE_PER_TENSOR).opMemory(mem).activationMemory(false)
                    .colocation(colocation).backward(backward).units(Units.instance(TIME_UNIT, "B"))
                    .costSource("Tarnawski et al. instance: fpgaLatency/cpuLatency, one transfer cost per node "
                            + "output, max-load model")
                    .build();
        } catch (ModelException e) {
            throw new InputException(file, e.getMessage());
        }
        return new LoadedModel(file, "Tarnawski instance", graph, problem, warnings, options,
                new ImportOptions(Map.of(), k, c));
    }

    private static Device device(String id, String name, DeviceKind kind, double memory, boolean overlaps) {
        // peak rate and bandwidth are placeholders: the instance gives every time directly
        return new Device(id, name, kind, "host", Map.of(Precision.FP32, 1.0), 1.0, memory, 0, overlaps);
    }

    private static String graphName(String file) {
        String base = Path.of(file).getFileName().toString();
        return base.toLowerCase(Locale.ROOT).endsWith(".json") ? base.substring(0, base.length() - 5) : base;
    }

    private static int count(In in, String key) {
        int v = wholeNumber(in, key);
        if (v < 0) {
            throw in.error("\"" + key + "\" must not be negative (" + v + ")");
        }
        return v;
    }

    private static int wholeNumber(In in, String key) {
        if (!in.has(key)) {
            throw in.error("\"" + key + "\" is missing");
        }
        JsonNode v = in.node().get(key);
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || Math.abs(v.asDouble()) > Integer.MAX_VALUE) {
            throw in.error("\"" + key + "\" must be a whole number, found " + v);
        }
        return (int) v.asDouble();
    }

    private static double nonNegative(In in, String key) {
        double d = in.num(key);
        if (d < 0) {
            throw in.error("\"" + key + "\" must not be negative (" + d + ")");
        }
        return d;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
