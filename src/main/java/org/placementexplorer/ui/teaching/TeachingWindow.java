package org.placementexplorer.ui.teaching;

import java.util.ArrayList;
import java.util.List;

import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Subscription;

import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.eval.PipelineSchedule;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.session.Latest;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.theme.Bounded;
import org.placementexplorer.ui.theme.RasterLayer;
import org.placementexplorer.util.Fmt;

/**
 * Teaching mode: micro-batches flowing through the stages of the current placement (fill, steady
 * state, drain) with play/pause/step, a slider for M, the bubble fraction from the schedule and from
 * (S − 1)/(M + S − 1) and the throughput against M plotted as M changes, and a paragraph that
 * explains them. Space plays or pauses, → steps to the next event, Home restarts.
 */
public final class TeachingWindow implements AutoCloseable {
    private final Session session;
    private final Stage stage = new Stage();
    private final Pane host = new Pane();
    private final Canvas canvas = new Canvas(); // the event surface; the picture is painted off the FX thread
    private final RasterLayer raster = new RasterLayer("teaching");
    private final Button play = new Button("▶ Play");
    private final Button step = new Button("Step ▸");
    private final Button restart = new Button("⟲ Restart");
    private final Slider speed = new Slider(0.25, 4, 1);
    private final Slider microBatches = new Slider(1, TeachingModel.MAX_MICRO_BATCHES, 8);
    private final Label mLabel = new Label();
    private final Label figures = new Label();
    private final Label explanation = new Label();
    private final NumberAxis bx = new NumberAxis(1, TeachingModel.MAX_MICRO_BATCHES, 8);
    private final NumberAxis by = new NumberAxis(0, 1, 0.1);
    private final LineChart<Number, Number> bubbleChart = new LineChart<>(bx, by);
    private final NumberAxis tx = new NumberAxis(1, TeachingModel.MAX_MICRO_BATCHES, 8);
    private final NumberAxis ty = new NumberAxis();
    private final LineChart<Number, Number> throughputChart = new LineChart<>(tx, ty);
    private final Latest<PipelineSchedule> worker = new Latest<>("teaching");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AnimationTimer timer;
    private TeachingModel model;
    private double t;
    private boolean playing;
    private long lastNanos;
    private boolean dark;
    private long built;

    public TeachingWindow(Session session, Window owner) {
        this.session = session;
        stage.initOwner(owner);
        stage.setTitle("Teaching mode: how a pipeline fills, runs and drains — Placement Explorer");
        canvas.setId("teaching-canvas");
        host.getChildren().addAll(raster.node(), canvas);
        host.setMinSize(0, 0);
        canvas.widthProperty().bind(host.widthProperty());
        canvas.heightProperty().bind(host.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> paint());
        canvas.heightProperty().addListener((o, a, b) -> paint());
        play.setId("teach-play");
        step.setId("teach-step");
        microBatches.setId("teach-m");
        play.setOnAction(e -> togglePlay());
        step.setOnAction(e -> step());
        restart.setOnAction(e -> restart());
        play.setTooltip(new Tooltip("Play or pause (Space)"));
        step.setTooltip(new Tooltip("Jump to the next time a stage starts or ends a sample (→)"));
        restart.setTooltip(new Tooltip("Back to the start (Home)"));
        speed.setPrefWidth(110);
        speed.setTooltip(new Tooltip("Animation speed"));
        microBatches.setMajorTickUnit(8);
        microBatches.setMinorTickCount(7);
        microBatches.setSnapToTicks(true);
        microBatches.setShowTickMarks(true);
        microBatches.setPrefWidth(260);
        microBatches.valueProperty().addListener((o, a, b) -> {
            int m = (int) Math.round(b.doubleValue());
            if (model != null && m != model.microBatches()) {
                model.setMicroBatches(m);
                t = Math.min(t, model.makespan());
                updateTexts();
                updateCharts();
                paint();
            }
            mLabel.setText("M = " + m);
        });
        mLabel.setText("M = 8");
        mLabel.setId("teach-m-label");
        mLabel.setMinWidth(60);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, play, step, restart, new Label("Speed"), speed, spacer, new Label("Micro-batches"),
                microBatches, mLabel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("pane-bar");

        bubbleChart.setTitle("Bubble fraction against M");
        bubbleChart.setAnimated(false);
        bubbleChart.setCreateSymbols(false);
        bubbleChart.setId("teach-bubble-chart");
        bx.setLabel("micro-batches M");
        by.setLabel("bubble");
        throughputChart.setTitle("Throughput against M");
        throughputChart.setAnimated(false);
        throughputChart.setCreateSymbols(false);
        throughputChart.setId("teach-throughput-chart");
        tx.setLabel("micro-batches M");
        ty.setForceZeroInRange(true);
        HBox charts = new HBox(6, bubbleChart, throughputChart);
        HBox.setHgrow(bubbleChart, Priority.ALWAYS);
        HBox.setHgrow(throughputChart, Priority.ALWAYS);
        charts.setMinHeight(0);

        figures.setWrapText(true);
        figures.setId("teach-figures");
        figures.getStyleClass().add("teach-figures");
        explanation.setWrapText(true);
        explanation.setId("teach-explanation");
        Label title = new Label("What you see");
        title.getStyleClass().add("pane-title");
        VBox text = new VBox(10, title, figures, explanation);
        text.setPadding(new Insets(10));
        text.setFillWidth(true);
        ScrollPane textScroll = new ScrollPane(text);
        textScroll.setFitToWidth(true);
        textScroll.setMinWidth(0);

        SplitPane left = new SplitPane(host, charts);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.55);
        SplitPane main = new SplitPane(left, textScroll);
        main.setDividerPositions(0.72);
        BorderPane root = new BorderPane(main);
        root.setTop(bar);
        root.getStyleClass().add("explorer");
        Bounded.toBox(root); // repaint what changes, not the whole window (ADR 50)
        Scene scene = new Scene(root, 1500, 900);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                togglePlay();
                e.consume();
            } else if (e.getCode() == KeyCode.RIGHT) {
                step();
                e.consume();
            } else if (e.getCode() == KeyCode.HOME) {
                restart();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE
                    || e.getCode() == KeyCode.W && e.isShortcutDown()) {
                if (playing) {
                    togglePlay();
                }
                stage.hide();
                e.consume();
            }
        });
        stage.setScene(scene);
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastNanos == 0) {
                    lastNanos = now;
                    return;
                }
                double dt = (now - lastNanos) / 1e9;
                lastNanos = now;
                advance(dt);
            }
        };
        subscriptions.add(session.placementProperty().subscribe(p -> rebuild()));
        subscriptions.add(session.problemProperty().subscribe(p -> rebuild()));
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        if (stage.getOwner() != null && stage.getOwner().getScene() != null) {
            stage.getScene().getStylesheets().setAll(stage.getOwner().getScene().getStylesheets());
        }
        stage.show();
        stage.toFront();
        paint();
    }

    public void setDark(boolean d) {
        dark = d;
        if (stage.getOwner() != null && stage.getOwner().getScene() != null) {
            stage.getScene().getStylesheets().setAll(stage.getOwner().getScene().getStylesheets());
        }
        paint();
    }

    public TeachingModel model() {
        return model;
    }

    /** Schedules computed so far (tests wait on it). */
    public long built() {
        return built;
    }

    public double time() {
        return t;
    }

    public boolean playing() {
        return playing;
    }

    public Slider microBatchesSlider() {
        return microBatches;
    }

    public String explanationText() {
        return explanation.getText();
    }

    public String figuresText() {
        return figures.getText();
    }

    public LineChart<Number, Number> bubbleChart() {
        return bubbleChart;
    }

    private void rebuild() {
        Problem p = session.problem();
        Placement pl = session.placement();
        if (p == null || pl == null || pl.size() != p.operators()) {
            worker.cancel();
            return;
        }
        worker.submit(() -> new Evaluator(p).pipelinedSchedule(pl, TeachingModel.MAX_MICRO_BATCHES), s -> {
            int m = (int) Math.round(microBatches.getValue());
            model = new TeachingModel(p, s, m);
            built++;
            t = Math.min(t, model.makespan());
            updateTexts();
            updateCharts();
            paint();
        }, err -> explanation.setText("Cannot build the pipelined schedule: " + err));
    }

    public void togglePlay() {
        if (model == null) {
            return;
        }
        playing = !playing;
        if (playing && t >= model.makespan()) {
            t = 0;
        }
        play.setText(playing ? "❚❚ Pause" : "▶ Play");
        lastNanos = 0;
        if (playing) {
            timer.start();
        } else {
            timer.stop();
        }
    }

    public void step() {
        if (model == null) {
            return;
        }
        if (playing) {
            togglePlay();
        }
        t = model.nextEvent(t);
        updateTexts();
        paint();
    }

    public void restart() {
        t = 0;
        updateTexts();
        paint();
    }

    /** Moves the animation on by {@code seconds} of wall time (the whole run lasts about 10 s at speed 1). */
    void advance(double seconds) {
        if (model == null) {
            return;
        }
        double rate = model.makespan() / 10.0 * speed.getValue();
        t = Math.min(model.makespan(), t + seconds * rate);
        if (t >= model.makespan() && playing) {
            togglePlay();
        }
        updateTexts();
        paint();
    }

    private void paint() {
        if (model == null || canvas.getWidth() < 2 || canvas.getHeight() < 2) {
            return;
        }
        raster.show(model.draw(t, canvas.getWidth(), canvas.getHeight(), dark));
    }

    private void updateTexts() {
        if (model == null) {
            return;
        }
        var u = model.problem().units();
        figures.setText("Stages S = " + model.stages() + ",  micro-batches M = " + model.microBatches() + "\n"
                + "period " + Fmt.time(model.period(), u) + ",  one sample " + Fmt.time(model.latency(), u)
                + ",  all M " + Fmt.time(model.makespan(), u) + "\n"
                + "bubble: " + Fmt.percent(model.bubble()) + " in this schedule,  " + Fmt.percent(model.idealBubble())
                + " by (S − 1)/(M + S − 1)\n"
                + "throughput: " + rate(model.throughput()) + " now,  " + rate(1 / model.period())
                + " at most (1 / period)");
        explanation.setText(model.explanation());
    }

    private String rate(double perUnit) {
        var u = model.problem().units();
        return u.physical() ? Fmt.num(perUnit) + " samples/s" : Fmt.num(perUnit) + " samples per " + u.time();
    }

    private void updateCharts() {
        if (model == null) {
            return;
        }
        XYChart.Series<Number, Number> sched = new XYChart.Series<>();
        sched.setName("this schedule");
        XYChart.Series<Number, Number> ideal = new XYChart.Series<>();
        ideal.setName("(S − 1)/(M + S − 1)");
        XYChart.Series<Number, Number> mark = new XYChart.Series<>();
        mark.setName("M now");
        XYChart.Series<Number, Number> thr = new XYChart.Series<>();
        thr.setName("M / makespan");
        XYChart.Series<Number, Number> limit = new XYChart.Series<>();
        limit.setName("1 / period");
        XYChart.Series<Number, Number> thrMark = new XYChart.Series<>();
        thrMark.setName("M now");
        for (double[] c : model.curves()) {
            sched.getData().add(new XYChart.Data<>(c[0], c[1]));
            ideal.getData().add(new XYChart.Data<>(c[0], c[2]));
            thr.getData().add(new XYChart.Data<>(c[0], c[3]));
        }
        int m = model.microBatches();
        mark.getData().add(new XYChart.Data<>(m, 0));
        mark.getData().add(new XYChart.Data<>(m, 1));
        limit.getData().add(new XYChart.Data<>(1, 1 / model.period()));
        limit.getData().add(new XYChart.Data<>(TeachingModel.MAX_MICRO_BATCHES, 1 / model.period()));
        thrMark.getData().add(new XYChart.Data<>(m, 0));
        thrMark.getData().add(new XYChart.Data<>(m, 1 / model.period()));
        bubbleChart.getData().setAll(List.of(sched, ideal, mark));
        throughputChart.getData().setAll(List.of(thr, limit, thrMark));
        ty.setLabel(model.problem().units().physical() ? "samples per second" : "samples per " + model.problem()
                .units().time());
    }

    @Override
    public void close() {
        timer.stop();
        subscriptions.forEach(Subscription::unsubscribe);
        worker.close();
        stage.close();
    }
}
