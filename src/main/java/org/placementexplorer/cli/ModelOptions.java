package org.placementexplorer.cli;

import java.nio.file.Path;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;

import picocli.CommandLine.Parameters;

/** The model file argument, shared by every command that reads one. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "GRAPH-FILE", description = "model file: graph JSON (ONNX and benchmark "
            + "instances as their importers land)")
    Path graph;

    LoadedModel load() {
        return ModelLoader.load(graph, importOptions());
    }

    ImportOptions importOptions() {
        return ImportOptions.DEFAULT;
    }

}
