package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import javafx.css.PseudoClass;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.control.TableRow;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.draw.GanttChart;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.layout.JGraphXLayoutEngine;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.Status;
import org.placementexplorer.ui.explorer.AppConfig;
import org.placementexplorer.ui.explorer.ExplorerWindow;
import org.placementexplorer.ui.runs.RunRecord;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.stages.StageTableModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The analysis views, headless: solver panel, Gantt, stage table, gap, exports, compare, teaching. */
@ExtendWith(ApplicationExtension.class)
class AnalysisViewsTest {
    @TempDir
    static Path config;
    private ExplorerWindow window;
    private Session session;

    @Start
    void start(Stage stage) {
        session = new Session();
        window = new ExplorerWindow(stage, session, new AppConfig(config), new JGraphXLayoutEngine(), () -> {
            var l = new ArrayList<>(SolverRegistry.all());
            l.add(new SlowSolver());
            return l;
        });
        window.setShowDialogs(false);
        window.exports().setDialogs(false);
        stage.setWidth(1500);
        stage.setHeight(920);
        stage.show();
        window.openSample("tiny-resnet.json");
    }

    @Test
    void oneBestBoundInTheStatusBarTheGapPanelAndPlacements(FxRobot robot) throws Exception {
        waitUntilShown();
        Problem p = session.problem();
        Objective o = session.objective();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !session.boundsComputingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        double quick = org.placementexplorer.bound.Bounds.quick(p, o).best();
        double best = session.boundsProperty().get().best();
        assertTrue(best >= quick, "the stronger bounds can only raise the best bound");
        fx(() -> window.showTab(2));
        assertEquals(best, window.gap().model().bound());
        assertEquals(org.placementexplorer.util.Fmt.percent(SolverResult.gap(session.evaluation().objective(), best)),
                robot.lookup("#status-gap").queryLabeled().getText(), "the status bar's gap is against that bound");
        // a run without pinned operators proves the optimum: its bound holds for every placement
        fx(() -> window.runs().runs().start(new org.placementexplorer.ui.runs.RunsModel.Request("milp", o, 60, 1,
                false, true)));
        RunRecord r = window.runs().runs().runs().get(window.runs().runs().runs().size() - 1);
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, r::isDone);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> session.runs().containsKey(r.name())
                && !session.evaluatingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(org.placementexplorer.solve.Status.OPTIMAL, r.result().status(), r.result().notes().toString());
        double optimum = r.result().best().objective();
        assertEquals(optimum, session.boundsProperty().get().best(), 1e-9 * optimum);
        assertTrue(session.boundsProperty().get().bestName().endsWith(r.name()));
        assertEquals(0, session.gapProperty().get(), 1e-9, "the applied optimum has no gap");
        assertEquals(optimum, window.gap().model().bound(), 1e-9 * optimum);
        assertEquals("0.0%", robot.lookup("#status-gap").queryLabeled().getText().replace(" ", ""));
    }

    @Stop
    void stop() {
        window.close();
    }

    private void waitUntilShown() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.dag().layout() != null
                && session.evaluation() != null && !session.evaluatingProperty().get()
                && window.gantt().model().chart() != null && window.topology().complete());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The first half of the operators (topological order) on the A100, the rest on the T4. */
    private Placement split() {
        Problem p = session.problem();
        int[] dev = new int[p.operators()];
        int[] topo = p.graph().topologicalOrder();
        for (int i = 0; i < topo.length; i++) {
            dev[topo[i]] = i < topo.length / 2 ? 1 : 2;
        }
        return Placement.of(dev);
    }

    private void waitForEvaluationOf(Placement pl, Objective o) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> session.evaluation() != null
                && !session.evaluatingProperty().get() && session.evaluation().kind() == o
                && java.util.Arrays.equals(session.evaluation().placement().devices(), pl.devices()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A table in a hidden tab is filled when its tab is selected; what it exports is always current. */
    @Test
    void hiddenStageTableCatchesUpWhenShownAndItsCsvIsCurrent() throws Exception {
        waitUntilShown();
        fx(() -> window.showTab(0));
        var before = List.copyOf(window.stages().table().getItems());
        Placement pl = split();
        fx(() -> session.replacePlacement("split", pl));
        waitForEvaluationOf(pl, session.objective());
        Evaluation e = session.evaluation();
        assertEquals(before, window.stages().table().getItems(), "not filled while its tab is hidden");
        assertEquals(e.pipeline().stages().size(), window.stages().model().rows().size(), "the model is current");
        fx(() -> window.showTab(1));
        assertEquals(window.stages().model().rows(), window.stages().table().getItems(), "filled when shown");
    }

    @Test
    void aRunFromThePanelReportsIncumbentsAndEndsWithAStatus(FxRobot robot) throws Exception {
        waitUntilShown();
        fx(() -> {
            window.showTab(3);
            window.runs().setSolver(SlowSolver.NAME);
            window.runs().setSeconds(0.6);
        });
        robot.clickOn("#run-start");
        RunRecord r = window.runs().runs().runs().get(0);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, r::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(RunRecord.State.FINISHED, r.state());
        assertFalse(r.incumbents().isEmpty(), "the chart got at least one incumbent");
        assertEquals(Status.TIME_LIMIT, r.result().status());
        assertFalse(window.runs().chart().getData().get(0).getData().isEmpty(), "the live chart shows the incumbents");
        // the run became a named placement with its figures, and was applied
        assertTrue(session.named().containsKey(r.name()));
        assertEquals(SlowSolver.NAME, session.runs().get(r.name()).solver());
        assertEquals(r.result().best().objective(), session.runs().get(r.name()).value());
        double expected = new Evaluator(session.problem()).objective(session.named().get(r.name()), Objective.LATENCY);
        assertEquals(expected, r.result().best().objective(), 0, "the run reports the evaluator's objective");
        assertEquals(session.named().get(r.name()).devices().length, session.placement().devices().length);
        assertTrue(java.util.Arrays.equals(session.named().get(r.name()).devices(), session.placement().devices()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.runs().placements().rows().stream()
                .anyMatch(x -> x.name().equals(r.name())));
        var row = window.runs().placements().rows().stream().filter(x -> x.name().equals(r.name())).findFirst()
                .orElseThrow();
        assertEquals("TIME_LIMIT", row.statusText());
        assertNotNull(row.bound());
        snapshot("runs-tab.png");
    }

    @Test
    void stopDuringALongRunReturnsWithinASecondWithAPlacement(FxRobot robot) throws Exception {
        waitUntilShown();
        fx(() -> {
            window.showTab(3);
            window.runs().setSolver(SlowSolver.NAME);
            window.runs().setSeconds(120);
            window.runs().setApplyWhenDone(false);
        });
        robot.clickOn("#run-start");
        RunRecord r = window.runs().runs().runs().get(0);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> r.incumbents().size() >= 1
                && r.state() == RunRecord.State.RUNNING);
        assertEquals(1, window.runs().progressView().getTasks().size(), "the running run is in the progress list");
        robot.clickOn("#run-stop");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, r::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(r.secondsToStop() < 1.0, "stopped after " + r.secondsToStop() + " s");
        assertEquals(Status.CANCELLED, r.result().status());
        assertNotNull(r.result().best(), "Stop keeps the best placement found");
        assertTrue(session.named().containsKey(r.name()), "the stopped run is kept in Placements");
        assertEquals("CANCELLED", session.runs().get(r.name()).status());
    }

    @Test
    void ganttHasOneBarPerOperatorAndAClickSelectsItInTheDag(FxRobot robot) throws Exception {
        waitUntilShown();
        GanttChart chart = window.gantt().model().chart();
        assertEquals(session.problem().operators(), chart.operatorBars(), "one bar per operator");
        Evaluation e = session.evaluation();
        for (GanttChart.Bar b : chart.bars()) {
            if (b.kind() == GanttChart.BarKind.OPERATOR) {
                assertEquals(e.schedule().start()[b.op()], b.start());
                assertEquals(e.schedule().end()[b.op()], b.end());
            }
        }
        assertFalse(chart.criticalPath().isEmpty(), "latency: the critical path is highlighted");
        // zoom in with W, then click the longest bar
        robot.clickOn(window.gantt().view().canvas(), MouseButton.PRIMARY);
        robot.type(javafx.scene.input.KeyCode.W);
        robot.type(javafx.scene.input.KeyCode.S);
        fx(() -> window.gantt().model().fit());
        int longest = -1;
        for (int i = 0; i < chart.bars().size(); i++) {
            GanttChart.Bar b = chart.bars().get(i);
            if (b.kind() == GanttChart.BarKind.OPERATOR && (longest < 0 || b.end() - b.start() > chart.bars()
                    .get(longest).end() - chart.bars().get(longest).start())) {
                longest = i;
            }
        }
        double[] box = chart.barBox(longest, window.gantt().model().view());
        Point2D at = window.gantt().view().canvas().localToScreen(box[0] + box[2] / 2, box[1] + box[3] / 2);
        robot.moveTo(at);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.gantt().view().hoverText().contains(session.problem().graph().op(chart.bars().get(longest)
                .op()).opType()), "the tooltip names the operator");
        robot.clickOn(at, MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        int op = chart.bars().get(longest).op();
        assertTrue(java.util.Arrays.equals(new int[] {op}, window.dag().selectedOps()), "the DAG selects the operator");
        assertEquals(op, window.gantt().model().selectedOpProperty().get(), "and the chart outlines it");
        snapshot("gantt-latency.png");
        fx(() -> window.setDarkTheme(true));
        assertTrue(window.gantt().model().darkProperty().get(), "the chart follows the theme");
        snapshot("gantt-latency-dark.png");
    }

    @Test
    void throughputGanttAndStageTableMarkTheBottleneck(FxRobot robot) throws Exception {
        waitUntilShown();
        Placement pl = split();
        fx(() -> {
            session.objectiveProperty().set(Objective.THROUGHPUT);
            session.replacePlacement("split", pl);
        });
        waitForEvaluationOf(pl, Objective.THROUGHPUT);
        Evaluation e = session.evaluation();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.gantt().model().chart() != null
                && window.gantt().model().chart().microBatches() > 1);
        GanttChart chart = window.gantt().model().chart();
        int m = window.gantt().microBatchesSpinner().getValue();
        assertEquals((long) m * session.problem().operators(), chart.operatorBars());
        assertTrue(chart.rows().get(chart.bottleneckRow()).label().endsWith(e.bottleneck().id()));

        fx(() -> window.showTab(1));
        StageTableModel st = window.stages().model();
        assertEquals(e.pipeline().stages().size(), st.rows().size());
        int b = st.bottleneckRow();
        assertTrue(b >= 0);
        assertEquals(e.bottleneck().id(), st.rows().get(b).device());
        PseudoClass bottleneck = PseudoClass.getPseudoClass("bottleneck");
        List<TableRow<?>> marked = new ArrayList<>();
        for (var n : robot.lookup("#stage-table .table-row-cell").queryAll()) {
            if (n.getPseudoClassStates().contains(bottleneck)) {
                marked.add((TableRow<?>) n);
            }
        }
        assertEquals(1, marked.size(), "exactly one row is marked");
        assertEquals(e.bottleneck().id(), ((StageTableModel.Row) marked.get(0).getItem()).device());
        assertTrue(st.csv().lines().skip(1).anyMatch(l -> l.contains("," + e.bottleneck().id() + ",")
                && l.endsWith(",true")));
        snapshot("stages-throughput.png");
    }

    /**
     * Operators dealt alternately to the A100 and the T4 in topological order hand every sample back and
     * forth: the bottleneck waits for its own sample, its last two samples end more than one period
     * apart, and the legend must say so rather than claim the period.
     */
    @Test
    void ganttLegendSaysWhenTheSpacingStaysAboveThePeriod() throws Exception {
        waitUntilShown();
        Problem p = session.problem();
        int[] dev = new int[p.operators()];
        int[] topo = p.graph().topologicalOrder();
        for (int i = 0; i < topo.length; i++) {
            dev[topo[i]] = 1 + i % 2;
        }
        Placement pingPong = Placement.of(dev);
        fx(() -> {
            session.objectiveProperty().set(Objective.THROUGHPUT);
            session.replacePlacement("ping-pong", pingPong);
        });
        waitForEvaluationOf(pingPong, Objective.THROUGHPUT);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.gantt().model().chart() != null
                && window.gantt().model().chart().microBatches() > 1
                && !window.gantt().model().chart().spacingIsPeriod());
        WaitForAsyncUtils.waitForFxEvents();
        GanttChart chart = window.gantt().model().chart();
        assertTrue(chart.lastSpacing() > chart.period() * 1.01, chart.lastSpacing() + " vs " + chart.period());
        javafx.scene.control.Label note = (javafx.scene.control.Label) window.gantt().view().root()
                .lookup("#gantt-bottleneck-note");
        assertTrue(note.getText().contains("more than the period"), note.getText());
        assertTrue(!note.getText().contains("one period apart"), note.getText());

        Placement pl = split();
        fx(() -> session.replacePlacement("split", pl));
        waitForEvaluationOf(pl, Objective.THROUGHPUT);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.gantt().model().chart() != null
                && window.gantt().model().chart().spacingIsPeriod());
        WaitForAsyncUtils.waitForFxEvents();
        note = (javafx.scene.control.Label) window.gantt().view().root().lookup("#gantt-bottleneck-note");
        assertTrue(note.getText().endsWith("one period apart"), note.getText());
    }

    @Test
    void gapPanelFollowsThePlacement() throws Exception {
        waitUntilShown();
        fx(() -> window.showTab(2));
        var before = window.gap().model();
        assertEquals(session.evaluation().objective(), before.objective());
        // the quick bounds at once; the stronger ones (LP relaxation, bottleneck block) may have come in since
        assertTrue(before.bound() >= session.boundsProperty().get().best());
        assertTrue(before.bound() <= before.objective() * (1 + 1e-9), "a bound is below the objective");
        Placement pl = split();
        fx(() -> session.replacePlacement("split", pl));
        waitForEvaluationOf(pl, Objective.LATENCY);
        var after = window.gap().model();
        assertEquals(new Evaluator(session.problem()).objective(pl, Objective.LATENCY), after.objective());
        assertEquals(org.placementexplorer.solve.SolverResult.gap(after.objective(), after.bound()), after.gap());
        assertFalse(after.bounds().isEmpty());
        assertEquals(1, after.bounds().stream().filter(r -> r.best()).count());
    }

    @Test
    void exportedTraceParsesAndMatchesTheScheduleAndExportsNeverOverwriteUnasked(@TempDir Path dir)
            throws Exception {
        waitUntilShown();
        Path trace = dir.resolve("trace.json");
        fx(() -> window.exports().setChooser((t, n, d, x) -> Optional.of(trace)));
        fx(window::exportTrace);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.exports().written() == 1);
        JsonNode json = Json.read(trace);
        Evaluation e = session.evaluation();
        int ops = 0;
        for (JsonNode ev : json.get("traceEvents")) {
            if (ev.get("ph").asText().equals("X") && ev.get("args").has("id")) {
                int v = session.problem().graph().indexOf(ev.get("args").get("id").asText()).orElseThrow();
                assertEquals(e.schedule().start()[v] * 1e6, ev.get("ts").asDouble(), 1e-9);
                assertEquals((e.schedule().end()[v] - e.schedule().start()[v]) * 1e6, ev.get("dur").asDouble(), 1e-9);
                ops++;
            }
        }
        assertEquals(session.problem().operators(), ops);

        // an existing file is not replaced without asking (dialogs off: the answer is no)
        long before = Files.size(trace);
        Files.writeString(trace, "keep me");
        fx(window::exportTrace);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("keep me", Files.readString(trace));
        assertEquals(1, window.exports().written());
        assertTrue(before > 100);

        // pictures of the DAG and the Gantt chart
        Path svg = dir.resolve("gantt.svg");
        Path png = dir.resolve("dag.png");
        fx(() -> window.exports().setChooser((t, n, d, x) -> Optional.of(x.equals("svg") ? svg : png)));
        fx(() -> window.exportGantt(true));
        fx(() -> window.exportDag(false));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.exports().written() == 3);
        assertTrue(Files.readString(svg).contains("<svg"));
        assertNotNull(ImageIO.read(png.toFile()));
    }

    @Test
    void compareShowsWhatMovedAndBothSchedulesOnOneTimeScale() throws Exception {
        waitUntilShown();
        Placement pl = split();
        fx(() -> {
            session.putNamed("split", pl);
            window.compare().show();
            window.compare().choose(org.placementexplorer.ui.session.SessionFiles.BASELINE, "split");
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.compare().result() != null
                && window.compare().result().b().equals(pl));
        WaitForAsyncUtils.waitForFxEvents();
        var r = window.compare().result();
        int moved = 0;
        for (int v = 0; v < pl.size(); v++) {
            if (r.a().deviceOf(v) != pl.deviceOf(v)) {
                moved++;
            }
        }
        assertEquals(moved, r.moved());
        assertTrue(moved > 0);
        assertEquals(window.compare().ganttA().windowProperty().get(), window.compare().ganttB().windowProperty()
                .get(), "both charts show the same time window");
        Evaluator ev = new Evaluator(session.problem());
        var latency = window.compare().metricsTable().getItems().get(0);
        assertEquals(org.placementexplorer.util.Fmt.time(ev.objective(pl, Objective.LATENCY),
                session.problem().units()), latency.b());
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> window.compare().stage().getScene().snapshot(null)).get();
        write(img, "compare.png");
    }

    @Test
    void teachingModeStepsThroughThePipelineAndPlotsTheBubble() throws Exception {
        waitUntilShown();
        Placement pl = split();
        fx(() -> {
            session.replacePlacement("split", pl);
            window.teaching().show();
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.teaching().model() != null
                && window.teaching().model().schedule().pipeline().stages().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        var t = window.teaching();
        var m = t.model();
        assertEquals(2, m.stages());
        fx(() -> t.microBatchesSlider().setValue(16));
        assertEquals(16, m.microBatches());
        assertEquals(1.0 / (16 + 1), m.idealBubble(), 1e-12, "(S − 1)/(M + S − 1) with S = 2, M = 16");
        assertEquals(m.schedule().bubble(16), m.bubble());
        fx(t::step);
        double first = t.time();
        assertTrue(first > 0);
        fx(t::step);
        assertTrue(t.time() > first, "Step moves to the next event");
        assertTrue(t.explanationText().contains("(S − 1) / (M + S − 1)"));
        assertTrue(t.figuresText().contains("M = 16"));
        assertEquals(3, t.bubbleChart().getData().size());
        assertEquals(64, t.bubbleChart().getData().get(0).getData().size());
        fx(t::togglePlay);
        assertTrue(t.playing());
        fx(t::togglePlay);
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> t.stage().getScene().snapshot(null)).get();
        write(img, "teaching.png");
    }

    /** Stop on the registry's anytime solvers (local search, slicegraph, milp) when this build has them. */
    @Test
    void stopDuringARealAnytimeSolverKeepsItsBestPlacement(FxRobot robot) throws Exception {
        List<String> anytime = new ArrayList<>();
        for (String name : List.of("local-search", "slicegraph", "milp")) {
            if (SolverRegistry.byName(name).isPresent()) {
                anytime.add(name);
            }
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(anytime.isEmpty(),
                "no anytime solver (local-search, slicegraph, milp) in this build yet");
        waitUntilShown();
        for (String name : anytime) {
            fx(() -> {
                session.objectiveProperty().set(Objective.THROUGHPUT);
                window.showTab(3);
                window.runs().setSolver(name);
                window.runs().setSeconds(120);
                window.runs().setApplyWhenDone(false);
            });
            robot.clickOn("#run-start");
            RunRecord r = window.runs().runs().runs().get(window.runs().runs().runs().size() - 1);
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !r.incumbents().isEmpty() || r.isDone());
            if (r.isDone()) {
                continue; // finished (proved optimal) before it could be stopped
            }
            fx(window.runs()::stopRun);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, r::isDone);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(r.secondsToStop() < 1.0, name + " stopped after " + r.secondsToStop() + " s");
            assertNotNull(r.result().best(), name + " keeps its best placement");
            assertTrue(session.named().containsKey(r.name()));
        }
    }

    /** As a new user would: the bundled ONNX model, the exact pipeline solver, Compare and teaching on its result. */
    @Test
    void onnxModelExactSolverThenCompareAndTeach(FxRobot robot) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(SolverRegistry.byName("dp").isPresent(),
                "the dp solver is not registered in this build");
        waitUntilShown();
        fx(() -> window.openSample("paddleocr-mobile-v2-cls.onnx"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.isOpen()
                && session.problem().graph().name().startsWith("paddleocr") && session.evaluation() != null
                && !session.evaluatingProperty().get());
        Placement baseline = session.placement();
        fx(() -> {
            session.objectiveProperty().set(Objective.THROUGHPUT);
            window.showTab(3);
            window.runs().setSolver("dp");
            window.runs().setSeconds(30);
        });
        robot.clickOn("#run-start");
        RunRecord r = window.runs().runs().runs().get(0);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, r::isDone);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(r.result().best());
        double period = new Evaluator(session.problem()).objective(session.named().get(r.name()), Objective.THROUGHPUT);
        assertEquals(period, r.result().best().objective(), 0);
        assertTrue(period < new Evaluator(session.problem()).objective(baseline, Objective.THROUGHPUT));
        fx(() -> {
            window.compare().show();
            window.compare().choose(org.placementexplorer.ui.session.SessionFiles.BASELINE, r.name());
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.compare().result() != null
                && window.compare().result().b().equals(session.named().get(r.name())));
        var cmp = window.compare().result();
        assertTrue(cmp.moved() > 0);
        assertEquals(cmp.ganttA().microBatches(), cmp.ganttB().microBatches(), "both charts stream as many samples");
        assertTrue(cmp.ganttB().bottleneckRow() >= 0);
        fx(() -> window.teaching().show());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.teaching().model() != null
                && window.teaching().model().stages() == cmp.evalB().pipeline().stages().size());
        assertEquals(period, window.teaching().model().period(), 0);
    }

    private void snapshot(String name) throws Exception {
        write(WaitForAsyncUtils.asyncFx(() -> window.scene().snapshot(null)).get(), name);
    }

    private static void write(WritableImage img, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        File f = out.resolve(name).toFile();
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", f);
        assertTrue(f.length() > 10_000);
    }
}
