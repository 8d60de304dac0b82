package org.placementexplorer.ui.dag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.util.Subscription;

import org.placementexplorer.draw.Colour;
import org.placementexplorer.draw.Colours;
import org.placementexplorer.draw.DagDrawing;
import org.placementexplorer.draw.Drawing;
import org.placementexplorer.layout.DagLayout;
import org.placementexplorer.layout.LayoutEngine;
import org.placementexplorer.layout.LayoutGraph;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.theme.Palette;
import org.placementexplorer.ui.theme.RasterLayer;

/**
 * The operator graph, drawn from a layout result: only what is visible is drawn, with less detail
 * when zoomed out, as a picture painted off the FX thread ({@link RasterLayer}) under a transparent
 * {@link Canvas} that takes the mouse; hit-testing goes through a {@link SpatialIndex}. Layout runs
 * as a background task with progress and cancel. Colours follow the session's placement.
 */
public final class DagView {
    private static final double MIN_ZOOM = 0.002;
    private static final double MAX_ZOOM = 4;

    private final Session session;
    private final LayoutEngine engine;
    private final StackPane root = new StackPane();
    private final Pane canvasHost = new Pane();
    private final Canvas canvas = new Canvas(); // the event surface; the graph is painted off the FX thread
    private final RasterLayer raster = new RasterLayer("dag");
    private final Pane overlay = new Pane();
    private final Label hover = new Label();
    private final Rectangle band = new Rectangle();
    private final FlowPane legend = new FlowPane(8, 4);
    private final HBox findBar = new HBox(6);
    private final TextField findField = new TextField();
    private final Label findCount = new Label();
    private final VBox progressBox = new VBox(8);
    private final ProgressBar progress = new ProgressBar();
    private final Label progressLabel = new Label();
    private final Label empty = new Label("Open a model: File ▸ Open, drop a file here, or pick a sample");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ReadOnlyObjectWrapper<int[]> selection = new ReadOnlyObjectWrapper<>(new int[0]);
    private final ReadOnlyBooleanWrapper dragging = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper layingOut = new ReadOnlyBooleanWrapper();

    private DagModel model;
    private VisibleGraph vg;
    private DagLayout layout;
    private SpatialIndex index;
    private double[][] edgeX;
    private double[][] edgeY;
    private double[][] edgeBox;
    private double scale = 1;
    private double tx;
    private double ty;
    private boolean redrawQueued;
    private long generation;
    private Task<?> layoutTask;
    private Map<String, Object> pendingView;
    private boolean dark;
    private long redraws;
    private long lastRedrawNanos;
    private int lastDrawnNodes;
    private Runnable afterRedraw = () -> { };

    // mouse state
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private int pressNode = -1;
    private Mode mode = Mode.NONE;
    private ContextMenu menu;

    private enum Mode { NONE, PAN, BAND, DRAG }

    public DagView(Session session, LayoutEngine engine) {
        this.session = session;
        this.engine = engine;
        root.getStyleClass().add("dag-view");
        canvasHost.getChildren().addAll(raster.node(), canvas);
        canvas.widthProperty().bind(canvasHost.widthProperty());
        canvas.heightProperty().bind(canvasHost.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> requestRedraw());
        canvas.heightProperty().addListener((o, a, b) -> requestRedraw());
        canvasHost.setMinSize(0, 0);
        canvas.setFocusTraversable(true);
        canvas.setId("dag-canvas");

        hover.getStyleClass().add("dag-hover");
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        band.getStyleClass().add("dag-band");
        band.setVisible(false);
        band.setMouseTransparent(true);
        overlay.getChildren().addAll(band, hover);
        overlay.setMouseTransparent(true);
        overlay.setPickOnBounds(false);

        legend.getStyleClass().add("dag-legend");
        legend.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        legend.setPrefWrapLength(520);
        StackPane.setAlignment(legend, Pos.BOTTOM_LEFT);
        StackPane.setMargin(legend, new Insets(8));

        buildFindBar();
        buildProgress();
        empty.getStyleClass().add("dag-empty");
        empty.setMouseTransparent(true);

        root.getChildren().addAll(canvasHost, overlay, legend, findBar, progressBox, empty);
        root.setMinSize(0, 0);
        wireMouse();

        subscriptions.add(session.problemProperty().subscribe((a, b) -> problemChanged(a, b)));
        subscriptions.add(session.placementProperty().subscribe(p -> {
            hover.setVisible(false); // its text described the old placement
            requestRedraw();
        }));
        problemChanged(null, session.problem());
    }

    public Node root() {
        return root;
    }

    /** Unsubscribes from the session and stops a running layout. */
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        subscriptions.clear();
        cancelLayout();
    }

    public ReadOnlyObjectProperty<int[]> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    /** True while the user drags operators (the topology cards accept the drop). */
    public ReadOnlyBooleanProperty draggingProperty() {
        return dragging.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty layingOutProperty() {
        return layingOut.getReadOnlyProperty();
    }

    public DagModel model() {
        return model;
    }

    public VisibleGraph visibleGraph() {
        return vg;
    }

    public DagLayout layout() {
        return layout;
    }

    public int[] selectedOps() {
        return model == null ? new int[0] : model.selectedOps();
    }

    public double zoom() {
        return scale;
    }

    public long redrawCount() {
        return redraws;
    }

    /** The layer the graph is painted into (frames shown, whether the newest is on screen). */
    public RasterLayer raster() {
        return raster;
    }

    public long lastRedrawNanos() {
        return lastRedrawNanos;
    }

    /** Boxes drawn by the last redraw (those in view). */
    public int lastDrawnNodes() {
        return lastDrawnNodes;
    }

    public void setAfterRedraw(Runnable r) {
        afterRedraw = r == null ? () -> { } : r;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        requestRedraw();
    }

    // ------------------------------------------------------------------ session changes

    private void problemChanged(Problem before, Problem after) {
        if (after == null) {
            model = null;
            vg = null;
            layout = null;
            index = null;
            empty.setVisible(true);
            legend.getChildren().clear();
            legend.setVisible(false);
            requestRedraw();
            return;
        }
        empty.setVisible(false);
        legend.setVisible(true);
        updateLegend(after);
        OpGraph g = after.graph();
        if (model == null || before == null || model.graph() != g) {
            model = new DagModel(g);
            pendingView = session.openedView();
            applyCollapseState(pendingView);
            layout = null;
            index = null;
            publishSelection();
            relayout();
        } else {
            requestRedraw();
        }
    }

    private void applyCollapseState(Map<String, Object> view) {
        if (view == null) {
            return;
        }
        if (view.get("collapsed") instanceof List<?> l) {
            model.setCollapsed(l.stream().map(String::valueOf).toList());
        } else if (model.graph().size() > 3000) {
            model.collapseDepth(1); // very large graphs open with their top-level scopes folded
        }
        if (view.get("expandedBodies") instanceof List<?> l) {
            List<Integer> ops = new ArrayList<>();
            for (Object o : l) {
                model.graph().indexOf(String.valueOf(o)).ifPresent(ops::add);
            }
            model.setExpandedBodies(ops);
        }
    }

    private void updateLegend(Problem p) {
        legend.getChildren().clear();
        for (int d = 0; d < p.deviceCount(); d++) {
            Region sw = new Region();
            sw.getStyleClass().add("swatch");
            sw.setStyle("-fx-background-color: " + Palette.hex(d) + ";");
            Label l = new Label(p.cluster().device(d).id(), sw);
            l.getStyleClass().add("legend-item");
            legend.getChildren().add(l);
        }
        Label hint = new Label("edge width ~ log(bytes) · red edge = transfer");
        hint.getStyleClass().add("legend-hint");
        legend.getChildren().add(hint);
    }

    // ------------------------------------------------------------------ layout

    /** Lays out the visible graph again (after collapse or expand) in a background task. */
    public void relayout() {
        if (model == null) {
            return;
        }
        cancelLayout();
        long gen = ++generation;
        // the visible graph is built on the layout's thread too (it took 15-20 ms of the FX thread's
        // time when a model opened on a fresh JVM), from a copy of the collapse state
        DagModel state = model.copyOfCollapseState();
        Task<Object[]> task = new Task<>() {
            @Override
            protected Object[] call() {
                updateProgress(-1, 1);
                VisibleGraph next = state.build();
                LayoutGraph lg = next.toLayoutGraph();
                updateMessage("Laying out " + next.size() + " boxes with " + engine.name() + " …");
                DagLayout l = engine.layout(lg, p -> updateProgress(p, 1), this::isCancelled);
                SpatialIndex si = new SpatialIndex(l);
                return new Object[] {l, si, next};
            }
        };
        task.setOnSucceeded(e -> {
            if (gen != generation) {
                return;
            }
            Object[] r = task.getValue();
            applyLayout((VisibleGraph) r[2], (DagLayout) r[0], (SpatialIndex) r[1]);
        });
        task.setOnFailed(e -> {
            if (gen == generation) {
                layingOut.set(false);
                progressBox.setVisible(false);
                Throwable ex = task.getException();
                empty.setText("Layout failed: " + (ex == null ? "unknown error" : ex.getMessage()));
                empty.setVisible(true);
            }
        });
        task.setOnCancelled(e -> {
            if (gen == generation) {
                layingOut.set(false);
                progressBox.setVisible(false);
            }
        });
        layoutTask = task;
        progress.progressProperty().bind(task.progressProperty());
        progressLabel.textProperty().bind(task.messageProperty());
        progressBox.setVisible(true);
        layingOut.set(true);
        // deep graphs make JGraphX recurse deeply: give the thread a large stack
        org.placementexplorer.ui.session.Workers.thread(task, "dag-layout", 1L << 29).start();
    }

    /** Stops the running layout; the previous drawing (if any) stays. */
    public void cancelLayout() {
        if (layoutTask != null && layoutTask.isRunning()) {
            layoutTask.cancel();
        }
        layoutTask = null;
        layingOut.set(false);
        progressBox.setVisible(false);
    }

    private void applyLayout(VisibleGraph next, DagLayout l, SpatialIndex si) {
        boolean first = layout == null;
        double cx = 0;
        double cy = 0;
        if (!first) {
            cx = (canvas.getWidth() / 2 - tx) / scale;
            cy = (canvas.getHeight() / 2 - ty) / scale;
        }
        vg = next;
        layout = l;
        index = si;
        int m = next.edges().size();
        edgeX = new double[m][];
        edgeY = new double[m][];
        edgeBox = new double[m][];
        for (int k = 0; k < m; k++) {
            double[] r = l.routes()[k];
            int pts = r.length / 2;
            edgeX[k] = new double[pts];
            edgeY[k] = new double[pts];
            double x0 = Double.POSITIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY;
            double y1 = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < pts; i++) {
                edgeX[k][i] = r[2 * i];
                edgeY[k][i] = r[2 * i + 1];
                x0 = Math.min(x0, r[2 * i]);
                x1 = Math.max(x1, r[2 * i]);
                y0 = Math.min(y0, r[2 * i + 1]);
                y1 = Math.max(y1, r[2 * i + 1]);
            }
            edgeBox[k] = new double[] {x0, y0, x1, y1};
        }
        layingOut.set(false);
        progressBox.setVisible(false);
        progress.progressProperty().unbind();
        progressLabel.textProperty().unbind();
        if (pendingView != null && pendingView.get("zoom") instanceof Number z) {
            scale = clampZoom(z.doubleValue());
            double vx = pendingView.get("centerX") instanceof Number n ? n.doubleValue() : l.totalWidth() / 2;
            double vy = pendingView.get("centerY") instanceof Number n ? n.doubleValue() : l.totalHeight() / 2;
            centerOn(vx, vy);
        } else if (first) {
            showStart();
        } else {
            centerOn(cx, cy);
        }
        pendingView = null;
        publishSelection();
        requestRedraw();
    }

    // ------------------------------------------------------------------ view transform

    private static double clampZoom(double z) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
    }

    /** A readable start: the graph's width fitted (zoom at most 1), its top in view. */
    public void showStart() {
        if (layout == null) {
            return;
        }
        double w = Math.max(1, canvas.getWidth());
        double h = Math.max(1, canvas.getHeight());
        scale = clampZoom(Math.min(1, w / layout.totalWidth()));
        if (layout.totalHeight() * scale < h) {
            scale = clampZoom(Math.min(w / layout.totalWidth(), h / layout.totalHeight()));
            scale = Math.min(scale, 1);
        }
        tx = (w - layout.totalWidth() * scale) / 2;
        ty = layout.totalHeight() * scale < h ? (h - layout.totalHeight() * scale) / 2 : 0;
        requestRedraw();
    }

    /** The whole graph in the window. */
    public void fit() {
        if (layout == null) {
            return;
        }
        double w = Math.max(1, canvas.getWidth());
        double h = Math.max(1, canvas.getHeight());
        scale = clampZoom(Math.min(w / layout.totalWidth(), h / layout.totalHeight()) * 0.97);
        tx = (w - layout.totalWidth() * scale) / 2;
        ty = (h - layout.totalHeight() * scale) / 2;
        requestRedraw();
    }

    public void zoomBy(double factor) {
        zoomAt(factor, canvas.getWidth() / 2, canvas.getHeight() / 2);
    }

    private void zoomAt(double factor, double sx, double sy) {
        double ns = clampZoom(scale * factor);
        double wx = (sx - tx) / scale;
        double wy = (sy - ty) / scale;
        scale = ns;
        tx = sx - wx * scale;
        ty = sy - wy * scale;
        requestRedraw();
    }

    public void centerOn(double wx, double wy) {
        tx = canvas.getWidth() / 2 - wx * scale;
        ty = canvas.getHeight() / 2 - wy * scale;
        requestRedraw();
    }

    public void panBy(double dx, double dy) {
        tx += dx;
        ty += dy;
        requestRedraw();
    }

    /** The view state saved in a session: zoom, centre, collapsed scopes, shown bodies. */
    public Map<String, Object> viewState() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (model == null) {
            return m;
        }
        m.put("zoom", scale);
        m.put("centerX", (canvas.getWidth() / 2 - tx) / scale);
        m.put("centerY", (canvas.getHeight() / 2 - ty) / scale);
        m.put("collapsed", new ArrayList<>(model.collapsed()));
        List<String> bodies = new ArrayList<>();
        for (int v : model.expandedBodies()) {
            bodies.add(model.graph().op(v).id());
        }
        m.put("expandedBodies", bodies);
        return m;
    }

    // ------------------------------------------------------------------ selection, find, collapse

    private void publishSelection() {
        selection.set(model == null ? new int[0] : model.selectedOps());
        requestRedraw();
    }

    public void clearSelection() {
        if (model != null) {
            model.clearSelection();
            publishSelection();
        }
    }

    public void selectOps(int[] ops, boolean additive) {
        if (model != null) {
            model.selectOps(ops, additive);
            publishSelection();
        }
    }

    public int selectScope(String scope, boolean additive) {
        if (model == null) {
            return 0;
        }
        int n = model.selectScope(scope, additive);
        publishSelection();
        return n;
    }

    public void collapse(String scope) {
        if (model != null) {
            model.collapse(scope);
            relayout();
        }
    }

    public void expand(String scope) {
        if (model != null) {
            model.expand(scope);
            relayout();
        }
    }

    public void collapseDepth(int depth) {
        if (model != null) {
            model.collapseDepth(depth);
            relayout();
        }
    }

    public void expandAll() {
        if (model != null) {
            model.expandAll();
            relayout();
        }
    }

    /** Shows the find bar and focuses it. */
    public void showFind() {
        findBar.setVisible(true);
        findField.requestFocus();
        findField.selectAll();
    }

    public void hideFind() {
        findBar.setVisible(false);
        canvas.requestFocus();
    }

    /** Runs a search; the first match is selected and centred. Returns the number of matches. */
    public int find(String text) {
        if (model == null) {
            return 0;
        }
        int n = model.find(text);
        showMatch();
        return n;
    }

    public void findNext() {
        if (model != null && model.next() >= 0) {
            showMatch();
        }
    }

    public void findPrevious() {
        if (model != null && model.previous() >= 0) {
            showMatch();
        }
    }

    private void showMatch() {
        int v = model.currentMatch();
        findCount.setText(model.matches().isEmpty() ? (model.query().isEmpty() ? "" : "no match")
                : (model.matchIndex() + 1) + " of " + model.matches().size());
        if (v < 0) {
            requestRedraw();
            return;
        }
        model.selectOps(new int[] {v}, false);
        publishSelection();
        if (vg != null && layout != null && vg.opNode().length > v) {
            int node = vg.opNode()[v];
            if (node < layout.nodes()) {
                if (scale < 0.6) {
                    scale = 0.9;
                }
                centerOn(layout.centerX(node), layout.centerY(node));
            }
        }
    }

    private void buildFindBar() {
        findField.setPromptText("Find operator by name or type");
        findField.setId("find-field");
        findField.setPrefColumnCount(22);
        findField.textProperty().addListener((o, a, b) -> find(b));
        findField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.F3) {
                if (e.isShiftDown()) {
                    findPrevious();
                } else {
                    findNext();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                hideFind();
                e.consume();
            }
        });
        Button prev = new Button("▲");
        prev.setOnAction(e -> findPrevious());
        Button next = new Button("▼");
        next.setOnAction(e -> findNext());
        Button close = new Button("✕");
        close.setOnAction(e -> hideFind());
        findCount.getStyleClass().add("find-count");
        findCount.setMinWidth(70);
        findBar.getChildren().addAll(findField, prev, next, findCount, close);
        findBar.getStyleClass().add("find-bar");
        findBar.setAlignment(Pos.CENTER_LEFT);
        findBar.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(findBar, Pos.TOP_RIGHT);
        StackPane.setMargin(findBar, new Insets(8));
        findBar.setVisible(false);
    }

    private void buildProgress() {
        progress.setPrefWidth(260);
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-layout");
        cancel.setOnAction(e -> cancelLayout());
        progressBox.getChildren().addAll(progressLabel, progress, cancel);
        progressBox.getStyleClass().add("progress-box");
        progressBox.setAlignment(Pos.CENTER);
        progressBox.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        progressBox.setVisible(false);
    }

    // ------------------------------------------------------------------ drawing

    public void requestRedraw() {
        if (!redrawQueued) {
            redrawQueued = true;
            Platform.runLater(this::redraw);
        }
    }

    /**
     * Draws the visible part now: builds the picture (a {@link Drawing} in canvas pixels) on the FX
     * thread and hands it to the raster layer, which paints it off the FX thread (ADR 47).
     */
    public void redraw() {
        redrawQueued = false;
        long t0 = System.nanoTime();
        double w = Math.max(1, canvas.getWidth());
        double h = Math.max(1, canvas.getHeight());
        Drawing d = new Drawing(w, h, dark ? Colour.hex("#1e2127") : Colour.hex("#f7f8fa"));
        Problem p = session.problem();
        Placement pl = session.placement();
        if (layout == null || vg == null || p == null || pl == null || pl.size() != p.operators()
                || vg.opNode().length != p.operators()) {
            lastDrawnNodes = 0;
            finishRedraw(d, t0);
            return;
        }
        double wx0 = -tx / scale;
        double wy0 = -ty / scale;
        double wx1 = (w - tx) / scale;
        double wy1 = (h - ty) / scale;
        Pen pen = new Pen(d, scale, tx, ty);

        // edges
        Colour edge = dark ? Colour.hex("#7d8590") : Colour.hex("#8a94a3");
        Colour transfer = dark ? Colour.hex("#ff6b6b") : Colour.hex("#c0392b");
        boolean arrows = scale > 0.35;
        boolean straight = scale < 0.2; // far out: one segment per edge
        boolean noEdges = scale < 0.04 && edgeX.length > 2000; // a blur at this size: boxes only
        for (int k = 0; k < (noEdges ? 0 : edgeX.length); k++) {
            double[] b = edgeBox[k];
            if (b[2] < wx0 || b[0] > wx1 || b[3] < wy0 || b[1] > wy1) {
                continue;
            }
            VisibleGraph.VEdge e = vg.edges().get(k);
            boolean cross = crossesDevices(e, pl);
            double lw = e.dashed() ? 1 : Math.max(0.8, Math.min(7, 0.8 + 1.1 * Math.log10(1 + e.bytes() / 1e4)));
            double[] dash = e.dashed() ? new double[] {5 * scale, 4 * scale} : null;
            int n = edgeX[k].length;
            if (straight) {
                pen.polyline(new double[] {edgeX[k][0], edgeX[k][n - 1]}, new double[] {edgeY[k][0], edgeY[k][n - 1]},
                        cross ? transfer : edge, Math.max(lw * scale, 0.8), dash);
            } else {
                pen.polyline(edgeX[k], edgeY[k], cross ? transfer : edge, Math.max(lw * scale, 0.8), dash);
            }
            if (arrows) {
                pen.arrow(edgeX[k][n - 2], edgeY[k][n - 2], edgeX[k][n - 1], edgeY[k][n - 1], cross ? transfer : edge);
            }
        }

        // boxes
        int[] visible = index.query(wx0, wy0, wx1, wy1);
        lastDrawnNodes = visible.length;
        boolean labels = scale >= 0.42;
        boolean subLabels = scale >= 0.75;
        int current = model.currentMatch();
        int currentNode = current >= 0 && current < vg.opNode().length ? vg.opNode()[current] : -1;
        Colour outline = dark ? Colour.hex("#cfd6e0") : Colour.hex("#2b3440");
        Colour accent = dark ? Colour.hex("#ffd166") : Colour.hex("#1f5fcc");
        Colour groupFill = dark ? Colour.hex("#2c313a") : Colour.WHITE;
        if (scale < 0.12) {
            drawCoarse(pen, visible, p, pl, accent);
            finishRedraw(d, t0);
            return;
        }
        // Without labels a box is a few pixels tall: rounded corners and hairline outlines do not show,
        // so boxes are plain rectangles and only the selection is outlined.
        boolean plain = !labels;
        for (int i : visible) {
            VisibleGraph.Node node = vg.node(i);
            double x = layout.x()[i];
            double y = layout.y()[i];
            double bw = layout.width()[i];
            double bh = layout.height()[i];
            if (plain) {
                drawPlain(pen, node, x, y, bw, bh, p, pl, model.nodeSelected(vg, i) ? accent : null, groupFill);
                if (i == currentNode) {
                    pen.rect(x - 5, y - 5, bw + 10, bh + 10, 0, null, accent, 2.5, new double[] {6, 4});
                }
                continue;
            }
            Colour fill;
            if (node.kind() == VisibleGraph.Kind.GROUP) {
                double[] share = DagModel.deviceShares(node, pl, p.deviceCount());
                pen.rect(x, y, bw, bh, 10, groupFill, null, 0, null);
                double sx = x;
                for (int k = 0; k < share.length; k++) {
                    if (share[k] > 0) {
                        pen.rect(sx, y + bh - 12, bw * share[k], 12, 0, Colours.device(k), null, 0, null);
                        sx += bw * share[k];
                    }
                }
                fill = groupFill;
                pen.rect(x - 3, y - 3, bw + 6, bh + 6, 12, null, outline, 1.2, null);
            } else {
                fill = opFill(node, pl);
                pen.rect(x, y, bw, bh, 8, fill, null, 0, null);
            }
            boolean sel = model.nodeSelected(vg, i);
            pen.rect(x, y, bw, bh, 8, null, sel ? accent : outline, sel ? 3.5 : 0.8, null);
            if (i == currentNode) {
                pen.rect(x - 5, y - 5, bw + 10, bh + 10, 12, null, accent, 2.5, new double[] {6, 4});
            }
            if (node.kind() == VisibleGraph.Kind.OPERATOR && pl.isPinned(node.op())) {
                pen.rect(x + bw - 11, y - 4, 12, 12, 12, outline, null, 0, null);
                pen.rect(x + bw - 8, y - 1, 6, 6, 6, fill, null, 0, null);
            }
            Colour text = node.kind() == VisibleGraph.Kind.GROUP ? (dark ? Colour.hex("#e6e9ef") : Colour.BLACK)
                    : fill.textOn();
            boolean hasSub = !node.subtitle().isEmpty();
            double ty0 = subLabels && hasSub ? y + bh / 2 - 3 : y + bh / 2 + 4;
            if (node.kind() == VisibleGraph.Kind.GROUP) {
                ty0 = y + 17;
            }
            pen.text(x + bw / 2, ty0, clip(node.title(), bw), text, 12, true);
            if (node.kind() == VisibleGraph.Kind.GROUP) {
                pen.text(x + bw / 2, y + 31, clip(groupLine(node, p, pl), bw), text, 10, false);
            } else if (subLabels) {
                pen.text(x + bw / 2, y + bh / 2 + 11, clip(node.subtitle(), bw), text, 10, false);
            }
        }
        finishRedraw(d, t0);
    }

    /** An operator's colour: its device's, lighter for operators inside a control-flow subgraph. */
    private static Colour opFill(VisibleGraph.Node node, Placement pl) {
        Colour fill = Colours.device(pl.deviceOf(node.op()));
        return node.kind() == VisibleGraph.Kind.SUBGRAPH_OP ? fill.mix(Colour.WHITE, 0.45) : fill;
    }

    /** A box without label: its colour (a group: a bar per device share), outlined when selected. */
    private void drawPlain(Pen pen, VisibleGraph.Node node, double x, double y, double bw, double bh,
            Problem p, Placement pl, Colour selected, Colour groupFill) {
        if (node.kind() == VisibleGraph.Kind.GROUP) {
            pen.rect(x, y, bw, bh, 0, groupFill, null, 0, null);
            double[] share = DagModel.deviceShares(node, pl, p.deviceCount());
            double sx = x;
            for (int k = 0; k < share.length; k++) {
                if (share[k] > 0) {
                    pen.rect(sx, y + bh - 12, bw * share[k], 12, 0, Colours.device(k), null, 0, null);
                    sx += bw * share[k];
                }
            }
        } else {
            pen.rect(x, y, bw, bh, 0, opFill(node, pl), null, 0, null);
        }
        if (selected != null) {
            pen.rect(x, y, bw, bh, 0, null, selected, 3.5, null);
        }
    }

    /** Far out: plain rectangles in device colours (a group in its majority colour), selection outlined. */
    private void drawCoarse(Pen pen, int[] visible, Problem p, Placement pl, Colour accent) {
        for (int i : visible) {
            VisibleGraph.Node node = vg.node(i);
            int dev;
            if (node.kind() == VisibleGraph.Kind.GROUP) {
                double[] share = DagModel.deviceShares(node, pl, p.deviceCount());
                dev = 0;
                for (int k = 1; k < share.length; k++) {
                    if (share[k] > share[dev]) {
                        dev = k;
                    }
                }
            } else {
                dev = pl.deviceOf(node.op());
            }
            pen.rect(layout.x()[i], layout.y()[i], layout.width()[i], layout.height()[i], 0, Colours.device(dev), null,
                    0, null);
        }
        for (int i : visible) {
            if (model.nodeSelected(vg, i)) {
                pen.rect(layout.x()[i], layout.y()[i], layout.width()[i], layout.height()[i], 0, null, accent, 3 / scale,
                        null);
            }
        }
    }

    /**
     * Adds shapes given in layout coordinates to a drawing in canvas pixels: positions, sizes and
     * corner arcs are scaled; line widths are given in layout units (edges pass pixels scaled back).
     */
    private record Pen(Drawing d, double s, double tx, double ty) {
        void rect(double x, double y, double w, double h, double arc, Colour fill, Colour stroke, double width,
                double[] dash) {
            double[] sd = null;
            if (dash != null) {
                sd = new double[dash.length];
                for (int i = 0; i < dash.length; i++) {
                    sd[i] = dash[i] * s;
                }
            }
            d.add(new Drawing.Rect(x * s + tx, y * s + ty, w * s, h * s, arc * s, fill, stroke, width * s, sd));
        }

        /** A polyline; {@code pixels} is its width in canvas pixels and {@code dash} in pixels too. */
        void polyline(double[] xs, double[] ys, Colour c, double pixels, double[] dash) {
            double[] px = new double[xs.length];
            double[] py = new double[ys.length];
            for (int i = 0; i < xs.length; i++) {
                px[i] = xs[i] * s + tx;
                py[i] = ys[i] * s + ty;
            }
            d.add(new Drawing.Path(px, py, false, null, c, pixels, dash));
        }

        /** An arrow head 7 layout units long at (x1, y1), pointing away from (x0, y0). */
        void arrow(double x0, double y0, double x1, double y1, Colour c) {
            DagDrawing.arrow(d, x0 * s + tx, y0 * s + ty, x1 * s + tx, y1 * s + ty, c, 7 * s);
        }

        /** Centred text of a size in layout units. */
        void text(double x, double y, String t, Colour c, double size, boolean bold) {
            d.text(x * s + tx, y * s + ty, t, c, size * s, bold, Drawing.Align.CENTER);
        }
    }

    /** "12 ops · 340 µs": a group's size and the priced compute time of its operators on their devices. */
    private static String groupLine(VisibleGraph.Node node, Problem p, Placement pl) {
        double t = 0;
        for (int v : node.members()) {
            t += p.opTime(v, pl.deviceOf(v));
        }
        return node.members().length + " ops · " + org.placementexplorer.util.Fmt.time(t, p.units());
    }

    private void finishRedraw(Drawing d, long t0) {
        raster.show(d);
        redraws++;
        lastRedrawNanos = System.nanoTime() - t0;
        afterRedraw.run();
    }

    private static String clip(String s, double width) {
        int max = (int) (width / 6.4);
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }

    private boolean crossesDevices(VisibleGraph.VEdge e, Placement pl) {
        if (e.dashed()) {
            return false;
        }
        VisibleGraph.Node a = vg.node(e.from());
        VisibleGraph.Node b = vg.node(e.to());
        if (a.kind() != VisibleGraph.Kind.OPERATOR || b.kind() != VisibleGraph.Kind.OPERATOR) {
            return false;
        }
        return pl.deviceOf(a.op()) != pl.deviceOf(b.op());
    }

    // ------------------------------------------------------------------ input

    /** The box under a point of the canvas, or -1. */
    public int nodeAt(double sx, double sy) {
        if (index == null) {
            return -1;
        }
        return index.hit((sx - tx) / scale, (sy - ty) / scale);
    }

    /** Screen (canvas) coordinates of a box's centre, for tests and for tooltips. */
    public double[] screenCenter(int node) {
        return new double[] {layout.centerX(node) * scale + tx, layout.centerY(node) * scale + ty};
    }

    public Canvas canvas() {
        return canvas;
    }

    private void wireMouse() {
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                zoomAt(Math.pow(1.0015, e.getDeltaY()), e.getX(), e.getY());
            }
            e.consume();
        });
        canvas.setOnMousePressed(e -> {
            canvas.requestFocus();
            if (menu != null) {
                menu.hide();
            }
            pressX = lastX = e.getX();
            pressY = lastY = e.getY();
            pressNode = nodeAt(e.getX(), e.getY());
            mode = Mode.NONE;
            if (e.getButton() == MouseButton.SECONDARY || e.isPopupTrigger()) {
                showMenu(e);
            }
        });
        canvas.setOnDragDetected(e -> {
            if (e.getButton() != MouseButton.PRIMARY && e.getButton() != MouseButton.MIDDLE) {
                return;
            }
            if (e.getButton() == MouseButton.PRIMARY && pressNode >= 0 && model != null) {
                if (!model.nodeSelected(vg, pressNode)) {
                    model.selectNode(vg, pressNode, e.isShiftDown());
                    publishSelection();
                }
                mode = Mode.DRAG;
                dragging.set(true);
                canvas.setCursor(Cursor.CLOSED_HAND);
                canvas.startFullDrag();
            } else if (e.getButton() == MouseButton.PRIMARY && e.isShiftDown()) {
                mode = Mode.BAND;
                band.setVisible(true);
            } else {
                mode = Mode.PAN;
                canvas.setCursor(Cursor.MOVE);
            }
        });
        canvas.setOnMouseDragged(e -> {
            switch (mode) {
                case PAN -> panBy(e.getX() - lastX, e.getY() - lastY);
                case BAND -> {
                    band.setX(Math.min(pressX, e.getX()));
                    band.setY(Math.min(pressY, e.getY()));
                    band.setWidth(Math.abs(e.getX() - pressX));
                    band.setHeight(Math.abs(e.getY() - pressY));
                }
                default -> {
                }
            }
            lastX = e.getX();
            lastY = e.getY();
            hover.setVisible(false);
        });
        canvas.setOnMouseReleased(e -> {
            switch (mode) {
                case BAND -> {
                    band.setVisible(false);
                    if (index != null) {
                        double x0 = (Math.min(pressX, e.getX()) - tx) / scale;
                        double y0 = (Math.min(pressY, e.getY()) - ty) / scale;
                        double x1 = (Math.max(pressX, e.getX()) - tx) / scale;
                        double y1 = (Math.max(pressY, e.getY()) - ty) / scale;
                        model.selectNodes(vg, index.query(x0, y0, x1, y1), true);
                        publishSelection();
                    }
                }
                case NONE -> {
                    if (e.getButton() == MouseButton.PRIMARY && model != null) {
                        if (pressNode >= 0) {
                            model.selectNode(vg, pressNode, e.isShiftDown() || e.isShortcutDown());
                        } else if (!e.isShiftDown()) {
                            model.clearSelection();
                        }
                        publishSelection();
                        if (e.getClickCount() == 2 && pressNode >= 0) {
                            openNode(pressNode);
                        }
                    }
                }
                default -> {
                }
            }
            if (mode == Mode.DRAG) {
                dragging.set(false);
            }
            mode = Mode.NONE;
            canvas.setCursor(Cursor.DEFAULT);
        });
        canvas.setOnMouseMoved(e -> showHover(e.getX(), e.getY()));
        canvas.setOnMouseExited(e -> hover.setVisible(false));
    }

    /** Double-click: a group expands; a control-flow operator shows or hides its bodies. */
    private void openNode(int node) {
        VisibleGraph.Node n = vg.node(node);
        if (n.kind() == VisibleGraph.Kind.GROUP) {
            expand(n.scope());
        } else if (n.kind() == VisibleGraph.Kind.OPERATOR && model.toggleBody(n.op())) {
            relayout();
        } else if (n.kind() == VisibleGraph.Kind.SUBGRAPH_OP) {
            model.toggleBody(n.op());
            relayout();
        }
    }

    private void showHover(double sx, double sy) {
        int i = nodeAt(sx, sy);
        Problem p = session.problem();
        if (i < 0 || p == null || mode != Mode.NONE) {
            hover.setVisible(false);
            return;
        }
        hover.setText(Describe.node(vg.node(i), p, session.placement()));
        hover.autosize();
        double x = sx + 16;
        double y = sy + 16;
        if (x + hover.getWidth() > canvas.getWidth()) {
            x = Math.max(0, sx - hover.getWidth() - 8);
        }
        if (y + hover.getHeight() > canvas.getHeight()) {
            y = Math.max(0, sy - hover.getHeight() - 8);
        }
        hover.relocate(x, y);
        hover.setVisible(true);
    }

    /** Hook for the window: assign / pin actions in the context menu. */
    private IntConsumer assignAction = d -> { };
    private java.util.function.Consumer<Boolean> pinAction = b -> { };

    public void setActions(IntConsumer assign, java.util.function.Consumer<Boolean> pin) {
        assignAction = assign;
        pinAction = pin;
    }

    private void showMenu(MouseEvent e) {
        if (model == null || vg == null) {
            return;
        }
        ContextMenu cm = new ContextMenu();
        if (pressNode >= 0) {
            if (!model.nodeSelected(vg, pressNode)) {
                model.selectNode(vg, pressNode, false);
                publishSelection();
            }
            VisibleGraph.Node n = vg.node(pressNode);
            Problem p = session.problem();
            Menu assign = new Menu("Assign selection to");
            for (int d = 0; d < p.deviceCount(); d++) {
                final int dev = d;
                MenuItem mi = new MenuItem((d < 9 ? (d + 1) + "  " : "") + p.cluster().device(d).id());
                mi.setOnAction(a -> assignAction.accept(dev));
                assign.getItems().add(mi);
            }
            MenuItem pin = new MenuItem("Pin selection");
            pin.setOnAction(a -> pinAction.accept(true));
            MenuItem unpin = new MenuItem("Unpin selection");
            unpin.setOnAction(a -> pinAction.accept(false));
            cm.getItems().addAll(assign, pin, unpin, new SeparatorMenuItem());
            if (n.kind() == VisibleGraph.Kind.GROUP) {
                MenuItem ex = new MenuItem("Expand " + n.scope());
                ex.setOnAction(a -> expand(n.scope()));
                cm.getItems().add(ex);
            } else {
                int v = n.op();
                if (!session.problem().graph().op(v).subgraphs().isEmpty()) {
                    MenuItem body = new MenuItem(model.expandedBodies().contains(v) ? "Hide bodies" : "Show bodies");
                    body.setOnAction(a -> {
                        model.toggleBody(v);
                        relayout();
                    });
                    cm.getItems().add(body);
                }
                for (String s : model.scopesOf(v)) {
                    Menu sm = new Menu("Scope " + s);
                    MenuItem sel = new MenuItem("Select scope");
                    sel.setOnAction(a -> selectScope(s, false));
                    MenuItem col = new MenuItem("Collapse scope");
                    col.setOnAction(a -> collapse(s));
                    sm.getItems().addAll(sel, col);
                    cm.getItems().add(sm);
                }
            }
        }
        MenuItem fit = new MenuItem("Fit to window");
        fit.setOnAction(a -> fit());
        MenuItem expandAll = new MenuItem("Expand all groups");
        expandAll.setOnAction(a -> expandAll());
        MenuItem collapseTop = new MenuItem("Collapse top-level scopes");
        collapseTop.setOnAction(a -> collapseDepth(1));
        cm.getItems().addAll(fit, expandAll, collapseTop);
        menu = cm;
        cm.show(canvas, e.getScreenX(), e.getScreenY());
    }
}
