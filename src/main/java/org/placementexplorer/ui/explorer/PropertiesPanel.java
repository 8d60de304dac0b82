package org.placementexplorer.ui.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.scene.Node;

import org.controlsfx.control.PropertySheet;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;
import org.placementexplorer.util.Fmt;

/**
 * The side panel's property sheet: the selected operator's figures (or a summary of a multiple
 * selection, or of the model when nothing is selected). Read-only; every number is the problem's.
 */
public final class PropertiesPanel {
    private final PropertySheet sheet = new PropertySheet();

    public PropertiesPanel() {
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(true);
        sheet.getStyleClass().add("properties");
        // read-only rows: a label per value is far cheaper than the default text-field editors
        sheet.setPropertyEditorFactory(item -> new ValueLabel(item));
    }

    /** A read-only editor that is a plain, selectable-looking label. */
    private static final class ValueLabel extends org.controlsfx.property.editor.AbstractPropertyEditor<Object, javafx.scene.control.Label> {
        ValueLabel(PropertySheet.Item item) {
            super(item, new javafx.scene.control.Label(String.valueOf(item.getValue())), true);
            getEditor().getStyleClass().add("property-value");
            getEditor().setTooltip(new javafx.scene.control.Tooltip(String.valueOf(item.getValue())));
        }

        @Override
        protected ObservableValue<Object> getObservableValue() {
            return new javafx.beans.property.ReadOnlyObjectWrapper<>(getEditor().getText());
        }

        @Override
        public void setValue(Object value) {
            getEditor().setText(String.valueOf(value));
        }
    }

    public Node root() {
        return sheet;
    }

    public PropertySheet sheet() {
        return sheet;
    }

    /** Fills the sheet for a selection (operator indices) on a problem and placement. */
    public void show(LoadedModel m, Problem p, Placement pl, int[] selected) {
        List<PropertySheet.Item> items = new ArrayList<>();
        if (p == null) {
            sheet.getItems().clear();
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
            GraphSummary s = GraphSummary.of(g);
            add(items, "Graph", "Name", g.name());
            if (m != null) {
                add(items, "Graph", "File", m.file());
                add(items, "Graph", "Format", m.format());
            }
            add(items, "Graph", "Operators", s.operators() + (s.subgraphOperators() > 0 ? " (+" + s.subgraphOperators()
                    + " in bodies)" : ""));
            add(items, "Graph", "Edges", String.valueOf(s.edges()));
            add(items, "Graph", "Parameters", String.format("%,d (%s)", s.parameters(), Fmt.bytes(s.parameterBytes())));
            add(items, "Graph", "FLOPs per sample", Fmt.flops(s.flops()));
            add(items, "The cluster", "Name", p.cluster().name());
            add(items, "The cluster", "Devices", String.valueOf(p.deviceCount()));
            add(items, "The cluster", "Costs", p.costSource());
        }
        sheet.getItems().setAll(FXCollections.observableArrayList(items));
    }

    private static void add(List<PropertySheet.Item> items, String category, String name, String value) {
        items.add(new Item(category, name, value));
    }

    /** A read-only row. */
    private record Item(String category, String name, String value) implements PropertySheet.Item {
        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return category;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return name + ": " + value;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public void setValue(Object v) {
            // read-only
        }

        @Override
        public boolean isEditable() {
            return false;
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }
    }
}
