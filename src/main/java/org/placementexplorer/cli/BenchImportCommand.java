package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.onnx.OnnxImporter;
import org.placementexplorer.model.GraphSummary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Times importing a model: after warm-up runs (so the JIT has compiled the reader), the minimum and
 * median of several runs. For ONNX the phases are shown apart: reading the file, decoding the
 * protobuf, and shape inference with costs and graph building. A benchmark, not a test.
 */
@Command(name = "bench-import", description = "Time importing a model file (warm runs; ONNX: read, parse, "
        + "shape inference and costs).")
final class BenchImportCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--runs", description = "timed runs (default ${DEFAULT-VALUE})", defaultValue = "10")
    int runs;

    @Option(names = "--warmup", description = "untimed runs first (default ${DEFAULT-VALUE})", defaultValue = "5")
    int warmup;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path file = model.graph;
        ImportOptions options = model.importOptions();
        LoadedModel first = ModelLoader.load(file, options); // also rejects bad input with the usual message
        boolean onnx = OnnxImporter.FORMAT.equals(first.format());
        int n = Math.max(1, runs);
        double[] read = new double[n];
        double[] parse = new double[n];
        double[] build = new double[n];
        double[] total = new double[n];
        for (int i = 0; i < Math.max(0, warmup) + n; i++) {
            int k = i - Math.max(0, warmup);
            if (onnx) {
                OnnxImporter.Timed t = OnnxImporter.readTimed(file, options, true);
                if (k >= 0) {
                    read[k] = t.readNanos() / 1e6;
                    parse[k] = t.parseNanos() / 1e6;
                    build[k] = t.buildNanos() / 1e6;
                    total[k] = read[k] + parse[k] + build[k];
                }
            } else {
                long t0 = System.nanoTime();
                ModelLoader.load(file, options);
                if (k >= 0) {
                    total[k] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        GraphSummary s = GraphSummary.of(first.graph());
        PrintWriter out = spec.commandLine().getOut();
        long bytes = Files.size(file);
        if (json) {
            ObjectNode o = Json.object();
            o.put("file", file.toString());
            o.put("format", first.format());
            o.put("bytes", bytes);
            o.put("operators", s.operators());
            o.put("subgraphOperators", s.subgraphOperators());
            o.put("runs", n);
            o.put("warmup", Math.max(0, warmup));
            if (onnx) {
                phase(o, "readMs", read);
                phase(o, "parseMs", parse);
                phase(o, "inferAndBuildMs", build);
                double[] pi = new double[n];
                for (int i = 0; i < n; i++) {
                    pi[i] = parse[i] + build[i];
                }
                phase(o, "parseAndInferMs", pi);
            }
            phase(o, "totalMs", total);
            out.print(Json.pretty(o));
            return 0;
        }
        Report.line(out, "file", file + "  (" + first.format() + ", " + String.format(Locale.ROOT, "%.1f MB",
                bytes / 1e6) + ", " + s.operators() + " operators"
                + (s.subgraphOperators() > 0 ? " + " + s.subgraphOperators() + " in subgraphs" : "") + ")");
        Report.line(out, "runs", n + " timed after " + Math.max(0, warmup) + " warm-up; min / median in ms");
        if (onnx) {
            Report.line(out, "read", stats(read));
            Report.line(out, "parse", stats(parse));
            Report.line(out, "infer+build", stats(build));
            double[] pi = new double[n];
            for (int i = 0; i < n; i++) {
                pi[i] = parse[i] + build[i];
            }
            Report.line(out, "parse+infer", stats(pi));
        }
        Report.line(out, "total", stats(total));
        return 0;
    }

    private static String stats(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.1f / %.1f", s[0], s[s.length / 2]);
    }

    private static void phase(ObjectNode o, String key, double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        ObjectNode p = o.putObject(key);
        p.put("min", s[0]);
        p.put("median", s[s.length / 2]);
    }
}
