package org.placementexplorer.ui.shell;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.GraphSummary;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SingleDeviceSolver;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverResult;

/**
 * State of the start window: the open model and cluster, and the single-device baseline for both
 * objectives. Loading and solving run on a background thread; the properties change on the FX thread.
 */
public final class ShellModel {
    /** One row of the baseline table. */
    public record BaselineRow(Objective objective, Problem problem, SolverResult result) {
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shell-worker");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyObjectWrapper<LoadedModel> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<GraphSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Cluster> cluster = new SimpleObjectProperty<>();
    private final ObservableList<BaselineRow> baseline = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ReadOnlyObjectWrapper<String> error = new ReadOnlyObjectWrapper<>();
    private long generation;

    public ReadOnlyObjectProperty<LoadedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<GraphSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Cluster> clusterProperty() {
        return cluster;
    }

    public ObservableList<BaselineRow> baseline() {
        return baseline;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The latest one-line error for a dialog (set on the FX thread; null when none). */
    public ReadOnlyObjectProperty<String> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public void clearError() {
        error.set(null);
    }

    public void openSample(String graphFile, String clusterName) {
        submit("Opening sample " + graphFile, () -> {
            Path p = Samples.graphFile(graphFile);
            return new Loaded(ModelLoader.load(p), Samples.cluster(clusterName));
        });
    }

    /** Opens a model file with a cluster (files with their own devices ignore it). */
    public void open(Path file, Cluster c) {
        submit("Opening " + file.getFileName(), () -> new Loaded(ModelLoader.load(file), c));
    }

    /** Reads a cluster file and re-evaluates the open model on it. */
    public void openCluster(Path file) {
        LoadedModel m = model.get();
        submit("Opening cluster " + file.getFileName(), () -> new Loaded(m, ProblemLoader.cluster(file.toString())));
    }

    public void useSampleCluster(String name) {
        LoadedModel m = model.get();
        submit("Switching to " + name, () -> new Loaded(m, Samples.cluster(name)));
    }

    private record Loaded(LoadedModel model, Cluster cluster) {
    }

    private interface Work {
        Loaded run();
    }

    private void submit(String what, Work work) {
        long gen = ++generation;
        busy.set(true);
        status.set(what + " …");
        worker.submit(() -> {
            try {
                Loaded l = work.run();
                List<BaselineRow> rows = new ArrayList<>();
                if (l.model() != null) {
                    Problem p = l.model().carriesDevices() ? l.model().ownProblem()
                            : ProblemLoader.problem(l.model(), l.cluster());
                    for (Objective o : Objective.values()) {
                        SolverResult r = new SingleDeviceSolver().solve(p,
                                SolveRequest.of(o, Duration.ofSeconds(30)));
                        rows.add(new BaselineRow(o, p, r));
                    }
                }
                GraphSummary s = l.model() == null ? null : GraphSummary.of(l.model().graph());
                Platform.runLater(() -> {
                    if (gen != generation) {
                        return;
                    }
                    model.set(l.model());
                    summary.set(s);
                    cluster.set(l.model() != null && l.model().carriesDevices() ? l.model().ownProblem().cluster()
                            : l.cluster());
                    baseline.setAll(rows);
                    busy.set(false);
                    status.set(l.model() == null ? "Ready" : "Opened " + l.model().graph().name() + " on "
                            + cluster.get().name());
                });
            } catch (InputException | ModelException e) {
                fail(gen, e.getMessage());
            } catch (RuntimeException e) {
                fail(gen, "internal error: " + e);
            }
        });
    }

    private void fail(long gen, String message) {
        Platform.runLater(() -> {
            if (gen != generation) {
                return;
            }
            busy.set(false);
            status.set("Could not open: " + message);
            error.set(message);
        });
    }

    public void close() {
        worker.shutdownNow();
    }
}
