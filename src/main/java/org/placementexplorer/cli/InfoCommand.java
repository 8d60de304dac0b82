package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.PricedProblem;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;
import org.placementexplorer.util.Fmt;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", description = "Print what a model file holds: operators, edges, parameters, FLOPs, "
        + "shapes, operator types; with --cluster/--costs, which operators have measured costs.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ClusterOption cluster;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoadedModel m = model.load();
        GraphSummary s = GraphSummary.of(m.graph());
        PricedProblem priced = cluster.given() ? cluster.priced(m) : null;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = toJson(m, s);
            if (priced != null) {
                costsJson(o, priced);
            }
            out.print(Json.pretty(o));
        } else {
            Report.line(out, "graph", s.name() + "  (" + m.format() + ", " + m.file() + ")");
            Report.line(out, "operators", s.operators() + (s.subgraphOperators() > 0 ? "  (+" + s.subgraphOperators()
                    + " inside control-flow subgraphs)" : ""));
            Report.line(out, "edges", String.valueOf(s.edges()));
            Report.line(out, "tensors", String.valueOf(s.tensors()));
            Report.line(out, "parameters", s.parameters() + "  (" + Fmt.bytes(s.parameterBytes()) + ")");
            Report.line(out, "FLOPs", Fmt.flops(s.flops()) + "  per sample");
            Report.line(out, "shapes", s.shapeCoverage() == null ? "not given by this format"
                    : Fmt.percent(s.shapeCoverage()) + " of tensors fully known");
            StringBuilder types = new StringBuilder();
            int k = 0;
            for (Map.Entry<String, Integer> e : s.opTypes().entrySet()) {
                if (k++ == 12) {
                    types.append(", … (").append(s.opTypes().size()).append(" types)");
                    break;
                }
                types.append(k > 1 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue());
            }
            Report.line(out, "op types", types.toString());
            for (Tensor t : m.graph().inputs()) {
                Report.line(out, "input", tensorText(t));
            }
            for (Tensor t : m.graph().outputs()) {
                Report.line(out, "output", tensorText(t));
            }
            if (m.carriesDevices()) {
                Problem p = m.ownProblem();
                Report.line(out, "devices", p.deviceCount() + " carried by the file  (" + p.costSource() + ")");
                Report.line(out, "memory", capacities(p));
            }
            if (priced != null) {
                costsText(out, priced);
            }
            for (String w : m.warnings()) {
                Report.line(out, "warning", w);
            }
            if (priced != null) {
                for (String w : priced.warnings()) {
                    Report.line(out, "warning", w);
                }
            }
        }
        return 0;
    }

    /** "d0 14 unit, d1 14 unit, d2 16 unit; the operators need 44 unit in total". */
    private static String capacities(Problem p) {
        StringBuilder sb = new StringBuilder();
        for (Device d : p.cluster().devices()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(d.id()).append(' ').append(Fmt.memory(d.memoryBytes(),
                    p.units()));
        }
        double need = 0;
        for (int v = 0; v < p.operators(); v++) {
            need += p.opMemory(v);
        }
        return sb + "; the operators need " + Fmt.memory(need, p.units()) + " in total";
    }

    /** Operators whose time on some device is measured, and those on analytic costs only. */
    private record CostSplit(List<String> measured, List<String> analytic, Map<String, Integer> byDevice) {
        static CostSplit of(PricedProblem pp) {
            Problem p = pp.problem();
            List<String> measured = new ArrayList<>();
            List<String> analytic = new ArrayList<>();
            Map<String, Integer> byDevice = new LinkedHashMap<>();
            for (Device d : p.cluster().devices()) {
                int k = 0;
                for (int v = 0; v < p.operators(); v++) {
                    if (pp.measured().opTime(p.graph().op(v).id(), d.id()).isPresent()) {
                        k++;
                    }
                }
                if (k > 0) {
                    byDevice.put(d.id(), k);
                }
            }
            for (int v = 0; v < p.operators(); v++) {
                (p.measured(v) ? measured : analytic).add(p.graph().op(v).id());
            }
            return new CostSplit(measured, analytic, byDevice);
        }
    }

    private static final int LISTED = 8;

    private static void costsText(PrintWriter out, PricedProblem pp) {
        Problem p = pp.problem();
        CostSplit split = CostSplit.of(pp);
        Report.line(out, "cluster", p.cluster().name() + "  (" + p.deviceCount() + " devices)");
        Report.line(out, "costs", p.costSource());
        if (!pp.costSources().isEmpty()) {
            StringBuilder dev = new StringBuilder();
            split.byDevice().forEach((d, k) -> dev.append(dev.isEmpty() ? "" : ", ").append(d).append(' ').append(k));
            Report.line(out, "measured", split.measured().size() + " of " + p.operators() + " operators"
                    + (dev.isEmpty() ? "" : "  (on " + dev + ")"));
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < Math.min(LISTED, split.analytic().size()); i++) {
                names.append(i > 0 ? ", " : "").append(split.analytic().get(i));
            }
            if (split.analytic().size() > LISTED) {
                names.append(", … (").append(split.analytic().size() - LISTED).append(" more)");
            }
            Report.line(out, "analytic", split.analytic().size() + " operators" + (split.analytic().isEmpty() ? ""
                    : ": " + names));
            for (String src : pp.costSources()) {
                Report.line(out, "cost file", src);
            }
        }
    }

    private static void costsJson(ObjectNode o, PricedProblem pp) {
        Problem p = pp.problem();
        CostSplit split = CostSplit.of(pp);
        o.put("cluster", p.cluster().name());
        o.put("costSource", p.costSource());
        o.put("measuredOperators", split.measured().size());
        o.put("analyticOperators", split.analytic().size());
        ObjectNode byDev = o.putObject("measuredByDevice");
        split.byDevice().forEach(byDev::put);
        ArrayNode mi = o.putArray("measuredOperatorIds");
        split.measured().forEach(mi::add);
        ArrayNode ai = o.putArray("analyticOperatorIds");
        split.analytic().forEach(ai::add);
        ArrayNode files = o.putArray("costFiles");
        pp.costSources().forEach(files::add);
        ArrayNode w = (ArrayNode) o.get("warnings");
        pp.warnings().forEach(w::add);
    }

    private static String tensorText(Tensor t) {
        return t.name() + "  " + t.dtype().jsonName() + " " + (t.shape() == null ? "[?]" : t.shape().toString()
                .replace("-1", "?"));
    }

    static ObjectNode toJson(LoadedModel m, GraphSummary s) {
        ObjectNode o = Json.object();
        o.put("graph", s.name());
        o.put("file", m.file());
        o.put("format", m.format());
        o.put("operators", s.operators());
        o.put("subgraphOperators", s.subgraphOperators());
        o.put("edges", s.edges());
        o.put("tensors", s.tensors());
        o.put("parameters", s.parameters());
        o.put("parameterBytes", s.parameterBytes());
        o.put("flops", s.flops());
        Json.num(o, "shapeCoverage", s.shapeCoverage());
        ObjectNode types = o.putObject("opTypes");
        s.opTypes().forEach(types::put);
        ArrayNode in = o.putArray("inputs");
        m.graph().inputs().forEach(t -> in.add(tensor(t)));
        ArrayNode outs = o.putArray("outputs");
        m.graph().outputs().forEach(t -> outs.add(tensor(t)));
        ArrayNode w = o.putArray("warnings");
        m.warnings().forEach(w::add);
        o.put("carriesDevices", m.carriesDevices());
        if (m.carriesDevices()) {
            ArrayNode d = o.putArray("devices");
            for (Device dev : m.ownProblem().cluster().devices()) {
                d.add(dev.id());
            }
        }
        return o;
    }

    private static ObjectNode tensor(Tensor t) {
        ObjectNode o = Json.object();
        o.put("name", t.name());
        o.put("dtype", t.dtype().jsonName());
        if (t.shape() == null) {
            o.putNull("shape");
        } else {
            ArrayNode a = o.putArray("shape");
            t.shape().forEach(d -> {
                if (d < 0) {
                    a.addNull();
                } else {
                    a.add(d);
                }
            });
        }
        o.put("bytes", t.bytes());
        return o;
    }
}
