package org.placementexplorer.io.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * The session JSON format (docs/formats.md, "Session"): a reference to the model file, the cluster
 * (embedded, so edits survive), the named placements, which one is current, the objective and the
 * view state.
 */
public final class SessionJson {
    public static final String FORMAT = "placement-explorer/session";
    public static final int VERSION = 1;

    private SessionJson() {
    }

    /**
     * A session as stored.
     *
     * @param model      path of the model file, relative to the session file when it was saved beside it
     * @param cluster    the cluster (null when the model carries its own devices)
     * @param objective  the objective the session shows
     * @param placements named placements, each still in id form (resolved against the problem on use)
     * @param current    name of the current placement, or null
     * @param view       view state (free-form; the GUI's own keys)
     * @param options    how the model file is read (symbolic dimensions, device counts); DEFAULT when absent
     */
    public record Session(String model, Cluster cluster, Objective objective, List<NamedPlacement> placements,
            String current, Map<String, Object> view, ImportOptions options) {
        public Session {
            placements = List.copyOf(placements);
            view = view == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(view));
            options = options == null ? ImportOptions.DEFAULT : options;
        }

        /** A session whose model is read with the default options. */
        public Session(String model, Cluster cluster, Objective objective, List<NamedPlacement> placements,
                String current, Map<String, Object> view) {
            this(model, cluster, objective, placements, current, view, ImportOptions.DEFAULT);
        }
    }

    /** A placement with a name, in the id form of the file. */
    public record NamedPlacement(String name, String solver, JsonNode fields) {
        /** Resolves the placement against a problem. */
        public Placement resolve(String file, Problem p) {
            return PlacementJson.readFields(In.root(file, fields).at("placement '" + name + "'", fields), p);
        }

        public static NamedPlacement of(String name, String solver, Problem p, Placement pl) {
            ObjectNode f = Json.object();
            PlacementJson.writeFields(f, p, pl);
            return new NamedPlacement(name, solver, f);
        }
    }

    public static boolean isSession(JsonNode root) {
        return root.isObject() && FORMAT.equals(root.path("format").asText(null));
    }

    public static Session read(String file, JsonNode root) {
        In in = In.root(file, root);
        in.requireFormat(FORMAT, VERSION);
        String model = in.str("model");
        Cluster cluster = null;
        JsonNode cn = root.get("cluster");
        if (cn != null && !cn.isNull()) {
            if (!cn.isObject()) {
                throw in.error("\"cluster\" must be an object");
            }
            cluster = ClusterJson.readBody(in.at("cluster", cn));
        }
        Objective objective;
        try {
            objective = Objective.parse(in.str("objective", "latency"));
        } catch (IllegalArgumentException e) {
            throw in.error(e.getMessage());
        }
        List<NamedPlacement> placements = new ArrayList<>();
        for (JsonNode pn : in.array("placements", false)) {
            In pi = in.element("placement", pn);
            String name = pi.str("name");
            if (!pi.has("placement")) {
                throw pi.error("placement '" + name + "' has no \"placement\" object");
            }
            placements.add(new NamedPlacement(name, pi.str("solver", null), pn));
        }
        String current = in.str("current", null);
        Map<String, Object> view = new LinkedHashMap<>();
        JsonNode vn = root.get("view");
        if (vn != null && vn.isObject()) {
            view = Json.MAPPER.convertValue(vn, Map.class);
        }
        return new Session(model, cluster, objective, placements, current, view, readImport(in, root.get("import")));
    }

    /** The optional "import" object: {"dims": {NAME: VALUE}, "accelerators": K, "cpus": C}. */
    private static ImportOptions readImport(In in, JsonNode node) {
        if (node == null || node.isNull()) {
            return ImportOptions.DEFAULT;
        }
        if (!node.isObject()) {
            throw in.error("\"import\" must be an object, found " + In.kind(node));
        }
        In ii = in.at("import", node);
        Map<String, Long> dims = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : ii.fields("dims")) {
            JsonNode v = e.getValue();
            if (!v.canConvertToExactIntegral() || v.asLong() < 1) {
                throw ii.error("dimension \"" + e.getKey() + "\" must be a positive whole number, found " + v);
            }
            dims.put(e.getKey(), v.asLong());
        }
        return new ImportOptions(dims, count(ii, "accelerators"), count(ii, "cpus"));
    }

    private static Integer count(In in, String key) {
        if (!in.has(key) || in.node().get(key).isNull()) {
            return null;
        }
        long n = in.integer(key, 0);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw in.error("\"" + key + "\" must be a whole number of devices, 0 or more (" + n + ")");
        }
        return (int) n;
    }

    public static ObjectNode write(Session s) {
        ObjectNode o = Json.object();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("model", s.model());
        if (s.cluster() != null) {
            ClusterJson.writeBody(o.putObject("cluster"), s.cluster());
        }
        o.put("objective", s.objective().jsonName());
        var arr = o.putArray("placements");
        for (NamedPlacement np : s.placements()) {
            ObjectNode po = arr.addObject();
            po.put("name", np.name());
            if (np.solver() != null) {
                po.put("solver", np.solver());
            }
            np.fields().fields().forEachRemaining(e -> {
                if (!e.getKey().equals("name") && !e.getKey().equals("solver")) {
                    po.set(e.getKey(), e.getValue());
                }
            });
        }
        if (s.current() != null) {
            o.put("current", s.current());
        }
        o.set("view", Json.MAPPER.valueToTree(s.view()));
        if (!s.options().isDefault()) {
            ObjectNode io = o.putObject("import");
            if (!s.options().dims().isEmpty()) {
                ObjectNode d = io.putObject("dims");
                s.options().dims().forEach(d::put);
            }
            if (s.options().accelerators() != null) {
                io.put("accelerators", s.options().accelerators());
            }
            if (s.options().cpus() != null) {
                io.put("cpus", s.options().cpus());
            }
        }
        return o;
    }
}
