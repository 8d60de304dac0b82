package org.placementexplorer.ui.topology;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseDragEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Subscription;

import org.placementexplorer.io.InputException;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.io.json.ClusterJson;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.theme.Meter;
import org.placementexplorer.ui.theme.Palette;
import org.placementexplorer.ui.theme.Pulses;
import org.placementexplorer.ui.theme.Tips;
import org.placementexplorer.util.Fmt;

/**
 * The cluster: device cards grouped by server (kind, speed, memory bar used/capacity, load bar),
 * links with bandwidth and load; the bottleneck is marked. Cards take dropped operators. The
 * toolbar edits the cluster through the session (every edit is undoable).
 */
public final class TopologyView {
    private final Session session;
    private final VBox root = new VBox();
    private final VBox content = new VBox(12);
    private final Label title = new Label("Cluster");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final Consumer<String> onError;
    private IntConsumer onDrop = d -> { };
    private java.util.function.BooleanSupplier dragActive = () -> false;
    private int selectedDevice = -1;
    private final javafx.beans.property.BooleanProperty editable = new javafx.beans.property.SimpleBooleanProperty();
    private TopologyModel shown;
    private final Pulses.Rounds buildRounds = new Pulses.Rounds();

    public TopologyView(Session session, Consumer<String> onError) {
        this.session = session;
        this.onError = onError;
        root.getStyleClass().add("topology-view");
        title.getStyleClass().add("pane-title");
        FlowPane buttons = new FlowPane(6, 6, toolButton("Add device…", "Add a device like the selected one", this::add),
                sampleMenu(), toolButton("Load…", "Load a cluster JSON file", this::load),
                toolButton("Save…", "Save this cluster as JSON", this::save));
        VBox bar = new VBox(6, title, buttons);
        bar.getStyleClass().add("pane-bar");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("topology-scroll");
        // The scroll pane caches its viewport as one image: every memory or load bar that moves after an
        // edit then repaints all the cards into it. Without the cache only the changed cards are painted.
        scroll.skinProperty().subscribe(skin -> {
            if (skin != null && scroll.lookup(".viewport") != null) {
                scroll.lookup(".viewport").setCache(false);
            }
        });
        content.setPadding(new Insets(10));
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getChildren().addAll(bar, scroll);
        root.setMinWidth(0);
        subscriptions.add(session.problemProperty().subscribe(p -> scheduleRebuild()));
        subscriptions.add(session.placementProperty().subscribe(p -> scheduleUpdate()));
        subscriptions.add(session.evaluationProperty().subscribe(e -> scheduleUpdate()));
    }

    public Node root() {
        return root;
    }

    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        subscriptions.clear();
    }

    /** What to do when operators are dropped on device {@code d}; {@code active} says a drag is on. */
    public void setDropTarget(IntConsumer onDrop, java.util.function.BooleanSupplier active) {
        this.onDrop = onDrop;
        this.dragActive = active;
    }

    /** A drag of operators ended: no card stays highlighted. */
    public void dragEnded() {
        content.lookupAll(".drop-target").forEach(n -> n.getStyleClass().remove("drop-target"));
    }

    /** The figures on screen now (for tests). */
    public TopologyModel shown() {
        return shown;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private Button toolButton(String text, String tip, Runnable r) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> r.run());
        b.disableProperty().bind(editable.not());
        return b;
    }

    private MenuButton sampleMenu() {
        MenuButton mb = new MenuButton("Sample cluster");
        mb.setTooltip(new Tooltip("Switch to a sample cluster"));
        for (String name : Samples.CLUSTERS) {
            MenuItem mi = new MenuItem(name);
            mi.setOnAction(e -> useSample(name));
            mb.getItems().add(mi);
        }
        mb.disableProperty().bind(editable.not());
        return mb;
    }

    public void useSample(String name) {
        apply("Switch to cluster " + name, () -> Samples.cluster(name));
    }

    private interface ClusterMaker {
        Cluster make();
    }

    private void apply(String label, ClusterMaker m) {
        if (!session.canEditCluster()) {
            onError.accept("this model carries its own devices and costs; its cluster cannot be changed");
            return;
        }
        try {
            session.changeCluster(label, m.make());
        } catch (ModelException | InputException e) {
            onError.accept(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ edits

    private int template() {
        return selectedDevice >= 0 && selectedDevice < session.cluster().size() ? selectedDevice : 0;
    }

    private void add() {
        Cluster c = session.cluster();
        int t = template();
        Device base = c.device(t);
        String id = ClusterEdits.unique(base.kind().name().toLowerCase(java.util.Locale.ROOT) + c.size(),
                ClusterEdits.takenIds(c, -1));
        Device proposal = base.withId(id, base.name());
        DeviceEditor.show(window(), "Add device", proposal, ClusterEdits.takenIds(c, -1)).ifPresent(d ->
                apply("Add device " + d.id(), () -> ClusterEdits.addLike(c, t, d)));
    }

    public void edit(int index) {
        Cluster c = session.cluster();
        DeviceEditor.show(window(), "Edit device", c.device(index), ClusterEdits.takenIds(c, index)).ifPresent(d ->
                apply("Edit device " + d.id(), () -> ClusterEdits.replace(c, index, d)));
    }

    public void duplicate(int index) {
        Cluster c = session.cluster();
        apply("Duplicate device " + c.device(index).id(), () -> ClusterEdits.duplicate(c, index));
    }

    public void remove(int index) {
        Cluster c = session.cluster();
        apply("Remove device " + c.device(index).id(), () -> ClusterEdits.remove(c, index));
    }

    private void load() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Load Cluster");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Cluster JSON", "*.json"));
        File f = fc.showOpenDialog(window());
        if (f != null) {
            loadFile(f.toPath());
        }
    }

    public void loadFile(Path file) {
        apply("Load cluster " + file.getFileName(), () -> ProblemLoader.cluster(file.toString()));
    }

    private void save() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save Cluster");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Cluster JSON", "*.json"));
        fc.setInitialFileName(session.cluster().name() + ".json");
        // the native save dialog asks before it replaces an existing file
        File f = fc.showSaveDialog(window());
        if (f != null) {
            try {
                Json.write(f.toPath(), ClusterJson.write(session.cluster()));
            } catch (IOException e) {
                onError.accept(f + ": cannot write the cluster (" + e.getMessage() + ")");
            }
        }
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    // ------------------------------------------------------------------ drawing

    /** The controls of one card whose values change with the placement. */
    private record CardUi(VBox box, Label memText, Meter mem, Label loadText, Meter load, Label badge) {
    }

    private record LinkUi(HBox row, Label loadText, Meter load, Label badge) {
    }

    private final java.util.Map<Integer, CardUi> cardUis = new java.util.HashMap<>();
    private final java.util.Map<Integer, LinkUi> linkUis = new java.util.HashMap<>();
    private Problem built;
    private boolean updateQueued;
    private boolean rebuildQueued;

    /** Updates are coalesced: placement and evaluation changes in one pulse cost one update. */
    private void scheduleUpdate() {
        if (!updateQueued) {
            updateQueued = true;
            javafx.application.Platform.runLater(this::update);
        }
    }

    /**
     * A new problem: the cards are rebuilt after the next frame, in turn with the window's other
     * pieces (Pulses.inTurn), so that styling them does not add to the frame in which the rest of the
     * window takes the new model.
     */
    private void scheduleRebuild() {
        if (!rebuildQueued) {
            rebuildQueued = true;
            Pulses.inTurn(root.getScene(), () -> {
                rebuildQueued = false;
                rebuild();
            });
        }
    }

    /**
     * Rebuilds the cards (a new problem or cluster), then fills in the figures. The server boxes and the
     * first card come now, every further card and link row in a frame of its own: styling a cluster's
     * new cards at once was the longest piece of FX work when a model opened (40 ms of CPU on a fresh
     * JVM, twice that in wall time on two cores; ADR 49).
     */
    private void rebuild() {
        Problem p = session.problem();
        content.getChildren().clear();
        cardUis.clear();
        linkUis.clear();
        built = p;
        shown = null;
        buildRounds.restart(); // parts of an earlier rebuild still queued are dropped
        editable.set(session.canEditCluster());
        if (p == null) {
            title.setText("Cluster");
            return;
        }
        TopologyModel m = TopologyModel.of(p, session.placement(), session.evaluation());
        title.setText("Cluster " + m.clusterName() + (session.canEditCluster() ? "" : " (from the file)"));
        List<Runnable> parts = new ArrayList<>();
        for (TopologyModel.ServerGroup g : m.servers()) {
            Label h = new Label(g.server().name() + (g.server().name().equals(g.server().id()) ? "" : "  (" + g.server().id() + ")"));
            h.getStyleClass().add("server-title");
            FlowPane cards = new FlowPane(10, 10);
            for (TopologyModel.DeviceCard c : g.devices()) {
                parts.add(() -> cards.getChildren().add(card(c)));
            }
            VBox box = new VBox(6, h, cards);
            box.getStyleClass().add("server-box");
            content.getChildren().add(box);
        }
        if (!m.links().isEmpty()) {
            Label h = new Label("Links");
            h.getStyleClass().add("server-title");
            VBox rows = new VBox(4);
            for (TopologyModel.LinkRow l : m.links()) {
                parts.add(() -> rows.getChildren().add(linkRow(l)));
            }
            VBox box = new VBox(6, h, rows);
            box.getStyleClass().add("server-box");
            content.getChildren().add(box);
        } else if (p.cluster().size() > 1) {
            Label note = new Label("Transfers are priced by the file's own cost table (no links).");
            note.getStyleClass().add("note");
            content.getChildren().add(note);
        }
        if (session.placement() != null) {
            shown = m; // the figures, worked out once for every part of the rebuild
        }
        buildParts(parts, 0);
    }

    /** Builds part {@code from} of a rebuild, fills in the figures, and the next part after a frame. */
    private void buildParts(List<Runnable> parts, int from) {
        if (from < parts.size()) {
            parts.get(from).run();
        }
        if (shown != null) {
            fill(shown);
        }
        if (from + 1 < parts.size()) {
            buildRounds.inTurn(root.getScene(), () -> buildParts(parts, from + 1));
        }
    }

    /** Whether every card and link row of the shown cluster is built (tests). */
    public boolean complete() {
        return built == session.problem() && shown != null && cardUis.size() == shown.servers().stream()
                .mapToInt(g -> g.devices().size()).sum() && linkUis.size() == shown.links().size();
    }

    /** Fills the cards with the latest placement and evaluation. */
    private void update() {
        updateQueued = false;
        Problem p = session.problem();
        if (p != built) {
            if (!rebuildQueued) {
                rebuild();
            }
            return;
        }
        if (p == null || session.placement() == null) {
            return;
        }
        TopologyModel m = TopologyModel.of(p, session.placement(), session.evaluation());
        shown = m;
        fill(m);
    }

    private void fill(TopologyModel m) {
        for (TopologyModel.ServerGroup g : m.servers()) {
            for (TopologyModel.DeviceCard c : g.devices()) {
                CardUi ui = cardUis.get(c.index());
                if (ui == null) {
                    continue;
                }
                Device d = c.device();
                ui.mem().setProgress(Double.isNaN(c.memoryUsed()) || d.unlimitedMemory() ? 0
                        : Math.min(1, c.memoryUsed() / c.memoryCapacity()));
                setClass(ui.mem(), "over", c.memoryOver());
                ui.memText().setText("memory " + (Double.isNaN(c.memoryUsed()) ? "…" : Fmt.memory(c.memoryUsed(), m.units()))
                        + " / " + Fmt.memory(c.memoryCapacity(), m.units()) + (c.memoryOver() ? "  OVER" : ""));
                ui.load().setProgress(c.loadFraction());
                ui.loadText().setText("load " + (Double.isNaN(c.load()) ? "…" : Fmt.time(c.load(), m.units()))
                        + " · " + c.operators() + " ops");
                ui.badge().setVisible(c.bottleneck());
                ui.badge().setManaged(c.bottleneck());
                setClass(ui.box(), "bottleneck", c.bottleneck());
                setClass(ui.box(), "selected", c.index() == selectedDevice);
            }
        }
        for (TopologyModel.LinkRow l : m.links()) {
            LinkUi ui = linkUis.get(l.index());
            if (ui == null) {
                continue;
            }
            ui.load().setProgress(l.loadFraction());
            ui.loadText().setText(Double.isNaN(l.load()) ? "" : Fmt.time(l.load(), m.units()));
            ui.badge().setVisible(l.bottleneck());
            ui.badge().setManaged(l.bottleneck());
            setClass(ui.row(), "bottleneck", l.bottleneck());
        }
    }

    private static void setClass(Node n, String cls, boolean on) {
        if (on && !n.getStyleClass().contains(cls)) {
            n.getStyleClass().add(cls);
        } else if (!on) {
            n.getStyleClass().remove(cls);
        }
    }

    private Node card(TopologyModel.DeviceCard c) {
        Device d = c.device();
        Region swatch = new Region();
        swatch.getStyleClass().add("swatch");
        swatch.setStyle("-fx-background-color: " + Palette.hex(c.index()) + ";");
        Label id = new Label((c.index() < 9 ? (c.index() + 1) + " · " : "") + d.id(), swatch);
        id.getStyleClass().add("card-id");
        Label kind = new Label(d.kind().name() + " · " + d.name());
        kind.getStyleClass().add("note");
        Label speed = new Label(Fmt.flops(d.peak(Precision.FP32)) + "/s fp32 · " + Fmt.bytes(d.memoryBandwidth()) + "/s");
        speed.getStyleClass().add("note");
        boolean physical = session.problem() != null && session.problem().units().physical();
        speed.setVisible(physical); // instance files give times, not device figures
        speed.setManaged(physical);
        Meter mem = new Meter();
        mem.getStyleClass().add("memory-bar");
        mem.setMaxWidth(Double.MAX_VALUE);
        Label memText = new Label();
        memText.getStyleClass().add("bar-label");
        memText.setId("mem-" + d.id());
        Meter load = new Meter();
        load.getStyleClass().add("load-bar");
        load.setMaxWidth(Double.MAX_VALUE);
        Label loadText = new Label();
        loadText.getStyleClass().add("bar-label");
        loadText.setId("load-" + d.id());
        Label badge = new Label("BOTTLENECK");
        badge.getStyleClass().add("bottleneck-badge");
        badge.setVisible(false);
        badge.setManaged(false);
        VBox box = new VBox(3, id, badge, kind, speed, memText, mem, loadText, load);
        box.getStyleClass().add("device-card");
        box.setPrefWidth(230);
        box.setId("device-" + d.id());
        box.setUserData(c.index());
        cardUis.put(c.index(), new CardUi(box, memText, mem, loadText, load, badge));
        box.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                selectedDevice = c.index();
                if (e.getClickCount() == 2) {
                    edit(c.index());
                } else {
                    scheduleUpdate();
                }
            }
        });
        // the menu is made when asked for: a popup per card cost time when a cluster's cards were built
        box.setOnContextMenuRequested(e -> cardMenu(c.index()).show(box, e.getScreenX(), e.getScreenY()));
        box.addEventHandler(MouseDragEvent.MOUSE_DRAG_ENTERED, e -> {
            if (dragActive.getAsBoolean()) {
                setClass(box, "drop-target", true);
            }
        });
        box.addEventHandler(MouseDragEvent.MOUSE_DRAG_EXITED, e -> setClass(box, "drop-target", false));
        // a filter, so no control inside the card (e.g. a progress bar) can swallow the drop
        box.addEventFilter(MouseDragEvent.MOUSE_DRAG_RELEASED, e -> {
            setClass(box, "drop-target", false);
            if (dragActive.getAsBoolean()) {
                onDrop.accept(c.index());
            }
            e.consume();
        });
        return new StackPane(box);
    }

    private ContextMenu cardMenu(int device) {
        MenuItem edit = new MenuItem("Edit…");
        edit.setOnAction(e -> edit(device));
        MenuItem dup = new MenuItem("Duplicate");
        dup.setOnAction(e -> duplicate(device));
        MenuItem rm = new MenuItem("Remove");
        rm.setOnAction(e -> remove(device));
        MenuItem assign = new MenuItem("Assign the selection here");
        assign.setOnAction(e -> onDrop.accept(device));
        return new ContextMenu(assign, edit, dup, rm);
    }

    private Node linkRow(TopologyModel.LinkRow l) {
        Label text = new Label(l.link().a() + " ↔ " + l.link().b() + "   " + Fmt.bytes(l.link().bandwidth()) + "/s"
                + (l.link().latency() > 0 ? " · " + Fmt.seconds(l.link().latency()) : ""));
        text.setMinWidth(0);
        Tips.onFirstHover(text, l.link().id() + ": " + Fmt.bytes(l.link().bandwidth()) + "/s each way, "
                + Fmt.seconds(l.link().latency()) + " latency");
        Meter load = new Meter();
        load.getStyleClass().add("load-bar");
        load.setPrefWidth(110);
        Label lt = new Label();
        lt.getStyleClass().add("bar-label");
        lt.setMinWidth(Region.USE_PREF_SIZE);
        Label badge = new Label("BOTTLENECK");
        badge.getStyleClass().add("bottleneck-badge");
        badge.setVisible(false);
        badge.setManaged(false);
        HBox row = new HBox(8, text, badge, spacer(), lt, load);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("link-row");
        linkUis.put(l.index(), new LinkUi(row, lt, load, badge));
        return row;
    }
}
