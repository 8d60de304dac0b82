package org.placementexplorer.solve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * What a solver implementation sees during a run: the problem, the request, the one evaluator,
 * the stop signal, and where to report incumbents and bounds. Thread-safe, so parallel solver
 * internals may report too.
 */
public final class SolveContext {
    private final Problem problem;
    private final SolveRequest request;
    private final Evaluator evaluator;
    private final SolverListener listener;
    private final long startNanos;
    private final long deadlineNanos;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean stoppedByTime;
    private volatile String optimalAmong;
    private Evaluation best;
    private Evaluation bestInfeasible;
    private double bestBound = Double.NEGATIVE_INFINITY;
    private String bestBoundName;
    private final List<SolverResult.Incumbent> incumbents = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    SolveContext(Problem problem, SolveRequest request, SolverListener listener) {
        this.problem = problem;
        this.request = request;
        this.evaluator = new Evaluator(problem);
        this.listener = listener == null ? SolverListener.NONE : listener;
        this.startNanos = System.nanoTime();
        long limit = request.timeLimit().toNanos();
        this.deadlineNanos = limit <= 0 ? startNanos : startNanos + limit;
        for (Map.Entry<Integer, Integer> pin : request.pins().entrySet()) {
            if (pin.getKey() < 0 || pin.getKey() >= problem.operators() || pin.getValue() < 0
                    || pin.getValue() >= problem.deviceCount()) {
                throw new IllegalArgumentException("pin " + pin + " is outside the problem");
            }
        }
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

    public Evaluator evaluator() {
        return evaluator;
    }

    /** Seconds since the run started. */
    public double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Seconds left before the time limit (never negative). */
    public double remaining() {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1e9);
    }

    /** True once the run should stop (cancelled or out of time). Solvers poll it often. */
    public boolean shouldStop() {
        if (cancelled.get()) {
            return true;
        }
        if (System.nanoTime() >= deadlineNanos) {
            stoppedByTime = true;
            return true;
        }
        return false;
    }

    void cancel() {
        cancelled.set(true);
    }

    boolean cancelled() {
        return cancelled.get();
    }

    boolean stoppedByTime() {
        return stoppedByTime;
    }

    /** The device each pinned operator must stay on, or -1. */
    public int pinnedDevice(int op) {
        Integer d = request.pins().get(op);
        return d == null ? -1 : d;
    }

    /** Applies the request's pins to a device assignment (in place) and returns it. */
    public int[] applyPins(int[] devices) {
        request.pins().forEach((op, d) -> devices[op] = d);
        return devices;
    }

    /**
     * Evaluates a candidate with the one evaluator; when it is feasible and better than the best so
     * far it becomes the incumbent and the listener hears of it. Returns the evaluation.
     *
     * @throws IllegalArgumentException if the candidate moves a pinned operator (a solver bug)
     */
    public Evaluation offer(Placement candidate) {
        for (Map.Entry<Integer, Integer> pin : request.pins().entrySet()) {
            if (candidate.deviceOf(pin.getKey()) != pin.getValue()) {
                throw new IllegalArgumentException("candidate moves pinned operator "
                        + problem.graph().op(pin.getKey()).id());
            }
        }
        java.util.BitSet pins = new java.util.BitSet();
        request.pins().keySet().forEach(pins::set);
        Evaluation e = evaluator.evaluate(candidate.withPinned(pins), request.objective());
        offer(e);
        return e;
    }

    /** Offers an evaluation made by {@link #evaluator()} (for solvers that evaluate themselves). */
    public synchronized boolean offer(Evaluation e) {
        if (!e.feasible()) {
            if (best == null && (bestInfeasible == null
                    || e.memory().totalOver() < bestInfeasible.memory().totalOver())) {
                bestInfeasible = e;
            }
            return false;
        }
        if (best != null && !(e.objective() < best.objective())) {
            return false;
        }
        best = e;
        double t = elapsed();
        incumbents.add(new SolverResult.Incumbent(t, e.objective()));
        listener.onIncumbent(e.placement(), e.objective(), t);
        return true;
    }

    /** Reports a lower bound; kept when it improves on the best known. */
    public synchronized void bound(double value, String name) {
        if (value > bestBound) {
            bestBound = value;
            bestBoundName = name;
            listener.onBound(value, name, elapsed());
        }
    }

    /**
     * Declares that this run's OPTIMAL means optimal within a class of placements only (e.g.
     * "contiguous (pipeline) placements"): the result then keeps a lower bound valid for every
     * placement instead of taking its own objective as the bound, so its gap stays honest.
     */
    public void optimalAmong(String placementClass) {
        this.optimalAmong = placementClass;
    }

    /** The class of placements an OPTIMAL status refers to, or null when it is optimal among all. */
    public String optimalityClass() {
        return optimalAmong;
    }

    public synchronized void note(String message) {
        notes.add(message);
        listener.onMessage(message);
    }

    public synchronized Evaluation best() {
        return best;
    }

    synchronized Evaluation bestInfeasible() {
        return bestInfeasible;
    }

    public synchronized double bestBound() {
        return bestBound;
    }

    synchronized String bestBoundName() {
        return bestBoundName;
    }

    synchronized List<SolverResult.Incumbent> incumbents() {
        return List.copyOf(incumbents);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
