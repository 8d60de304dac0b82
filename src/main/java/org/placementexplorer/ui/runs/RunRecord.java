package org.placementexplorer.ui.runs;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverListener;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.SolverRun;

/**
 * One solver run started from the panel: what was asked, its live progress (incumbents and bounds
 * with their times, reported by the solver through its listener and moved to the FX thread), and
 * its result. The run itself is a {@link Task} on the panel's queue; the solver works on its own
 * thread, so the FX thread never waits for it.
 */
public final class RunRecord {
    /** Where the run is. */
    public enum State { QUEUED, RUNNING, FINISHED, FAILED, DROPPED }

    /** A point of the live chart: seconds since the start, value in the problem's time unit. */
    public record Point(double seconds, double value) {
    }

    private final String name;
    private final Solver solver;
    private final Problem problem;
    private final SolveRequest request;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.QUEUED);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "queued");
    private final ObservableList<Point> incumbents = FXCollections.observableArrayList();
    private final ObservableList<Point> bounds = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<SolverResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<Double> elapsed = new ReadOnlyObjectWrapper<>(this, "elapsed", 0.0);
    private final RunTask task;
    private volatile SolverRun running;
    private volatile boolean stopRequested;
    private volatile long stopNanos;
    private volatile long resultNanos;
    private String boundName;
    private String error;

    RunRecord(String name, Solver solver, Problem problem, SolveRequest request) {
        this.name = name;
        this.solver = solver;
        this.problem = problem;
        this.request = request;
        this.task = new RunTask();
    }

    public String name() {
        return name;
    }

    public Solver solver() {
        return solver;
    }

    public Problem problem() {
        return problem;
    }

    public SolveRequest request() {
        return request;
    }

    public Objective objective() {
        return request.objective();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    /** One line: queued, running with the best so far, or how it ended. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<Point> incumbents() {
        return incumbents;
    }

    public ObservableList<Point> bounds() {
        return bounds;
    }

    public String boundName() {
        return boundName;
    }

    public ReadOnlyObjectProperty<SolverResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public SolverResult result() {
        return result.get();
    }

    /** Seconds since the run started (updated while it runs). */
    public ReadOnlyObjectProperty<Double> elapsedProperty() {
        return elapsed.getReadOnlyProperty();
    }

    public String error() {
        return error;
    }

    /** The task shown in the progress list. */
    public Task<SolverResult> task() {
        return task;
    }

    /** Asks the run to stop: a queued run is dropped, a running one returns its best placement. */
    public void stop() {
        if (!stopRequested) {
            stopNanos = System.nanoTime();
        }
        stopRequested = true;
        SolverRun r = running;
        if (r != null) {
            r.cancel();
        }
        if (state.get() == State.QUEUED) {
            state.set(State.DROPPED);
            status.set("dropped before it started");
            task.cancel();
        }
    }

    /** Seconds from Stop to the solver's result, or NaN when the run was not stopped while running. */
    public double secondsToStop() {
        return stopNanos == 0 || resultNanos == 0 ? Double.NaN : (resultNanos - stopNanos) / 1e9;
    }

    public boolean isDone() {
        State s = state.get();
        return s == State.FINISHED || s == State.FAILED || s == State.DROPPED;
    }

    private void finished(SolverResult r) {
        result.set(r);
        elapsed.set(r.seconds());
        state.set(State.FINISHED);
        status.set(r.status() + (r.best() == null ? ", no placement" : "") + " after " + String.format("%.1f s",
                r.seconds()));
    }

    private void failed(String msg) {
        error = msg;
        state.set(State.FAILED);
        status.set("failed: " + msg);
    }

    /** The queue runs this; it waits for the solver in steps of 100 ms and reports progress. */
    final class RunTask extends Task<SolverResult> {
        RunTask() {
            updateTitle(name);
            updateMessage("queued");
        }

        @Override
        protected SolverResult call() {
            if (stopRequested) {
                return null;
            }
            Platform.runLater(() -> {
                if (state.get() == RunRecord.State.QUEUED) {
                    state.set(RunRecord.State.RUNNING);
                    status.set("running");
                }
            });
            double limit = Math.max(0.001, request.timeLimit().toMillis() / 1000.0);
            try {
                SolverRun r = solver.start(problem, request, new SolverListener() {
                    @Override
                    public void onIncumbent(Placement placement, double objective, double seconds) {
                        Platform.runLater(() -> incumbents.add(new Point(seconds, objective)));
                    }

                    @Override
                    public void onBound(double bound, String name, double seconds) {
                        Platform.runLater(() -> {
                            boundName = name;
                            bounds.add(new Point(seconds, bound));
                        });
                    }
                });
                running = r;
                if (stopRequested) {
                    r.cancel();
                }
                while (true) {
                    Thread.interrupted(); // a cancel from the progress list interrupts; we stop the solver instead
                    Optional<SolverResult> done = r.await(Duration.ofMillis(100));
                    if (done.isPresent()) {
                        resultNanos = System.nanoTime();
                        SolverResult res = done.get();
                        Platform.runLater(() -> RunRecord.this.finished(res));
                        return res;
                    }
                    if (isCancelled() || stopRequested) {
                        r.cancel();
                    }
                    double t = r.elapsed();
                    updateProgress(Math.min(t, limit), limit);
                    updateMessage(stopRequested ? "stopping …" : String.format("%.1f of %.0f s", t, limit));
                    Platform.runLater(() -> elapsed.set(t));
                }
            } catch (RuntimeException e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                Platform.runLater(() -> RunRecord.this.failed(msg));
                throw e;
            }
        }
    }

    /** Pins of a placement as the request wants them. */
    static Map<Integer, Integer> pinsOf(Placement p) {
        Map<Integer, Integer> pins = new java.util.HashMap<>();
        p.pinned().stream().forEach(v -> pins.put(v, p.deviceOf(v)));
        return pins;
    }
}
