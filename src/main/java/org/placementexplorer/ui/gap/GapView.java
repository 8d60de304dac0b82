package org.placementexplorer.ui.gap;

import java.util.ArrayList;
import java.util.List;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Subscription;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.bound.LowerBound;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.ui.theme.WhenShown;

/**
 * The gap panel: the objective, the best lower bound with its name, the gap as a bar, and every bound
 * with its value. Follows the session's evaluation and bounds: the session computes the bounds
 * beyond the quick ones once per problem and objective in the background, and adds those proven by
 * solver runs without pins, so this panel, the status bar and Compare show the same best bound.
 */
public final class GapView implements AutoCloseable {
    private final Session session;
    private final VBox root = new VBox(10);
    private final Label objective = new Label("—");
    private final Label objectiveKind = new Label();
    private final Label bound = new Label("—");
    private final Label boundName = new Label();
    private final Label gapText = new Label("—");
    private final ProgressBar gapBar = new ProgressBar(0);
    private final Label explanation = new Label();
    private final TableView<GapModel.BoundRow> table = new TableView<>();
    private final Label computing = new Label();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final WhenShown whenShown = new WhenShown(this::update);
    private GapModel model = new GapModel(null, null, null, List.of());

    public GapView(Session session) {
        this.session = session;
        objective.setId("gap-objective");
        bound.setId("gap-bound");
        gapText.setId("gap-percent");
        gapBar.setId("gap-bar");
        objective.getStyleClass().add("gap-figure");
        bound.getStyleClass().add("gap-figure");
        gapText.getStyleClass().add("gap-figure");
        objectiveKind.getStyleClass().add("note");
        boundName.getStyleClass().add("note");
        computing.getStyleClass().add("note");
        gapBar.setPrefWidth(360);
        gapBar.setPrefHeight(18);
        gapBar.getStyleClass().add("gap-bar");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        grid.addRow(0, key("Objective"), objective, objectiveKind);
        grid.addRow(1, key("Best lower bound"), bound, boundName);
        HBox gapRow = new HBox(10, gapBar, gapText);
        gapRow.setAlignment(Pos.CENTER_LEFT);
        grid.add(key("Gap"), 0, 2);
        grid.add(gapRow, 1, 2, 2, 1);
        explanation.setWrapText(true);
        explanation.setId("gap-explanation");
        TableColumn<GapModel.BoundRow, String> name = new TableColumn<>("Bound");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name() + (c.getValue().best() ? "  (best)"
                : "")));
        name.setPrefWidth(200);
        TableColumn<GapModel.BoundRow, String> value = new TableColumn<>("Value");
        value.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().valueText()));
        value.setPrefWidth(110);
        TableColumn<GapModel.BoundRow, String> desc = new TableColumn<>("What it is");
        desc.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().description()));
        desc.setPrefWidth(600);
        table.getColumns().addAll(List.of(name, value, desc));
        table.setPlaceholder(new Label("No bounds yet"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setId("gap-bounds");
        VBox.setVgrow(table, Priority.ALWAYS);
        root.getChildren().addAll(grid, explanation, computing, table);
        root.setPadding(new Insets(10));
        root.setMinSize(0, 0);
        root.getStyleClass().add("gap-view");
        subscriptions.add(session.evaluationProperty().subscribe(e -> whenShown.changed()));
        subscriptions.add(session.boundsProperty().subscribe(b -> whenShown.changed()));
        subscriptions.add(session.boundsComputingProperty().subscribe(b -> whenShown.changed()));
    }

    /** Whether the view is on screen (its tab selected); while it is not, changes only mark it out of date. */
    public BooleanProperty showingProperty() {
        return whenShown.showingProperty();
    }


    private static Label key(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("status-key");
        return l;
    }

    public Node root() {
        return root;
    }

    public GapModel model() {
        whenShown.catchUp();
        return model;
    }

    private void update() {
        Problem p = session.problem();
        var e = session.evaluation();
        if (p != null && e != null && e.placement().size() != p.operators()) {
            e = null;
        }
        BoundReport shown = session.boundsProperty().get();
        List<LowerBound> known = Bounds.all();
        computing.setText(session.boundsComputingProperty().get() ? "Computing the stronger bounds …" : "");
        model = new GapModel(p, e, shown, known);
        objective.setText(model.objectiveText());
        objectiveKind.setText(model.objectiveKind());
        bound.setText(model.boundText());
        boundName.setText(model.boundName().isEmpty() ? "" : "(" + model.boundName() + ")");
        Double g = model.gap();
        gapBar.setProgress(g == null ? 0 : Math.min(1, g));
        gapText.setText(model.gapText());
        explanation.setText(model.ready() ? model.explanation() : "");
        table.getItems().setAll(model.bounds());
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
    }
}
