package org.placementexplorer.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model file argument and how to read it, shared by every command that reads one. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "GRAPH-FILE", description = "model file: ONNX model, graph JSON, or a "
            + "benchmark instance (Tarnawski, Moirai)")
    Path graph;

    @Option(names = "--dim", paramLabel = "NAME=VALUE", description = "size of a symbolic dimension of an ONNX "
            + "model's inputs (repeatable), e.g. --dim batch=1 --dim sequence=128; NAME is the symbol, or "
            + "INPUT:AXIS for a dimension without one. Unset symbols get documented defaults (docs/formats.md).")
    Map<String, String> dims = new LinkedHashMap<>();


    @Option(names = "--accelerators", paramLabel = "K", description = "number of accelerators of a benchmark "
            + "instance (default: the file's own, e.g. maxFPGAs)")
    Integer accelerators;

    @Option(names = "--cpus", paramLabel = "C", description = "number of CPUs of a benchmark instance (default: "
            + "the file's own, e.g. maxCPUs)")
    Integer cpus;

    LoadedModel load() {
        LoadedModel m = ModelLoader.load(graph, importOptions());
        if (!m.carriesDevices() && (accelerators != null || cpus != null)) {
            throw new InputException(m.file(), "--accelerators and --cpus apply to benchmark instances that carry "
                    + "their own devices; this " + m.format() + " takes a cluster (--cluster)");
        }
        return m;
    }

    ImportOptions importOptions() {
        Map<String, Long> d = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : dims.entrySet()) {
            long v;
            try {
                v = Long.parseLong(e.getValue().trim());
            } catch (NumberFormatException ex) {
                v = -1;
            }
            if (e.getKey().isBlank() || v < 1) {
                throw new InputException("--dim " + e.getKey() + "=" + e.getValue(),
                        "a dimension must be a positive whole number, given as NAME=VALUE");
            }
            d.put(e.getKey().trim(), v);
        }
        return new ImportOptions(d, accelerators, cpus);
    }
}
