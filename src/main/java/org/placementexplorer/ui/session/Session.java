package org.placementexplorer.ui.session;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolverResult;

/**
 * The one session model every view observes: the open model and priced problem, the current
 * placement (with pins), the objective, the latest evaluation with the best quick lower bound and
 * the gap, named placements, and the undo/redo stacks of {@link Command}s.
 *
 * <p>All state changes happen on the FX thread. After every change the evaluator runs on the
 * {@link EvaluationService}'s thread (newest request wins) and the result is published here. The
 * session computes no number itself: objective, bottleneck, loads and memory come from
 * {@code eval.Evaluator}, the bound from {@code bound.Bounds}, the gap from
 * {@code SolverResult.gap}.
 */
public final class Session implements AutoCloseable {
    /** Everything needed to show an opened model or session. */
    public record Opened(LoadedModel model, Problem problem, Placement placement, Objective objective,
            Map<String, Placement> named, String current, Path sessionFile, Map<String, Object> view,
            Map<String, RunInfo> runs) {
        public Opened {
            runs = runs == null ? Map.of() : Map.copyOf(runs);
        }

        /** Without solver-run information on the named placements. */
        public Opened(LoadedModel model, Problem problem, Placement placement, Objective objective,
                Map<String, Placement> named, String current, Path sessionFile, Map<String, Object> view) {
            this(model, problem, placement, objective, named, current, sessionFile, view, Map.of());
        }
    }

    /** The mutable part commands act on (only through the session, on the FX thread). */
    public final class State {
        private State() {
        }

        public Placement placement() {
            return placement.get();
        }

        public Problem problem() {
            return problem.get();
        }

        public void setPlacement(Placement p) {
            placement.set(p);
        }

        public void setProblem(Problem pr, Placement p) {
            batch = true;
            try {
                problem.set(pr);
                placement.set(p);
            } finally {
                batch = false;
            }
            changed();
        }
    }

    private final ReadOnlyObjectWrapper<LoadedModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<Problem> problem = new ReadOnlyObjectWrapper<>(this, "problem");
    private final ReadOnlyObjectWrapper<Placement> placement = new ReadOnlyObjectWrapper<>(this, "placement");
    private final ObjectProperty<Objective> objective = new SimpleObjectProperty<>(this, "objective",
            Objective.LATENCY);
    private final ReadOnlyObjectWrapper<Evaluation> evaluation = new ReadOnlyObjectWrapper<>(this, "evaluation");
    private final ReadOnlyObjectWrapper<BoundReport> bounds = new ReadOnlyObjectWrapper<>(this, "bounds");
    private final ReadOnlyObjectWrapper<Double> gap = new ReadOnlyObjectWrapper<>(this, "gap");
    private final ReadOnlyBooleanWrapper evaluating = new ReadOnlyBooleanWrapper(this, "evaluating");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoLabel = new ReadOnlyStringWrapper(this, "undoLabel", "");
    private final ReadOnlyStringWrapper redoLabel = new ReadOnlyStringWrapper(this, "redoLabel", "");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyObjectWrapper<Path> sessionFile = new ReadOnlyObjectWrapper<>(this, "sessionFile");
    private final ReadOnlyStringWrapper evaluationError = new ReadOnlyStringWrapper(this, "evaluationError");
    private final Map<String, Placement> named = new LinkedHashMap<>();
    private final Map<String, RunInfo> runs = new LinkedHashMap<>();
    private final ReadOnlyLongWrapper namedRevision = new ReadOnlyLongWrapper(this, "namedRevision");
    private final Deque<Command> undo = new ArrayDeque<>();
    private final Deque<Command> redo = new ArrayDeque<>();
    private final State state = new State();
    private final EvaluationService evaluator;
    private Map<String, Object> openedView = Map.of();
    private String currentName = "current";
    private long requestId;
    private final Consumer<Runnable> deliver;
    // bounds beyond the quick ones, for the current problem: the stronger bounds of bound.Bounds
    // (computed in the background when enabled) and those proven by solver runs without pins
    private final ReadOnlyBooleanWrapper boundsComputing = new ReadOnlyBooleanWrapper(this, "boundsComputing");
    private boolean strongBounds;
    private ExecutorService boundsWorker;
    private int boundsPending;
    private Problem extrasProblem;
    private final Map<Objective, Map<String, Double>> extraBounds = new EnumMap<>(Objective.class);
    private final Set<Objective> strongRequested = EnumSet.noneOf(Objective.class);
    private boolean batch;
    private long lastEvaluationNanos;

    public Session() {
        this(Platform::runLater);
    }

    /** @param deliver how results reach the thread that owns the session (tests may run them inline) */
    public Session(Consumer<Runnable> deliver) {
        this.deliver = deliver;
        Warmup.start();
        evaluator = new EvaluationService(deliver);
        placement.addListener((o, a, b) -> changed());
        problem.addListener((o, a, b) -> changed());
        objective.addListener((o, a, b) -> changed());
    }

    // ------------------------------------------------------------------ properties

    public ReadOnlyObjectProperty<LoadedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Problem> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Placement> placementProperty() {
        return placement.getReadOnlyProperty();
    }

    public ObjectProperty<Objective> objectiveProperty() {
        return objective;
    }

    /** The latest evaluation of the current placement (briefly the previous one while re-evaluating). */
    public ReadOnlyObjectProperty<Evaluation> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BoundReport> boundsProperty() {
        return bounds.getReadOnlyProperty();
    }

    /** True while the stronger lower bounds of the current problem are being computed. */
    public ReadOnlyBooleanProperty boundsComputingProperty() {
        return boundsComputing.getReadOnlyProperty();
    }

    /**
     * Also computes, once per problem and objective and on a background thread, the lower bounds
     * beyond the quick ones (LP relaxation, bottleneck block, …); {@link #boundsProperty()} then
     * holds the best of all, so the status bar, the gap panel and Compare agree.
     */
    public void enableStrongBounds() {
        strongBounds = true;
        requestEvaluation();
    }

    /**
     * Adds lower bounds proven for {@code p} (valid for every placement of it): kept while {@code p}
     * is the session's problem, merged into {@link #boundsProperty()}. Call on the session's thread.
     */
    public void addBounds(Problem p, Objective o, Map<String, Double> values) {
        if (p == null || p != problem.get()) {
            return;
        }
        resetExtraBounds(p);
        Map<String, Double> m = extraBounds.computeIfAbsent(o, k -> new LinkedHashMap<>());
        values.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                m.merge(k, v, Math::max);
            }
        });
        if (o == objective.get() && bounds.get() != null) {
            BoundReport merged = withExtras(bounds.get(), m);
            Evaluation e = evaluation.get();
            // the gap first: views redraw when the bounds change and read the gap then
            gap.set(merged.best() == null || e == null ? null : SolverResult.gap(e.objective(), merged.best()));
            bounds.set(merged);
        }
    }

    private void resetExtraBounds(Problem p) {
        if (extrasProblem != p) {
            extrasProblem = p;
            extraBounds.clear();
            strongRequested.clear();
        }
    }

    private static BoundReport withExtras(BoundReport base, Map<String, Double> extra) {
        if (extra == null || extra.isEmpty()) {
            return base;
        }
        Map<String, Double> v = new LinkedHashMap<>(base.values());
        extra.forEach((k, x) -> v.merge(k, x, (a, b) -> a == null ? b : Math.max(a, b)));
        return BoundReport.of(v);
    }

    private void computeStrongBounds(Problem pr, Objective o) {
        resetExtraBounds(pr);
        if (!strongBounds || strongRequested.contains(o) || Bounds.all().size() <= Bounds.quickBounds().size()) {
            return;
        }
        strongRequested.add(o);
        if (boundsWorker == null) {
            boundsWorker = Executors.newSingleThreadExecutor(Workers.factory("bounds"));
        }
        boundsPending++;
        boundsComputing.set(true);
        boundsWorker.execute(() -> {
            BoundReport r;
            try {
                r = Bounds.compute(pr, o, Bounds.all());
            } catch (RuntimeException ex) {
                r = null; // a bound that fails proves nothing; the quick ones stand
            }
            BoundReport done = r;
            deliver.accept(() -> {
                boundsPending--;
                boundsComputing.set(boundsPending > 0);
                if (done != null) {
                    addBounds(pr, o, done.values());
                }
            });
        });
    }

    /** (objective − best bound) / objective, or null when either is missing. */
    public ReadOnlyObjectProperty<Double> gapProperty() {
        return gap.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty evaluatingProperty() {
        return evaluating.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty undoLabelProperty() {
        return undoLabel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoLabelProperty() {
        return redoLabel.getReadOnlyProperty();
    }

    /** Increases with every change of problem, placement, objective or named placements (autosave watches it). */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** Whether there are changes since the session was opened or saved. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> sessionFileProperty() {
        return sessionFile.getReadOnlyProperty();
    }

    /** Why the last evaluation failed (null when it succeeded). */
    public ReadOnlyStringProperty evaluationErrorProperty() {
        return evaluationError.getReadOnlyProperty();
    }

    public boolean isOpen() {
        return problem.get() != null;
    }

    public Problem problem() {
        return problem.get();
    }

    public Placement placement() {
        return placement.get();
    }

    public Cluster cluster() {
        return problem.get() == null ? null : problem.get().cluster();
    }

    public Objective objective() {
        return objective.get();
    }

    public Evaluation evaluation() {
        return evaluation.get();
    }

    /** Named placements (the current one is kept under {@link #currentName()} when saved). */
    public Map<String, Placement> named() {
        return java.util.Collections.unmodifiableMap(named);
    }

    /** What the solver run that made a named placement said about it (absent for placements kept by hand). */
    public Map<String, RunInfo> runs() {
        return java.util.Collections.unmodifiableMap(runs);
    }

    /** Increases whenever a named placement is added, renamed or removed. */
    public ReadOnlyLongProperty namedRevisionProperty() {
        return namedRevision.getReadOnlyProperty();
    }

    public String currentName() {
        return currentName;
    }

    /** The view state read from the opened session file (empty for a model file). */
    public Map<String, Object> openedView() {
        return openedView;
    }

    /** Wall time of the evaluator for the latest result, in nanoseconds. */
    public long lastEvaluationNanos() {
        return lastEvaluationNanos;
    }

    // ------------------------------------------------------------------ opening

    /** Shows a newly opened model or session; clears the undo history. */
    public void open(Opened o) {
        undo.clear();
        redo.clear();
        named.clear();
        named.putAll(o.named());
        runs.clear();
        o.runs().forEach((k, v) -> {
            if (named.containsKey(k)) {
                runs.put(k, v);
            }
        });
        namedRevision.set(namedRevision.get() + 1);
        currentName = o.current() == null ? "current" : o.current();
        openedView = o.view() == null ? Map.of() : o.view();
        evaluation.set(null);
        bounds.set(null);
        gap.set(null);
        model.set(o.model());
        objective.set(o.objective());
        state.setProblem(o.problem(), o.placement());
        sessionFile.set(o.sessionFile());
        dirty.set(false);
        updateUndo();
        requestEvaluation();
    }

    /**
     * Shows the model read again with other import options: like {@link #open}, but the session keeps
     * its file and counts as changed (the options are saved with it).
     */
    public void reimported(Opened o) {
        open(o);
        dirty.set(true);
        revision.set(revision.get() + 1);
    }

    /** Marks the session saved to a file. */
    public void markSaved(Path file) {
        sessionFile.set(file);
        dirty.set(false);
    }

    // ------------------------------------------------------------------ edits

    /** Applies a command and puts it on the undo stack. */
    public void execute(Command c) {
        requireOpen();
        c.apply(state);
        undo.push(c);
        redo.clear();
        updateUndo();
    }

    public void undo() {
        if (undo.isEmpty()) {
            return;
        }
        Command c = undo.pop();
        c.revert(state);
        redo.push(c);
        updateUndo();
    }

    public void redo() {
        if (redo.isEmpty()) {
            return;
        }
        Command c = redo.pop();
        c.apply(state);
        undo.push(c);
        updateUndo();
    }

    /** Moves operators to a device; nothing happens when they are all there already. */
    public boolean assign(int[] ops, int device) {
        requireOpen();
        if (ops.length == 0 || device < 0 || device >= problem.get().deviceCount()) {
            return false;
        }
        AssignOperators c = AssignOperators.of(placement.get(), ops, device, cluster().device(device).id());
        if (!c.changesSomething()) {
            return false;
        }
        execute(c);
        return true;
    }

    public void pin(int[] ops, boolean pinned) {
        requireOpen();
        if (ops.length > 0) {
            execute(PinOperators.of(placement.get(), ops, pinned));
        }
    }

    /** Replaces the placement (undoable), e.g. with a solver's result or a named placement. */
    public void replacePlacement(String label, Placement p) {
        requireOpen();
        p.checkShape(problem.get().operators(), problem.get().deviceCount());
        execute(new ReplacePlacement(label, placement.get(), p));
    }

    /** Adds or replaces a named placement (not an edit of the current one). */
    public void putNamed(String name, Placement p) {
        putNamed(name, p, null);
    }

    /** Adds or replaces a named placement with what the solver run that made it said (info may be null). */
    public void putNamed(String name, Placement p, RunInfo info) {
        named.put(name, p);
        if (info == null) {
            runs.remove(name);
        } else {
            runs.put(name, info);
        }
        namedChanged();
    }

    /** A named placement was added, renamed or removed: unsaved, and autosave should write it. */
    private void namedChanged() {
        dirty.set(true);
        revision.set(revision.get() + 1);
        namedRevision.set(namedRevision.get() + 1);
    }

    /** Removes a named placement; false when there is none by that name. */
    public boolean removeNamed(String name) {
        if (named.remove(name) == null) {
            return false;
        }
        runs.remove(name);
        namedChanged();
        return true;
    }

    /** Renames a named placement, keeping its place in the list; false when the old name is missing or the new one taken. */
    public boolean renameNamed(String from, String to) {
        if (!named.containsKey(from) || named.containsKey(to) || to.isBlank() || to.equals(currentName)) {
            return false;
        }
        Map<String, Placement> copy = new LinkedHashMap<>(named);
        named.clear();
        copy.forEach((k, v) -> named.put(k.equals(from) ? to : k, v));
        RunInfo info = runs.remove(from);
        if (info != null) {
            runs.put(to, info);
        }
        namedChanged();
        return true;
    }

    /**
     * Prices the graph on a changed cluster and switches to it (undoable). Operators keep devices
     * with the same id. Throws {@link ModelException} with a one-line message when the cluster
     * cannot price the graph; nothing changes then.
     */
    public void changeCluster(String label, Cluster next) {
        requireOpen();
        if (model.get().carriesDevices()) {
            throw new ModelException("this " + model.get().format() + " carries its own devices and costs; "
                    + "its cluster cannot be changed");
        }
        Problem p = AnalyticCostModel.problem(model.get().graph(), next);
        Placement pl = ChangeCluster.remap(placement.get(), cluster(), next);
        execute(new ChangeCluster(label, problem.get(), placement.get(), p, pl));
    }

    public boolean canEditCluster() {
        return isOpen() && !model.get().carriesDevices();
    }

    private void requireOpen() {
        if (!isOpen()) {
            throw new IllegalStateException("no model is open");
        }
    }

    private void updateUndo() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoLabel.set(undo.isEmpty() ? "" : undo.peek().label());
        redoLabel.set(redo.isEmpty() ? "" : redo.peek().label());
    }

    private void changed() {
        if (batch || problem.get() == null || placement.get() == null) {
            return;
        }
        revision.set(revision.get() + 1);
        dirty.set(true);
        requestEvaluation();
    }

    // ------------------------------------------------------------------ evaluation

    /** Asks for the current placement to be evaluated (the newest request wins). */
    public void requestEvaluation() {
        Problem pr = problem.get();
        Placement pl = placement.get();
        if (pr == null || pl == null || pl.size() != pr.operators()) {
            return;
        }
        long id = ++requestId;
        evaluating.set(true);
        computeStrongBounds(pr, objective.get());
        evaluator.submit(new EvaluationService.Request(id, pr, pl, objective.get()), this::apply);
    }

    private void apply(EvaluationService.Result r) {
        if (r.request().id() != requestId) {
            return; // a newer request is on its way
        }
        evaluating.set(false);
        lastEvaluationNanos = r.nanos();
        if (r.error() != null) {
            evaluationError.set(r.error());
            return;
        }
        evaluationError.set(null);
        BoundReport b = r.bounds() == null ? null : withExtras(r.bounds(),
                r.request().problem() == extrasProblem ? extraBounds.get(r.request().objective()) : null);
        bounds.set(b);
        Double best = b == null ? null : b.best();
        gap.set(best == null ? null : SolverResult.gap(r.evaluation().objective(), best));
        evaluation.set(r.evaluation());
    }

    @Override
    public void close() {
        evaluator.close();
        if (boundsWorker != null) {
            boundsWorker.shutdownNow();
        }
    }
}
