package org.placementexplorer.ui.runs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import javafx.util.Subscription;

import org.controlsfx.control.TaskProgressView;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementListJson;
import org.placementexplorer.io.json.ResultJson;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Units;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.ui.export.Exports;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.util.Fmt;

/**
 * The Runs tab: the solver panel (solver, objective, time limit, seed; Run and Stop), the running and
 * queued runs with their progress (ControlsFX {@link TaskProgressView}), a live chart of the selected
 * run's incumbent objective and best bound over time, and the Placements list where every finished
 * run is kept (apply, rename, delete, export one or all).
 */
public final class RunsView implements AutoCloseable {
    private final Session session;
    private final RunsModel runs;
    private final PlacementsModel placements;
    private final Exports exports;
    private final SplitPane root = new SplitPane();
    private final ComboBox<String> solver = new ComboBox<>();
    private final Label solverInfo = new Label();
    private final ChoiceBox<Objective> objective = new ChoiceBox<>();
    private final Spinner<Double> seconds = new Spinner<>(0.1, 3600, 10, 1);
    private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 1);
    private final CheckBox warm = new CheckBox("Warm start");
    private final CheckBox apply = new CheckBox("Apply the result when done");
    private final Button run = new Button("Run");
    private final Button stop = new Button("Stop");
    private final TaskProgressView<javafx.concurrent.Task<SolverResult>> progress = new TaskProgressView<>();
    private final ListView<RunRecord> runList = new ListView<>();
    private final NumberAxis timeAxis = new NumberAxis();
    private final NumberAxis valueAxis = new NumberAxis();
    private final LineChart<Number, Number> chart = new LineChart<>(timeAxis, valueAxis);
    private final XYChart.Series<Number, Number> incumbentSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> boundSeries = new XYChart.Series<>();
    private final Label chartNote = new Label();
    private final TableView<PlacementsModel.Row> table = new TableView<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private RunRecord shown;
    private final List<Subscription> shownSubs = new ArrayList<>();
    private double unitScale = 1;

    public RunsView(Session session, RunsModel runs, Exports exports) {
        this.session = session;
        this.runs = runs;
        this.placements = new PlacementsModel(session);
        this.exports = exports;
        root.getItems().addAll(controls(), runsPane(), chartPane(), placementsPane());
        root.setDividerPositions(0.17, 0.33, 0.6);
        root.setOrientation(Orientation.HORIZONTAL);
        root.setId("runs-view");
        subscriptions.add(session.objectiveProperty().subscribe(o -> {
            if (o != null) {
                objective.setValue(o);
            }
        }));
        subscriptions.add(session.problemProperty().subscribe(p -> updateButtons()));
        runs.runs().addListener((ListChangeListener<RunRecord>) c -> {
            while (c.next()) {
                for (RunRecord r : c.getAddedSubList()) {
                    progress.getTasks().add(r.task());
                    r.stateProperty().addListener((o, a, b) -> {
                        updateButtons();
                        runList.refresh();
                        // the chart follows the run that starts, unless it shows one still running
                        if (b == RunRecord.State.RUNNING && (shown == null || shown.state() != RunRecord.State.RUNNING)) {
                            runList.getSelectionModel().select(r);
                        }
                    });
                    r.statusProperty().addListener((o, a, b) -> runList.refresh());
                }
            }
            runList.getItems().setAll(runs.runs());
            updateButtons();
        });
    }

    public Node root() {
        return root;
    }

    public RunsModel runs() {
        return runs;
    }

    public PlacementsModel placements() {
        return placements;
    }

    public TableView<PlacementsModel.Row> placementsTable() {
        return table;
    }

    public LineChart<Number, Number> chart() {
        return chart;
    }

    public TaskProgressView<javafx.concurrent.Task<SolverResult>> progressView() {
        return progress;
    }

    /** The run whose progress the chart shows. */
    public RunRecord shownRun() {
        return shown;
    }

    // ------------------------------------------------------------------ the solver panel

    private Node controls() {
        List<Solver> all = runs.solvers();
        for (Solver s : all) {
            solver.getItems().add(s.name());
        }
        solver.setId("run-solver");
        solver.setMaxWidth(Double.MAX_VALUE);
        solver.valueProperty().addListener((o, a, b) -> {
            Solver s = all.stream().filter(x -> x.name().equals(b)).findFirst().orElse(null);
            solverInfo.setText(s == null ? "" : s.description());
            solverInfo.setTooltip(s == null ? null : new Tooltip(s.description()));
            updateButtons();
        });
        if (!all.isEmpty()) {
            solver.setValue(all.get(0).name());
        }
        solverInfo.setWrapText(true);
        solverInfo.getStyleClass().add("note");
        solverInfo.setMaxWidth(260);
        solverInfo.setMinHeight(48);
        solverInfo.setPrefHeight(48);
        solverInfo.setMaxHeight(48);
        solverInfo.setAlignment(Pos.TOP_LEFT);
        objective.getItems().addAll(Objective.LATENCY, Objective.THROUGHPUT);
        objective.setConverter(new StringConverter<>() {
            @Override
            public String toString(Objective o) {
                return o == null ? "" : o.jsonName();
            }

            @Override
            public Objective fromString(String s) {
                return Objective.parse(s);
            }
        });
        objective.setValue(session.objective());
        objective.setId("run-objective");
        objective.valueProperty().addListener((o, a, b) -> updateButtons());
        seconds.setEditable(true);
        seconds.setId("run-seconds");
        seed.setEditable(true);
        seed.setId("run-seed");
        seconds.setPrefWidth(90);
        seed.setPrefWidth(90);
        warm.setSelected(true);
        apply.setSelected(true);
        warm.setTooltip(new Tooltip("Warm start: solvers that improve a placement start from the one on screen"));
        apply.setTooltip(new Tooltip("Show the result at once (undo with Ctrl+Z); it is kept in Placements either way"));
        run.setId("run-start");
        stop.setId("run-stop");
        run.setDefaultButton(false);
        run.setTooltip(new Tooltip("Start a run in the background (Ctrl+R); runs wait for each other in a queue"));
        stop.setTooltip(new Tooltip("Stop the selected or running run; it keeps the best placement it found"));
        run.setOnAction(e -> startRun());
        stop.setOnAction(e -> stopRun());
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.addRow(0, fieldLabel("Solver"), solver);
        g.add(solverInfo, 0, 1, 2, 1);
        g.addRow(2, fieldLabel("Objective"), objective);
        g.addRow(3, fieldLabel("Time limit (s)"), seconds);
        g.addRow(4, fieldLabel("Seed"), seed);
        // a narrow pane wraps the check boxes instead of cutting their text
        warm.setWrapText(true);
        apply.setWrapText(true);
        g.add(warm, 0, 5, 2, 1);
        g.add(apply, 0, 6, 2, 1);
        HBox buttons = new HBox(8, run, stop);
        g.add(buttons, 0, 7, 2, 1);
        VBox box = new VBox(8, title("Solver"), g);
        box.setPadding(new Insets(8));
        box.setMinWidth(0);
        updateButtons();
        return box;
    }

    /** A field name that keeps its full width (the field beside it shrinks instead). */
    private static Label fieldLabel(String s) {
        Label l = new Label(s);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static Label title(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("pane-title");
        return l;
    }

    private void updateButtons() {
        boolean open = session.isOpen();
        String name = solver.getValue();
        Solver s = runs.solvers().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        boolean ok = open && s != null && objective.getValue() != null && s.supports(objective.getValue());
        run.setDisable(!ok);
        boolean active = runs.runs().stream().anyMatch(r -> !r.isDone());
        stop.setDisable(!active);
    }

    /** Starts a run with the panel's settings (the window's Ctrl+R). */
    public RunRecord startRun() {
        if (run.isDisabled()) {
            return null;
        }
        boolean busy = runs.runs().stream().anyMatch(x -> !x.isDone());
        RunRecord r = runs.start(new RunsModel.Request(solver.getValue(), objective.getValue(), seconds.getValue(),
                seed.getValue(), warm.isSelected(), apply.isSelected()));
        if (!busy || shown == null) {
            runList.getSelectionModel().select(r);
            show(r);
        }
        return r;
    }

    /** Starts a run of a named solver with the panel's other settings (the Placement ▸ Run Solver menu). */
    public RunRecord startRun(String solverName) {
        solver.setValue(solverName);
        return startRun();
    }

    /** Stops the selected run if it is still going, else every run still going. */
    public void stopRun() {
        RunRecord sel = runList.getSelectionModel().getSelectedItem();
        if (sel != null && !sel.isDone()) {
            sel.stop();
        } else {
            for (RunRecord r : runs.runs()) {
                if (r.state() == RunRecord.State.RUNNING) {
                    r.stop();
                }
            }
        }
    }

    public void setSolver(String name) {
        solver.setValue(name);
    }

    public void setSeconds(double s) {
        seconds.getValueFactory().setValue(s);
    }

    public void setApplyWhenDone(boolean b) {
        apply.setSelected(b);
    }

    // ------------------------------------------------------------------ runs and the chart

    private Node runsPane() {
        progress.setId("run-progress");
        progress.setPrefHeight(175);
        progress.setMinHeight(90);
        runList.setId("run-list");
        runList.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(RunRecord r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : r.name() + " — " + r.objective().jsonName() + " — "
                        + r.statusProperty().get());
                // the solver's notes say what a status means (e.g. optimal among pipelines only)
                setTooltip(empty || r == null || r.result() == null || r.result().notes().isEmpty() ? null
                        : new Tooltip(String.join("\n", r.result().notes())));
            }
        });
        runList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                show(b);
            }
        });
        Label none = new Label("No runs yet: choose a solver and press Run");
        none.setWrapText(true);
        none.setPadding(new Insets(6));
        runList.setPlaceholder(none);
        VBox.setVgrow(runList, Priority.ALWAYS);
        VBox box = new VBox(6, title("Running and queued"), progress, title("Runs"), runList);
        box.setPadding(new Insets(8));
        box.setMinWidth(0);
        return box;
    }

    private Node chartPane() {
        incumbentSeries.setName("incumbent objective");
        boundSeries.setName("best lower bound");
        chart.getData().add(incumbentSeries);
        chart.getData().add(boundSeries);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        chart.setId("run-chart");
        timeAxis.setLabel("seconds since the start");
        timeAxis.setForceZeroInRange(true);
        valueAxis.setForceZeroInRange(false);
        chart.setMinSize(0, 0);
        VBox.setVgrow(chart, Priority.ALWAYS);
        chartNote.getStyleClass().add("note");
        chartNote.setId("run-chart-note");
        VBox box = new VBox(4, title("Progress of the selected run"), chartNote, chart);
        box.setPadding(new Insets(8));
        box.setMinWidth(0);
        return box;
    }

    private void show(RunRecord r) {
        shownSubs.forEach(Subscription::unsubscribe);
        shownSubs.clear();
        shown = r;
        Runnable redraw = () -> redrawChart(r);
        ListChangeListener<RunRecord.Point> l = c -> redraw.run();
        r.incumbents().addListener(l);
        r.bounds().addListener(l);
        shownSubs.add(() -> r.incumbents().removeListener(l));
        shownSubs.add(() -> r.bounds().removeListener(l));
        shownSubs.add(r.elapsedProperty().subscribe(x -> redraw.run()));
        shownSubs.add(r.statusProperty().subscribe(x -> redraw.run()));
        redraw.run();
    }

    /** Steps: each value holds until the next one, and the last until now (or the end of the run). */
    private void redrawChart(RunRecord r) {
        if (r != shown) {
            return;
        }
        double now = r.elapsedProperty().get();
        chooseUnit(r);
        incumbentSeries.getData().setAll(steps(r.incumbents(), now));
        boundSeries.getData().setAll(steps(r.bounds(), now));
        Problem p = r.problem();
        String best = r.incumbents().isEmpty() ? "no placement yet"
                : "best " + Fmt.time(r.incumbents().get(r.incumbents().size() - 1).value(), p.units());
        String bound = r.bounds().isEmpty() ? "" : ", bound " + Fmt.time(r.bounds().get(r.bounds().size() - 1)
                .value(), p.units()) + (r.boundName() == null ? "" : " (" + r.boundName() + ")");
        String note = r.result() == null || r.result().notes().isEmpty() ? "" : " — " + r.result().notes().get(0);
        chartNote.setText(r.name() + ": " + r.statusProperty().get() + " — " + best + bound + ", "
                + r.incumbents().size() + " incumbent" + (r.incumbents().size() == 1 ? "" : "s") + note);
        chartNote.setTooltip(new Tooltip(chartNote.getText()));
    }

    /** Axis unit from the latest value: µs, ms or s for physical problems, the file's unit otherwise. */
    private void chooseUnit(RunRecord r) {
        Units u = r.problem().units();
        double ref = !r.incumbents().isEmpty() ? r.incumbents().get(r.incumbents().size() - 1).value()
                : !r.bounds().isEmpty() ? r.bounds().get(r.bounds().size() - 1).value() : 1e-3;
        unitScale = 1;
        String unit = u.time();
        if (u.physical()) {
            if (ref < 1e-3) {
                unitScale = 1e6;
                unit = "µs";
            } else if (ref < 1) {
                unitScale = 1e3;
                unit = "ms";
            } else {
                unit = "s";
            }
        }
        valueAxis.setLabel((r.objective() == Objective.LATENCY ? "latency" : "period") + " (" + unit + ")");
    }

    private List<XYChart.Data<Number, Number>> steps(List<RunRecord.Point> pts, double now) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>();
        double last = Double.NaN;
        for (RunRecord.Point pt : pts) {
            if (!Double.isNaN(last)) {
                out.add(new XYChart.Data<>(pt.seconds(), last * unitScale));
            }
            out.add(new XYChart.Data<>(pt.seconds(), pt.value() * unitScale));
            last = pt.value();
        }
        if (!Double.isNaN(last) && now > pts.get(pts.size() - 1).seconds()) {
            out.add(new XYChart.Data<>(now, last * unitScale));
        }
        return out;
    }

    // ------------------------------------------------------------------ placements

    private Node placementsPane() {
        table.setId("placements-table");
        table.getColumns().add(text("Name", PlacementsModel.Row::name, 150));
        table.getColumns().add(text("Solver", PlacementsModel.Row::solverText, 110));
        table.getColumns().add(text("Status", PlacementsModel.Row::statusText, 95));
        TableColumn<PlacementsModel.Row, String> obj = text("Objective", PlacementsModel.Row::valueText, 90);
        obj.setComparator((a, b) -> 0);
        table.getColumns().add(obj);
        table.getColumns().add(text("Bound", PlacementsModel.Row::boundText, 170));
        table.getColumns().add(text("Gap", PlacementsModel.Row::gapText, 60));
        table.getColumns().add(text("Time", PlacementsModel.Row::timeText, 60));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Finished runs appear here"));
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        table.setRowFactory(tv -> {
            TableRow<PlacementsModel.Row> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    applySelected();
                }
            });
            return row;
        });
        table.setItems(placements.rows());
        Button applyB = new Button("Apply");
        applyB.setId("placement-apply");
        applyB.setOnAction(e -> applySelected());
        Button rename = new Button("Rename…");
        rename.setOnAction(e -> renameSelected());
        Button delete = new Button("Delete");
        delete.setId("placement-delete");
        delete.setOnAction(e -> deleteSelected());
        Button export = new Button("Export…");
        export.setOnAction(e -> exportSelected());
        Button exportAll = new Button("Export all…");
        exportAll.setOnAction(e -> exportAll());
        Button keep = new Button("Keep current…");
        keep.setTooltip(new Tooltip("Add the placement on screen to the list under a name"));
        keep.setOnAction(e -> keepCurrent());
        for (Button b : List.of(applyB, rename, delete, export)) {
            b.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        }
        HBox bar = new HBox(6, applyB, rename, delete, export, exportAll, keep);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(6, title("Placements"), table, bar);
        box.setPadding(new Insets(8));
        box.setMinWidth(0);
        return box;
    }

    private static TableColumn<PlacementsModel.Row, String> text(String title,
            java.util.function.Function<PlacementsModel.Row, String> f, double width) {
        TableColumn<PlacementsModel.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private Optional<PlacementsModel.Row> selected() {
        return Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    public void applySelected() {
        selected().ifPresent(r -> session.replacePlacement("Use placement " + r.name(), r.placement()));
    }

    private void renameSelected() {
        selected().ifPresent(r -> {
            TextInputDialog d = new TextInputDialog(r.name());
            d.setHeaderText("New name for " + r.name());
            d.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
            d.showAndWait().map(String::trim).filter(s -> !s.isEmpty() && !s.equals(r.name())).ifPresent(s -> {
                if (!session.renameNamed(r.name(), s)) {
                    chartNote.setText("There is already a placement named " + s);
                }
            });
        });
    }

    public void deleteSelected() {
        selected().ifPresent(r -> session.removeNamed(r.name()));
    }

    private void keepCurrent() {
        if (!session.isOpen()) {
            return;
        }
        TextInputDialog d = new TextInputDialog("placement " + (session.named().size() + 1));
        d.setHeaderText("Name for the current placement");
        d.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        d.showAndWait().map(String::trim).filter(s -> !s.isEmpty()).ifPresent(s -> session.putNamed(s,
                session.placement()));
    }

    /** Exports the selected placement as result JSON (with the run's incumbents when it came from this session's run). */
    public void exportSelected() {
        selected().ifPresent(r -> {
            Problem p = session.problem();
            String file = session.modelProperty().get() == null ? null : session.modelProperty().get().file();
            SolverResult res = runs.runs().stream().filter(x -> x.name().equals(r.name()) && x.result() != null)
                    .map(RunRecord::result).findFirst().orElse(null);
            exports.export("placement " + r.name(), safe(r.name()) + ".json", "Placement JSON", "json", () -> {
                var json = res != null && res.best() != null && res.best().placement().withoutOrder().equals(
                        r.placement().withoutOrder()) ? ResultJson.ofSolve(p, res, file)
                        : ResultJson.ofEvaluate(p, new Evaluator(p).evaluate(r.placement(), r.objective()),
                                Bounds.quick(p, r.objective()), 0, file);
                return Json.pretty(json).getBytes(StandardCharsets.UTF_8);
            });
        });
    }

    /** Exports every placement of the list in the placement-list format. */
    public void exportAll() {
        if (!session.isOpen() || placements.rows().isEmpty()) {
            return;
        }
        Problem p = session.problem();
        String file = session.modelProperty().get().file();
        List<PlacementsModel.Row> rows = List.copyOf(placements.rows());
        exports.export("the placements", p.graph().name() + ".placements.json", "Placement list JSON", "json", () -> {
            Evaluator ev = new Evaluator(p);
            List<PlacementListJson.Entry> entries = new ArrayList<>();
            for (PlacementsModel.Row r : rows) {
                entries.add(new PlacementListJson.Entry(r.name(), r.run() == null ? null : r.run().solver(),
                        r.run() == null ? null : r.run().status(), ev.evaluate(r.placement(), r.objective()), r.bound(),
                        r.boundName(), r.gap(), r.run() == null ? null : r.run().seconds()));
            }
            return Json.pretty(PlacementListJson.write(p, file, entries)).getBytes(StandardCharsets.UTF_8);
        });
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "-");
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        shownSubs.forEach(Subscription::unsubscribe);
        placements.close();
    }
}
