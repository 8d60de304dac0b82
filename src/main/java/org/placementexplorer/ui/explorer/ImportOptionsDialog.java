package org.placementexplorer.ui.explorer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.LoadedModel;

/**
 * File ▸ Import Options…: the values the open model was read with, editable. Each symbolic dimension
 * of the model's inputs with the value it has now (set, or the importer's default), and for a model
 * that carries its own devices (a Tarnawski instance) the accelerator and CPU counts. The result is
 * the new {@link ImportOptions}; the window reads the model again with them.
 */
final class ImportOptionsDialog {
    /** Style class of each dimension's field; its user data is the dimension's name. */
    static final String DIM_FIELD = "import-dim";

    private ImportOptionsDialog() {
    }

    static Dialog<ImportOptions> create(Window owner, LoadedModel m) {
        ImportOptions now = m.effective();
        Map<String, TextField> dimFields = new LinkedHashMap<>();
        GridPane g = new GridPane(12, 6);
        int row = 0;
        if (!now.dims().isEmpty()) {
            Label head = new Label("Symbolic dimensions of the model's inputs");
            head.getStyleClass().add("pane-title");
            g.add(head, 0, row++, 3, 1);
            for (var e : now.dims().entrySet()) {
                TextField f = new TextField(Long.toString(e.getValue()));
                f.getStyleClass().add(DIM_FIELD);
                f.setUserData(e.getKey());
                f.setPrefColumnCount(8);
                boolean set = m.options().dims().containsKey(e.getKey());
                Label name = new Label(e.getKey());
                name.setLabelFor(f);
                Label how = new Label((set ? "set" : "default") + usesText(m.dimUses().get(e.getKey())));
                how.getStyleClass().add("note");
                how.setTooltip(new Tooltip((set ? "set by you (or the session file)"
                        : "the importer's default for this name and position (docs/formats.md, ONNX)")
                        + (m.dimUses().containsKey(e.getKey()) ? "\nused by: " + String.join(", ",
                                m.dimUses().get(e.getKey())) : "")));
                g.addRow(row++, name, f, how);
                dimFields.put(e.getKey(), f);
            }
        }
        TextField acc = new TextField();
        TextField cpus = new TextField();
        acc.setId("import-accelerators");
        cpus.setId("import-cpus");
        boolean devices = m.carriesDevices() && now.accelerators() != null && now.cpus() != null;
        if (devices) {
            Label head = new Label("Devices of the instance");
            head.getStyleClass().add("pane-title");
            g.add(head, 0, row++, 3, 1);
            acc.setText(Integer.toString(now.accelerators()));
            cpus.setText(Integer.toString(now.cpus()));
            acc.setPrefColumnCount(8);
            cpus.setPrefColumnCount(8);
            g.addRow(row++, new Label("Accelerators"), acc);
            g.addRow(row++, new Label("CPUs"), cpus);
        }
        Label error = new Label();
        error.setId("import-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.setMaxWidth(460);
        // room for a two-line message from the start: the dialog does not grow or jump while typing
        error.setMinHeight(34);
        error.setPrefHeight(34);
        error.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        Label note = new Label(devices || !now.dims().isEmpty()
                ? "OK reads the model again with these values, in the background. Placements are kept when "
                        + "the operators stay the same" + (devices ? " (operators on removed devices move to the "
                        + "first device)" : "") + "; otherwise the single-device baseline is shown. "
                        + "The undo history is cleared; the values are saved with the session."
                : "This model has no symbolic dimensions and no device counts to set.");
        note.setWrapText(true);
        note.setMaxWidth(460);
        note.getStyleClass().add("note");
        note.setMinHeight(Region.USE_PREF_SIZE);
        VBox box = new VBox(8, g, error, note);
        box.setPadding(new Insets(12, 16, 4, 16));

        Dialog<ImportOptions> d = new Dialog<>();
        d.setTitle("Import Options");
        d.setHeaderText("Import options for " + fileName(m.file()));
        if (owner != null) {
            d.initOwner(owner);
            if (owner.getScene() != null) {
                d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
            }
        }
        d.getDialogPane().setContent(box);
        d.setResizable(true);
        d.getDialogPane().setId("import-options");
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Node ok = d.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("import-ok");
        Runnable check = () -> {
            ImportForm.Result r = form(dimFields, devices, acc, cpus).validate();
            error.setText(r.ok() ? "" : r.error());
            error.setVisible(!r.ok());
            ok.setDisable(!r.ok() || !(devices || !dimFields.isEmpty()));
        };
        dimFields.values().forEach(t -> t.textProperty().addListener((o, a, b) -> check.run()));
        acc.textProperty().addListener((o, a, b) -> check.run());
        cpus.textProperty().addListener((o, a, b) -> check.run());
        check.run();
        // typing starts in the first field
        TextField first = !dimFields.isEmpty() ? dimFields.values().iterator().next() : devices ? acc : null;
        if (first != null) {
            d.setOnShown(e -> javafx.application.Platform.runLater(() -> {
                first.requestFocus();
                first.selectAll();
            }));
        }
        d.setResultConverter(bt -> bt == ButtonType.OK ? form(dimFields, devices, acc, cpus).validate().options()
                : null);
        return d;
    }

    private static ImportForm form(Map<String, TextField> fields, boolean devices, TextField acc, TextField cpus) {
        Map<String, String> text = new LinkedHashMap<>();
        fields.forEach((k, f) -> text.put(k, f.getText()));
        return new ImportForm(text, devices, acc.getText(), cpus.getText());
    }

    private static String fileName(String file) {
        try {
            Path p = Path.of(file).getFileName();
            return p == null ? file : p.toString();
        } catch (RuntimeException e) {
            return file;
        }
    }

    /** " · x axis 2" (and "+ N more"): where the model's inputs use a dimension, for the dialog. */
    static String usesText(java.util.List<String> uses) {
        if (uses == null || uses.isEmpty()) {
            return "";
        }
        return " · " + uses.get(0) + (uses.size() > 1 ? " (+" + (uses.size() - 1) + " more)" : "");
    }
}
