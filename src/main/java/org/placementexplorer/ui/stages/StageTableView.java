package org.placementexplorer.ui.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import javafx.util.Subscription;

import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.theme.Palette;
import org.placementexplorer.ui.theme.WhenShown;
import org.placementexplorer.util.Fmt;

/**
 * The stage table of the session's latest evaluation: sortable columns, the bottleneck's row in red,
 * Copy CSV (button, context menu, Ctrl+C) puts the same CSV on the clipboard as the export.
 */
public final class StageTableView implements AutoCloseable {
    private static final PseudoClass BOTTLENECK = PseudoClass.getPseudoClass("bottleneck");

    private final Session session;
    private final BorderPane root = new BorderPane();
    private final TableView<StageTableModel.Row> table = new TableView<>();
    private final Label summary = new Label();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final WhenShown whenShown = new WhenShown(this::update);
    private StageTableModel model = new StageTableModel(null, null);
    private Consumer<String> onCopied = s -> { };

    public StageTableView(Session session) {
        this.session = session;
        table.setId("stage-table");
        configure(table, id -> session.cluster() == null ? -1 : session.cluster().indexOf(id).orElse(-1));
        Button copy = new Button("Copy CSV");
        copy.setId("stage-copy");
        copy.setTooltip(new Tooltip("Copy the table as CSV (Ctrl+C): the same columns as export --format stages-csv"));
        copy.setOnAction(e -> copyCsv());
        MenuItem copyItem = new MenuItem("Copy as CSV");
        copyItem.setOnAction(e -> copyCsv());
        table.setContextMenu(new ContextMenu(copyItem));
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (KeyCombination.keyCombination("Shortcut+C").match(e)) {
                copyCsv();
                e.consume();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        summary.setId("stage-summary");
        HBox bar = new HBox(8, summary, spacer, copy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("pane-bar");
        root.setTop(bar);
        root.setCenter(table);
        root.setMinSize(0, 0);
        subscriptions.add(session.evaluationProperty().subscribe(e -> whenShown.changed()));
        subscriptions.add(session.problemProperty().subscribe(p -> whenShown.changed()));
    }

    /**
     * Whether the table is on screen (its tab selected). While it is not, a new evaluation only marks
     * it out of date: filling a table nobody sees took tens of milliseconds of the FX thread per edit.
     */
    public BooleanProperty showingProperty() {
        return whenShown.showingProperty();
    }


    /** Sets up a stage table's columns, bottleneck marking and sorting (the Compare window uses it too). */
    public static void configure(TableView<StageTableModel.Row> table, java.util.function.ToIntFunction<String> deviceIndex) {
        configure(table, deviceIndex, false);
    }

    /**
     * Sets up a stage table; {@code compact} (for the Compare window's two tables, each half as wide)
     * gives short headers with the full title in a tooltip, narrower columns, the device id only, and
     * every cell's full text in a tooltip.
     */
    public static void configure(TableView<StageTableModel.Row> table, java.util.function.ToIntFunction<String> deviceIndex,
            boolean compact) {
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No stages: open a model"));
        table.getColumns().add(col("Stage", "#", r -> r.stage(), r -> Integer.toString(r.stage()), 55, 34, compact));
        TableColumn<StageTableModel.Row, StageTableModel.Row> dev = new TableColumn<>("Device");
        dev.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        dev.setComparator((a, b) -> a.device().compareTo(b.device()));
        dev.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(StageTableModel.Row r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                int d = deviceIndex.applyAsInt(r.device());
                Rectangle sw = new Rectangle(10, 10, Palette.device(d));
                sw.setArcWidth(3);
                sw.setArcHeight(3);
                setGraphic(sw);
                String full = r.device() + (r.deviceName().equals(r.device()) ? "" : " (" + r.deviceName() + ")");
                setText(compact ? r.device() : full);
                setTooltip(compact ? new Tooltip(full) : null);
            }
        });
        dev.setPrefWidth(compact ? 80 : 170);
        table.getColumns().add(dev);
        table.getColumns().add(col("Operators", "Ops", r -> r.operators(), r -> Integer.toString(r.operators()), 80, 46,
                compact));
        table.getColumns().add(col("Compute", "Compute", r -> r.compute(), StageTableModel.Row::computeText, 95, 70,
                compact));
        table.getColumns().add(col("Transfer in", "In", r -> r.transferIn(), StageTableModel.Row::transferInText, 95,
                64, compact));
        table.getColumns().add(col("Transfer out", "Out", r -> r.transferOut(), StageTableModel.Row::transferOutText,
                95, 64, compact));
        table.getColumns().add(col("Load / sample", "Load", r -> r.load(), StageTableModel.Row::loadText, 105, 70,
                compact));
        table.getColumns().add(col("Memory used / capacity", "Memory", r -> r.memoryUsed(),
                StageTableModel.Row::memoryText, 170, 130, compact));
        TableColumn<StageTableModel.Row, StageTableModel.Row> util = new TableColumn<>("Utilisation");
        util.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        util.setComparator((a, b) -> Double.compare(a.utilisation(), b.utilisation()));
        util.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label text = new Label();
            private final StackPane box = new StackPane(bar, text);

            {
                bar.setMaxWidth(Double.MAX_VALUE);
                bar.getStyleClass().add("util-bar");
            }

            @Override
            protected void updateItem(StageTableModel.Row r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                bar.setProgress(Math.min(1, r.utilisation()));
                text.setText(Fmt.percent(r.utilisation()) + (r.bottleneck() ? "  bottleneck" : ""));
                setGraphic(box);
            }
        });
        util.setPrefWidth(compact ? 120 : 170);
        if (compact) {
            shortHeader(util, "Util.", "Utilisation: load / period (latency: / makespan)");
        }
        table.getColumns().add(util);
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(StageTableModel.Row r, boolean empty) {
                super.updateItem(r, empty);
                pseudoClassStateChanged(BOTTLENECK, !empty && r != null && r.bottleneck());
            }
        });
    }

    private static <T extends Comparable<T>> TableColumn<StageTableModel.Row, StageTableModel.Row> col(String title,
            Function<StageTableModel.Row, T> key, Function<StageTableModel.Row, String> text, double width) {
        return col(title, title, key, text, width, width, false);
    }

    private static <T extends Comparable<T>> TableColumn<StageTableModel.Row, StageTableModel.Row> col(String title,
            String shortTitle, Function<StageTableModel.Row, T> key, Function<StageTableModel.Row, String> text,
            double width, double compactWidth, boolean compact) {
        TableColumn<StageTableModel.Row, StageTableModel.Row> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue()));
        c.setComparator((a, b) -> key.apply(a).compareTo(key.apply(b)));
        c.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(StageTableModel.Row r, boolean empty) {
                super.updateItem(r, empty);
                String t = empty || r == null ? null : text.apply(r);
                setText(t);
                setTooltip(compact && t != null ? new Tooltip(title + ": " + t) : null);
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        c.setPrefWidth(compact ? compactWidth : width);
        if (compact) {
            shortHeader(c, shortTitle, title);
        }
        return c;
    }

    /** A short column header with the full title in a tooltip. */
    private static void shortHeader(TableColumn<?, ?> c, String shortTitle, String title) {
        Label l = new Label(shortTitle);
        l.setTooltip(new Tooltip(title));
        c.setText(null);
        c.setGraphic(l);
    }

    private void update() {
        var p = session.problem();
        var e = session.evaluation();
        if (p != null && e != null && e.placement().size() != p.operators()) {
            e = null;
        }
        model = new StageTableModel(p, e);
        var sort = new ArrayList<>(table.getSortOrder());
        table.getItems().setAll(model.rows());
        table.getSortOrder().setAll(sort);
        table.sort();
        summary.setText(model.summary());
    }

    public Node root() {
        return root;
    }

    public TableView<StageTableModel.Row> table() {
        return table;
    }

    public StageTableModel model() {
        whenShown.catchUp();
        return model;
    }

    /** Called with a status text after a copy. */
    public void setOnCopied(Consumer<String> c) {
        onCopied = c;
    }

    public void copyCsv() {
        ClipboardContent cc = new ClipboardContent();
        cc.putString(model.csv());
        Clipboard.getSystemClipboard().setContent(cc);
        onCopied.accept("Copied the stage table (" + model.rows().size() + " rows) as CSV");
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
    }
}
