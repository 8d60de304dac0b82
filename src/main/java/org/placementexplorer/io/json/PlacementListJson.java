package org.placementexplorer.io.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * The placement-list format (docs/formats.md, "Placement list"): several named placements of one
 * graph on one cluster, each with the evaluator's objective and, for solver results, the solver,
 * status, bound, gap and time. The GUI's Placements list exports it.
 */
public final class PlacementListJson {
    public static final String FORMAT = "placement-explorer/placement-list";
    public static final int VERSION = 1;

    private PlacementListJson() {
    }

    /**
     * One placement of the list.
     *
     * @param evaluation the evaluator's evaluation of the placement (its objective kind is the list's)
     * @param solver     null for a placement made by hand
     */
    public record Entry(String name, String solver, String status, Evaluation evaluation, Double lowerBound,
            String boundName, Double gap, Double seconds) {
    }

    /** A placement read back: its name, solver (or null) and placement. */
    public record Named(String name, String solver, Placement placement) {
    }

    public static ObjectNode write(Problem p, String graphFile, List<Entry> entries) {
        ObjectNode o = Json.object();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("graph", p.graph().name());
        if (graphFile != null) {
            o.put("graphFile", graphFile);
        }
        o.put("cluster", p.cluster().name());
        ObjectNode units = o.putObject("units");
        units.put("time", p.units().time());
        units.put("memory", p.units().memory());
        ArrayNode arr = o.putArray("placements");
        for (Entry e : entries) {
            ObjectNode po = arr.addObject();
            po.put("name", e.name());
            if (e.solver() != null) {
                po.put("solver", e.solver());
            }
            if (e.status() != null) {
                po.put("status", e.status());
            }
            po.put("objectiveKind", e.evaluation().kind().jsonName());
            Json.num(po, "objective", e.evaluation().objective());
            po.put("feasible", e.evaluation().feasible());
            Json.num(po, "lowerBound", e.lowerBound());
            if (e.boundName() != null) {
                po.put("lowerBoundName", e.boundName());
            }
            Json.num(po, "gap", e.gap());
            Json.num(po, "seconds", e.seconds());
            PlacementJson.writeFields(po, p, e.evaluation().placement().withoutOrder()
                    .withPinned(e.evaluation().placement().pinned()));
        }
        return o;
    }

    public static boolean isPlacementList(JsonNode root) {
        return root.isObject() && FORMAT.equals(root.path("format").asText(null));
    }

    /** Reads the placements of a list against a problem; a bad entry is one line naming the file and the entry. */
    public static List<Named> read(String file, JsonNode root, Problem p) {
        In in = In.root(file, root);
        in.requireFormat(FORMAT, VERSION);
        List<Named> out = new ArrayList<>();
        for (JsonNode pn : in.array("placements", true)) {
            In pi = in.element("placement", pn);
            String name = pi.str("name");
            if (!pi.has("placement")) {
                throw pi.error("placement '" + name + "' has no \"placement\" object");
            }
            out.add(new Named(name, pi.str("solver", null), PlacementJson.readFields(pi.at("placement '" + name + "'",
                    pn), p)));
        }
        return out;
    }
}
