package org.placementexplorer.io.measured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/** The Moirai, ONNX Runtime profile and measured-costs CSV examples in docs/formats.md are real files. */
class ForeignFormatDocsTest {
    static String example(String tag) throws IOException {
        String doc = Files.readString(Path.of("docs/formats.md"));
        Matcher m = Pattern.compile("```" + Pattern.quote(tag) + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "no example tagged " + tag);
        return m.group(1);
    }

    @Test
    void moiraiExampleLoadsAndPricesTheEdgeBySenderAndReceiver(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("two-tasks.json");
        Files.writeString(f, example("json moirai-instance"));
        Problem p = ModelLoader.load(f).ownProblem();
        assertEquals(3, p.operators());
        Evaluator ev = new Evaluator(p);
        // task1 on d1 (3.0), d1 -> d0 (0.75), task3 on d0 (2.0)
        assertEquals(5.75, ev.objective(Placement.of(new int[] {0, 1, 0}), Objective.LATENCY));
        // task1 on d0 (1.5), d0 -> d1 (0.25), task3 on d1 (0.5)
        assertEquals(2.25, ev.objective(Placement.of(new int[] {0, 0, 1}), Objective.LATENCY));
    }

    @Test
    void profileAndCsvExamplesRead(@TempDir Path dir) throws IOException {
        OpGraph g = ModelLoader.load(Path.of("sample-graphs/tiny-resnet.json")).graph();
        var cluster = ProblemLoader.cluster("cpu-2gpu");
        Path prof = dir.resolve("profile.json");
        Files.writeString(prof, example("json ort-profile"));
        MeasuredCostFiles.Result r = MeasuredCostFiles.read(List.of(CostsSpec.parse(prof + "@a100")), g, cluster);
        assertEquals(61e-6, r.costs().opTime("stem_conv", "a100").orElseThrow(), 1e-15);
        assertTrue(r.warnings().isEmpty());
        Path csv = dir.resolve("costs.csv");
        Files.writeString(csv, example("csv measured-costs"));
        MeasuredCostFiles.Result c = MeasuredCostFiles.read(List.of(CostsSpec.parse(csv.toString())), g, cluster);
        assertEquals(0.0003, c.costs().opTime("stem_conv", "t4").orElseThrow(), 1e-15);
        assertEquals(2e-5, c.costs().opTime("layer4.1_relu2", "cpu0").orElseThrow());
        assertEquals(12e9, c.costs().link("t4--pcie-root").orElseThrow().bandwidth());
    }
}
