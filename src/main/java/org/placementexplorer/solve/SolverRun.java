package org.placementexplorer.solve;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running solver: cancel it, or wait for its result. */
public final class SolverRun {
    private final SolveContext context;
    private final CompletableFuture<SolverResult> result;

    SolverRun(SolveContext context, CompletableFuture<SolverResult> result) {
        this.context = context;
        this.result = result;
    }

    /** Asks the run to stop; it returns its best placement so far with status CANCELLED. */
    public void cancel() {
        context.cancel();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** Seconds since the run started. */
    public double elapsed() {
        return context.elapsed();
    }

    /** Waits for the result. A failure inside the solver is rethrown as {@link SolverException}. */
    public SolverResult await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new SolverException("interrupted while waiting for the solver", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new SolverException("solver failed: " + cause, cause);
        }
    }

    /** Waits at most {@code timeout}; empty if the run is still going. */
    public java.util.Optional<SolverResult> await(Duration timeout) {
        try {
            return java.util.Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new SolverException("solver failed: " + cause, cause);
        }
    }

    /** The future behind the run, for composing (e.g. in the GUI). */
    public CompletableFuture<SolverResult> future() {
        return result;
    }
}
