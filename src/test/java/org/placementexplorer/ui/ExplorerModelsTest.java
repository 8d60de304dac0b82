package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.explorer.AppConfig;
import org.placementexplorer.ui.explorer.StatusText;
import org.placementexplorer.ui.session.SessionFiles;
import org.placementexplorer.ui.topology.ClusterEdits;
import org.placementexplorer.ui.topology.DeviceForm;
import org.placementexplorer.ui.topology.TopologyModel;
import org.placementexplorer.util.Fmt;

/** View models of the topology, the status bar, the device form and the settings, without a screen. */
class ExplorerModelsTest {
    private final Problem p = SessionFiles.openModel(Samples.graphFile("tiny-resnet.json"), Samples.cluster("cpu-2gpu"),
            Objective.THROUGHPUT).problem();

    @Test
    void topologyShowsTheEvaluatorsLoadsMemoryAndBottleneck() {
        int a100 = p.cluster().indexOf("a100").orElseThrow();
        int t4 = p.cluster().indexOf("t4").orElseThrow();
        int[] dev = new int[p.operators()];
        java.util.Arrays.fill(dev, a100);
        for (int v = p.operators() / 2; v < p.operators(); v++) {
            dev[v] = t4;
        }
        Placement pl = Placement.of(dev);
        Evaluation e = new Evaluator(p).evaluate(pl, Objective.THROUGHPUT);
        TopologyModel m = TopologyModel.of(p, pl, e);
        TopologyModel.DeviceCard ca = m.card(a100);
        TopologyModel.DeviceCard ct = m.card(t4);
        assertEquals(e.pipeline().devices().get(a100).load(), ca.load(), 0);
        assertEquals(e.memory().devices().get(t4).used(), ct.memoryUsed(), 0);
        assertEquals(p.operators() - p.operators() / 2, ct.operators());
        int marked = 0;
        for (var g : m.servers()) {
            for (var c : g.devices()) {
                marked += c.bottleneck() ? 1 : 0;
            }
        }
        marked += (int) m.links().stream().filter(TopologyModel.LinkRow::bottleneck).count();
        assertEquals(1, marked, "exactly one bottleneck is marked");
        assertEquals(e.bottleneck().value() / e.pipeline().period(), 1.0, 1e-12);
    }

    @Test
    void statusTextFormatsTheEvaluation() {
        Placement pl = Placement.allOn(p.operators(), p.cluster().indexOf("a100").orElseThrow());
        Evaluation e = new Evaluator(p).evaluate(pl, Objective.THROUGHPUT);
        StatusText t = StatusText.of(p, e, null, null);
        assertEquals(Fmt.time(e.objective(), p.units()), t.objective());
        assertEquals("fits", t.memory());
        assertTrue(t.bottleneck().startsWith("a100"));
        assertEquals("—", t.gap());
        // the same placement on a cluster whose A100 holds 1 kB does not fit
        Cluster tiny = ClusterEdits.replace(p.cluster(), p.cluster().indexOf("a100").orElseThrow(),
                p.cluster().device(p.cluster().indexOf("a100").orElseThrow()).withMemoryBytes(1000));
        Problem q = org.placementexplorer.cost.AnalyticCostModel.problem(p.graph(), tiny);
        StatusText over = StatusText.of(q, new Evaluator(q).evaluate(pl, Objective.THROUGHPUT), null, null);
        assertFalse(over.feasible());
        assertTrue(over.memory().startsWith("1 device over (a100 by"), over.memory());
    }

    @Test
    void deviceFormValidatesInSpecSheetUnits() {
        Device d = p.cluster().device(0);
        DeviceForm f = DeviceForm.of(d);
        DeviceForm.Result ok = f.validate(Set.of());
        assertTrue(ok.ok(), ok.error());
        assertEquals(d.memoryBytes(), ok.device().memoryBytes(), d.memoryBytes() * 1e-5);
        DeviceForm bad = new DeviceForm("x", "", "GPU", "", "-1", "", "16", "900", "0", true);
        assertEquals("FP32 peak must be a positive number", bad.validate(Set.of()).error());
        DeviceForm nan = new DeviceForm("x", "", "GPU", "", "abc", "", "16", "900", "0", true);
        assertEquals("FP32 peak is not a number: 'abc'", nan.validate(Set.of()).error());
        assertEquals("the id '" + d.id() + "' is already used in this cluster", f.validate(Set.of(d.id())).error());
        DeviceForm unlimited = new DeviceForm("y", "", "NPU", "", "10", "", "", "100", "", false);
        assertTrue(unlimited.validate(Set.of()).device().unlimitedMemory());
    }

    @Test
    void duplicateKeepsTheCopyConnected() {
        Cluster c = p.cluster();
        Cluster d = ClusterEdits.duplicate(c, c.indexOf("t4").orElseThrow());
        assertEquals(c.size() + 1, d.size());
        int copy = d.indexOf("t4-copy").orElseThrow();
        assertTrue(d.route(copy, d.indexOf("a100").orElseThrow()).isPresent());
        Cluster renamed = ClusterEdits.replace(c, 0, c.device(0).withId("host-cpu", "CPU"));
        assertTrue(renamed.links().stream().anyMatch(l -> l.a().equals("host-cpu") || l.b().equals("host-cpu")));
    }

    @Test
    void recentFilesAndThemeAreRemembered(@TempDir Path dir) {
        AppConfig c = new AppConfig(dir);
        c.addRecent(Path.of("a.onnx"));
        c.addRecent(Path.of("b.json"));
        c.addRecent(Path.of("a.onnx"));
        c.setDark(true);
        AppConfig again = new AppConfig(dir);
        assertEquals(2, again.recent().size());
        assertEquals("a.onnx", again.recent().get(0).getFileName().toString());
        assertTrue(again.dark());
    }
}
