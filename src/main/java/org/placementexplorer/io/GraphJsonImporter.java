package org.placementexplorer.io;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.placementexplorer.io.json.GraphJson;

/** Our own graph JSON. */
final class GraphJsonImporter implements GraphImporter {
    @Override
    public String formatName() {
        return "graph JSON";
    }

    @Override
    public boolean accepts(Path file, byte[] head, JsonNode json) {
        return json != null && GraphJson.isGraph(json);
    }

    @Override
    public LoadedModel load(Path file, JsonNode json, ImportOptions options) {
        return new LoadedModel(file.toString(), formatName(), GraphJson.read(file.toString(), json), null, List.of());
    }
}
