package org.placementexplorer.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javafx.application.Platform;
import javafx.stage.Stage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.explorer.ExplorerWindow;
import org.placementexplorer.ui.session.Session;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * GUI benchmarks (not unit tests; run with {@code mvn -o test -Pbench-gui}). Figures go to stdout
 * and target/bench-gui.txt; docs/benchmarks.md ("GUI") records them.
 * <ol>
 *   <li>drop → repaint on a 1,500-operator graph: from the drop handler's assign to the first
 *       pulse after the evaluator's result is shown (status bar, cards, colours);</li>
 *   <li>the FX thread's worst block while opening, laying out and evaluating the largest shared
 *       ONNX model (or a 772-operator synthetic graph when the ONNX importer or the model is
 *       absent), measured by a probe that posts to the FX thread every 2 ms;</li>
 *   <li>redraw time of the DAG canvas with 5,000 operators fitted on screen (all drawn).</li>
 * </ol>
 */
@Tag("bench")
@ExtendWith(ApplicationExtension.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class GuiBenchmark {
    static {
        App.renderingDefaults(); // as the launcher does, before JavaFX starts
    }

    @TempDir
    static Path config;
    private ExplorerWindow window;
    private Session session;
    private Stage stage;
    private final StringBuilder report = new StringBuilder();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        session = new Session();
        window = TestWindows.show(stage, session, config, 1500, 920);
    }

    @Stop
    void stop() throws Exception {
        window.close();
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "bench-gui.txt"), report.toString(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private void line(String fmt, Object... args) {
        report.append(String.format(Locale.ROOT, fmt, args)).append('\n');
    }

    private void openGraph(OpGraph g, String cluster) throws Exception {
        Problem p = AnalyticCostModel.problem(g, Samples.cluster(cluster));
        int[] dev = new int[g.size()];
        for (int v = 0; v < dev.length; v++) {
            dev[v] = 1 + (v * p.deviceCount() / dev.length) % (p.deviceCount() - 1);
        }
        Placement pl = Placement.of(dev);
        LoadedModel m = new LoadedModel(g.name(), "synthetic", g, null, List.of());
        WaitForAsyncUtils.asyncFx(() -> session.open(new Session.Opened(m, p, pl, Objective.LATENCY,
                new java.util.LinkedHashMap<>(), "current", null, java.util.Map.of()))).get();
        waitShown();
    }

    private void waitShown() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.dag().layout() != null
                && !window.dag().layingOutProperty().get() && session.evaluation() != null
                && !session.evaluatingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void dropToRepaintOn1500Operators(FxRobot robot) throws Exception {
        OpGraph g = SyntheticGraphs.blocks(50);
        openGraph(g, "dgx-8gpu");
        for (Objective o : Objective.values()) {
            WaitForAsyncUtils.asyncFx(() -> session.objectiveProperty().set(o)).get();
            waitShown();
            List<Double> total = new ArrayList<>();
            List<Double> dagTotal = new ArrayList<>();
            List<Double> eval = new ArrayList<>();
            List<Double> sync = new ArrayList<>();
            List<Double> applied = new ArrayList<>();
            AtomicLong appliedAt = new AtomicLong();
            Random rnd = new Random(7);
            AtomicLong shownAt = new AtomicLong();
            AtomicBoolean armed = new AtomicBoolean();
            for (int k = 0; k < 40; k++) {
                int block = rnd.nextInt(50);
                int[] ops = new int[30];
                for (int i = 0; i < 30; i++) {
                    ops[i] = block * 30 + i;
                }
                int target = (session.placement().deviceOf(ops[0]) + 1 + rnd.nextInt(session.problem().deviceCount() - 1))
                        % session.problem().deviceCount();
                CountDownLatch done = new CountDownLatch(1);
                long[] t0 = new long[1];
                long[] ganttBefore = new long[1];
                AtomicLong dagShownAt = new AtomicLong();
                var dagRaster = window.dag().raster();
                var ganttRaster = window.gantt().view().raster();
                // on screen: the pulse after the rasterised DAG (colours), and then the status bar, the
                // device cards and a new rasterised Gantt chart, are in the scene
                Runnable pulse = () -> {
                    if (dagShownAt.get() == 0 && dagRaster.upToDate()) {
                        dagShownAt.set(System.nanoTime());
                    }
                    if (armed.get() && shownAt.get() == 0 && dagShownAt.get() != 0 && ganttRaster.upToDate()
                            && ganttRaster.shown() > ganttBefore[0]) {
                        shownAt.set(System.nanoTime());
                        done.countDown();
                    }
                };
                var sub = session.evaluationProperty().subscribe(e -> {
                    armed.set(true);
                    appliedAt.set(System.nanoTime());
                });
                WaitForAsyncUtils.asyncFx(() -> {
                    window.scene().addPostLayoutPulseListener(pulse);
                    window.dag().selectOps(ops, false);
                    armed.set(false);
                    shownAt.set(0);
                    ganttBefore[0] = ganttRaster.shown();
                    t0[0] = System.nanoTime();
                    window.assignSelection(target); // what the drop handler calls
                    sync.add((System.nanoTime() - t0[0]) / 1e6);
                }).get();
                if (!done.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("no repaint after the drop");
                }
                WaitForAsyncUtils.asyncFx(() -> window.scene().removePostLayoutPulseListener(pulse)).get();
                sub.unsubscribe();
                total.add((shownAt.get() - t0[0]) / 1e6);
                dagTotal.add((dagShownAt.get() - t0[0]) / 1e6);
                applied.add((appliedAt.get() - t0[0]) / 1e6);
                eval.add(session.lastEvaluationNanos() / 1e6);
            }
            line("drop->repaint, %d operators, %s, %d drops of 30 operators: median %.1f ms, p90 %.1f ms, max %.1f ms "
                    + "(evaluator alone: median %.2f ms, max %.2f ms)", g.size(), o.jsonName(), total.size(),
                    pct(total, 50), pct(total, 90), pct(total, 100), pct(eval, 50), pct(eval, 100));
            line("   of which: drop handler on the FX thread median %.1f ms (max %.1f); DAG colours on screen after median"
                    + " %.1f ms (max %.1f); result applied after median %.1f ms; chart painted off the FX thread in %.1f ms"
                    + " (last); load average %s", pct(sync, 50), pct(sync, 100), pct(dagTotal, 50), pct(dagTotal, 100),
                    pct(applied, 50), window.gantt().view().raster().lastRasterNanos() / 1e6, loadAverage());
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1) // first, so that its start is a fresh JVM's
    void fxThreadWorstBlockWhileOpeningTheLargestSharedModel(FxRobot robot) throws Exception {
        Path shared = Path.of(System.getProperty("shared.dir", "../shared"), "onnx", "all-minilm-l6-v2-q.onnx");
        boolean onnx = Files.exists(shared) && org.placementexplorer.io.ModelLoader.importers().size() > 1
                && acceptsOnnx(shared);
        Probe probe = new Probe();
        probe.start();
        // as the app starts: the window opens the first bundled sample (App.start), in a fresh JVM
        WaitForAsyncUtils.asyncFx(() -> window.openSample(org.placementexplorer.io.Samples.GRAPHS.get(0))).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.problem() != null);
        waitShown();
        Thread.sleep(1000);
        long startWorst = probe.worstAndReset();
        long startNoise = probe.noiseAndReset();
        if (Probe.DEEP) {
            report.append("   start phase, FX thread while blocked:\n").append(probe.blockedReport());
        }
        String startSched = probe.takeSched();
        var sample = session.problem();
        long t0 = System.nanoTime();
        String what;
        if (onnx) {
            WaitForAsyncUtils.asyncFx(() -> window.open(shared)).get();
            what = shared.getFileName().toString();
        } else {
            WaitForAsyncUtils.asyncFx(() -> { }).get();
            openGraph(SyntheticGraphs.blocks(26), "cpu-2gpu");
            what = "synthetic 780-operator graph (ONNX importer not available)";
        }
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.problem() != sample);
        waitShown();
        double opened = (System.nanoTime() - t0) / 1e6;
        long openWorst = probe.worstAndReset();
        long openNoise = probe.noiseAndReset();
        if (Probe.DEEP) {
            report.append("   open phase, FX thread while blocked:\n").append(probe.blockedReport());
        }
        String openSched = probe.takeSched();
        // evaluate: 30 edits in a row, then undo them all
        for (int k = 0; k < 30; k++) {
            int d = k % session.problem().deviceCount();
            int from = k * 10 % session.problem().operators();
            int[] ops = new int[Math.min(25, session.problem().operators() - from)];
            for (int i = 0; i < ops.length; i++) {
                ops[i] = from + i;
            }
            WaitForAsyncUtils.asyncFx(() -> {
                window.dag().selectOps(ops, false);
                window.assignSelection(d);
            }).get();
            Thread.sleep(15);
        }
        for (int k = 0; k < 30; k++) {
            WaitForAsyncUtils.asyncFx(session::undo).get();
        }
        waitShown();
        long editWorst = probe.worstAndReset();
        long editNoise = probe.noiseAndReset();
        // lay out again: collapse and expand
        var layout = window.dag().layout();
        WaitForAsyncUtils.asyncFx(() -> window.dag().collapseDepth(1)).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.dag().layout() != layout
                && !window.dag().layingOutProperty().get());
        var layout2 = window.dag().layout();
        WaitForAsyncUtils.asyncFx(() -> window.dag().expandAll()).get();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.dag().layout() != layout2
                && !window.dag().layingOutProperty().get());
        WaitForAsyncUtils.asyncFx(() -> window.dag().fit()).get();
        WaitForAsyncUtils.waitForFxEvents();
        long layoutWorst = probe.worstAndReset();
        long layoutNoise = probe.noiseAndReset();
        probe.stop();
        line("FX thread worst block at start (window opens the bundled sample %s, fresh JVM): %.1f ms (machine noise %.1f ms)",
                org.placementexplorer.io.Samples.GRAPHS.get(0), startWorst / 1e6, startNoise / 1e6);
        line("FX thread worst block, %s (%d operators): open+layout+first evaluation %.1f ms (took %.0f ms in all), "
                + "30 edits + 30 undos %.1f ms, collapse+expand re-layout %.1f ms; layout engine %s took %d ms",
                what, session.problem().operators(), openWorst / 1e6, opened, editWorst / 1e6, layoutWorst / 1e6,
                window.dag().layout().engine(), window.dag().layout().millis());
        line("   scheduling noise of the machine (a plain thread's worst oversleep) in the same phases: %.1f / %.1f / %.1f ms;"
                + " load average %s", openNoise / 1e6, editNoise / 1e6, layoutNoise / 1e6, loadAverage());
        if (System.getProperty("bench.stacks") != null) {
            report.append("   FX thread samples while blocked > 40 ms:\n").append(probe.blockedReport());
        }
        if (SchedTrace.ON) {
            line("   worst block at start: %s", startSched);
            line("   worst block opening: %s", openSched);
        }
    }

    static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f on %d cores",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static boolean acceptsOnnx(Path p) {
        try {
            org.placementexplorer.io.ModelLoader.load(p);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void redrawWith5000OperatorsOnScreen(FxRobot robot) throws Exception {
        OpGraph g = SyntheticGraphs.blocks(167);
        long t0 = System.nanoTime();
        openGraph(g, "dgx-8gpu");
        double shown = (System.nanoTime() - t0) / 1e6;
        WaitForAsyncUtils.asyncFx(() -> window.dag().expandAll()).get();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.dag().visibleGraph().size() == g.size()
                && !window.dag().layingOutProperty().get());
        double[] zooms = {0, 0.05, 0.3, 1.0};
        for (double z : zooms) {
            List<Double> times = new ArrayList<>();
            int[] drawn = new int[1];
            for (int k = 0; k < 20; k++) {
                final int kk = k;
                WaitForAsyncUtils.asyncFx(() -> {
                    if (z == 0) {
                        window.dag().fit();
                    } else {
                        window.dag().fit();
                        window.dag().zoomBy(z / window.dag().zoom());
                        window.dag().panBy(kk * 7, kk * 11);
                    }
                    window.dag().redraw();
                    drawn[0] = window.dag().lastDrawnNodes();
                    times.add(window.dag().lastRedrawNanos() / 1e6);
                }).get();
            }
            line("canvas redraw, %d operators, zoom %s: %d boxes drawn, median %.1f ms, max %.1f ms", g.size(),
                    z == 0 ? String.format(Locale.ROOT, "fit (%.3f)", window.dag().zoom()) : String.valueOf(z), drawn[0],
                    pct(times, 50), pct(times, 100));
        }
        line("5,000-operator graph: opened with top-level scopes collapsed and laid out in %.0f ms; full layout %d ms (%s)",
                shown, window.dag().layout().millis(), window.dag().layout().engine());
    }

    private static double pct(List<Double> v, int p) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int i = (int) Math.ceil(p / 100.0 * a.length) - 1;
        return a[Math.max(0, Math.min(a.length - 1, i))];
    }

    /**
     * Posts to the FX thread every 2 ms and keeps the longest wait until a post ran. Beside it, a
     * plain thread sleeping 2 ms at a time records its own worst oversleep: the scheduling noise of
     * the machine (other processes), which the FX figure includes too.
     */
    static final class Probe {
        private final AtomicLong worst = new AtomicLong();
        private final AtomicLong noise = new AtomicLong();
        private Thread control;
        private volatile boolean running;
        final SchedTrace sched = new SchedTrace();
        private volatile String worstSched = "";
        private Thread thread;

        void start() {
            running = true;
            sched.start();
            thread = new Thread(() -> {
                while (running) {
                    long[] fx0 = sched.fx();
                    long t = System.nanoTime();
                    CountDownLatch ran = new CountDownLatch(1);
                    current.clear();
                    long[] runAt = new long[1];
                    long[][] fx1 = new long[1][];
                    Platform.runLater(() -> {
                        long d = System.nanoTime() - t;
                        runAt[0] = t + d;
                        if (SchedTrace.ON && d > 40_000_000) {
                            fx1[0] = sched.fx();
                        }
                        if (d > worst.get() && DEEP) {
                            worstSamples = new ArrayList<>(current);
                        }
                        worst.accumulateAndGet(d, Math::max);
                        ran.countDown();
                    });
                    try {
                        // while the FX thread is blocked, sample what it is doing (for the report)
                        long waited = 0;
                        while (!ran.await(DEEP ? 5 : 40, TimeUnit.MILLISECONDS)) {
                            waited += DEEP ? 5 : 40;
                            if (waited >= 40) {
                                sampleFxThread();
                            }
                        }
                        if (SchedTrace.ON && runAt[0] - t > 40_000_000 && runAt[0] - t >= worst.get()) {
                            worstSched = sched.describe(t, runAt[0], fx0, fx1[0]);
                        }
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fx-probe");
            thread.setDaemon(true);
            thread.start();
            control = new Thread(() -> {
                while (running) {
                    long t = System.nanoTime();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                    noise.accumulateAndGet(System.nanoTime() - t - 2_000_000, Math::max);
                }
            }, "noise-probe");
            control.setDaemon(true);
            control.start();
        }

        final java.util.Map<String, Integer> blockedAt = new java.util.concurrent.ConcurrentHashMap<>();

        static final boolean DEEP = "2".equals(System.getProperty("bench.stacks"));
        final List<String> current = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile List<String> worstSamples = List.of();
        final java.util.Map<String, Integer> frames = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger samples = new java.util.concurrent.atomic.AtomicInteger();

        private void sampleFxThread() {
            if (DEEP) {
                for (var e : Thread.getAllStackTraces().entrySet()) {
                    if (e.getKey().getName().equals("JavaFX Application Thread")) {
                        samples.incrementAndGet();
                        StringBuilder one = new StringBuilder(String.format(Locale.ROOT, "%6.1f ", System.nanoTime() / 1e6 % 100000));
                        int depth = 0;
                        for (StackTraceElement f : e.getValue()) {
                            String n = f.getClassName().replaceAll(".*\\.", "") + "." + f.getMethodName();
                            if (depth++ < 3 || f.getClassName().startsWith("org.placementexplorer") || n.contains("Pass")
                                    || n.contains("Skin.<init>") || n.contains("waitForRendering") || n.contains("runLater")) {
                                one.append(n).append(' ');
                            }
                        }
                        current.add(one.toString());
                        java.util.Set<String> seen = new java.util.HashSet<>();
                        for (StackTraceElement f : e.getValue()) {
                            String n = f.getClassName().replaceAll(".*\\.", "") + "." + f.getMethodName();
                            if (f.getClassName().startsWith("org.placementexplorer") || n.contains("Skin.<init>")
                                    || n.contains("layoutChildren") || n.contains("CSSPass") || n.contains("LayoutPass")
                                    || n.contains("updateItem") || n.contains("waitForRendering")
                                    || f.getClassName().contains("controlsfx")) {
                                seen.add(n);
                            }
                        }
                        seen.forEach(n -> frames.merge(n, 1, Integer::sum));
                    }
                }
            }
            for (var e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().equals("JavaFX Application Thread")
                        || e.getKey().getName().startsWith("QuantumRenderer")) {
                    StringBuilder sb = new StringBuilder(e.getKey().getName().substring(0, 5) + ": ");
                    int k = 0;
                    for (StackTraceElement f : e.getValue()) {
                        if (k++ < 14 || f.getClassName().startsWith("org.placementexplorer")) {
                            sb.append(f.getClassName().replaceAll(".*\\.", "")).append('.').append(f.getMethodName())
                                    .append(' ');
                        }
                        if (f.getClassName().startsWith("org.placementexplorer")) {
                            break;
                        }
                    }
                    blockedAt.merge(sb.toString(), 1, Integer::sum);
                }
            }
        }

        String blockedReport() {
            StringBuilder sb = new StringBuilder();
            if (DEEP) {
                sb.append("      worst block, FX thread every 5 ms:\n");
                worstSamples.forEach(x -> sb.append("        ").append(x.length() > 400 ? x.substring(0, 400) : x).append('\n'));
                worstSamples = List.of();
                sb.append("      FX samples: ").append(samples.get()).append('\n');
                frames.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(60)
                        .forEach(e -> sb.append("        ").append(e.getValue()).append(' ').append(e.getKey()).append('\n'));
                frames.clear();
                samples.set(0);
            }
            blockedAt.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                    .forEach(e -> sb.append("      ").append(e.getValue()).append("x ").append(e.getKey()).append('\n'));
            return sb.toString();
        }

        /** With -Dbench.sched=1: where the FX thread's time went in the worst block since the last call. */
        String takeSched() {
            String s = worstSched;
            worstSched = "";
            return s.isEmpty() ? "no block over 40 ms" : s;
        }

        long worstAndReset() {
            return worst.getAndSet(0);
        }

        long noiseAndReset() {
            return noise.getAndSet(0);
        }

        void stop() throws InterruptedException {
            running = false;
            sched.stop();
            thread.join(1000);
            control.join(1000);
        }
    }
}
