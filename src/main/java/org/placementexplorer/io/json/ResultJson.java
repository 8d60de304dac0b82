package org.placementexplorer.io.json;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.MemoryReport;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.eval.Violation;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolverResult;

/**
 * The result JSON format (docs/formats.md, "Result"): what {@code solve --json} and
 * {@code evaluate --json} print and what the GUI exports. Every number comes from an
 * {@link Evaluation}.
 */
public final class ResultJson {
    public static final String FORMAT = "placement-explorer/result";
    public static final int VERSION = 1;

    private ResultJson() {
    }

    /** A solver run's result. */
    public static ObjectNode ofSolve(Problem p, SolverResult r, String graphFile) {
        ObjectNode o = header(p, graphFile);
        o.put("solver", r.solver());
        o.put("status", r.status().name());
        if (r.status() == org.placementexplorer.solve.Status.OPTIMAL && r.optimalAmong() != null) {
            o.put("optimalAmong", r.optimalAmong());
        }
        o.put("seconds", r.seconds());
        Json.num(o, "lowerBound", r.lowerBound());
        if (r.boundName() != null) {
            o.put("lowerBoundName", r.boundName());
        }
        Json.num(o, "gap", r.gap());
        if (!r.notes().isEmpty()) {
            ArrayNode notes = o.putArray("notes");
            r.notes().forEach(notes::add);
        }
        ArrayNode inc = o.putArray("incumbents");
        for (SolverResult.Incumbent i : r.incumbents()) {
            ObjectNode io = inc.addObject();
            io.put("seconds", i.seconds());
            io.put("objective", i.objective());
        }
        if (r.best() != null) {
            body(o, p, r.best());
        } else {
            o.put("objectiveKind", r.objective().jsonName());
            o.putNull("objective");
            o.put("feasible", false);
        }
        return o;
    }

    /** An evaluation of a given placement, with the quick bounds for the gap. */
    public static ObjectNode ofEvaluate(Problem p, Evaluation e, BoundReport bounds, double seconds,
            String graphFile) {
        ObjectNode o = header(p, graphFile);
        o.putNull("solver");
        o.put("status", e.feasible() ? "FEASIBLE" : "INFEASIBLE");
        o.put("seconds", seconds);
        Json.num(o, "lowerBound", bounds.best());
        if (bounds.bestName() != null) {
            o.put("lowerBoundName", bounds.bestName());
        }
        Json.num(o, "gap", bounds.best() == null ? null : SolverResult.gap(e.objective(), bounds.best()));
        body(o, p, e);
        return o;
    }

    private static ObjectNode header(Problem p, String graphFile) {
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
        return o;
    }

    private static void body(ObjectNode o, Problem p, Evaluation e) {
        Cluster c = p.cluster();
        o.put("objectiveKind", e.kind().jsonName());
        Json.num(o, "objective", e.objective());
        o.put("feasible", e.feasible());
        ArrayNode v = o.putArray("violations");
        for (Violation x : e.violations()) {
            v.add(x.message());
        }
        Bottleneck b = e.bottleneck();
        if (b == null) {
            o.putNull("bottleneck");
        } else {
            ObjectNode bo = o.putObject("bottleneck");
            bo.put("kind", b.kind().name().toLowerCase(java.util.Locale.ROOT));
            bo.put("id", b.id());
            Json.num(bo, "value", b.value());
        }
        Pipeline pipe = e.pipeline();
        o.put("acyclic", pipe.acyclic());
        Json.num(o, "period", pipe.period());
        ArrayNode stages = o.putArray("stages");
        for (Pipeline.Stage s : pipe.stages()) {
            MemoryReport.DeviceMemory m = e.memory().devices().get(s.device());
            ObjectNode so = stages.addObject();
            so.put("index", s.index());
            so.put("device", c.device(s.device()).id());
            so.put("operators", s.operators());
            so.put("compute", s.compute());
            so.put("transferIn", s.transferIn());
            so.put("transferOut", s.transferOut());
            so.put("load", s.load());
            so.put("memoryUsed", m.used());
            Json.num(so, "memoryCapacity", m.capacity());
        }
        ObjectNode mem = o.putObject("memory");
        mem.put("feasible", e.memory().feasible());
        ArrayNode md = mem.putArray("devices");
        for (MemoryReport.DeviceMemory m : e.memory().devices()) {
            ObjectNode mo = md.addObject();
            mo.put("device", c.device(m.device()).id());
            mo.put("resident", m.resident());
            mo.put("activations", m.activations());
            mo.put("used", m.used());
            Json.num(mo, "capacity", m.capacity());
            mo.put("over", m.over());
        }
        if (e.schedule() != null) {
            o.put("makespan", e.schedule().makespan());
        }
        PlacementJson.writeFields(o, p, e.placement());
    }

    /** The bounds as {@code bound --json} prints them. */
    public static ObjectNode ofBounds(Problem p, String objective, BoundReport r, String graphFile) {
        ObjectNode o = header(p, graphFile);
        o.put("objectiveKind", objective);
        Json.num(o, "lowerBound", r.best());
        if (r.bestName() != null) {
            o.put("lowerBoundName", r.bestName());
        }
        ObjectNode b = o.putObject("bounds");
        for (Map.Entry<String, Double> e : r.values().entrySet()) {
            Json.num(b, e.getKey(), e.getValue());
        }
        return o;
    }
}
