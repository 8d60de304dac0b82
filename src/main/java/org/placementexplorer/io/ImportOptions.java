package org.placementexplorer.io;

import java.util.Map;

/**
 * How to read a model file.
 *
 * @param dims         values for symbolic dimensions (ONNX), e.g. batch=1
 * @param accelerators number of accelerators for benchmark instances (null: the file's own)
 * @param cpus         number of CPUs for benchmark instances (null: the file's own)
 */
public record ImportOptions(Map<String, Long> dims, Integer accelerators, Integer cpus) {
    public static final ImportOptions DEFAULT = new ImportOptions(Map.of(), null, null);

    public ImportOptions {
        dims = dims == null ? Map.of() : Map.copyOf(dims);
    }
}
