package org.placementexplorer.ui.explorer;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import org.placementexplorer.app.Version;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.ScopeTree;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.draw.DagDrawing;
import org.placementexplorer.draw.DagPicture;
import org.placementexplorer.draw.Png;
import org.placementexplorer.draw.Svg;
import org.placementexplorer.io.export.ChromeTrace;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.ResultJson;
import org.placementexplorer.ui.compare.CompareWindow;
import org.placementexplorer.ui.dag.DagPictureBuilder;
import org.placementexplorer.ui.dag.DagView;
import org.placementexplorer.ui.export.Exports;
import org.placementexplorer.ui.gantt.SessionGantt;
import org.placementexplorer.ui.gap.GapView;
import org.placementexplorer.ui.runs.RunRecord;
import org.placementexplorer.ui.runs.RunsModel;
import org.placementexplorer.ui.runs.RunsView;
import org.placementexplorer.ui.stages.StageTableView;
import org.placementexplorer.ui.teaching.TeachingWindow;
import org.placementexplorer.layout.JGraphXLayoutEngine;
import org.placementexplorer.layout.LayoutEngine;
import org.placementexplorer.ui.session.Autosave;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.session.SessionFiles;
import org.placementexplorer.ui.session.Workers;
import org.placementexplorer.ui.theme.Bounded;
import org.placementexplorer.ui.theme.Pulses;
import org.placementexplorer.ui.topology.TopologyView;

/**
 * The explorer window: menu bar, toolbar, the DAG (left) and the cluster (right) in a split pane,
 * a side panel with the selection's properties and the scope tree, and a status bar with the
 * evaluator's objective, bottleneck, best bound, gap and memory feasibility. Every view observes
 * the one {@link Session}.
 */
public final class ExplorerWindow {
    private static final String LIGHT_CSS = "/org/placementexplorer/css/app.css";
    private static final String DARK_CSS = "/org/placementexplorer/css/dark.css";

    private final Stage stage;
    private final Session session;
    private final AppConfig config;
    private final BorderPane root = new BorderPane();
    private final Scene scene;
    private final DagView dag;
    private final TopologyView topology;
    private final PropertiesPanel properties = new PropertiesPanel();
    private final TreeView<ScopeTree.Scope> scopes = new TreeView<>();
    private final StartPage startPage;
    private final StackPane center = new StackPane();
    private final Label message = new Label("Ready");
    /** The status message's tooltip (what the importer assumed), made once: a new one cost each open a few ms. */
    private final Tooltip messageTip = new Tooltip();
    private final Label objectiveValue = new Label("—");
    private final Label objectiveKind = new Label("");
    private final Label bottleneck = new Label("—");
    private final Label bound = new Label("—");
    private final Label gap = new Label("—");
    private final Label memory = new Label("—");
    private final Label selectionInfo = new Label("");
    private final ProgressIndicator busy = new ProgressIndicator();
    private final ReadOnlyObjectWrapper<String> lastError = new ReadOnlyObjectWrapper<>();
    private final Menu recentMenu = new Menu("Open Recent");
    private final Menu namedMenu = new Menu("Named Placements");
    private final Autosave autosave;
    private final Exports exports;
    private final SessionGantt gantt;
    private final StageTableView stages;
    private final GapView gapView;
    private final RunsModel runsModel;
    private final RunsView runsView;
    private final TabPane analysis = new TabPane();
    private Tab scopesTab;
    private boolean propertiesAfterOpen;
    /** Writes the settings file in order, off the FX thread; its one thread ends when idle. */
    private final java.util.concurrent.ExecutorService configWriter = new java.util.concurrent.ThreadPoolExecutor(0, 1,
            2, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
            Workers.factory("settings"));
    private boolean scopesStale;
    private final SplitPane vertical = new SplitPane();
    private CompareWindow compareWindow;
    private TeachingWindow teachingWindow;
    private boolean dark;
    private long sessionWrittenAt = -1;
    private int opening;
    private final javafx.beans.property.BooleanProperty openingNow = new javafx.beans.property.SimpleBooleanProperty();
    private boolean showDialogs = true;
    private Runnable onDropTiming = () -> { };
    private final javafx.animation.PauseTransition propertiesDelay =
            new javafx.animation.PauseTransition(javafx.util.Duration.millis(150));

    public ExplorerWindow(Stage stage, Session session, AppConfig config) {
        this(stage, session, config, new JGraphXLayoutEngine());
    }

    public ExplorerWindow(Stage stage, Session session, AppConfig config, LayoutEngine engine) {
        this(stage, session, config, engine, SolverRegistry::all);
    }

    /** @param solvers the solvers the Runs tab offers (the registry's; tests add slow ones) */
    public ExplorerWindow(Stage stage, Session session, AppConfig config, LayoutEngine engine,
            java.util.function.Supplier<List<Solver>> solvers) {
        this.stage = stage;
        this.session = session;
        this.config = config;
        this.dag = new DagView(session, engine);
        this.topology = new TopologyView(session, this::showError);
        this.exports = new Exports(() -> stage, s -> message.setText(s), this::showError);
        session.enableStrongBounds(); // status bar, gap panel, Placements and Compare share the best bound
        this.gantt = new SessionGantt(session);
        this.stages = new StageTableView(session);
        this.gapView = new GapView(session);
        this.runsModel = new RunsModel(session, solvers);
        this.runsView = new RunsView(session, runsModel, exports);
        this.startPage = new StartPage(this::openSample, this::open, this::chooseFile, () -> showStartPage(false));
        root.getStyleClass().add("explorer");
        root.setTop(new VBox(menuBar(), toolBar()));
        root.setCenter(center);
        root.setBottom(statusBar());
        Bounded.toBox(root); // so that opening a model repaints what changed, not the whole window
        buildCenter();
        wire();
        // 1500 × 920, or the screen's usable area when that is smaller (laptops, small virtual screens)
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        scene = new Scene(root, Math.min(1500, screen.getWidth()), Math.min(920, screen.getHeight()));
        dark = config.dark();
        applyTheme();
        installKeys();
        enableFileDrop();
        autosave = new Autosave(session, dag::viewState, config.dir(), 5);
        autosave.start();
        startPage.setRecent(config.recent());
        updateRecentMenu();
        stage.setScene(scene);
        updateTitle();
        stage.setOnCloseRequest(e -> {
            if (!confirmDiscard()) {
                e.consume();
            }
        });
    }

    public Scene scene() {
        return scene;
    }

    public Parent root() {
        return root;
    }

    public DagView dag() {
        return dag;
    }

    public TopologyView topology() {
        return topology;
    }

    public Session session() {
        return session;
    }

    public PropertiesPanel properties() {
        return properties;
    }

    public Autosave autosave() {
        return autosave;
    }

    /** The latest error shown in a dialog (tests look at it; null when none). */
    public ReadOnlyObjectProperty<String> lastErrorProperty() {
        return lastError.getReadOnlyProperty();
    }

    /** Tests: errors go to {@link #lastErrorProperty()} and a non-modal dialog. */
    public void setShowDialogs(boolean show) {
        showDialogs = show;
    }

    /** Called right after a drop is applied to the session (benchmarks time drop → repaint from here). */
    public void setOnDropTiming(Runnable r) {
        onDropTiming = r;
    }

    public SessionGantt gantt() {
        return gantt;
    }

    public StageTableView stages() {
        return stages;
    }

    public GapView gap() {
        return gapView;
    }

    public RunsView runs() {
        return runsView;
    }

    public Exports exports() {
        return exports;
    }

    /** The tabs below the graph: Gantt, Stages, Gap, Runs. */
    public TabPane analysis() {
        return analysis;
    }

    /** The Compare window, opened on first use. */
    public CompareWindow compare() {
        if (compareWindow == null) {
            compareWindow = new CompareWindow(session, dag, stage);
            compareWindow.setDark(dark);
        }
        return compareWindow;
    }

    /** The teaching window, opened on first use. */
    public TeachingWindow teaching() {
        if (teachingWindow == null) {
            teachingWindow = new TeachingWindow(session, stage);
            teachingWindow.setDark(dark);
        }
        return teachingWindow;
    }

    /** Stops autosave (deleting its recovery file), the runs, and the views' subscriptions. */
    public void close() {
        autosave.close();
        runsModel.close();
        runsView.close();
        gantt.close();
        stages.close();
        gapView.close();
        if (compareWindow != null) {
            compareWindow.close();
        }
        if (teachingWindow != null) {
            teachingWindow.close();
        }
        dag.close();
        topology.close();
        session.close();
    }

    // ------------------------------------------------------------------ layout of the window

    private void buildCenter() {
        TabPane side = new TabPane();
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab props = new Tab("Properties", properties.root());
        scopes.setShowRoot(false);
        scopes.setCellFactory(tv -> new javafx.scene.control.TreeCell<>() {
            @Override
            protected void updateItem(ScopeTree.Scope s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : (s.name().isEmpty() ? "(root)" : s.name()) + "  ("
                        + s.allOperators().size() + ")");
            }
        });
        scopes.setOnMouseClicked(e -> {
            TreeItem<ScopeTree.Scope> it = scopes.getSelectionModel().getSelectedItem();
            if (it != null && e.getClickCount() == 2) {
                int n = dag.selectScope(it.getValue().path(), e.isShiftDown());
                message.setText("Selected scope " + it.getValue().path() + " (" + n + " operators)");
            }
        });
        Button sel = new Button("Select");
        sel.setOnAction(e -> withScope(s -> dag.selectScope(s.path(), false)));
        Button col = new Button("Collapse");
        col.setOnAction(e -> withScope(s -> dag.collapse(s.path())));
        Button exp = new Button("Expand");
        exp.setOnAction(e -> withScope(s -> dag.expand(s.path())));
        HBox scopeBar = new HBox(6, sel, col, exp);
        scopeBar.getStyleClass().add("pane-bar");
        VBox scopeBox = new VBox(scopeBar, scopes);
        VBox.setVgrow(scopes, Priority.ALWAYS);
        Tab scopeTab = new Tab("Scopes", scopeBox);
        side.getTabs().addAll(props, scopeTab);
        side.setMinWidth(0);
        scopesTab = scopeTab;
        scopeTab.selectedProperty().subscribe(on -> {
            if (on && scopesStale) {
                updateScopes();
            }
        });
        HiddenTabs.detach(side);

        SplitPane split = new SplitPane(dag.root(), topology.root(), side);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.52, 0.80);
        SplitPane.setResizableWithParent(side, false);

        analysis.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        analysis.setId("analysis-tabs");
        Tab ganttTab = new Tab("Gantt", gantt.root());
        ganttTab.setTooltip(new Tooltip("When each operator and transfer runs (Ctrl+1)"));
        Tab stagesTab = new Tab("Stages", stages.root());
        stagesTab.setTooltip(new Tooltip("The pipeline stages and the bottleneck (Ctrl+2)"));
        Tab gapTab = new Tab("Gap", gapView.root());
        gapTab.setTooltip(new Tooltip("How far the objective is from the best lower bound (Ctrl+3)"));
        Tab runsTab = new Tab("Runs", runsView.root());
        runsTab.setTooltip(new Tooltip("Run solvers and keep their placements (Ctrl+4)"));
        analysis.getTabs().addAll(ganttTab, stagesTab, gapTab, runsTab);
        // tables in a hidden tab are filled when it is selected, not after every edit
        stages.showingProperty().bind(stagesTab.selectedProperty());
        gapView.showingProperty().bind(gapTab.selectedProperty());
        HiddenTabs.detach(analysis);
        analysis.setMinHeight(0);
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.getItems().addAll(split, analysis);
        vertical.setDividerPositions(0.6);
        SplitPane.setResizableWithParent(analysis, false);
        center.getChildren().addAll(vertical, startPage.root());
        StackPane.setAlignment(startPage.root(), Pos.TOP_CENTER);
        startPage.root().setVisible(false);
    }

    private interface ScopeAction {
        void run(ScopeTree.Scope s);
    }

    private void withScope(ScopeAction a) {
        TreeItem<ScopeTree.Scope> it = scopes.getSelectionModel().getSelectedItem();
        if (it != null) {
            a.run(it.getValue());
        }
    }

    public void showStartPage(boolean show) {
        startPage.setRecent(config.recent());
        startPage.root().setVisible(show || !session.isOpen());
        startPage.root().setManaged(true);
        if (show || !session.isOpen()) {
            startPage.root().toFront();
        }
    }

    public boolean startPageShown() {
        return startPage.root().isVisible();
    }

    private MenuBar menuBar() {
        MenuItem open = item("Open…", "Shortcut+O", this::chooseFile);
        Menu samples = new Menu("Samples");
        for (String g : Samples.GRAPHS) {
            samples.getItems().add(item(g, null, () -> openSample(g)));
        }
        MenuItem start = item("Start Page", null, () -> showStartPage(true));
        MenuItem importOptions = item("Import Options…", "Shortcut+I", this::showImportOptions);
        importOptions.disableProperty().bind(session.modelProperty().isNull());
        MenuItem save = item("Save Session", "Shortcut+S", this::saveSession);
        MenuItem saveAs = item("Save Session As…", "Shortcut+Shift+S", () -> saveSessionAs());
        MenuItem quit = item("Quit", "Shortcut+Q", () -> {
            if (confirmDiscard()) {
                stage.close();
                Platform.exit();
            }
        });
        Menu export = new Menu("Export", null,
                item("DAG as PNG…", null, () -> exportDag(false)),
                item("DAG as SVG…", null, () -> exportDag(true)),
                item("Gantt Chart as PNG…", null, () -> exportGantt(false)),
                item("Gantt Chart as SVG…", null, () -> exportGantt(true)),
                item("Schedule as Chrome Trace (Perfetto)…", "Shortcut+E", this::exportTrace),
                item("Stage Table as CSV…", null, this::exportStages),
                item("Placement as JSON…", null, this::exportPlacement),
                item("Placements List as JSON…", null, runsView::exportAll));
        Menu file = new Menu("_File", null, open, recentMenu, samples, start, importOptions, new SeparatorMenuItem(),
                save, saveAs,
                new SeparatorMenuItem(), export, new SeparatorMenuItem(), quit);

        MenuItem undo = item("Undo", "Shortcut+Z", this::undo);
        undo.disableProperty().bind(session.canUndoProperty().not());
        undo.textProperty().bind(Bindings.when(session.canUndoProperty())
                .then(Bindings.concat("Undo ", session.undoLabelProperty())).otherwise("Undo"));
        MenuItem redo = item("Redo", "Shortcut+Shift+Z", this::redo);
        redo.disableProperty().bind(session.canRedoProperty().not());
        redo.textProperty().bind(Bindings.when(session.canRedoProperty())
                .then(Bindings.concat("Redo ", session.redoLabelProperty())).otherwise("Redo"));
        MenuItem find = item("Find…", "Shortcut+F", dag::showFind);
        MenuItem next = item("Find Next", "F3", dag::findNext);
        MenuItem prev = item("Find Previous", "Shift+F3", dag::findPrevious);
        MenuItem all = item("Select All", "Shortcut+A", this::selectAll);
        MenuItem none = item("Clear Selection        Esc", null, dag::clearSelection);
        MenuItem pin = item("Pin / Unpin Selection        P", null, this::togglePin);
        Menu assign = new Menu("Assign Selection To");
        session.problemProperty().subscribe(p -> {
            assign.getItems().clear();
            if (p != null) {
                for (int d = 0; d < p.deviceCount(); d++) {
                    final int dev = d;
                    assign.getItems().add(item(p.cluster().device(d).id() + (d < 9 ? "        " + (d + 1) : ""), null,
                            () -> assignSelection(dev)));
                }
            }
        });
        Menu edit = new Menu("_Edit", null, undo, redo, new SeparatorMenuItem(), find, next, prev,
                new SeparatorMenuItem(), all, none, assign, pin);

        MenuItem zin = item("Zoom In        +", null, () -> dag.zoomBy(1.25));
        MenuItem zout = item("Zoom Out        −", null, () -> dag.zoomBy(0.8));
        MenuItem fit = item("Fit to Window        0", null, dag::fit);
        MenuItem collapseTop = item("Collapse Top-Level Scopes", null, () -> dag.collapseDepth(1));
        MenuItem collapse2 = item("Collapse Second-Level Scopes", null, () -> dag.collapseDepth(2));
        MenuItem expandAll = item("Expand All", null, dag::expandAll);
        CheckMenuItem darkItem = new CheckMenuItem("Dark Theme");
        darkItem.setSelected(config.dark());
        darkItem.selectedProperty().addListener((o, a, b) -> {
            dark = b;
            config.setDark(b);
            applyTheme();
        });
        MenuItem showGantt = item("Gantt Chart", "Shortcut+1", () -> showTab(0));
        MenuItem showStages = item("Stage Table", "Shortcut+2", () -> showTab(1));
        MenuItem showGap = item("Gap", "Shortcut+3", () -> showTab(2));
        MenuItem showRuns = item("Runs and Placements", "Shortcut+4", () -> showTab(3));
        MenuItem compareItem = item("Compare Placements…", "Shortcut+Shift+C", () -> compare().show());
        MenuItem teachingItem = item("Teaching Mode…", "Shortcut+T", () -> teaching().show());
        Menu view = new Menu("_View", null, zin, zout, fit, new SeparatorMenuItem(), collapseTop, collapse2, expandAll,
                new SeparatorMenuItem(), showGantt, showStages, showGap, showRuns, new SeparatorMenuItem(), compareItem,
                teachingItem, new SeparatorMenuItem(), darkItem);

        ToggleGroup og = new ToggleGroup();
        RadioMenuItem lat = new RadioMenuItem("Latency (one sample)");
        RadioMenuItem thr = new RadioMenuItem("Throughput (pipelined stream)");
        lat.setToggleGroup(og);
        thr.setToggleGroup(og);
        session.objectiveProperty().subscribe(o -> (o == Objective.LATENCY ? lat : thr).setSelected(true));
        lat.setOnAction(e -> session.objectiveProperty().set(Objective.LATENCY));
        thr.setOnAction(e -> session.objectiveProperty().set(Objective.THROUGHPUT));
        Menu solve = new Menu("Run Solver");
        for (Solver s : runsModel.solvers()) {
            MenuItem mi = item(s.name(), null, () -> runSolver(s.name()));
            mi.setUserData(s.description());
            solve.getItems().add(mi);
        }
        MenuItem runPanel = item("Run (Solver Panel Settings)", "Shortcut+R", () -> {
            showTab(3);
            runsView.startRun();
        });
        MenuItem stopRuns = item("Stop Runs", "Shortcut+PERIOD", runsView::stopRun);
        Menu placement = new Menu("_Placement", null, lat, thr, new SeparatorMenuItem(), solve, runPanel, stopRuns,
                namedMenu);
        placement.setOnShowing(e -> updateNamedMenu());

        MenuItem keys = item("Keyboard Shortcuts", "F1", this::showKeys);
        MenuItem about = item("About Placement Explorer", null, () -> info("Placement Explorer " + Version.get(),
                "Split operator graphs across devices and see what it costs."));
        MenuBar mb = new MenuBar(file, edit, view, placement, new Menu("_Help", null, keys, about));
        return mb;
    }

    private static MenuItem item(String text, String accel, Runnable r) {
        MenuItem mi = new MenuItem(text);
        if (accel != null) {
            mi.setAccelerator(KeyCombination.keyCombination(accel));
        }
        mi.setOnAction(e -> r.run());
        return mi;
    }

    private ToolBar toolBar() {
        Button open = tool("Open", "Open a model or session (Ctrl+O)", this::chooseFile);
        Button save = tool("Save", "Save the session (Ctrl+S)", this::saveSession);
        Button undo = tool("↶ Undo", "Undo (Ctrl+Z)", this::undo);
        undo.disableProperty().bind(session.canUndoProperty().not());
        Button redo = tool("↷ Redo", "Redo (Ctrl+Shift+Z)", this::redo);
        redo.disableProperty().bind(session.canRedoProperty().not());
        Button fit = tool("Fit", "Fit the graph to the window (0)", dag::fit);
        Button zin = tool("+", "Zoom in (+)", () -> dag.zoomBy(1.25));
        Button zout = tool("−", "Zoom out (−)", () -> dag.zoomBy(0.8));
        Button find = tool("Find", "Find operators by name or type (Ctrl+F)", dag::showFind);
        Button pin = tool("Pin", "Pin or unpin the selection (P): solvers keep pinned operators", this::togglePin);
        ToggleGroup og = new ToggleGroup();
        ToggleButton lat = new ToggleButton("Latency");
        ToggleButton thr = new ToggleButton("Throughput");
        lat.setToggleGroup(og);
        thr.setToggleGroup(og);
        lat.setId("objective-latency");
        thr.setId("objective-throughput");
        session.objectiveProperty().subscribe(o -> (o == Objective.LATENCY ? lat : thr).setSelected(true));
        lat.setOnAction(e -> {
            session.objectiveProperty().set(Objective.LATENCY);
            lat.setSelected(true);
        });
        thr.setOnAction(e -> {
            session.objectiveProperty().set(Objective.THROUGHPUT);
            thr.setSelected(true);
        });
        Button home = tool("Start", "The start page: samples and recent files", () -> showStartPage(true));
        return new ToolBar(home, open, save, new Separator(), undo, redo, new Separator(), zout, zin, fit, find,
                new Separator(), pin, new Separator(), new Label("Objective"), lat, thr);
    }

    private static Button tool(String text, String tip, Runnable r) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> r.run());
        b.setFocusTraversable(false);
        return b;
    }

    private Parent statusBar() {
        busy.setPrefSize(16, 16);
        busy.setMaxSize(16, 16);
        busy.visibleProperty().bind(session.evaluatingProperty().or(openingNow).or(dag.layingOutProperty()));
        objectiveValue.setId("status-objective");
        objectiveKind.setId("status-kind");
        bottleneck.setId("status-bottleneck");
        bound.setId("status-bound");
        gap.setId("status-gap");
        memory.setId("status-memory");
        objectiveValue.getStyleClass().add("status-value");
        message.setId("status-message");
        // the message takes the room the fields leave (a long one is cut, never the fields), right-aligned
        message.setMinWidth(0);
        message.setPrefWidth(0);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setAlignment(Pos.CENTER_RIGHT);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.textProperty().addListener((o, a, b) -> message.setTooltip(null)); // a tooltip goes with its text
        HBox bar = new HBox(6, field("Objective", objectiveValue), objectiveKind, sep(), field("Bottleneck", bottleneck),
                sep(), field("Best bound", bound), sep(), field("Gap", gap), sep(), field("Memory", memory), sep(),
                selectionInfo, message, busy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private static Parent field(String key, Label value) {
        Label k = new Label(key);
        k.getStyleClass().add("status-key");
        value.setMinWidth(Region.USE_PREF_SIZE);
        HBox h = new HBox(4, k, value);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    private static Separator sep() {
        return new Separator(Orientation.VERTICAL);
    }

    // ------------------------------------------------------------------ wiring

    private void wire() {
        propertiesDelay.setOnFinished(e -> showProperties());
        session.evaluationProperty().subscribe(e -> updateStatus());
        session.boundsProperty().subscribe(b -> updateStatus());
        session.evaluationErrorProperty().subscribe(err -> {
            if (err != null) {
                message.setText("Cannot evaluate: " + err);
            }
        });
        session.problemProperty().subscribe(p -> {
            updateScopes();
            properties.prepare(p == null ? null : p.graph()); // its summary is counted while the frames pass
            // a new model: the device cards and the properties are built in turns, one piece per frame
            // (Pulses.inTurn), so that no single frame styles all the new nodes at once
            propertiesDelay.stop();
            if (!propertiesAfterOpen) {
                propertiesAfterOpen = true;
                Pulses.inTurn(this.scene, () -> {
                    propertiesAfterOpen = false;
                    showProperties();
                });
            }
            updateTitle();
            if (p != null) {
                startPage.root().setVisible(false);
            }
        });
        session.placementProperty().subscribe(p -> updateProperties());
        session.dirtyProperty().subscribe(d -> updateTitle());
        session.sessionFileProperty().subscribe(f -> updateTitle());
        dag.selectionProperty().subscribe(s -> {
            updateProperties();
            selectionInfo.setText(s.length == 0 ? "" : s.length + " selected");
            gantt.model().selectedOpProperty().set(s.length == 0 ? -1 : s[0]);
        });
        gantt.view().setOnBarClicked(this::revealOp);
        stages.setOnCopied(message::setText);
        runsModel.setOnMessage(message::setText);
        dag.setActions(this::assignSelection, this::pinSelection);
        topology.setDropTarget(this::assignSelection, () -> dag.draggingProperty().get());
        dag.draggingProperty().subscribe(d -> {
            if (!d) {
                topology.dragEnded();
            } else {
                message.setText("Drop on a device card to move " + dag.selectedOps().length + " operator(s)");
            }
        });
    }

    /** Selects an operator in the DAG and brings it into view (a click on a Gantt bar). */
    public void revealOp(int op) {
        if (!session.isOpen() || dag.visibleGraph() == null || dag.layout() == null) {
            return;
        }
        dag.selectOps(new int[] {op}, false);
        int node = dag.visibleGraph().opNode()[op];
        dag.centerOn(dag.layout().centerX(node), dag.layout().centerY(node));
        message.setText("Selected " + session.problem().graph().op(op).id() + " (from the Gantt chart)");
    }

    private void updateStatus() {
        Problem p = session.problem();
        var e = session.evaluation();
        if (e != null && p != null && e.placement().size() != p.operators()) {
            e = null;
        }
        StatusText t = StatusText.of(p, e, session.boundsProperty().get(), session.gapProperty().get());
        objectiveValue.setText(t.objective());
        objectiveKind.setText(t.kind());
        bottleneck.setText(t.bottleneck());
        bound.setText(t.bound());
        gap.setText(t.gap());
        memory.setText(t.memory());
        memory.getStyleClass().remove("infeasible");
        if (!t.feasible()) {
            memory.getStyleClass().add("infeasible");
        }
    }

    /** The property sheet is rebuilt a moment after the last change, off the path of the repaint. */
    private void updateProperties() {
        if (!propertiesAfterOpen) { // a model just opened: its properties come two frames later anyway
            propertiesDelay.playFromStart();
        }
    }

    private void showProperties() {
        properties.show(session.modelProperty().get(), session.problem(), session.placement(), dag.selectedOps());
    }

    private void updateScopes() {
        if (scopesTab != null && !scopesTab.isSelected()) {
            scopesStale = true; // built when the Scopes tab is selected
            return;
        }
        scopesStale = false;
        Problem p = session.problem();
        if (p == null) {
            scopes.setRoot(null);
            return;
        }
        scopes.setRoot(treeItem(p.graph().scopes().root(), 0));
    }

    private static TreeItem<ScopeTree.Scope> treeItem(ScopeTree.Scope s, int depth) {
        TreeItem<ScopeTree.Scope> it = new TreeItem<>(s);
        for (ScopeTree.Scope c : s.children()) {
            it.getChildren().add(treeItem(c, depth + 1));
        }
        it.setExpanded(depth < 1);
        return it;
    }

    private void updateTitle() {
        String t = "Placement Explorer";
        if (session.isOpen()) {
            Path sf = session.sessionFileProperty().get();
            t = (session.dirtyProperty().get() ? "• " : "") + (sf != null ? sf.getFileName() + " — " : "")
                    + session.problem().graph().name() + " on " + session.cluster().name() + " — " + t;
        }
        stage.setTitle(t);
    }

    private void applyTheme() {
        scene.getStylesheets().setAll(getClass().getResource(LIGHT_CSS).toExternalForm());
        if (dark) {
            scene.getStylesheets().add(getClass().getResource(DARK_CSS).toExternalForm());
        }
        dag.setDark(dark);
        gantt.model().darkProperty().set(dark);
        if (compareWindow != null) {
            compareWindow.setDark(dark);
        }
        if (teachingWindow != null) {
            teachingWindow.setDark(dark);
        }
    }

    /** Whether the dark theme is on (other windows follow it). */
    public boolean dark() {
        return dark;
    }

    public void setDarkTheme(boolean d) {
        dark = d;
        applyTheme();
    }

    private void installKeys() {
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (scene.getFocusOwner() instanceof TextInputControl || e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            KeyCode k = e.getCode();
            if (k.isDigitKey() && k != KeyCode.DIGIT0 && k != KeyCode.NUMPAD0) {
                String name = k.getName();
                int d = name.charAt(name.length() - 1) - '1';
                assignSelection(d);
                e.consume();
            } else if (k == KeyCode.DIGIT0 || k == KeyCode.NUMPAD0) {
                dag.fit();
                e.consume();
            } else if (k == KeyCode.PLUS || k == KeyCode.ADD || k == KeyCode.EQUALS) {
                dag.zoomBy(1.25);
                e.consume();
            } else if (k == KeyCode.MINUS || k == KeyCode.SUBTRACT) {
                dag.zoomBy(0.8);
                e.consume();
            } else if (k == KeyCode.P) {
                togglePin();
                e.consume();
            } else if (k == KeyCode.ESCAPE) {
                dag.clearSelection();
                dag.hideFind();
                e.consume();
            } else if (k == KeyCode.LEFT || k == KeyCode.RIGHT || k == KeyCode.UP || k == KeyCode.DOWN) {
                double s = 60;
                dag.panBy(k == KeyCode.LEFT ? s : k == KeyCode.RIGHT ? -s : 0, k == KeyCode.UP ? s : k == KeyCode.DOWN ? -s : 0);
                e.consume();
            }
        });
        // Ctrl+Y as a second redo key
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+Y"), this::redo);
    }

    private void enableFileDrop() {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                open(files.get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    // ------------------------------------------------------------------ placing by hand

    /** Assigns the DAG's selection to device {@code d} (drop, key 1–9, menus). */
    public void assignSelection(int d) {
        if (!session.isOpen()) {
            return;
        }
        int[] ops = dag.selectedOps();
        if (ops.length == 0) {
            message.setText("Select operators first (click, shift-click, shift-drag, or Ctrl+F)");
            return;
        }
        if (d < 0 || d >= session.problem().deviceCount()) {
            message.setText("There is no device " + (d + 1));
            return;
        }
        if (session.assign(ops, d)) {
            onDropTiming.run();
            message.setText("Moved " + ops.length + " operator(s) to " + session.cluster().device(d).id());
        } else {
            message.setText("Already on " + session.cluster().device(d).id());
        }
    }

    public void undo() {
        if (session.canUndoProperty().get()) {
            String what = session.undoLabelProperty().get();
            session.undo();
            message.setText("Undid: " + what);
        }
    }

    public void redo() {
        if (session.canRedoProperty().get()) {
            String what = session.redoLabelProperty().get();
            session.redo();
            message.setText("Redid: " + what);
        }
    }

    public void togglePin() {
        int[] ops = dag.selectedOps();
        if (!session.isOpen() || ops.length == 0) {
            return;
        }
        boolean allPinned = true;
        for (int v : ops) {
            allPinned &= session.placement().isPinned(v);
        }
        pinSelection(!allPinned);
    }

    private void pinSelection(boolean pin) {
        int[] ops = dag.selectedOps();
        if (session.isOpen() && ops.length > 0) {
            session.pin(ops, pin);
            message.setText((pin ? "Pinned " : "Unpinned ") + ops.length + " operator(s)");
        }
    }

    private void selectAll() {
        if (session.isOpen()) {
            int[] all = new int[session.problem().operators()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            dag.selectOps(all, false);
        }
    }

    /** Runs a solver from the Placement menu: through the Runs tab, so it shows progress and can be stopped. */
    private void runSolver(String name) {
        if (!session.isOpen()) {
            return;
        }
        showTab(3);
        RunRecord r = runsView.startRun(name);
        if (r != null) {
            message.setText("Running " + r.name() + " … (Runs tab; Ctrl+. stops it)");
        }
    }

    /** Shows one of the analysis tabs (0 Gantt, 1 Stages, 2 Gap, 3 Runs). */
    public void showTab(int i) {
        analysis.getSelectionModel().select(i);
    }

    // ------------------------------------------------------------------ exports

    private String baseName() {
        return session.isOpen() ? session.problem().graph().name().replaceAll("[^A-Za-z0-9._-]+", "-") : "export";
    }

    /** The DAG as the view shows it (collapsed groups, colours, selection), whole graph at full size. */
    public void exportDag(boolean svg) {
        if (!session.isOpen() || dag.layout() == null) {
            message.setText("Nothing to export yet: the graph is still being laid out");
            return;
        }
        DagPicture pic = dagPicture();
        boolean d = dark;
        exports.export("the DAG", baseName() + "-dag." + (svg ? "svg" : "png"), svg ? "SVG picture" : "PNG picture",
                svg ? "svg" : "png", () -> {
                    if (svg) {
                        return Svg.of(DagDrawing.whole(pic, 1, d)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    }
                    double scale = Math.min(1, Math.sqrt(Png.MAX_PIXELS / Math.max(1, pic.width() * pic.height())));
                    return Png.of(DagDrawing.whole(pic, scale, d), 1);
                });
    }

    /** What the DAG view shows, as a picture (also the Compare window's). */
    public DagPicture dagPicture() {
        return DagPictureBuilder.of(dag, session.problem(), session.placement());
    }

    /** The Gantt chart's current time window, all its rows. */
    public void exportGantt(boolean svg) {
        if (gantt.model().chart() == null) {
            message.setText("Nothing to export yet: no schedule");
            return;
        }
        var m = gantt.model();
        var view = m.view();
        double h = m.chart().contentHeight(view);
        var full = new org.placementexplorer.draw.GanttChart.View(view.t0(), view.t1(), Math.max(800, view.width()),
                h, 0, view.colourBy(), view.dark(), view.selectedOp(), view.highlightCritical());
        var drawing = m.chart().draw(full);
        exports.export("the Gantt chart", baseName() + "-gantt." + (svg ? "svg" : "png"), svg ? "SVG picture"
                : "PNG picture", svg ? "svg" : "png", () -> svg ? Svg.of(drawing).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8) : Png.of(drawing, 2));
    }

    /** The schedule on screen as a Chrome trace: one sample for latency, the Gantt's micro-batches for throughput. */
    public void exportTrace() {
        var e = session.evaluation();
        if (!session.isOpen() || e == null) {
            return;
        }
        Problem p = session.problem();
        int m = gantt.microBatchesSpinner().getValue();
        boolean pipelined = e.kind() == Objective.THROUGHPUT;
        exports.export("the schedule", baseName() + "-trace.json", "Chrome trace JSON", "json", () -> {
            var ev = new org.placementexplorer.eval.Evaluator(p);
            var json = pipelined ? ChromeTrace.ofPipeline(p, ev.pipelinedSchedule(e.placement(), m))
                    : ChromeTrace.of(p, e.schedule() != null ? e : ev.evaluateWithSchedule(e.placement(), e.kind()));
            return Json.pretty(json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        });
    }

    public void exportStages() {
        if (!session.isOpen() || session.evaluation() == null) {
            return;
        }
        String csv = stages.model().csv();
        exports.export("the stage table", baseName() + "-stages.csv", "CSV", "csv",
                () -> csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void exportPlacement() {
        var e = session.evaluation();
        if (!session.isOpen() || e == null) {
            return;
        }
        Problem p = session.problem();
        String file = session.modelProperty().get().file();
        var bounds = session.boundsProperty().get();
        exports.export("the placement", baseName() + "-placement.json", "Placement JSON", "json",
                () -> Json.pretty(ResultJson.ofEvaluate(p, e, bounds, 0, file)).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
    }

    private void updateNamedMenu() {
        namedMenu.getItems().clear();
        for (var e : session.named().entrySet()) {
            namedMenu.getItems().add(item(e.getKey(), null, () -> session.replacePlacement("Use placement " + e.getKey(),
                    e.getValue())));
        }
        if (session.isOpen()) {
            namedMenu.getItems().add(new SeparatorMenuItem());
            namedMenu.getItems().add(item("Keep the current placement as…", null, this::nameCurrent));
        }
    }

    private void nameCurrent() {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog("placement "
                + (session.named().size() + 1));
        d.initOwner(stage);
        d.setHeaderText("Name for the current placement");
        d.showAndWait().filter(s -> !s.isBlank()).ifPresent(s -> session.putNamed(s.trim(), session.placement()));
    }

    // ------------------------------------------------------------------ files

    /** The cluster a newly opened model is placed on: the current one if it is the user's, else the default sample. */
    private java.util.function.Supplier<Cluster> clusterForNewModel() {
        if (session.canEditCluster()) {
            Cluster c = session.cluster();
            return () -> c;
        }
        return () -> Samples.cluster(Samples.DEFAULT_CLUSTER);
    }

    public void openSample(String graphFile) {
        Path p;
        try {
            p = Samples.graphFile(graphFile);
        } catch (InputException e) {
            showError(e.getMessage());
            return;
        }
        openWith(p, () -> Samples.cluster(Samples.DEFAULT_CLUSTER), false);
    }

    /** Opens a model or session file in the background; a bad file gives a one-line error dialog. */
    public void open(Path file) {
        if (!confirmDiscard()) {
            return;
        }
        openWith(file, clusterForNewModel(), true);
    }

    /** Runs a file task on a daemon thread of its own (the window's opens, reads and saves). */
    private static void inBackground(Runnable task, String name) {
        Workers.thread(task, name).start();
    }

    /** The one-line message for a file that failed to load: the importer's own, or "FILE: cannot VERB (…)". */
    private static String failure(Path file, String verb, Throwable ex) {
        return ex instanceof InputException || ex instanceof ModelException ? ex.getMessage()
                : file + ": cannot " + verb + " (" + ex + ")";
    }

    /** Reads the file (and the cluster, e.g. a sample's JSON) off the FX thread, then opens it in the session. */
    private void openWith(Path file, java.util.function.Supplier<Cluster> cluster, boolean remember) {
        Objective o = session.objective();
        int ticket = ++opening;
        message.setText("Opening " + file.getFileName() + " …");
        openingNow.set(true);
        Task<Session.Opened> t = new Task<>() {
            @Override
            protected Session.Opened call() {
                return SessionFiles.open(file, cluster.get(), o);
            }
        };
        t.setOnSucceeded(e -> {
            if (ticket != opening) {
                return;
            }
            openingNow.set(false);
            Session.Opened op = t.getValue();
            session.open(op);
            if (op.sessionFile() != null) {
                sessionWrittenAt = file.toFile().lastModified();
            }
            if (remember) {
                rememberRecent(file);
            }
            startPage.root().setVisible(false);
            showOpened("Opened " + file.getFileName(), op, null);
        });
        t.setOnFailed(e -> {
            if (ticket != opening) {
                return;
            }
            openingNow.set(false);
            String msg = failure(file, "open", t.getException());
            message.setText("Could not open " + file.getFileName());
            showError("Cannot open " + file.getFileName(), msg);
            if (!session.isOpen()) {
                showStartPage(true);
            }
        });
        inBackground(t, "open-" + file.getFileName());
    }

    /**
     * Says in the status bar what was opened; what the importer assumed (e.g. symbolic dimensions set
     * to their defaults) is part of the numbers on screen: the first note there, all in the tooltip.
     */
    private void showOpened(String what, Session.Opened op, String extra) {
        List<String> notes = new java.util.ArrayList<>();
        if (extra != null) {
            notes.add(extra);
        }
        if (op.model() != null) {
            for (String w : op.model().warnings()) {
                // the importer words it for the command line; here the dialog is the way
                notes.add(w.replace("(set them with --dim NAME=VALUE)", "(set them in File ▸ Import Options…, Ctrl+I)"));
            }
        }
        message.setText(what + " — " + op.problem().operators() + " operators on " + op.problem().cluster().name()
                + (notes.isEmpty() ? "" : "; " + notes.get(0)
                        + (notes.size() > 1 ? " (+" + (notes.size() - 1) + " more)" : "")));
        messageTip.setText(String.join("\n", notes));
        message.setTooltip(notes.isEmpty() ? null : messageTip);
    }

    /** File ▸ Import Options…: the open model's symbolic dimensions and device counts; OK reads it again. */
    public void showImportOptions() {
        if (!session.isOpen()) {
            return;
        }
        Dialog<ImportOptions> d = ImportOptionsDialog.create(stage, session.modelProperty().get());
        d.setOnHidden(e -> {
            ImportOptions o = d.getResult();
            if (o != null) {
                reimport(o);
            }
        });
        d.show();
    }

    /**
     * Reads the open model again with other import options, in the background, keeping the cluster
     * (for models without their own devices), the view and, when the operators stay the same, the
     * placements; the options are saved with the session. The undo history is cleared.
     */
    public void reimport(ImportOptions options) {
        if (!session.isOpen()) {
            return;
        }
        LoadedModel m = session.modelProperty().get();
        Path file = Path.of(m.file());
        SessionFiles.Reimport r = new SessionFiles.Reimport(file, session.cluster(), session.objective(),
                session.problem(), session.placement(), session.named(), session.currentName(), viewState(),
                session.sessionFileProperty().get());
        int ticket = ++opening;
        message.setText("Reading " + file.getFileName() + " again …");
        openingNow.set(true);
        Task<SessionFiles.Reimported> t = new Task<>() {
            @Override
            protected SessionFiles.Reimported call() {
                return SessionFiles.reimport(r, options);
            }
        };
        t.setOnSucceeded(e -> {
            if (ticket != opening) {
                return;
            }
            openingNow.set(false);
            SessionFiles.Reimported res = t.getValue();
            session.reimported(res.opened());
            // what happened to the placements first: it is what the user needs to know, and a long
            // file name must not push it out of the status bar
            String what = !res.kept()
                    ? "The operators changed: placements reset to the single-device baseline"
                    : res.moved() > 0 ? "Placements kept; " + res.moved() + " operators on removed devices moved to "
                            + res.opened().problem().cluster().device(0).id()
                    : "Placements kept";
            showOpened(what + " — read " + file.getFileName() + " again", res.opened(), null);
        });
        t.setOnFailed(e -> {
            if (ticket != opening) {
                return;
            }
            openingNow.set(false);
            String msg = failure(file, "read", t.getException());
            message.setText("Could not read " + file.getFileName() + " with those options; nothing changed");
            showError("Cannot read " + file.getFileName() + " with those options", msg);
        });
        inBackground(t, "reimport-" + file.getFileName());
    }

    /** Opens a recovery file as an unsaved session (Save asks where to put it). */
    public void openRecovery(Path file) {
        Task<Session.Opened> t = new Task<>() {
            @Override
            protected Session.Opened call() {
                return SessionFiles.openSession(file);
            }
        };
        t.setOnSucceeded(e -> {
            Session.Opened o = t.getValue();
            session.open(new Session.Opened(o.model(), o.problem(), o.placement(), o.objective(), o.named(),
                    o.current(), null, o.view()));
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException ex) {
                // the next crash check offers it again: harmless
            }
            message.setText("Restored the unsaved session");
        });
        t.setOnFailed(e -> showError(t.getException().getMessage()));
        inBackground(t, "recover");
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open Model or Session");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Models and sessions", "*.onnx", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        List<Path> recent = config.recent();
        if (!recent.isEmpty() && recent.get(0).getParent() != null && Files.isDirectory(recent.get(0).getParent())) {
            fc.setInitialDirectory(recent.get(0).getParent().toFile());
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            open(f.toPath());
        }
    }

    private void updateRecentMenu() {
        List<Path> recent = config.recent();
        List<Boolean> exists = recent.stream().map(Files::exists).toList();
        showRecentMenu(recent, exists);
    }

    private void showRecentMenu(List<Path> recent, List<Boolean> exists) {
        recentMenu.getItems().clear();
        for (int i = 0; i < recent.size(); i++) {
            Path p = recent.get(i);
            MenuItem mi = item(p.toString(), null, () -> open(p));
            mi.setDisable(!exists.get(i));
            recentMenu.getItems().add(mi);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** Adds a file to the recent list; the config file is written (and the files checked) off the FX thread. */
    private void rememberRecent(Path file) {
        configWriter.execute(() -> {
            config.addRecent(file);
            List<Path> recent = config.recent();
            List<Boolean> exists = recent.stream().map(Files::exists).toList();
            Platform.runLater(() -> showRecentMenu(recent, exists));
        });
    }

    /** Ctrl+S: saves to the session's file (asking first if it changed on disk), else Save As. */
    public void saveSession() {
        if (!session.isOpen()) {
            return;
        }
        Path f = session.sessionFileProperty().get();
        if (f == null) {
            saveSessionAs();
            return;
        }
        if (Files.exists(f) && sessionWrittenAt >= 0 && f.toFile().lastModified() != sessionWrittenAt
                && !confirm("The file changed on disk", f + " was changed by another program since it was opened or "
                        + "saved. Replace it?")) {
            return;
        }
        saveTo(f);
    }

    public void saveSessionAs() {
        if (!session.isOpen()) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save Session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Session JSON", "*.json"));
        fc.setInitialFileName(session.problem().graph().name() + ".session.json");
        // the native save dialog asks before it replaces an existing file
        File f = fc.showSaveDialog(stage);
        if (f != null) {
            saveTo(f.toPath());
        }
    }

    /** Writes the session (snapshot here, file written in the background). */
    public void saveTo(Path f) {
        SessionFiles.Snapshot s = SessionFiles.snapshot(session, viewState());
        long rev = session.revisionProperty().get();
        Task<Long> t = new Task<>() {
            @Override
            protected Long call() {
                SessionFiles.save(s, f);
                return f.toFile().lastModified();
            }
        };
        t.setOnSucceeded(e -> {
            sessionWrittenAt = t.getValue();
            if (session.revisionProperty().get() == rev) {
                session.markSaved(f);
            }
            config.addRecent(f);
            updateRecentMenu();
            message.setText("Saved " + f.getFileName());
        });
        t.setOnFailed(e -> showError(t.getException().getMessage()));
        inBackground(t, "save");
    }

    public Map<String, Object> viewState() {
        Map<String, Object> m = new LinkedHashMap<>(dag.viewState());
        m.put("theme", dark ? "dark" : "light");
        return m;
    }

    // ------------------------------------------------------------------ dialogs

    /** Asks before unsaved changes are dropped; true to go on. */
    private boolean confirmDiscard() {
        if (!showDialogs || !session.isOpen() || !session.dirtyProperty().get()) {
            return true;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "The session has unsaved changes.",
                new ButtonType("Save", ButtonBar.ButtonData.YES), new ButtonType("Discard", ButtonBar.ButtonData.NO),
                ButtonType.CANCEL);
        a.setHeaderText("Save the session first?");
        a.initOwner(stage);
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) {
            return false;
        }
        if (r.get().getButtonData() == ButtonBar.ButtonData.YES) {
            Path f = session.sessionFileProperty().get();
            if (f == null) {
                FileChooser fc = new FileChooser();
                fc.setTitle("Save Session");
                fc.setInitialFileName(session.problem().graph().name() + ".session.json");
                File chosen = fc.showSaveDialog(stage);
                if (chosen == null) {
                    return false;
                }
                f = chosen.toPath();
            }
            SessionFiles.save(SessionFiles.snapshot(session, viewState()), f);
            session.markSaved(f);
        }
        return true;
    }

    private boolean confirm(String header, String text) {
        if (!showDialogs) {
            return false;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText(header);
        a.initOwner(stage);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Shows a one-line error in a dialog; the window stays usable. */
    public void showError(String msg) {
        showError("Cannot do that", msg);
    }

    private void showError(String header, String msg) {
        lastError.set(msg);
        message.setText(msg);
        Alert a = new Alert(Alert.AlertType.ERROR, msg, ButtonType.OK);
        a.setHeaderText(header);
        a.getDialogPane().setId("error-dialog");
        a.initOwner(stage);
        a.show();
    }

    private void info(String header, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        a.setHeaderText(header);
        a.initOwner(stage);
        a.show();
    }

    private void showKeys() {
        info("Keyboard shortcuts", String.join("\n", List.of(
                "Ctrl+O  open a model or session        Ctrl+S  save the session        Ctrl+I  import options",
                "Ctrl+Z  undo        Ctrl+Shift+Z / Ctrl+Y  redo",
                "Ctrl+F  find        F3 / Shift+F3  next / previous match",
                "1–9  assign the selection to device 1–9        P  pin / unpin",
                "+ / −  zoom        0  fit        arrows  pan        Esc  clear the selection",
                "Ctrl+1 … 4  Gantt, Stages, Gap, Runs        Ctrl+R  run the solver panel's solver        Ctrl+.  stop",
                "Gantt chart: W / S zoom, A / D pan, wheel zooms at the pointer, Shift+wheel and drag pan, 0 fits",
                "Ctrl+Shift+C  compare placements        Ctrl+T  teaching mode (Space play, → step, Home restart)",
                "Ctrl+E  export the schedule as a Chrome trace (File ▸ Export has the other formats)",
                "Mouse: wheel zooms, drag pans, Shift+drag selects a rectangle, click / Shift+click select,",
                "drag selected operators onto a device card to move them, double-click a group to expand it.")));
    }

    /** Asks whether to restore a recovery file left by a crash (App calls this at start). */
    public boolean offerRecovery(Path file) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Placement Explorer did not close cleanly last time. "
                + "Restore the session it saved automatically (" + new java.util.Date(file.toFile().lastModified())
                + ")?", new ButtonType("Restore", ButtonBar.ButtonData.YES),
                new ButtonType("Discard", ButtonBar.ButtonData.NO));
        a.setHeaderText("Restore unsaved work?");
        a.initOwner(stage);
        boolean yes = a.showAndWait().map(b -> b.getButtonData() == ButtonBar.ButtonData.YES).orElse(false);
        if (yes) {
            openRecovery(file);
        } else {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                // left for next time
            }
        }
        return yes;
    }

    /** Selections and layout on screen, for tests. */
    public List<String> statusTexts() {
        List<String> l = new ArrayList<>();
        for (Label x : List.of(objectiveValue, objectiveKind, bottleneck, bound, gap, memory)) {
            l.add(x.getText());
        }
        return l;
    }
}
