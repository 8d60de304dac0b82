package org.placementexplorer.ui.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * Runs the evaluator (and the quick lower bounds) on one background thread. When requests arrive
 * faster than they are evaluated, only the newest is evaluated: intermediate ones are dropped. The
 * result goes to a callback that the caller runs on its own thread (the FX thread for the session).
 */
public final class EvaluationService implements AutoCloseable {
    /** What to evaluate. {@code id} increases with every request. */
    public record Request(long id, Problem problem, Placement placement, Objective objective) {
    }

    /** The evaluator's answer, or the one-line reason it failed. */
    public record Result(Request request, Evaluation evaluation, BoundReport bounds, String error, long nanos) {
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "evaluator");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final Consumer<Runnable> deliver;
    private Evaluator evaluator;
    private Problem boundsProblem;
    private Objective boundsObjective;
    private BoundReport bounds;

    /** @param deliver runs a result hand-off on the receiving thread (e.g. Platform::runLater) */
    public EvaluationService(Consumer<Runnable> deliver) {
        this.deliver = deliver;
    }

    public void submit(Request r, Consumer<Result> onResult) {
        pending.set(r);
        worker.execute(() -> {
            Request q = pending.getAndSet(null);
            if (q == null) {
                return; // a later drain already took the newest request
            }
            Result res = run(q);
            deliver.accept(() -> onResult.accept(res));
        });
    }

    private Result run(Request q) {
        long t0 = System.nanoTime();
        try {
            if (evaluator == null || evaluator.problem() != q.problem()) {
                evaluator = new Evaluator(q.problem());
            }
            Evaluation e = evaluator.evaluate(q.placement(), q.objective());
            if (boundsProblem != q.problem() || boundsObjective != q.objective()) {
                bounds = Bounds.quick(q.problem(), q.objective());
                boundsProblem = q.problem();
                boundsObjective = q.objective();
            }
            return new Result(q, e, bounds, null, System.nanoTime() - t0);
        } catch (RuntimeException ex) {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            return new Result(q, null, null, msg, System.nanoTime() - t0);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
