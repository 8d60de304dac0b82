package org.placementexplorer.ui.explorer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

import org.placementexplorer.io.Samples;

/** The start page: the bundled samples, the recent files, and how to open anything else. */
public final class StartPage {
    private final VBox root = new VBox(10);
    private final VBox recent = new VBox(2);
    private final Consumer<Path> open;

    public StartPage(Consumer<String> openSample, Consumer<Path> open, Runnable chooseFile, Runnable close) {
        this.open = open;
        root.getStyleClass().add("start-page");
        root.setId("start-page");
        root.setPadding(new Insets(32));
        root.setAlignment(Pos.TOP_LEFT);
        Label title = new Label("Placement Explorer");
        title.getStyleClass().add("start-title");
        Label sub = new Label("Open a model (ONNX, graph JSON or a benchmark instance), see where each operator runs, "
                + "and drag operators between devices.");
        sub.setWrapText(true);
        sub.getStyleClass().add("note");
        Label samplesH = new Label("Bundled samples");
        samplesH.getStyleClass().add("card-title");
        VBox samples = new VBox(2);
        for (String g : Samples.GRAPHS) {
            Hyperlink h = new Hyperlink(g + "  " + where(g));
            h.setOnAction(e -> openSample.accept(g));
            samples.getChildren().add(h);
        }
        Label recentH = new Label("Recent files");
        recentH.getStyleClass().add("card-title");
        Button openB = new Button("Open a file…");
        openB.setDefaultButton(true);
        openB.setOnAction(e -> chooseFile.run());
        Button closeB = new Button("Back to the open model");
        closeB.setOnAction(e -> close.run());
        Label hint = new Label("Or drop a file onto this window. Ctrl+O opens, Ctrl+F finds, 1–9 assign the "
                + "selection to a device, Ctrl+Z undoes.");
        hint.getStyleClass().add("note");
        hint.setWrapText(true);
        root.getChildren().addAll(title, sub, samplesH, samples, recentH, recent, new VBox(8, openB, closeB), hint);
        root.setMaxWidth(720);
    }

    /**
     * Where a sample opens: the benchmark instances (Moirai, Tarnawski) carry their own devices and
     * costs; the models are priced on the default sample cluster.
     */
    static String where(String sample) {
        return sample.startsWith("moirai-") || sample.startsWith("throughput-inputs_") ? "with its own devices"
                : "on " + Samples.DEFAULT_CLUSTER;
    }

    public Node root() {
        return root;
    }

    public void setRecent(List<Path> files) {
        recent.getChildren().clear();
        if (files.isEmpty()) {
            Label none = new Label("none yet");
            none.getStyleClass().add("note");
            recent.getChildren().add(none);
        }
        for (Path p : files) {
            Hyperlink h = new Hyperlink(p.getFileName() + "   " + p.getParent());
            h.setDisable(!Files.exists(p));
            h.setOnAction(e -> open.accept(p));
            recent.getChildren().add(h);
        }
    }
}
