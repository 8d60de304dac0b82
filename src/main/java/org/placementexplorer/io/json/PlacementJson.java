package org.placementexplorer.io.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * The placement part of result files: {@code "placement"} (operator id → device id), optional
 * {@code "order"} (device id → operator ids in run order), {@code "replicas"} (data-parallel copies,
 * default 1) and {@code "pinned"} (operator ids).
 * Any JSON object with these fields is a placement file, so a {@code solve --json} output can be
 * given to {@code evaluate --placement}.
 */
public final class PlacementJson {
    private PlacementJson() {
    }

    /** Reads the placement fields of a JSON object against a problem. */
    public static Placement read(String file, JsonNode root, Problem p) {
        In in = In.root(file, root);
        if (!in.has("placement")) {
            throw in.error("no \"placement\" object (operator id → device id); is this a placement or result file?");
        }
        return readFields(in, p);
    }

    static Placement readFields(In in, Problem p) {
        OpGraph g = p.graph();
        Cluster c = p.cluster();
        int[] dev = new int[g.size()];
        Arrays.fill(dev, -1);
        for (Map.Entry<String, JsonNode> e : in.fields("placement")) {
            int v = g.indexOf(e.getKey()).orElseThrow(() -> in.error("\"placement\" names an unknown operator '"
                    + e.getKey() + "' (not in graph '" + g.name() + "')"));
            if (!e.getValue().isTextual()) {
                throw in.error("\"placement\" maps operator '" + e.getKey() + "' to " + In.kind(e.getValue())
                        + "; expected a device id");
            }
            String d = e.getValue().asText();
            dev[v] = c.indexOf(d).orElseThrow(() -> in.error("\"placement\" puts operator '" + e.getKey()
                    + "' on an unknown device '" + d + "' (cluster '" + c.name() + "' has " + deviceList(c) + ")"));
        }
        List<String> missing = new ArrayList<>();
        for (int v = 0; v < dev.length; v++) {
            if (dev[v] < 0) {
                missing.add(g.op(v).id());
            }
        }
        if (!missing.isEmpty()) {
            throw in.error("\"placement\" does not place operator '" + missing.get(0) + "'"
                    + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more)" : ""));
        }
        Placement pl = Placement.of(dev);
        if (in.has("order")) {
            int[][] order = new int[c.size()][];
            for (int d = 0; d < order.length; d++) {
                order[d] = new int[0];
            }
            for (Map.Entry<String, JsonNode> e : in.fields("order")) {
                int d = c.indexOf(e.getKey()).orElseThrow(() -> in.error("\"order\" names an unknown device '"
                        + e.getKey() + "'"));
                if (!e.getValue().isArray()) {
                    throw in.error("\"order\" of device '" + e.getKey() + "' must be an array of operator ids");
                }
                List<Integer> seq = new ArrayList<>();
                for (JsonNode id : e.getValue()) {
                    seq.add(g.indexOf(id.asText()).orElseThrow(() -> in.error("\"order\" of device '" + e.getKey()
                            + "' names an unknown operator '" + id.asText() + "'")));
                }
                order[d] = seq.stream().mapToInt(Integer::intValue).toArray();
            }
            pl = pl.withOrder(order);
            try {
                pl.checkShape(g.size(), c.size());
            } catch (ModelException e) {
                throw in.error("\"order\" does not match the placement: " + e.getMessage());
            }
        }
        if (in.has("replicas")) {
            long r = in.integer("replicas", 1);
            if (r < 1 || r > 1_000_000) {
                throw in.error("\"replicas\" must be a whole number of copies, at least 1 (got " + r + ")");
            }
            pl = pl.withReplicas((int) r);
        }
        BitSet pins = new BitSet();
        for (JsonNode id : in.array("pinned", false)) {
            int v = g.indexOf(id.asText()).orElseThrow(() -> in.error("\"pinned\" names an unknown operator '"
                    + id.asText() + "'"));
            pins.set(v);
        }
        return pl.withPinned(pins);
    }

    private static String deviceList(Cluster c) {
        List<String> ids = new ArrayList<>();
        for (int d = 0; d < c.size() && d < 8; d++) {
            ids.add(c.device(d).id());
        }
        return String.join(", ", ids) + (c.size() > 8 ? ", …" : "");
    }

    /** Writes the placement fields (placement, and order and pinned when present) into {@code o}. */
    public static void writeFields(ObjectNode o, Problem p, Placement pl) {
        OpGraph g = p.graph();
        Cluster c = p.cluster();
        ObjectNode m = o.putObject("placement");
        for (int v = 0; v < g.size(); v++) {
            m.put(g.op(v).id(), c.device(pl.deviceOf(v)).id());
        }
        pl.order().ifPresent(order -> {
            ObjectNode on = o.putObject("order");
            for (int d = 0; d < order.length; d++) {
                if (order[d].length == 0) {
                    continue;
                }
                ArrayNode a = on.putArray(c.device(d).id());
                for (int v : order[d]) {
                    a.add(g.op(v).id());
                }
            }
        });
        if (pl.replicas() > 1) {
            o.put("replicas", pl.replicas());
        }
        BitSet pins = pl.pinned();
        if (!pins.isEmpty()) {
            ArrayNode a = o.putArray("pinned");
            pins.stream().forEach(v -> a.add(g.op(v).id()));
        }
    }
}
