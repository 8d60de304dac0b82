package org.placementexplorer.io.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Tensor;

/** Helpers shared by the ONNX tests. */
final class OnnxTestSupport {
    private OnnxTestSupport() {
    }

    static LoadedModel load(Path dir, String fileName, OnnxWriter w) {
        return ModelLoader.load(w.write(dir.resolve(fileName)), ImportOptions.DEFAULT);
    }

    static LoadedModel load(Path dir, String fileName, OnnxWriter w, Map<String, Long> dims) {
        return ModelLoader.load(w.write(dir.resolve(fileName)), new ImportOptions(dims, null, null));
    }

    static Operator op(OpGraph g, String id) {
        return g.op(g.indexOf(id).orElseThrow(() -> new AssertionError("no operator '" + id + "' in "
                + g.operators().stream().map(Operator::id).toList())));
    }

    static Tensor out(OpGraph g, String id) {
        return op(g, id).outputs().get(0);
    }

    static List<Long> shape(long... d) {
        return java.util.Arrays.stream(d).boxed().toList();
    }

    static void assertWarned(LoadedModel m, String fragment) {
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains(fragment)),
                "no warning containing '" + fragment + "' in " + m.warnings());
    }
}
