package org.placementexplorer.io.json;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Server;

/** Reads and writes the cluster JSON format (docs/formats.md, "Cluster"). */
public final class ClusterJson {
    public static final String FORMAT = "placement-explorer/cluster";
    public static final int VERSION = 1;

    private ClusterJson() {
    }

    public static boolean isCluster(JsonNode root) {
        return root.isObject() && FORMAT.equals(root.path("format").asText(null));
    }

    public static Cluster read(String file, JsonNode root) {
        In in = In.root(file, root);
        in.requireFormat(FORMAT, VERSION);
        return readBody(in);
    }

    /** Reads a cluster object without format/version (embedded in a session). */
    static Cluster readBody(In in) {
        List<String> sources = new ArrayList<>();
        for (JsonNode s : in.array("sources", false)) {
            sources.add(s.asText());
        }
        List<Server> servers = new ArrayList<>();
        for (JsonNode s : in.array("servers", false)) {
            In si = in.element("server", s);
            try {
                servers.add(new Server(si.str("id"), si.str("name", null)));
            } catch (ModelException e) {
                throw si.error(e.getMessage());
            }
        }
        List<Device> devices = new ArrayList<>();
        List<JsonNode> deviceNodes = in.array("devices", true);
        if (deviceNodes.isEmpty()) {
            throw in.error("\"devices\" is empty; a cluster needs at least one device");
        }
        for (int i = 0; i < deviceNodes.size(); i++) {
            In d = in.element("device " + (i + 1), deviceNodes.get(i));
            String id = d.str("id");
            d = in.element("device '" + id + "'", deviceNodes.get(i));
            DeviceKind kind;
            try {
                kind = DeviceKind.parse(d.str("kind"));
            } catch (IllegalArgumentException e) {
                throw d.error("unknown kind '" + d.str("kind") + "' (expected CPU, GPU, NPU, TPU or FPGA)");
            }
            Map<Precision, Double> peaks = new EnumMap<>(Precision.class);
            for (Map.Entry<String, JsonNode> e : d.fields("peakFlops")) {
                Precision p;
                try {
                    p = Precision.parse(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw d.error("\"peakFlops\" names an unknown precision '" + e.getKey()
                            + "' (expected fp64, fp32, fp16, bf16, fp8 or int8)");
                }
                if (!e.getValue().isNumber()) {
                    throw d.error("\"peakFlops\"." + e.getKey() + " must be a number");
                }
                peaks.put(p, e.getValue().asDouble());
            }
            double memory = d.has("memoryBytes") ? d.positive("memoryBytes") : Double.POSITIVE_INFINITY;
            try {
                devices.add(new Device(id, d.str("name", id), kind, d.str("server", null), peaks,
                        d.positive("memoryBandwidth"), memory, d.nonNegative("launchOverhead", 0),
                        d.bool("overlapsTransfers", true)));
            } catch (ModelException e) {
                throw d.error(e.getMessage());
            }
        }
        List<String> switches = new ArrayList<>();
        for (JsonNode s : in.array("switches", false)) {
            if (s.isTextual()) {
                switches.add(s.asText());
            } else if (s.isObject() && s.hasNonNull("id")) {
                switches.add(s.get("id").asText());
            } else {
                throw in.error("each switch must be an id string, found " + In.kind(s));
            }
        }
        List<Link> links = new ArrayList<>();
        List<JsonNode> linkNodes = in.array("links", false);
        for (int i = 0; i < linkNodes.size(); i++) {
            In l = in.element("link " + (i + 1), linkNodes.get(i));
            String id = l.str("id", null);
            if (id == null) {
                id = l.str("a") + "-" + l.str("b");
            }
            l = in.element("link '" + id + "'", linkNodes.get(i));
            try {
                links.add(new Link(id, l.str("a"), l.str("b"), l.positive("bandwidth"), l.nonNegative("latency", 0)));
            } catch (ModelException e) {
                throw l.error(e.getMessage());
            }
        }
        try {
            return Cluster.of(in.str("name", "cluster"), in.str("description", ""), sources, servers, devices, switches,
                    links);
        } catch (ModelException e) {
            throw in.error(e.getMessage());
        }
    }

    public static ObjectNode write(Cluster c) {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        writeBody(root, c);
        return root;
    }

    static void writeBody(ObjectNode root, Cluster c) {
        root.put("name", c.name());
        if (!c.description().isEmpty()) {
            root.put("description", c.description());
        }
        if (!c.sources().isEmpty()) {
            ArrayNode s = root.putArray("sources");
            c.sources().forEach(s::add);
        }
        ArrayNode servers = root.putArray("servers");
        for (Server s : c.servers()) {
            ObjectNode o = servers.addObject();
            o.put("id", s.id());
            o.put("name", s.name());
        }
        ArrayNode devices = root.putArray("devices");
        for (Device d : c.devices()) {
            ObjectNode o = devices.addObject();
            o.put("id", d.id());
            o.put("name", d.name());
            o.put("kind", d.kind().name());
            o.put("server", d.server());
            ObjectNode peaks = o.putObject("peakFlops");
            d.peakFlops().forEach((p, v) -> peaks.put(p.jsonName(), v));
            o.put("memoryBandwidth", d.memoryBandwidth());
            if (!d.unlimitedMemory()) {
                o.put("memoryBytes", d.memoryBytes());
            }
            o.put("launchOverhead", d.launchOverhead());
            o.put("overlapsTransfers", d.overlapsTransfers());
        }
        if (!c.switches().isEmpty()) {
            ArrayNode s = root.putArray("switches");
            c.switches().forEach(s::add);
        }
        ArrayNode links = root.putArray("links");
        for (Link l : c.links()) {
            ObjectNode o = links.addObject();
            o.put("id", l.id());
            o.put("a", l.a());
            o.put("b", l.b());
            o.put("bandwidth", l.bandwidth());
            o.put("latency", l.latency());
        }
    }
}
