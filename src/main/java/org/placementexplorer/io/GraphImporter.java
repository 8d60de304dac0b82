package org.placementexplorer.io;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one kind of model file. {@link ModelLoader} asks each importer in turn whether it takes a
 * file; JSON files are parsed once and the tree is handed over.
 */
public interface GraphImporter {
    /** Short name of the format, for messages ("graph JSON", "ONNX", ...). */
    String formatName();

    /**
     * Whether this importer reads the file.
     *
     * @param file the file
     * @param head its first bytes (up to 4 KiB)
     * @param json the parsed tree when the file is JSON, else null
     */
    boolean accepts(Path file, byte[] head, JsonNode json);

    /** Reads the file; a problem with it is an {@link InputException}. */
    LoadedModel load(Path file, JsonNode json, ImportOptions options);
}
