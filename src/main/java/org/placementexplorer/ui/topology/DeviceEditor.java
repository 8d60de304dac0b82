package org.placementexplorer.ui.topology;

import java.util.Optional;
import java.util.Set;

import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import org.placementexplorer.model.Device;
import org.placementexplorer.model.DeviceKind;

/** A dialog for a device's figures; OK stays disabled while a field is invalid, with the reason shown. */
public final class DeviceEditor {
    private DeviceEditor() {
    }

    public static Optional<Device> show(Window owner, String title, Device start, Set<String> takenIds) {
        DeviceForm f = DeviceForm.of(start);
        TextField id = new TextField(f.id());
        TextField name = new TextField(f.name());
        ComboBox<String> kind = new ComboBox<>();
        for (DeviceKind k : DeviceKind.values()) {
            kind.getItems().add(k.name());
        }
        kind.setValue(f.kind());
        TextField server = new TextField(f.server());
        TextField fp32 = new TextField(f.fp32Tflops());
        TextField fp16 = new TextField(f.fp16Tflops());
        TextField mem = new TextField(f.memoryGb());
        mem.setPromptText("empty = unlimited");
        TextField bw = new TextField(f.bandwidthGbs());
        TextField launch = new TextField(f.launchUs());
        CheckBox overlap = new CheckBox("transfers overlap compute (DMA engines)");
        overlap.setSelected(f.overlapsTransfers());
        Label error = new Label();
        error.getStyleClass().add("error-text");

        GridPane g = new GridPane(10, 6);
        String[] labels = {"Id", "Name", "Kind", "Server", "FP32 peak (TFLOP/s)", "FP16 peak (TFLOP/s)", "Memory (GB)",
            "Memory bandwidth (GB/s)", "Launch overhead (µs)"};
        javafx.scene.Node[] fields = {id, name, kind, server, fp32, fp16, mem, bw, launch};
        for (int i = 0; i < labels.length; i++) {
            g.addRow(i, new Label(labels[i]), fields[i]);
        }
        g.add(overlap, 1, labels.length);
        g.add(error, 0, labels.length + 1, 2, 1);

        Dialog<Device> d = new Dialog<>();
        d.setTitle(title);
        d.setHeaderText(title + " — figures from the spec sheet");
        if (owner != null) {
            d.initOwner(owner);
        }
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        javafx.scene.Node ok = d.getDialogPane().lookupButton(ButtonType.OK);
        Runnable check = () -> {
            DeviceForm.Result r = form(id, name, kind, server, fp32, fp16, mem, bw, launch, overlap).validate(takenIds);
            error.setText(r.ok() ? "" : r.error());
            ok.setDisable(!r.ok());
        };
        for (TextField t : new TextField[] {id, name, server, fp32, fp16, mem, bw, launch}) {
            t.textProperty().addListener((o, a, b) -> check.run());
        }
        kind.valueProperty().addListener((o, a, b) -> check.run());
        check.run();
        d.setResultConverter(bt -> bt == ButtonType.OK
                ? form(id, name, kind, server, fp32, fp16, mem, bw, launch, overlap).validate(takenIds).device() : null);
        return d.showAndWait();
    }

    private static DeviceForm form(TextField id, TextField name, ComboBox<String> kind, TextField server,
            TextField fp32, TextField fp16, TextField mem, TextField bw, TextField launch, CheckBox overlap) {
        return new DeviceForm(id.getText(), name.getText(), kind.getValue(), server.getText(), fp32.getText(),
                fp16.getText(), mem.getText(), bw.getText(), launch.getText(), overlap.isSelected());
    }
}
