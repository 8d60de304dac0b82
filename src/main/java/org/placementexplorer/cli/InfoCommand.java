package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.io.LoadedModel;
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
        + "shapes, operator types.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoadedModel m = model.load();
        GraphSummary s = GraphSummary.of(m.graph());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.pretty(toJson(m, s)));
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
            }
            for (String w : m.warnings()) {
                Report.line(out, "warning", w);
            }
        }
        return 0;
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
