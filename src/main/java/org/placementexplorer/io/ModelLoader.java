package org.placementexplorer.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.placementexplorer.io.json.ClusterJson;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.ResultJson;
import org.placementexplorer.io.json.SessionJson;
import org.placementexplorer.io.moirai.MoiraiImporter;
import org.placementexplorer.io.onnx.OnnxImporter;
import org.placementexplorer.io.tarnawski.TarnawskiImporter;

/** Opens any model file: finds the importer that takes it, or says clearly why none does. */
public final class ModelLoader {
    private static final List<GraphImporter> IMPORTERS = new ArrayList<>(List.of(
            new GraphJsonImporter(),
            new OnnxImporter(),
            new TarnawskiImporter(),
            new MoiraiImporter()));

    private ModelLoader() {
    }

    /** Adds an importer (tried after the ones already registered). */
    public static synchronized void register(GraphImporter importer) {
        IMPORTERS.add(importer);
    }

    public static synchronized List<GraphImporter> importers() {
        return List.copyOf(IMPORTERS);
    }

    public static LoadedModel load(Path file) {
        return load(file, ImportOptions.DEFAULT);
    }

    public static LoadedModel load(Path file, ImportOptions options) {
        String name = file.toString();
        byte[] bytes = Json.readBytes(file);
        if (bytes.length == 0) {
            throw new InputException(name, "the file is empty");
        }
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 4096));
        JsonNode json = null;
        if (Json.looksLikeJson(head)) {
            json = Json.parse(name, bytes);
        }
        for (GraphImporter imp : importers()) {
            if (imp.accepts(file, head, json)) {
                return imp.load(file, json, options).withOptions(options);
            }
        }
        throw new InputException(name, notAGraph(json));
    }

    private static String notAGraph(JsonNode json) {
        if (json == null) {
            return "not a graph file (expected an ONNX model or a JSON graph or instance)";
        }
        if (ClusterJson.isCluster(json)) {
            return "this is a cluster file, not a graph (give it with --cluster)";
        }
        if (SessionJson.isSession(json)) {
            return "this is a session file, not a graph (open it in the GUI)";
        }
        if (json.isObject() && ResultJson.FORMAT.equals(json.path("format").asText(null))) {
            return "this is a result/placement file, not a graph (give it with --placement)";
        }
        if (json.isObject() && json.has("format")) {
            return "not a graph file (unknown format \"" + json.get("format").asText() + "\")";
        }
        return "not a graph file: a JSON " + (json.isArray() ? "array" : "object")
                + " that is neither a Placement Explorer graph nor a known benchmark instance";
    }
}
