package org.placementexplorer.ui.gantt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import javafx.util.StringConverter;

import org.placementexplorer.draw.Drawing;
import org.placementexplorer.draw.GanttChart;
import org.placementexplorer.ui.theme.RasterLayer;
import org.placementexplorer.ui.theme.Palette;
import org.placementexplorer.util.Fmt;

/**
 * A Gantt chart on a canvas: W/S or the wheel zoom at the pointer, A/D, Shift+wheel or a drag pan
 * (as in Perfetto), 0 or Fit shows everything; hovering a bar describes it, clicking it tells the
 * window which operator to select. The toolbar holds the colouring, the critical-path switch and
 * whatever the owner adds ({@link #toolbar()}).
 */
public final class GanttView {
    private final GanttModel model;
    private final BorderPane root = new BorderPane();
    private final Pane host = new Pane();
    private final Canvas canvas = new Canvas(); // the event surface; the chart is painted off the FX thread
    private final RasterLayer raster = new RasterLayer("gantt");
    private final Label hover = new Label();
    private final Label empty = new Label("No schedule yet");
    private final FlowPane legend = new FlowPane(10, 2);
    private final HBox toolbar = new HBox(8);
    private final ToggleButton criticalButton = new ToggleButton("Critical path");
    private IntConsumer onBarClicked = op -> { };
    private boolean queued;
    private double dragX;
    private boolean dragged;
    private long paints;
    private List<Object> legendKey;

    public GanttView(GanttModel model) {
        this.model = model;
        canvas.setFocusTraversable(true);
        canvas.setId("gantt-canvas");
        host.getChildren().addAll(raster.node(), canvas);
        host.setMinSize(0, 0);
        canvas.widthProperty().bind(host.widthProperty());
        canvas.heightProperty().bind(host.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> resize());
        canvas.heightProperty().addListener((o, a, b) -> resize());
        hover.getStyleClass().add("dag-hover");
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        hover.setManaged(false);
        empty.getStyleClass().add("note");
        empty.setMouseTransparent(true);
        StackPane centre = new StackPane(host, empty);
        centre.getChildren().add(hover);
        StackPane.setAlignment(empty, Pos.CENTER);
        centre.setMinSize(0, 0);

        ChoiceBox<GanttChart.ColourBy> colour = new ChoiceBox<>();
        colour.getItems().addAll(GanttChart.ColourBy.values());
        colour.setConverter(new StringConverter<>() {
            @Override
            public String toString(GanttChart.ColourBy c) {
                return c == null ? "" : switch (c) {
                    case DEVICE -> "device";
                    case OP_TYPE -> "operator type";
                    case SAMPLE -> "sample";
                };
            }

            @Override
            public GanttChart.ColourBy fromString(String s) {
                return null;
            }
        });
        colour.valueProperty().bindBidirectional(model.colourByProperty());
        colour.setId("gantt-colour");
        criticalButton.selectedProperty().bindBidirectional(model.criticalProperty());
        criticalButton.setTooltip(new Tooltip("Outline the chain of operators and transfers that sets the latency"));
        Button fit = new Button("Fit");
        fit.setTooltip(new Tooltip("Show the whole schedule (0)"));
        fit.setOnAction(e -> model.fit());
        Label keys = new Label("W/S zoom · A/D pan · wheel zooms · drag pans");
        keys.getStyleClass().add("note");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        toolbar.getChildren().addAll(new Label("Colour by"), colour, criticalButton, fit, spacer, keys);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("pane-bar");
        legend.setPadding(new Insets(3, 8, 3, 8));
        legend.getStyleClass().add("gantt-legend");
        root.setTop(toolbar);
        root.setCenter(centre);
        root.setBottom(legend);
        root.setMinSize(0, 0);
        root.getStyleClass().add("gantt-view");

        model.changesProperty().addListener((o, a, b) -> requestPaint());
        model.chartProperty().addListener((o, a, b) -> {
            empty.setVisible(b == null);
            criticalButton.setVisible(b != null && !b.criticalPath().isEmpty());
            criticalButton.setManaged(criticalButton.isVisible());
            updateLegend();
            hover.setVisible(false);
        });
        model.colourByProperty().addListener((o, a, b) -> updateLegend());
        criticalButton.setVisible(false);
        criticalButton.setManaged(false);
        updateLegend(); // a line's height from the start, before there is a chart
        wire();
    }

    public Node root() {
        return root;
    }

    public Canvas canvas() {
        return canvas;
    }

    public GanttModel model() {
        return model;
    }

    /** The toolbar, for the owner's own controls. */
    public HBox toolbar() {
        return toolbar;
    }

    /** Called with the operator of a clicked bar. */
    public void setOnBarClicked(IntConsumer c) {
        onBarClicked = c;
    }

    /** What the canvas shows now, as a drawing (exports write it as PNG or SVG). */
    public Drawing drawing() {
        return model.draw();
    }

    public long paints() {
        return paints;
    }

    /** The layer the chart is painted into (frames shown, whether the newest is on screen). */
    public RasterLayer raster() {
        return raster;
    }

    public void setEmptyText(String s) {
        empty.setText(s);
    }

    private void resize() {
        model.setSize(canvas.getWidth(), canvas.getHeight());
        requestPaint();
    }

    private void requestPaint() {
        if (!queued) {
            queued = true;
            Platform.runLater(this::paint);
        }
    }

    /** Paints now. */
    public void paint() {
        queued = false;
        if (canvas.getWidth() < 1 || canvas.getHeight() < 1) {
            return;
        }
        model.setSize(canvas.getWidth(), canvas.getHeight());
        raster.show(model.drawLater()); // built and painted off the FX thread
        paints++;
    }

    /** Rebuilds the legend below the chart, unless it reads the same as now (edits rarely change it). */
    private void updateLegend() {
        GanttChart c = model.chart();
        List<GanttChart.LegendEntry> entries = c == null ? List.of() : c.legend(model.colourByProperty().get());
        List<String> notes = new ArrayList<>();
        if (c != null && !c.criticalPath().isEmpty()) {
            notes.add("red outline: critical path");
        }
        String bottleneck = null;
        if (c != null && c.bottleneckRow() >= 0) {
            // with a cycle in the resource graph (devices handing samples back and forth) the spacing
            // stays above the period: say so instead of claiming what the chart does not show
            bottleneck = Double.isNaN(c.lastSpacing()) || c.spacingIsPeriod()
                    ? "red row: the bottleneck; its last two samples end one period apart"
                    : "red row: the bottleneck; its last two samples end " + Fmt.time(c.lastSpacing(),
                            c.problem().units()) + " apart, more than the period " + Fmt.time(c.period(),
                            c.problem().units()) + ": the devices hand samples back and forth, so it waits";
        }
        List<Object> key = List.of(entries, notes, String.valueOf(bottleneck));
        if (key.equals(legendKey)) {
            return;
        }
        legendKey = key;
        legend.getChildren().clear();
        for (GanttChart.LegendEntry e : entries) {
            Rectangle sw = new Rectangle(10, 10, Palette.fx(e.colour()));
            Label l = new Label(e.label(), sw);
            l.getStyleClass().add("legend-entry");
            legend.getChildren().add(l);
        }
        for (String n : notes) {
            Label l = new Label(n);
            l.getStyleClass().add("note");
            legend.getChildren().add(l);
        }
        if (bottleneck != null) {
            Label l = new Label(bottleneck);
            l.setId("gantt-bottleneck-note");
            l.getStyleClass().add("note");
            legend.getChildren().add(l);
        }
        if (legend.getChildren().isEmpty()) {
            // an empty legend (no chart while a model opens) keeps one line's height: the chart
            // above would otherwise grow, then shrink when the legend returns, and be painted anew
            // each time
            Label keep = new Label(" ");
            keep.getStyleClass().add("legend-entry");
            keep.setVisible(false);
            legend.getChildren().add(keep);
        }
    }

    private void wire() {
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getX() < GanttChart.LABEL_WIDTH && e.getDeltaY() != 0) {
                model.scrollRows(-e.getDeltaY());
            } else if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
                double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
                model.panPixels(-d);
            } else if (e.getDeltaY() != 0) {
                model.zoomAt(Math.pow(1.0025, e.getDeltaY()), e.getX());
            }
            e.consume();
        });
        canvas.setOnMousePressed(e -> {
            canvas.requestFocus();
            dragX = e.getX();
            dragged = false;
        });
        canvas.setOnMouseDragged(e -> {
            if (Math.abs(e.getX() - dragX) > 2 || dragged) {
                dragged = true;
                model.panPixels(dragX - e.getX());
                dragX = e.getX();
                hover.setVisible(false);
            }
        });
        canvas.setOnMouseClicked(e -> {
            if (dragged || e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            int bar = model.barAt(e.getX(), e.getY());
            if (bar >= 0) {
                GanttChart.Bar b = model.chart().bars().get(bar);
                model.selectedOpProperty().set(b.op());
                onBarClicked.accept(b.op());
            }
        });
        canvas.setOnMouseMoved(e -> showHover(e.getX(), e.getY()));
        canvas.setOnMouseExited(e -> hover.setVisible(false));
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            KeyCode k = e.getCode();
            double mid = GanttChart.LABEL_WIDTH + (canvas.getWidth() - GanttChart.LABEL_WIDTH) / 2;
            double step = (canvas.getWidth() - GanttChart.LABEL_WIDTH) * 0.15;
            if (k == KeyCode.W) {
                model.zoomAt(1.35, mid);
            } else if (k == KeyCode.S) {
                model.zoomAt(1 / 1.35, mid);
            } else if (k == KeyCode.A || k == KeyCode.LEFT) {
                model.panPixels(-step);
            } else if (k == KeyCode.D || k == KeyCode.RIGHT) {
                model.panPixels(step);
            } else if (k == KeyCode.DIGIT0 || k == KeyCode.NUMPAD0) {
                model.fit();
            } else {
                return;
            }
            hover.setVisible(false);
            e.consume();
        });
    }

    private void showHover(double x, double y) {
        int bar = model.barAt(x, y);
        GanttChart c = model.chart();
        if (bar < 0 || c == null) {
            hover.setVisible(false);
            canvas.setCursor(javafx.scene.Cursor.DEFAULT);
            return;
        }
        canvas.setCursor(javafx.scene.Cursor.HAND);
        hover.setText(String.join("\n", c.describe(bar)));
        hover.autosize();
        double hx = Math.min(x + 14, canvas.getWidth() - hover.getWidth() - 4);
        double hy = y + 16 + hover.getHeight() > canvas.getHeight() ? y - hover.getHeight() - 8 : y + 16;
        hover.relocate(Math.max(0, hx), Math.max(0, hy));
        hover.setVisible(true);
    }

    /** The tooltip text shown now (tests). */
    public String hoverText() {
        return hover.isVisible() ? hover.getText() : "";
    }
}
