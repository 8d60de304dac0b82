package org.placementexplorer.io.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.model.DType;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Tensor;

/** Reads and writes the graph JSON format (docs/formats.md, "Graph"). */
public final class GraphJson {
    public static final String FORMAT = "placement-explorer/graph";
    public static final int VERSION = 1;

    private GraphJson() {
    }

    /** Whether a parsed JSON file is a graph file. */
    public static boolean isGraph(JsonNode root) {
        return root.isObject() && FORMAT.equals(root.path("format").asText(null));
    }

    public static OpGraph read(String file, JsonNode root) {
        In in = In.root(file, root);
        in.requireFormat(FORMAT, VERSION);
        return readGraph(in);
    }

    private static OpGraph readGraph(In in) {
        String name = in.str("name", "graph");
        List<JsonNode> opNodes = in.array("operators", true);
        List<Operator> ops = new ArrayList<>(opNodes.size());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < opNodes.size(); i++) {
            In o = in.element("operator " + (i + 1), opNodes.get(i));
            String id = o.str("id");
            o = in.element("operator '" + id + "'", opNodes.get(i));
            if (index.put(id, i) != null) {
                throw o.error("the id is used twice");
            }
            List<Tensor> outputs = new ArrayList<>();
            for (JsonNode t : o.array("outputs", false)) {
                outputs.add(readTensor(o, t));
            }
            List<Operator.Subgraph> subs = new ArrayList<>();
            for (JsonNode s : o.array("subgraphs", false)) {
                In si = o.element("subgraph", s);
                String sname = si.str("name");
                JsonNode gnode = s.get("graph");
                if (gnode == null || !gnode.isObject()) {
                    throw si.error("subgraph '" + sname + "' has no \"graph\" object");
                }
                subs.add(new Operator.Subgraph(sname, readGraph(si.at("subgraph '" + sname + "'", gnode))));
            }
            Precision precision;
            try {
                precision = o.has("precision") ? Precision.parse(o.str("precision")) : Precision.FP32;
            } catch (IllegalArgumentException e) {
                throw o.error("unknown precision '" + o.str("precision") + "'");
            }
            try {
                ops.add(new Operator(id, o.str("name", id), o.str("opType", ""), o.str("domain", ""),
                        o.nonNegative("flops", 0), o.nonNegative("bytesRead", 0), o.nonNegative("bytesWritten", 0),
                        o.integer("paramCount", 0), o.nonNegative("paramBytes", 0), precision, outputs, subs));
            } catch (ModelException e) {
                throw o.error(e.getMessage());
            }
        }
        List<JsonNode> edgeNodes = in.array("edges", false);
        List<Edge> edges = new ArrayList<>(edgeNodes.size());
        for (int k = 0; k < edgeNodes.size(); k++) {
            In e = in.element("edge " + (k + 1), edgeNodes.get(k));
            String from = e.str("from");
            String to = e.str("to");
            Integer a = index.get(from);
            Integer b = index.get(to);
            if (a == null) {
                throw e.error("\"from\" names an unknown operator '" + from + "'");
            }
            if (b == null) {
                throw e.error("\"to\" names an unknown operator '" + to + "'");
            }
            Operator producer = ops.get(a);
            String tensor = e.str("tensor", producer.outputs().isEmpty() ? from + ":out"
                    : producer.outputs().get(0).name());
            double bytes;
            if (e.has("bytes")) {
                bytes = e.nonNegative("bytes", 0);
            } else {
                bytes = producer.outputs().stream().filter(t -> t.name().equals(tensor)).mapToDouble(Tensor::bytes)
                        .findFirst().orElseThrow(() -> e.error("\"bytes\" is missing and operator '" + from
                                + "' declares no output '" + tensor + "'"));
            }
            edges.add(new Edge(a, b, tensor, bytes));
        }
        List<Tensor> inputs = new ArrayList<>();
        for (JsonNode t : in.array("inputs", false)) {
            inputs.add(readTensor(in, t));
        }
        List<Tensor> outs = new ArrayList<>();
        for (JsonNode t : in.array("outputs", false)) {
            outs.add(readTensor(in, t));
        }
        try {
            return OpGraph.of(name, ops, edges, inputs, outs);
        } catch (ModelException e) {
            throw in.error(e.getMessage());
        }
    }

    private static Tensor readTensor(In parent, JsonNode t) {
        In ti = parent.element("tensor", t);
        String tname = ti.str("name");
        ti = parent.element("tensor '" + tname + "'", t);
        DType dtype = DType.parse(ti.str("dtype", "float32"));
        List<Long> shape = null;
        if (ti.has("shape")) {
            shape = new ArrayList<>();
            for (JsonNode d : ti.array("shape", false)) {
                if (d.isNull()) {
                    shape.add(-1L);
                } else if (d.isIntegralNumber()) {
                    shape.add(d.asLong());
                } else {
                    throw ti.error("\"shape\" entries must be whole numbers or null, found " + d);
                }
            }
        }
        double bytes;
        if (ti.has("bytes")) {
            bytes = ti.nonNegative("bytes", 0);
        } else if (shape != null && shape.stream().allMatch(d -> d >= 0)) {
            double elems = 1;
            for (long d : shape) {
                elems *= d;
            }
            bytes = elems * dtype.bytes();
        } else {
            bytes = 0;
        }
        return new Tensor(tname, dtype, shape, bytes);
    }

    public static ObjectNode write(OpGraph g) {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        writeGraph(root, g);
        return root;
    }

    private static void writeGraph(ObjectNode root, OpGraph g) {
        root.put("name", g.name());
        if (!g.inputs().isEmpty()) {
            ArrayNode a = root.putArray("inputs");
            g.inputs().forEach(t -> a.add(tensor(t)));
        }
        if (!g.outputs().isEmpty()) {
            ArrayNode a = root.putArray("outputs");
            g.outputs().forEach(t -> a.add(tensor(t)));
        }
        ArrayNode ops = root.putArray("operators");
        for (Operator op : g.operators()) {
            ObjectNode o = ops.addObject();
            o.put("id", op.id());
            if (!op.name().equals(op.id())) {
                o.put("name", op.name());
            }
            o.put("opType", op.opType());
            if (!op.domain().isEmpty()) {
                o.put("domain", op.domain());
            }
            if (op.precision() != Precision.FP32) {
                o.put("precision", op.precision().jsonName());
            }
            o.put("flops", op.flops());
            o.put("bytesRead", op.bytesRead());
            o.put("bytesWritten", op.bytesWritten());
            if (op.paramCount() != 0 || op.paramBytes() != 0) {
                o.put("paramCount", op.paramCount());
                o.put("paramBytes", op.paramBytes());
            }
            if (!op.outputs().isEmpty()) {
                ArrayNode outs = o.putArray("outputs");
                op.outputs().forEach(t -> outs.add(tensor(t)));
            }
            if (!op.subgraphs().isEmpty()) {
                ArrayNode subs = o.putArray("subgraphs");
                for (Operator.Subgraph s : op.subgraphs()) {
                    ObjectNode so = subs.addObject();
                    so.put("name", s.name());
                    writeGraph(so.putObject("graph"), s.graph());
                }
            }
        }
        ArrayNode edges = root.putArray("edges");
        for (Edge e : g.edges()) {
            ObjectNode o = edges.addObject();
            o.put("from", g.op(e.from()).id());
            o.put("to", g.op(e.to()).id());
            o.put("tensor", e.tensor());
            o.put("bytes", e.bytes());
        }
    }

    private static ObjectNode tensor(Tensor t) {
        ObjectNode o = Json.object();
        o.put("name", t.name());
        o.put("dtype", t.dtype().jsonName());
        if (t.shape() != null) {
            ArrayNode s = o.putArray("shape");
            for (long d : t.shape()) {
                if (d < 0) {
                    s.addNull();
                } else {
                    s.add(d);
                }
            }
        }
        o.put("bytes", t.bytes());
        return o;
    }
}
