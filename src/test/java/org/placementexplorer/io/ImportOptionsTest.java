package org.placementexplorer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.SessionJson;
import org.placementexplorer.model.Objective;

/** What a model was read with and what that came to (LoadedModel.options / effective), and its place in sessions. */
class ImportOptionsTest {
    static final Path PADDLE = Path.of("sample-graphs/paddleocr-mobile-v2-cls.onnx");
    static final Path TARNAWSKI = Path.of("sample-graphs/throughput-inputs_LayerGraphs_gnmt_inference.json");

    private static Map<String, Long> dims(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void onnxDefaultsAreListedInOrderWithTheirValues() {
        LoadedModel m = ModelLoader.load(PADDLE, ImportOptions.DEFAULT);
        assertEquals(ImportOptions.DEFAULT, m.options());
        // x is [N, 3, H, W]: axis 0 batch → 1, the spatial axes of a 4-D input → 224 (docs/formats.md, ONNX)
        assertEquals(List.of("p2o.DynamicDimension.0", "p2o.DynamicDimension.1", "p2o.DynamicDimension.2"),
                List.copyOf(m.effective().dims().keySet()));
        assertEquals(dims("p2o.DynamicDimension.0", 1, "p2o.DynamicDimension.1", 224, "p2o.DynamicDimension.2", 224),
                m.effective().dims());
        assertTrue(m.hasImportChoices());
        // where each one is used, for the Import Options dialog
        assertEquals(java.util.Map.of("p2o.DynamicDimension.0", List.of("x axis 0"), "p2o.DynamicDimension.1",
                List.of("x axis 2"), "p2o.DynamicDimension.2", List.of("x axis 3")), m.dimUses());
        assertEquals(m.dimUses(), m.withOptions(ImportOptions.DEFAULT).dimUses());
    }

    @Test
    void setValuesAreUsedAndReported() {
        ImportOptions o = new ImportOptions(dims("p2o.DynamicDimension.1", 48, "p2o.DynamicDimension.2", 192),
                null, null);
        LoadedModel m = ModelLoader.load(PADDLE, o);
        assertEquals(o, m.options());
        assertEquals(dims("p2o.DynamicDimension.0", 1, "p2o.DynamicDimension.1", 48, "p2o.DynamicDimension.2", 192),
                m.effective().dims());
        double flopsDefault = ModelLoader.load(PADDLE).graph().totalFlops();
        // 48×192 pixels instead of 224×224: the convolutions' work shrinks with the area
        assertTrue(m.graph().totalFlops() < flopsDefault * 0.25, m.graph().totalFlops() + " vs " + flopsDefault);
    }

    @Test
    void instanceDeviceCountsAreReported() {
        LoadedModel own = ModelLoader.load(TARNAWSKI, ImportOptions.DEFAULT);
        assertTrue(own.effective().accelerators() != null && own.effective().cpus() != null);
        assertEquals(own.effective().accelerators() + own.effective().cpus(), own.ownProblem().deviceCount());
        LoadedModel two = ModelLoader.load(TARNAWSKI, new ImportOptions(Map.of(), 2, 1));
        assertEquals(new ImportOptions(Map.of(), 2, 1), two.effective());
        assertEquals(3, two.ownProblem().deviceCount());
    }

    @Test
    void graphJsonHasNothingToChoose() {
        LoadedModel m = ModelLoader.load(Path.of("sample-graphs/tiny-resnet.json"));
        assertFalse(m.hasImportChoices());
        assertTrue(m.effective().isDefault());
    }

    private static JsonNode session(String importField) {
        String s = "{\"format\":\"placement-explorer/session\",\"version\":1,\"model\":\"m.onnx\",\"objective\":\"latency\","
                + "\"placements\":[]" + (importField == null ? "" : ",\"import\":" + importField) + "}";
        return Json.parse("s.json", s.getBytes());
    }

    @Test
    void sessionsKeepTheOptionsAndOldSessionsStillRead() {
        assertEquals(ImportOptions.DEFAULT, SessionJson.read("old.json", session(null)).options());
        ImportOptions o = new ImportOptions(dims("b", 4, "seq", 128), 2, 0);
        var s = new SessionJson.Session("m.onnx", null, Objective.LATENCY, List.of(), null, Map.of(), o);
        JsonNode written = SessionJson.write(s);
        assertEquals(4, written.get("import").get("dims").get("b").asLong());
        var back = SessionJson.read("s.json", written);
        assertEquals(o, back.options());
        assertEquals(List.of("b", "seq"), List.copyOf(back.options().dims().keySet()), "the order is kept");
        // the defaults write nothing: sessions of models read as they are look as before
        var plain = new SessionJson.Session("m.onnx", null, Objective.LATENCY, List.of(), null, Map.of());
        assertFalse(SessionJson.write(plain).has("import"));
    }

    @Test
    void badOptionsInASessionAreOneLineErrors() {
        for (String[] bad : new String[][] {{"{\"dims\":{\"batch\":0}}", "batch"}, {"{\"dims\":{\"batch\":1.5}}", "batch"},
            {"{\"dims\":{\"batch\":\"8\"}}", "batch"}, {"{\"cpus\":-1}", "cpus"}, {"[1]", "import"},
            {"{\"dims\":[1]}", "dims"}}) {
            InputException e = assertThrows(InputException.class, () -> SessionJson.read("s.json", session(bad[0])),
                    bad[0]);
            assertTrue(e.getMessage().startsWith("s.json"), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
