package org.placementexplorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;
import org.placementexplorer.model.Units;

/**
 * Test-only: Problems priced the way ../shared/instances/tarnawski/MODEL.md says (k identical
 * accelerators that pay communication once per tensor, c CPUs that pay none and have no memory
 * limit, colocation by colorClass). Built by hand here so the MILP can be tested before the real
 * importer lands; tests switch to the importer once it is in main.
 */
public final class TarnawskiStyle {
    private TarnawskiStyle() {
    }

    public static Path sharedDir() {
        return Path.of(System.getProperty("shared.dir", "../shared"));
    }

    /** Reads an instance file the way MODEL.md describes (maxCPUs CPU devices). */
    public static Problem read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        int k = root.get("maxFPGAs").asInt();
        int c = root.get("maxCPUs").asInt();
        double mem = root.get("maxSizePerFPGA").asDouble();
        List<JsonNode> nodes = new ArrayList<>();
        root.get("nodes").forEach(nodes::add);
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).get("id").asInt(), i);
        }
        int n = nodes.size();
        double[] cost = new double[n];
        List<Edge> edges = new ArrayList<>();
        for (JsonNode e : root.get("edges")) {
            int a = index.get(e.get("sourceId").asInt());
            int b = index.get(e.get("destId").asInt());
            cost[a] = e.get("cost").asDouble();
            edges.add(new Edge(a, b, "out", 0));
        }
        List<Operator> ops = new ArrayList<>();
        double[][] times = new double[n][k + c];
        double[] size = new double[n];
        int[] color = new int[n];
        for (int i = 0; i < n; i++) {
            JsonNode nd = nodes.get(i);
            String id = "n" + nd.get("id").asInt();
            ops.add(new Operator(id, nd.path("name").asText(id), "Layer", "", 0, 0, 0, 0, 0, Precision.FP32,
                    List.of(new Tensor("out", null, List.of(), 0)), List.of()));
            JsonNode sup = nd.get("supportedOnFpga");
            boolean onAcc = sup.isBoolean() ? sup.asBoolean() : sup.asInt() != 0;
            for (int d = 0; d < k; d++) {
                times[i][d] = onAcc ? nd.get("fpgaLatency").asDouble() : Double.POSITIVE_INFINITY;
            }
            for (int d = k; d < k + c; d++) {
                times[i][d] = nd.get("cpuLatency").asDouble();
            }
            size[i] = nd.path("size").asDouble(0);
            color[i] = nd.has("colorClass") ? nd.get("colorClass").asInt() : -1;
        }
        OpGraph g = OpGraph.of(file.getFileName().toString(), ops, edges);
        List<Device> devices = new ArrayList<>();
        Map<Precision, Double> peaks = new EnumMap<>(Precision.class);
        peaks.put(Precision.FP32, 1.0);
        for (int d = 0; d < k; d++) {
            devices.add(new Device("acc" + d, "accelerator " + d, DeviceKind.FPGA, "host", peaks, 1, mem, 0, false));
        }
        for (int d = 0; d < c; d++) {
            devices.add(new Device("cpu" + d, "CPU " + d, DeviceKind.CPU, "host", peaks, 1, Double.POSITIVE_INFINITY,
                    0, true));
        }
        double[] perTensor = new double[g.tensorCount()];
        for (int t = 0; t < g.tensorCount(); t++) {
            perTensor[t] = cost[g.tensorProducer(t)];
        }
        // colour classes: renumber, -1 for none
        int[] groups = new int[n];
        Map<Integer, Integer> renum = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groups[i] = color[i] < 0 ? -1 : renum.computeIfAbsent(color[i], x -> renum.size());
        }
        return Problem.builder(g, Cluster.unlinked("tarnawski", devices)).opTimes(times)
                .perTensorTransfers(perTensor).sendAccounting(Problem.SendAccounting.ONCE_PER_TENSOR)
                .opMemory(size).activationMemory(false).colocation(groups).units(Units.instance("ms", "B"))
                .costSource("tarnawski-style (test)").build();
    }
}
