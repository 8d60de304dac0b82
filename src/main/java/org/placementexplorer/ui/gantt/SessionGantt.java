package org.placementexplorer.ui.gantt;

import java.util.ArrayList;
import java.util.List;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.util.Subscription;

import org.placementexplorer.draw.GanttChart;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.session.Latest;
import org.placementexplorer.ui.session.Session;

/**
 * The explorer's Gantt tab: the chart of the session's latest evaluation. Latency shows the
 * one-sample schedule with its critical path; throughput shows M samples streamed through the
 * pipeline ({@code Evaluator.pipelinedSchedule}, M from the spinner, by default enough to fill, run
 * and drain), with the bottleneck's row marked. Charts are built in the background, newest first.
 */
public final class SessionGantt implements AutoCloseable {
    private final Session session;
    private final GanttModel model = new GanttModel();
    private final GanttView view = new GanttView(model);
    private final Spinner<Integer> microBatches = new Spinner<>(1, 256, 8);
    private final Label mbLabel = new Label("Micro-batches");
    private final Latest<GanttChart> builder = new Latest<>("gantt");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private boolean autoM = true;
    private boolean settingM;
    private long built;

    public SessionGantt(Session session) {
        this.session = session;
        microBatches.setEditable(true);
        microBatches.setPrefWidth(80);
        microBatches.setId("gantt-micro-batches");
        microBatches.setTooltip(new Tooltip("How many samples to stream through the pipeline"));
        microBatches.valueProperty().addListener((o, a, b) -> {
            if (!settingM) {
                autoM = false;
                rebuild();
            }
        });
        view.toolbar().getChildren().addAll(2, List.of(mbLabel, microBatches));
        view.setEmptyText("Open a model to see its schedule");
        subscriptions.add(session.evaluationProperty().subscribe(e -> rebuild()));
        subscriptions.add(session.problemProperty().subscribe(p -> autoM = true));
        rebuild();
    }

    public Node root() {
        return view.root();
    }

    public GanttView view() {
        return view;
    }

    public GanttModel model() {
        return model;
    }

    /** Number of charts shown so far (tests wait on it). */
    public long built() {
        return built;
    }

    public Spinner<Integer> microBatchesSpinner() {
        return microBatches;
    }

    private void rebuild() {
        Problem p = session.problem();
        Evaluation e = session.evaluation();
        boolean throughput = e != null && e.kind() == Objective.THROUGHPUT;
        mbLabel.setVisible(throughput);
        microBatches.setVisible(throughput);
        mbLabel.setManaged(throughput);
        microBatches.setManaged(throughput);
        if (p == null || e == null || e.placement().size() != p.operators()) {
            builder.cancel();
            model.chartProperty().set(null);
            return;
        }
        int m;
        if (throughput) {
            if (autoM) {
                settingM = true;
                microBatches.getValueFactory().setValue(GanttChart.defaultMicroBatches(e.pipeline().stages().size()));
                settingM = false;
            }
            m = microBatches.getValue();
        } else {
            m = 1;
        }
        builder.submit(() -> throughput
                ? GanttChart.ofPipeline(p, new Evaluator(p).pipelinedSchedule(e.placement(), m))
                : GanttChart.ofSchedule(p, e.schedule() != null ? e : new Evaluator(p).evaluateWithSchedule(
                        e.placement(), e.kind())),
                c -> {
                    if (session.problem() == p) {
                        model.chartProperty().set(c);
                        built++;
                    }
                }, err -> view.setEmptyText("Cannot draw the schedule: " + err));
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        builder.close();
    }
}
