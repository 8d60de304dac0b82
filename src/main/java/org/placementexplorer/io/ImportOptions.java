package org.placementexplorer.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to read a model file.
 *
 * @param dims         values for symbolic dimensions (ONNX), e.g. batch=1; kept in the order given
 * @param accelerators number of accelerators for benchmark instances (null: the file's own)
 * @param cpus         number of CPUs for benchmark instances (null: the file's own)
 */
public record ImportOptions(Map<String, Long> dims, Integer accelerators, Integer cpus) {
    public static final ImportOptions DEFAULT = new ImportOptions(Map.of(), null, null);

    public ImportOptions {
        if (dims == null || dims.isEmpty()) {
            dims = Map.of();
        } else {
            LinkedHashMap<String, Long> m = new LinkedHashMap<>();
            dims.forEach((k, v) -> m.put(java.util.Objects.requireNonNull(k), java.util.Objects.requireNonNull(v)));
            dims = Collections.unmodifiableMap(m);
        }
    }

    /** Whether these are the defaults: no dimension set, the file's own device counts. */
    public boolean isDefault() {
        return dims.isEmpty() && accelerators == null && cpus == null;
    }
}
