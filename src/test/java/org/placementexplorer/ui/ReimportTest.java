package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.ui.session.SessionFiles;

/** Reading the open model again with other import options: what happens to the placements. */
class ReimportTest {
    static final Path GNMT = Path.of("sample-graphs/throughput-inputs_LayerGraphs_gnmt_inference.json");

    @Test
    void fewerAcceleratorsKeepThePlacementAndMoveOperatorsOfRemovedDevices() {
        var opened = SessionFiles.openModel(GNMT, ImportOptions.DEFAULT, null, Objective.THROUGHPUT);
        var p = opened.problem();
        assertEquals(7, p.deviceCount(), "6 accelerators and a CPU in the file");
        int fpga1 = p.cluster().indexOf("fpga1").orElseThrow();
        int fpga5 = p.cluster().indexOf("fpga5").orElseThrow();
        int cpu = p.cluster().indexOf("cpu0").orElseThrow();
        int[] d = new int[p.operators()];
        d[1] = fpga1;
        d[2] = fpga5;
        d[3] = fpga5;
        d[4] = cpu;
        Placement mine = Placement.of(d);
        var r = SessionFiles.reimport(new SessionFiles.Reimport(GNMT, null, Objective.THROUGHPUT, p, mine,
                Map.of("mine", mine), "current", Map.of(), null), new ImportOptions(Map.of(), 2, 1));
        assertTrue(r.kept());
        assertEquals(2, r.moved(), "the two operators on fpga5");
        var q = r.opened().problem();
        assertEquals(3, q.deviceCount());
        Placement kept = r.opened().placement();
        assertEquals("fpga1", q.cluster().device(kept.deviceOf(1)).id());
        assertEquals("fpga0", q.cluster().device(kept.deviceOf(2)).id(), "fpga5 is gone: the first device");
        assertEquals("cpu0", q.cluster().device(kept.deviceOf(4)).id());
        assertArrayEquals(kept.devices(), r.opened().named().get("mine").devices());
        assertEquals(new ImportOptions(Map.of(), 2, 1), r.opened().model().options());
    }

    @Test
    void theNamedBaselineFollowsTheNewSizes() {
        Path paddle = Path.of("sample-graphs/paddleocr-mobile-v2-cls.onnx");
        var o = SessionFiles.openModel(paddle, ImportOptions.DEFAULT, Samples.cluster("cpu-2gpu"), Objective.LATENCY);
        Placement base = o.named().get(SessionFiles.BASELINE);
        assertEquals("a100", o.problem().cluster().device(base.deviceOf(0)).id(), "224 × 224: the A100 is fastest");
        var r = SessionFiles.reimport(new SessionFiles.Reimport(paddle, o.problem().cluster(), Objective.LATENCY,
                o.problem(), o.placement(), o.named(), "current", Map.of(), null), new ImportOptions(
                        Map.of("p2o.DynamicDimension.1", 48L, "p2o.DynamicDimension.2", 192L), null, null));
        assertTrue(r.kept());
        Placement now = r.opened().named().get(SessionFiles.BASELINE);
        assertEquals(SessionFiles.baseline(r.opened().problem(), Objective.LATENCY), now);
        assertArrayEquals(o.placement().devices(), r.opened().placement().devices(), "the current placement stays");
    }

    @Test
    void otherOperatorsResetToTheBaseline() {
        // the open problem is tiny-resnet; the file read now is the PaddleOCR classifier: other operator ids
        var tiny = SessionFiles.openModel(Path.of("sample-graphs/tiny-resnet.json"), Samples.cluster("cpu-2gpu"),
                Objective.LATENCY);
        Path paddle = Path.of("sample-graphs/paddleocr-mobile-v2-cls.onnx");
        var r = SessionFiles.reimport(new SessionFiles.Reimport(paddle, tiny.problem().cluster(), Objective.LATENCY,
                tiny.problem(), tiny.placement(), Map.of("mine", tiny.placement()), "current", Map.of(), null),
                new ImportOptions(Map.of("p2o.DynamicDimension.1", 48L), null, null));
        assertFalse(r.kept());
        assertEquals(Map.of(SessionFiles.BASELINE, r.opened().placement()), r.opened().named());
        assertEquals(r.opened().problem().operators(), r.opened().placement().size());
        assertEquals(tiny.problem().cluster(), r.opened().problem().cluster(), "the cluster is kept");
    }
}
