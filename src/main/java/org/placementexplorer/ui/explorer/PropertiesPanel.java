package org.placementexplorer.ui.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;
import org.placementexplorer.ui.theme.Pulses;
import org.placementexplorer.util.Fmt;

/**
 * The side panel's properties: the selected operator's figures (or a summary of a multiple
 * selection, or of the model when nothing is selected), grouped under category headings, with a
 * search field that filters the rows. Read-only; every number is the problem's. Plain labels in a
 * grid: a ControlsFX PropertySheet (accordion, editors per row) took 0.1–0.2 s of the FX thread to
 * style and lay out when a model opened (ADR 47).
 */
public final class PropertiesPanel {
    private final BorderPane root = new BorderPane();
    private final TextField search = new TextField();
    private final VBox content = new VBox();
    private List<Item> items = List.of();
    private Runnable lastShow = () -> { };
    private OpGraph summaryOf;
    private GraphSummary summary;
    private OpGraph countingOf;
    private OpGraph shownGraph;
    private final Pulses.Rounds renderRounds = new Pulses.Rounds();

    public PropertiesPanel() {
        search.setPromptText("Search");
        search.setId("properties-search");
        search.textProperty().addListener((o, a, b) -> render());
        BorderPane.setMargin(search, new Insets(4));
        content.getStyleClass().add("properties-panel");
        content.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("properties-panel");
        root.setTop(search);
        root.setCenter(scroll);
        root.setMinWidth(0);
        root.setId("properties");
    }

    public Node root() {
        return root;
    }

    /** The rows shown now, as "category / name = value" (what the tests read). */
    public List<String> rows() {
        List<String> out = new ArrayList<>();
        for (Item it : visible()) {
            out.add(it.category() + " / " + it.name() + " = " + it.value());
        }
        return out;
    }

    /**
     * Starts counting the summary of a graph that is about to be shown (a model opening), so that the
     * panel, filled a few frames later, is filled once rather than once while counting and again.
     */
    public void prepare(OpGraph g) {
        if (g != null) {
            summary(g);
        }
    }

    /** Whether the summary of {@code g} has been counted (tests wait on it). */
    public boolean counted(OpGraph g) {
        return g != null && summaryOf == g;
    }

    /** Fills the panel for a selection (operator indices) on a problem and placement. */
    public void show(LoadedModel m, Problem p, Placement pl, int[] selected) {
        lastShow = () -> show(m, p, pl, selected);
        shownGraph = p == null ? null : p.graph();
        List<Item> items = new ArrayList<>();
        if (p == null) {
            this.items = List.of();
            render();
            return;
        }
        OpGraph g = p.graph();
        if (selected.length == 1 && pl != null) {
            int v = selected[0];
            Operator o = g.op(v);
            add(items, "Operator", "Name", o.name());
            add(items, "Operator", "Id", o.id());
            add(items, "Operator", "Type", o.opType() + (o.domain().isEmpty() ? "" : " (" + o.domain() + ")"));
            add(items, "Operator", "Device", p.cluster().device(pl.deviceOf(v)).id());
            add(items, "Operator", "Pinned", pl.isPinned(v) ? "yes" : "no");
            add(items, "Work", "FLOPs", Fmt.flops(o.flops()));
            add(items, "Work", "Bytes read", Fmt.bytes(o.bytesRead()));
            add(items, "Work", "Bytes written", Fmt.bytes(o.bytesWritten()));
            add(items, "Work", "Parameters", String.format("%,d (%s)", o.paramCount(), Fmt.bytes(o.paramBytes())));
            add(items, "Work", "Precision", o.precision().jsonName());
            add(items, "Work", "Resident memory", Fmt.memory(p.opMemory(v), p.units()));
            for (int d = 0; d < p.deviceCount(); d++) {
                add(items, "Time per device", p.cluster().device(d).id(),
                        p.canRun(v, d) ? Fmt.time(p.opTime(v, d), p.units()) : "cannot run");
            }
            int k = 0;
            for (Tensor t : o.outputs()) {
                add(items, "Outputs", (k++) + ": " + t.name(), t.dtype().name().toLowerCase(java.util.Locale.ROOT)
                        + " " + (t.shape() == null ? "[?]" : t.shape().toString()) + "  " + Fmt.bytes(t.bytes()));
            }
            add(items, "Uses", "Predecessors", String.valueOf(g.predecessors(v).length));
            add(items, "Uses", "Successors", String.valueOf(g.successors(v).length));
            if (!o.subgraphs().isEmpty()) {
                for (Operator.Subgraph sg : o.subgraphs()) {
                    add(items, "Bodies", sg.name(), sg.graph().size() + " operators");
                }
            }
        } else if (selected.length > 1 && pl != null) {
            double flops = 0;
            int pinned = 0;
            int[] per = new int[p.deviceCount()];
            for (int v : selected) {
                flops += g.op(v).flops();
                pinned += pl.isPinned(v) ? 1 : 0;
                per[pl.deviceOf(v)]++;
            }
            add(items, "Selected operators", "Operators", String.valueOf(selected.length));
            add(items, "Selected operators", "FLOPs", Fmt.flops(flops));
            add(items, "Selected operators", "Pinned", String.valueOf(pinned));
            for (int d = 0; d < per.length; d++) {
                if (per[d] > 0) {
                    add(items, "Spread over devices", p.cluster().device(d).id(), per[d] + " operators");
                }
            }
        } else {
            GraphSummary s = summary(g);
            add(items, "Graph", "Name", g.name());
            if (m != null) {
                add(items, "Graph", "File", m.file());
                add(items, "Graph", "Format", m.format());
            }
            if (s == null) {
                add(items, "Graph", "Operators", String.valueOf(g.size()));
                add(items, "Graph", "Summary", "counting …");
            } else {
                add(items, "Graph", "Operators", s.operators() + (s.subgraphOperators() > 0 ? " (+"
                        + s.subgraphOperators() + " in bodies)" : ""));
                add(items, "Graph", "Edges", String.valueOf(s.edges()));
                add(items, "Graph", "Parameters", String.format("%,d (%s)", s.parameters(),
                        Fmt.bytes(s.parameterBytes())));
                add(items, "Graph", "FLOPs per sample", Fmt.flops(s.flops()));
            }
            add(items, "The cluster", "Name", p.cluster().name());
            add(items, "The cluster", "Devices", String.valueOf(p.deviceCount()));
            add(items, "The cluster", "Costs", p.costSource());
        }
        this.items = List.copyOf(items);
        render();
    }

    /**
     * The graph's summary, or null while it is counted on a background thread (a walk over every
     * operator and tensor: tens of milliseconds on a large model); the panel is shown again when it
     * is ready, if it still shows that graph.
     */
    private GraphSummary summary(OpGraph g) {
        if (summaryOf == g) {
            return summary;
        }
        if (countingOf != g) {
            countingOf = g;
            Thread t = org.placementexplorer.ui.session.Workers.thread(() -> {
                GraphSummary s = GraphSummary.of(g);
                javafx.application.Platform.runLater(() -> {
                    if (countingOf == g) {
                        summaryOf = g;
                        summary = s;
                        countingOf = null;
                        if (shownGraph == g) {
                            lastShow.run();
                        }
                    }
                });
            }, "graph-summary");
            t.start();
        }
        return null;
    }

    private List<Item> visible() {
        String q = search.getText() == null ? "" : search.getText().strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return items;
        }
        return items.stream().filter(it -> (it.category() + " " + it.name() + " " + it.value())
                .toLowerCase(Locale.ROOT).contains(q)).toList();
    }

    /**
     * Shows the visible rows: the first category now, each further one in a frame of its own
     * (Pulses.inTurn), so that styling the panel's labels is not one long piece of FX work when a model
     * opens (ADR 49).
     */
    private void render() {
        renderRounds.restart(); // categories of an earlier fill still queued are dropped
        List<List<Node>> groups = new ArrayList<>();
        String category = null;
        GridPane grid = null;
        int row = 0;
        for (Item it : visible()) {
            if (!it.category().equals(category)) {
                category = it.category();
                Label h = new Label(category);
                h.getStyleClass().add("property-category");
                h.setMaxWidth(Double.MAX_VALUE);
                grid = new GridPane();
                ColumnConstraints names = new ColumnConstraints();
                names.setMinWidth(60);
                names.setPercentWidth(42);
                ColumnConstraints values = new ColumnConstraints();
                values.setPercentWidth(58);
                grid.getColumnConstraints().addAll(names, values);
                groups.add(List.of(h, grid));
                row = 0;
            }
            Label name = new Label(it.name());
            name.getStyleClass().add("property-name");
            Label value = new Label(it.value());
            value.getStyleClass().add("property-value");
            if (it.value().length() > 24 || it.name().length() > 18) {
                org.placementexplorer.ui.theme.Tips.onFirstHover(value, it.name() + ": " + it.value());
            }
            grid.addRow(row++, name, value);
        }
        if (groups.isEmpty()) {
            if (items.isEmpty()) {
                content.getChildren().clear();
            } else {
                Label none = new Label("No property matches");
                none.getStyleClass().add("note");
                none.setPadding(new Insets(8));
                content.getChildren().setAll(none);
            }
            return;
        }
        content.getChildren().setAll(groups.get(0));
        for (List<Node> g : groups.subList(1, groups.size())) {
            renderRounds.inTurn(content.getScene(), () -> content.getChildren().addAll(g));
        }
    }

    private static void add(List<Item> items, String category, String name, String value) {
        items.add(new Item(category, name, value));
    }

    /** A read-only row. */
    private record Item(String category, String name, String value) {
    }
}
