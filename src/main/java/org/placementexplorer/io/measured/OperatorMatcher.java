package org.placementexplorer.io.measured;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.placementexplorer.model.OpGraph;

/**
 * Finds the operator a measurement names: by id first, else by display name when exactly one
 * operator has it (ONNX Runtime names nodes by their ONNX node name, which is our display name).
 */
final class OperatorMatcher {
    private static final int AMBIGUOUS = -1;
    private final OpGraph graph;
    private final Map<String, Integer> byName = new HashMap<>();

    OperatorMatcher(OpGraph graph) {
        this.graph = graph;
        for (int v = 0; v < graph.size(); v++) {
            byName.merge(graph.op(v).name(), v, (a, b) -> AMBIGUOUS);
        }
    }

    OptionalInt find(String key) {
        var byId = graph.indexOf(key);
        if (byId.isPresent()) {
            return OptionalInt.of(byId.get());
        }
        Integer v = byName.get(key);
        return v == null || v == AMBIGUOUS ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** Whether the key is the display name of several operators (and the id of none). */
    boolean ambiguous(String key) {
        return graph.indexOf(key).isEmpty() && Integer.valueOf(AMBIGUOUS).equals(byName.get(key));
    }
}
