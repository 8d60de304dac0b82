package org.placementexplorer.ui.runs;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.ui.session.RunInfo;
import org.placementexplorer.ui.session.Session;

/**
 * The solver panel without a screen: the solvers to choose from (the registry's), the runs started
 * (queued, running, finished) and what happens when one ends: its best placement becomes a named
 * placement of the session with the run's status, objective, bound, gap and time, and is applied
 * (undoably) when asked. Runs wait in one queue and run one at a time, each on the solver's own
 * thread; Stop keeps the best placement found.
 */
public final class RunsModel implements AutoCloseable {
    /** What Run asks for. */
    public record Request(String solver, Objective objective, double seconds, long seed, boolean warmStart,
            boolean apply) {
    }

    private final Session session;
    private final Supplier<List<Solver>> solvers;
    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    /** Solvers run at background priority: a long MILP never slows the window (ADR 48). */
    private final ExecutorService queue = Executors.newSingleThreadExecutor(
            org.placementexplorer.ui.session.Workers.factory("solver-queue"));
    private Consumer<String> onMessage = s -> { };
    private int counter;

    public RunsModel(Session session) {
        this(session, SolverRegistry::all);
    }

    /** @param solvers the solvers offered (the registry's; tests add their own) */
    public RunsModel(Session session, Supplier<List<Solver>> solvers) {
        this.session = session;
        this.solvers = solvers;
    }

    public List<Solver> solvers() {
        return solvers.get();
    }

    public ObservableList<RunRecord> runs() {
        return runs;
    }

    /** Receives one-line news (a run ended, found nothing, failed). */
    public void setOnMessage(Consumer<String> c) {
        onMessage = c;
    }

    /** Queues a run on the session's problem, with its pins and (optionally) its placement as the warm start. */
    public RunRecord start(Request rq) {
        if (!session.isOpen()) {
            throw new IllegalStateException("no model is open");
        }
        Solver s = solvers.get().stream().filter(x -> x.name().equals(rq.solver())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no solver named " + rq.solver()));
        if (!s.supports(rq.objective())) {
            throw new IllegalArgumentException(s.name() + " does not support the " + rq.objective().jsonName()
                    + " objective");
        }
        Problem p = session.problem();
        Placement current = session.placement();
        SolveRequest req = SolveRequest.of(rq.objective(), Duration.ofMillis(Math.max(1, Math.round(rq.seconds()
                * 1000)))).withSeed(rq.seed()).withPins(RunRecord.pinsOf(current));
        if (rq.warmStart()) {
            req = req.withWarmStart(current);
        }
        RunRecord r = new RunRecord(uniqueName(s.name()), s, p, req);
        BitSet pinned = current.pinned();
        r.stateProperty().addListener((o, a, b) -> {
            if (b == RunRecord.State.FINISHED) {
                finished(r, pinned, rq.apply());
            } else if (b == RunRecord.State.FAILED) {
                onMessage.accept(r.name() + " failed: " + r.error());
            }
        });
        runs.add(r);
        queue.execute(r.task());
        return r;
    }

    private String uniqueName(String solver) {
        String name;
        do {
            counter++;
            name = solver + " #" + counter;
        } while (session.named().containsKey(name) || name.equals(session.currentName()));
        return name;
    }

    private void finished(RunRecord r, BitSet pinned, boolean apply) {
        SolverResult res = r.result();
        if (session.problem() != r.problem()) {
            onMessage.accept(r.name() + " finished on a model that is no longer open; its result was dropped");
            return;
        }
        if (res.best() == null) {
            onMessage.accept(r.name() + ": " + res.status() + ", no feasible placement found");
            return;
        }
        // the order comes too: a latency result is only as fast as the solver found it with its order (an edit drops it)
        Placement pl = res.best().placement().withPinned(pinned);
        String name = r.name();
        if (session.named().containsKey(name)) {
            name = name + " (" + System.currentTimeMillis() % 10000 + ")";
        }
        RunInfo info = new RunInfo(r.solver().name(), res.status().name(), res.objective(), res.best().objective(),
                res.lowerBound(), res.boundName(), res.gap(), res.seconds(), r.request().seed(),
                r.request().timeLimit().toMillis() / 1000.0);
        session.putNamed(name, pl, info);
        if (res.lowerBound() != null && r.request().pins().isEmpty()
                && org.placementexplorer.bound.Bounds.all().stream().noneMatch(b -> b.name().equals(res.boundName()))) {
            // proven for the problem without pins: valid for every placement, so the whole window uses it
            session.addBounds(r.problem(), res.objective(), Map.of(res.boundName() + " · " + name,
                    res.lowerBound()));
        }
        if (apply) {
            session.replacePlacement("Apply " + name, pl);
        }
        onMessage.accept(name + ": " + res.status() + " in " + String.format("%.2f s", res.seconds())
                + (apply ? ", applied" : ", kept in Placements"));
    }

    /** Stops every run (queued ones are dropped). */
    public void stopAll() {
        for (RunRecord r : runs) {
            if (!r.isDone()) {
                r.stop();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        queue.shutdownNow();
    }
}
