package org.placementexplorer.cli;

import java.nio.file.Path;
import java.util.Map;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model file argument, shared by every command that reads one, and the options for reading it. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "GRAPH-FILE", description = "model file: graph JSON or a Tarnawski "
            + "instance (ONNX as its importer lands)")
    Path graph;

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
        return new ImportOptions(Map.of(), accelerators, cpus);
    }
}
