package org.placementexplorer.ui.shell;

import java.io.File;
import java.util.List;
import java.util.Map;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import org.placementexplorer.app.Version;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.Precision;
import org.placementexplorer.util.Fmt;

/**
 * The start window: what the open model is, what the cluster is, and how the single-device baseline
 * does on it for both objectives. All numbers come from the evaluator via {@link ShellModel}.
 */
public final class ShellView {
    private final ShellModel model;
    private final Stage stage;
    private final BorderPane root = new BorderPane();
    private final Label title = new Label("Placement Explorer");
    private final Label subtitle = new Label("");
    private final GridPane facts = new GridPane();
    private final TableView<Device> devices = new TableView<>();
    private final TableView<ShellModel.BaselineRow> baseline = new TableView<>();

    public ShellView(ShellModel model, Stage stage) {
        this.model = model;
        this.stage = stage;
        root.getStyleClass().add("shell");
        root.setTop(new VBox(menuBar(), header()));
        root.setCenter(body());
        root.setBottom(statusBar());
        wire();
        enableDrop();
    }

    public Parent root() {
        return root;
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open Model…");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseModel());
        MenuItem openCluster = new MenuItem("Open Cluster…");
        openCluster.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+O"));
        openCluster.setOnAction(e -> chooseCluster());
        Menu samples = new Menu("Sample Clusters");
        for (String name : Samples.CLUSTERS) {
            MenuItem item = new MenuItem(name);
            item.setOnAction(e -> model.useSampleCluster(name));
            samples.getItems().add(item);
        }
        Menu sampleGraphs = new Menu("Sample Models");
        for (String g : Samples.GRAPHS) {
            MenuItem item = new MenuItem(g);
            item.setOnAction(e -> model.openSample(g, model.clusterProperty().get() == null ? Samples.DEFAULT_CLUSTER
                    : model.clusterProperty().get().name()));
            sampleGraphs.getItems().add(item);
        }
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("File", null, open, openCluster, new SeparatorMenuItem(), sampleGraphs, samples,
                new SeparatorMenuItem(), quit);
        MenuItem about = new MenuItem("About Placement Explorer");
        about.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, "Placement Explorer " + Version.get()
                    + "\nSplit operator graphs across devices and see what it costs.", ButtonType.OK);
            a.setHeaderText(null);
            a.initOwner(stage);
            a.showAndWait();
        });
        return new MenuBar(file, new Menu("Help", null, about));
    }

    private Parent header() {
        title.getStyleClass().add("title");
        subtitle.getStyleClass().add("subtitle");
        VBox box = new VBox(2, title, subtitle);
        box.getStyleClass().add("header");
        return box;
    }

    private Parent body() {
        facts.getStyleClass().add("facts");
        facts.setHgap(16);
        facts.setVgap(6);
        VBox modelCard = card("Model", facts);
        modelCard.setPrefWidth(420);

        devices.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        devices.getColumns().add(col("Device", d -> d.id()));
        devices.getColumns().add(col("Name", d -> d.name()));
        devices.getColumns().add(col("Kind", d -> d.kind().name()));
        devices.getColumns().add(col("FP32 peak", d -> Fmt.flops(d.peak(Precision.FP32)) + "/s"));
        devices.getColumns().add(col("Memory", d -> Fmt.bytes(d.memoryBytes())));
        devices.getColumns().add(col("Bandwidth", d -> Fmt.bytes(d.memoryBandwidth()) + "/s"));
        devices.setPlaceholder(new Label("No cluster"));
        VBox clusterCard = card("Cluster", devices);
        HBox.setHgrow(clusterCard, Priority.ALWAYS);

        HBox top = new HBox(16, modelCard, clusterCard);

        baseline.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        baseline.getColumns().add(rowCol("Objective", r -> r.objective() == org.placementexplorer.model.Objective.LATENCY
                ? "Latency (one sample)" : "Throughput (period per sample)"));
        baseline.getColumns().add(rowCol("Best single device", r -> r.result().best() == null ? "none fits"
                : r.problem().cluster().device(r.result().best().placement().deviceOf(0)).id()));
        baseline.getColumns().add(rowCol("Objective", r -> r.result().best() == null ? "—"
                : Fmt.time(r.result().best().objective(), r.problem().units())));
        baseline.getColumns().add(rowCol("Lower bound", r -> r.result().lowerBound() == null ? "—"
                : Fmt.time(r.result().lowerBound(), r.problem().units()) + "  (" + r.result().boundName() + ")"));
        baseline.getColumns().add(rowCol("Gap", r -> r.result().gap() == null ? "—" : Fmt.percent(r.result().gap())));
        baseline.getColumns().add(rowCol("Status", r -> r.result().status().name()));
        baseline.getColumns().add(rowCol("Memory", r -> memoryText(r)));
        baseline.setPlaceholder(new Label("Open a model to see the baseline"));
        baseline.setItems(model.baseline());
        baseline.setFixedCellSize(30);
        baseline.setPrefHeight(30 * 3 + 6);
        Label note = new Label("Single-device baseline: every operator on the one device that does best and fits. "
                + "The gap is (objective − lower bound) / objective.");
        note.getStyleClass().add("note");
        note.setWrapText(true);
        VBox baselineCard = card("Single-device baseline", baseline, note);

        VBox body = new VBox(16, top, baselineCard);
        VBox.setVgrow(top, Priority.ALWAYS);
        body.setPadding(new Insets(16));
        return body;
    }

    private static String memoryText(ShellModel.BaselineRow r) {
        Evaluation e = r.result().best();
        if (e == null) {
            return "does not fit on any single device";
        }
        var m = e.memory().devices().get(e.placement().deviceOf(0));
        return Fmt.memory(m.used(), r.problem().units()) + " of " + Fmt.memory(m.capacity(), r.problem().units());
    }

    private static VBox card(String heading, javafx.scene.Node... content) {
        Label h = new Label(heading);
        h.getStyleClass().add("card-title");
        VBox box = new VBox(8);
        box.getChildren().add(h);
        box.getChildren().addAll(content);
        box.getStyleClass().add("card");
        for (javafx.scene.Node n : content) {
            if (n instanceof TableView<?>) {
                VBox.setVgrow(n, Priority.ALWAYS);
            }
        }
        return box;
    }

    private static TableColumn<Device, String> col(String name, java.util.function.Function<Device, String> f) {
        TableColumn<Device, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        return c;
    }

    private static TableColumn<ShellModel.BaselineRow, String> rowCol(String name,
            java.util.function.Function<ShellModel.BaselineRow, String> f) {
        TableColumn<ShellModel.BaselineRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        return c;
    }

    private Parent statusBar() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.visibleProperty().bind(model.busyProperty());
        Label status = new Label();
        status.textProperty().bind(model.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label hint = new Label("Drop a model file here to open it");
        hint.getStyleClass().add("note");
        HBox bar = new HBox(8, spinner, status, spacer, hint);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void wire() {
        model.summaryProperty().addListener((o, a, s) -> showSummary(s));
        model.clusterProperty().addListener((o, a, c) -> showCluster(c));
        model.errorProperty().addListener((o, a, msg) -> {
            if (msg != null) {
                Alert alert = new Alert(Alert.AlertType.ERROR, msg, ButtonType.OK);
                alert.setHeaderText("Cannot open the file");
                alert.initOwner(stage);
                alert.show();
                model.clearError();
            }
        });
    }

    private void showSummary(GraphSummary s) {
        facts.getChildren().clear();
        if (s == null) {
            return;
        }
        title.setText(s.name());
        var m = model.modelProperty().get();
        int row = 0;
        row = fact(row, "File", m.file());
        row = fact(row, "Format", m.format());
        row = fact(row, "Operators", s.operators() + (s.subgraphOperators() > 0 ? " (+" + s.subgraphOperators()
                + " in subgraphs)" : ""));
        row = fact(row, "Edges", String.valueOf(s.edges()));
        row = fact(row, "Parameters", String.format("%,d", s.parameters()) + " (" + Fmt.bytes(s.parameterBytes()) + ")");
        row = fact(row, "FLOPs per sample", Fmt.flops(s.flops()));
        row = fact(row, "Shapes known", s.shapeCoverage() == null ? "not given" : Fmt.percent(s.shapeCoverage()));
        StringBuilder types = new StringBuilder();
        int k = 0;
        for (Map.Entry<String, Integer> e : s.opTypes().entrySet()) {
            if (k++ == 6) {
                types.append(", …");
                break;
            }
            types.append(k > 1 ? ", " : "").append(e.getKey()).append(" ").append(e.getValue());
        }
        Label t = new Label(types.toString());
        t.setWrapText(true);
        facts.addRow(row, key("Operator types"), t);
    }

    private int fact(int row, String k, String v) {
        Label value = new Label(v);
        value.setWrapText(true);
        facts.addRow(row, key(k), value);
        return row + 1;
    }

    private static Label key(String k) {
        Label l = new Label(k);
        l.getStyleClass().add("fact-key");
        return l;
    }

    private void showCluster(Cluster c) {
        if (c == null) {
            devices.getItems().clear();
            subtitle.setText("");
            return;
        }
        devices.getItems().setAll(c.devices());
        subtitle.setText("on " + c.name() + " — " + c.size() + " devices in " + c.servers().size() + " server"
                + (c.servers().size() == 1 ? "" : "s") + (c.description().isEmpty() ? "" : ": " + c.description()));
    }

    private void chooseModel() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open Model");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Models", "*.onnx", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            model.open(f.toPath(), model.clusterProperty().get());
        }
    }

    private void chooseCluster() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open Cluster");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Cluster JSON", "*.json"));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            model.openCluster(f.toPath());
        }
    }

    private void enableDrop() {
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            if (files != null && !files.isEmpty()) {
                model.open(files.get(0).toPath(), model.clusterProperty().get());
            }
            e.setDropCompleted(files != null && !files.isEmpty());
            e.consume();
        });
    }
}
