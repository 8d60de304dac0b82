package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.explorer.PropertiesPanel;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The side panel's rows: the model summary, one operator, a selection; the search field filters them. */
@ExtendWith(ApplicationExtension.class)
class PropertiesPanelTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private static List<String> headings(PropertiesPanel panel) {
        return panel.root().lookupAll(".property-category").stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList();
    }

    /**
     * In a window the first category is filled at once and each further one a frame later (ADR 49);
     * a fill that comes meanwhile drops the rest of the older one.
     */
    @Test
    void categoriesComeAFrameEachAndANewerFillDropsTheRestOfTheOlder() throws Exception {
        OpGraph g = SyntheticGraphs.blocks(2);
        Problem p = AnalyticCostModel.problem(g, Samples.cluster("cpu-2gpu"));
        Placement pl = Placement.of(new int[g.size()]);
        PropertiesPanel panel = WaitForAsyncUtils.asyncFx(() -> {
            PropertiesPanel x = new PropertiesPanel();
            stage.setScene(new javafx.scene.Scene((javafx.scene.Parent) x.root(), 320, 700));
            stage.show();
            return x;
        }).get();
        List<String> first = WaitForAsyncUtils.asyncFx(() -> {
            panel.show(null, p, pl, new int[] {3});
            return headings(panel);
        }).get();
        assertEquals(List.of("Operator"), first, "the rest comes in the next frames");
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> headings(panel).size() == 5).get());
        assertEquals(List.of("Operator", "Work", "Time per device", "Outputs", "Uses"),
                WaitForAsyncUtils.asyncFx(() -> headings(panel)).get());

        // a new fill while an older one is still coming in
        WaitForAsyncUtils.asyncFx(() -> {
            panel.show(null, p, pl, new int[] {4});
            panel.show(null, p, pl, new int[] {4, 5});
        }).get();
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> headings(panel).size() == 2).get());
        Thread.sleep(300); // frames pass: nothing of the older fill arrives late
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("Selected operators", "Spread over devices"),
                WaitForAsyncUtils.asyncFx(() -> headings(panel)).get());
        WaitForAsyncUtils.asyncFx(stage::hide).get();
    }

    @Test
    void showsTheSelectionAndFiltersBySearch() throws Exception {
        OpGraph g = SyntheticGraphs.blocks(2);
        Problem p = AnalyticCostModel.problem(g, Samples.cluster("cpu-2gpu"));
        int[] dev = new int[g.size()];
        dev[3] = 2;
        Placement pl = Placement.of(dev);
        PropertiesPanel panel = WaitForAsyncUtils.asyncFx(PropertiesPanel::new).get();

        WaitForAsyncUtils.asyncFx(() -> panel.show(null, p, pl, new int[0])).get();
        List<String> rows = panel.rows();
        assertTrue(rows.contains("Graph / Operators = " + g.size()), rows.toString());
        // the summary is counted off the FX thread and shown when ready
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> panel.rows().stream().anyMatch(r -> r.startsWith("Graph / Edges = "))).get());
        rows = WaitForAsyncUtils.asyncFx(panel::rows).get();
        assertTrue(rows.contains("Graph / Edges = " + org.placementexplorer.model.GraphSummary.of(g).edges()),
                rows.toString());
        assertTrue(rows.stream().noneMatch(r -> r.contains("counting")), rows.toString());
        assertTrue(rows.contains("The cluster / Devices = 3"), rows.toString());

        WaitForAsyncUtils.asyncFx(() -> panel.show(null, p, pl, new int[] {3})).get();
        rows = panel.rows();
        assertTrue(rows.contains("Operator / Name = " + g.op(3).name()), rows.toString());
        assertTrue(rows.contains("Operator / Device = " + p.cluster().device(2).id()), rows.toString());
        assertEquals(3, rows.stream().filter(r -> r.startsWith("Time per device / ")).count());

        TextField search = (TextField) panel.root().lookup("#properties-search");
        WaitForAsyncUtils.asyncFx(() -> search.setText("time per")).get();
        rows = panel.rows();
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.startsWith("Time per device / ")));
        WaitForAsyncUtils.asyncFx(() -> search.setText("")).get();
        assertTrue(panel.rows().size() > 3);
    }

    @Test
    void aGraphPreparedWhileTheModelOpensIsFilledOnceWithItsSummary() throws Exception {
        OpGraph g = SyntheticGraphs.blocks(3);
        Problem p = AnalyticCostModel.problem(g, Samples.cluster("cpu-2gpu"));
        Placement pl = Placement.of(new int[g.size()]);
        PropertiesPanel panel = WaitForAsyncUtils.asyncFx(PropertiesPanel::new).get();
        WaitForAsyncUtils.asyncFx(() -> panel.prepare(g)).get(); // what the window does when a model opens
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(() -> panel.counted(g)).get());
        List<String> rows = WaitForAsyncUtils.asyncFx(() -> {
            panel.show(null, p, pl, new int[0]);
            return panel.rows();
        }).get();
        assertTrue(rows.contains("Graph / Edges = " + org.placementexplorer.model.GraphSummary.of(g).edges()),
                "the first fill already has the summary: " + rows);
        assertTrue(rows.stream().noneMatch(r -> r.contains("counting")), rows.toString());
    }
}
