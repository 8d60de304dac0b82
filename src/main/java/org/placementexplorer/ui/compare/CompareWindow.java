package org.placementexplorer.ui.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Subscription;

import org.placementexplorer.draw.DagDrawing;
import org.placementexplorer.draw.DagPicture;
import org.placementexplorer.draw.GanttChart;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.dag.DagPictureBuilder;
import org.placementexplorer.ui.dag.DagView;
import org.placementexplorer.ui.gantt.GanttModel;
import org.placementexplorer.ui.gantt.GanttView;
import org.placementexplorer.ui.session.Latest;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.stages.StageTableModel;
import org.placementexplorer.ui.stages.StageTableView;
import org.placementexplorer.ui.theme.Bounded;
import org.placementexplorer.ui.theme.RasterLayer;

/**
 * Two placements side by side: the graph once, with the operators that moved between A and B
 * outlined and split in their two devices' colours; the two Gantt charts one above the other on the
 * same time scale; the two stage tables; and a table of metrics with B − A. A and B are the current
 * placement or any named one (e.g. a heuristic's result and the exact solver's).
 */
public final class CompareWindow implements AutoCloseable {
    public static final String CURRENT = "(current placement)";
    private static final PseudoClass BETTER = PseudoClass.getPseudoClass("better");
    private static final PseudoClass WORSE = PseudoClass.getPseudoClass("worse");

    private final Session session;
    private final DagView dag;
    private final Stage stage = new Stage();
    private final ComboBox<String> pickA = new ComboBox<>();
    private final ComboBox<String> pickB = new ComboBox<>();
    private final Label summary = new Label();
    private final Pane dagHost = new Pane();
    private final Canvas dagCanvas = new Canvas(); // the event surface; the graph is painted off the FX thread
    private final RasterLayer dagRaster = new RasterLayer("compare");
    private final GanttModel modelA = new GanttModel();
    private final GanttModel modelB = new GanttModel();
    private final GanttView viewA = new GanttView(modelA);
    private final GanttView viewB = new GanttView(modelB);
    private final Label labelA = new Label("A");
    private final Label labelB = new Label("B");
    private final TableView<CompareModel.Metric> metrics = new TableView<>();
    private final TableView<StageTableModel.Row> stagesA = new TableView<>();
    private final TableView<StageTableModel.Row> stagesB = new TableView<>();
    private final Latest<CompareModel.Result> worker = new Latest<>("compare");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private CompareModel.Result result;
    private DagPicture picture;
    private double scale = 1;
    private double tx;
    private double ty;
    private boolean fitted;
    private double lastX;
    private double lastY;
    private boolean dark;
    private boolean updatingChoices;
    private long computed;

    public CompareWindow(Session session, DagView dag, Window owner) {
        this.session = session;
        this.dag = dag;
        stage.initOwner(owner);
        stage.setTitle("Compare placements — Placement Explorer");
        modelB.shareWindow(modelA);
        BorderPane root = new BorderPane();
        root.getStyleClass().add("explorer");
        root.setTop(topBar());
        SplitPane left = new SplitPane(dagPane(), metricsPane());
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.55);
        SplitPane right = new SplitPane(ganttPane(labelA, viewA), ganttPane(labelB, viewB), stagesPane());
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.3, 0.6);
        SplitPane main = new SplitPane(left, right);
        main.setDividerPositions(0.38);
        root.setCenter(main);
        Bounded.toBox(root); // repaint what changes, not the whole window (ADR 50)
        Scene scene = new Scene(root, 1560, 960);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        scene.getAccelerators().put(javafx.scene.input.KeyCombination.keyCombination("Esc"), stage::hide);
        scene.getAccelerators().put(javafx.scene.input.KeyCombination.keyCombination("Shortcut+W"), stage::hide);
        stage.setScene(scene);
        subscriptions.add(session.namedRevisionProperty().subscribe(x -> updateChoices()));
        subscriptions.add(session.problemProperty().subscribe(x -> {
            fitted = false;
            updateChoices();
        }));
        subscriptions.add(session.placementProperty().subscribe(x -> {
            if (CURRENT.equals(pickA.getValue()) || CURRENT.equals(pickB.getValue())) {
                recompute();
            }
        }));
        subscriptions.add(session.objectiveProperty().subscribe(x -> recompute()));
        pickA.valueProperty().addListener((o, a, b) -> recompute());
        pickB.valueProperty().addListener((o, a, b) -> recompute());
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        if (owner() != null && owner().getScene() != null) {
            stage.getScene().getStylesheets().setAll(owner().getScene().getStylesheets());
        }
        stage.show();
        stage.toFront();
        Platform.runLater(this::paintDag);
    }

    private Window owner() {
        return stage.getOwner();
    }

    public void setDark(boolean d) {
        dark = d;
        modelA.darkProperty().set(d);
        modelB.darkProperty().set(d);
        if (owner() != null && owner().getScene() != null) {
            stage.getScene().getStylesheets().setAll(owner().getScene().getStylesheets());
        }
        paintDag();
    }

    /** Chooses the two placements by name ({@link #CURRENT} for the one on screen). */
    public void choose(String a, String b) {
        pickA.setValue(a);
        pickB.setValue(b);
    }

    public CompareModel.Result result() {
        return result;
    }

    /** Number of comparisons shown so far (tests wait on it). */
    public long computed() {
        return computed;
    }

    public GanttModel ganttA() {
        return modelA;
    }

    public GanttModel ganttB() {
        return modelB;
    }

    public TableView<CompareModel.Metric> metricsTable() {
        return metrics;
    }

    // ------------------------------------------------------------------ layout

    private HBox topBar() {
        pickA.setId("compare-a");
        pickB.setId("compare-b");
        pickA.setPrefWidth(220);
        pickB.setPrefWidth(220);
        Button swap = new Button("⇄ Swap");
        swap.setOnAction(e -> {
            String a = pickA.getValue();
            updatingChoices = true;
            pickA.setValue(pickB.getValue());
            updatingChoices = false;
            pickB.setValue(a);
        });
        Button fit = new Button("Fit");
        fit.setTooltip(new Tooltip("Fit the graph and show both schedules whole"));
        fit.setOnAction(e -> {
            fitDag();
            fitGantts();
        });
        summary.setId("compare-summary");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, new Label("A"), pickA, new Label("B"), pickB, swap, fit, spacer, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("pane-bar");
        return bar;
    }

    private VBox dagPane() {
        dagHost.getChildren().addAll(dagRaster.node(), dagCanvas);
        dagHost.setMinSize(0, 0);
        dagCanvas.widthProperty().bind(dagHost.widthProperty());
        dagCanvas.heightProperty().bind(dagHost.heightProperty());
        dagCanvas.widthProperty().addListener((o, a, b) -> paintDag());
        dagCanvas.heightProperty().addListener((o, a, b) -> paintDag());
        dagCanvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            double f = Math.pow(1.0015, e.getDeltaY());
            double ns = Math.max(1e-3, Math.min(4, scale * f));
            tx = e.getX() - (e.getX() - tx) * ns / scale;
            ty = e.getY() - (e.getY() - ty) * ns / scale;
            scale = ns;
            paintDag();
            e.consume();
        });
        dagCanvas.setOnMousePressed(e -> {
            lastX = e.getX();
            lastY = e.getY();
        });
        dagCanvas.setOnMouseDragged(e -> {
            tx += e.getX() - lastX;
            ty += e.getY() - lastY;
            lastX = e.getX();
            lastY = e.getY();
            paintDag();
        });
        Label title = new Label("Operators that moved from A to B: outlined, left half A's device, right half B's");
        title.getStyleClass().add("pane-title");
        title.setWrapText(true);
        VBox.setVgrow(dagHost, Priority.ALWAYS);
        VBox box = new VBox(4, title, new StackPane(dagHost));
        VBox.setVgrow(box.getChildren().get(1), Priority.ALWAYS);
        box.setPadding(new Insets(6));
        box.setMinSize(0, 0);
        return box;
    }

    private VBox metricsPane() {
        metrics.setId("compare-metrics");
        metrics.getColumns().add(col("Metric", CompareModel.Metric::name, 200));
        metrics.getColumns().add(col("A", CompareModel.Metric::a, 120));
        metrics.getColumns().add(col("B", CompareModel.Metric::b, 120));
        metrics.getColumns().add(col("B − A", CompareModel.Metric::delta, 100));
        metrics.getColumns().add(col("relative", CompareModel.Metric::relative, 70));
        metrics.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        metrics.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(CompareModel.Metric m, boolean empty) {
                super.updateItem(m, empty);
                pseudoClassStateChanged(BETTER, !empty && m != null && m.better());
                pseudoClassStateChanged(WORSE, !empty && m != null && m.worse());
            }
        });
        metrics.setPlaceholder(new Label("Choose two placements"));
        Label title = new Label("Metrics (green: B better, red: B worse)");
        title.getStyleClass().add("pane-title");
        VBox.setVgrow(metrics, Priority.ALWAYS);
        VBox box = new VBox(4, title, metrics);
        box.setPadding(new Insets(6));
        box.setMinSize(0, 0);
        return box;
    }

    private static TableColumn<CompareModel.Metric, String> col(String t,
            java.util.function.Function<CompareModel.Metric, String> f, double w) {
        TableColumn<CompareModel.Metric, String> c = new TableColumn<>(t);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        c.setPrefWidth(w);
        c.setSortable(false);
        return c;
    }

    private VBox ganttPane(Label label, GanttView view) {
        label.getStyleClass().add("pane-title");
        VBox.setVgrow(view.root(), Priority.ALWAYS);
        VBox box = new VBox(2, label, view.root());
        box.setPadding(new Insets(4, 6, 4, 6));
        box.setMinSize(0, 0);
        return box;
    }

    /**
     * The two stage tables, A above B: side by side each had half the width and cut headers and
     * values; stacked, each has the pane's full width (short headers, full titles in tooltips).
     */
    private SplitPane stagesPane() {
        StageTableView.configure(stagesA, this::deviceIndex, true);
        StageTableView.configure(stagesB, this::deviceIndex, true);
        stagesA.setId("compare-stages-a");
        stagesB.setId("compare-stages-b");
        VBox a = new VBox(2, titled("Stages of A"), stagesA);
        VBox b = new VBox(2, titled("Stages of B"), stagesB);
        VBox.setVgrow(stagesA, Priority.ALWAYS);
        VBox.setVgrow(stagesB, Priority.ALWAYS);
        for (VBox v : List.of(a, b)) {
            v.setPadding(new Insets(4, 6, 4, 6));
            v.setMinSize(0, 0);
        }
        SplitPane box = new SplitPane(a, b);
        box.setOrientation(Orientation.VERTICAL);
        box.setMinSize(0, 0);
        return box;
    }

    private static Label titled(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("pane-title");
        return l;
    }

    private int deviceIndex(String id) {
        return session.cluster() == null ? -1 : session.cluster().indexOf(id).orElse(-1);
    }

    // ------------------------------------------------------------------ data

    private Map<String, Placement> choices() {
        Map<String, Placement> m = new LinkedHashMap<>();
        if (!session.isOpen()) {
            return m;
        }
        m.put(CURRENT, session.placement());
        m.putAll(session.named());
        return m;
    }

    private void updateChoices() {
        Map<String, Placement> m = choices();
        String a = pickA.getValue();
        String b = pickB.getValue();
        updatingChoices = true;
        pickA.getItems().setAll(m.keySet());
        pickB.getItems().setAll(m.keySet());
        List<String> names = new ArrayList<>(m.keySet());
        // by default: the first kept placement (the baseline) against the latest (a solver's result)
        if (a == null || !m.containsKey(a)) {
            a = names.size() > 1 ? names.get(1) : names.isEmpty() ? null : names.get(0);
        }
        if (b == null || !m.containsKey(b)) {
            b = names.size() > 2 ? names.get(names.size() - 1) : names.isEmpty() ? null : names.get(0);
        }
        pickA.setValue(a);
        pickB.setValue(b);
        updatingChoices = false;
        recompute();
    }

    private void recompute() {
        if (updatingChoices) {
            return;
        }
        Map<String, Placement> m = choices();
        Placement a = m.get(pickA.getValue());
        Placement b = m.get(pickB.getValue());
        Problem p = session.problem();
        if (p == null || a == null || b == null) {
            worker.cancel();
            return;
        }
        var o = session.objective();
        var ev = new org.placementexplorer.eval.Evaluator(p);
        int mb = GanttChart.defaultMicroBatches(Math.max(ev.pipeline(a).stages().size(), ev.pipeline(b).stages()
                .size()));
        String na = pickA.getValue();
        String nb = pickB.getValue();
        summary.setText("Comparing …");
        var known = session.boundsProperty().get();
        worker.submit(() -> CompareModel.compute(p, o, a, b, mb, known), r -> show(r, na, nb),
                err -> summary.setText("Cannot compare: " + err));
    }

    private void show(CompareModel.Result r, String na, String nb) {
        result = r;
        computed++;
        labelA.setText("A: " + na + " — " + r.ganttA().title());
        labelB.setText("B: " + nb + " — " + r.ganttB().title());
        modelA.chartProperty().set(r.ganttA());
        modelB.chartProperty().set(r.ganttB());
        fitGantts();
        metrics.getItems().setAll(r.metrics());
        stagesA.getItems().setAll(new StageTableModel(r.problem(), r.evalA()).rows());
        stagesB.getItems().setAll(new StageTableModel(r.problem(), r.evalB()).rows());
        summary.setText(r.moved() + " of " + r.problem().operators() + " operators moved; " + r.objective().jsonName()
                + " " + r.metrics().get(r.objective() == org.placementexplorer.model.Objective.LATENCY ? 0 : 1).a()
                + " → " + r.metrics().get(r.objective() == org.placementexplorer.model.Objective.LATENCY ? 0 : 1).b());
        picture = DagPictureBuilder.compare(dag, r.problem(), r.a(), r.b());
        if (!fitted) {
            fitDag();
        }
        paintDag();
    }

    /** Both Gantt charts on one time scale: the window shows the longer schedule whole. */
    private void fitGantts() {
        if (result == null) {
            return;
        }
        double end = Math.max(result.ganttA().end(), result.ganttB().end());
        modelA.windowProperty().set(new GanttModel.Window(0, (end > 0 ? end : 1) * 1.02));
    }

    /**
     * Fits the graph when it is small; a tall graph is shown at a scale where labels can be read,
     * centred on the operators that moved (drag to pan, wheel to zoom).
     */
    private void fitDag() {
        if (picture == null || dagCanvas.getWidth() < 2) {
            return;
        }
        double w = dagCanvas.getWidth();
        double h = dagCanvas.getHeight();
        double[] f = DagDrawing.fit(picture, w, h);
        scale = f[0];
        tx = f[1];
        ty = f[2];
        if (scale < 0.45) {
            scale = Math.min(0.6, Math.max(scale, (w - 20) / Math.max(1, picture.width())));
            scale = Math.max(scale, 0.3);
            double cx = picture.width() / 2;
            double cy = picture.height() / 2;
            double minY = Double.POSITIVE_INFINITY;
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            for (DagPicture.Box b : picture.boxes()) {
                if (b.mark() == DagPicture.Mark.MOVED) {
                    minY = Math.min(minY, b.y());
                    minX = Math.min(minX, b.x());
                    maxX = Math.max(maxX, b.x() + b.w());
                }
            }
            if (minY < Double.POSITIVE_INFINITY) {
                cx = (minX + maxX) / 2;
                cy = minY + h / scale / 2 - 40 / scale;
            }
            tx = w / 2 - cx * scale;
            ty = h / 2 - cy * scale;
        }
        fitted = true;
        paintDag();
    }

    private void paintDag() {
        if (picture == null || dagCanvas.getWidth() < 2 || dagCanvas.getHeight() < 2) {
            return;
        }
        if (!fitted) {
            fitDag();
            return;
        }
        DagPicture pic = picture;
        double s = scale;
        double x = tx;
        double y = ty;
        double w = dagCanvas.getWidth();
        double h = dagCanvas.getHeight();
        boolean d = dark;
        dagRaster.show(() -> DagDrawing.draw(pic, s, x, y, w, h, d)); // the picture is immutable
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        worker.close();
        stage.close();
    }
}
