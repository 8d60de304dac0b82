package org.placementexplorer.ui.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.application.Platform;

/**
 * Runs computations for a view on one background thread, newest first: a request replaces any that
 * has not started, and a result arrives (on the FX thread) only if no newer request was made. Views
 * use it for the evaluator's schedules so the FX thread never waits.
 */
public final class Latest<T> implements AutoCloseable {
    private record Job<T>(long id, Supplier<T> work, Consumer<T> done, Consumer<String> failed) {
    }

    private final ExecutorService worker;
    private final AtomicReference<Job<T>> pending = new AtomicReference<>();
    private final AtomicLong last = new AtomicLong();
    private final Consumer<Runnable> deliver;

    public Latest(String threadName) {
        this(threadName, Platform::runLater);
    }

    public Latest(String threadName, Consumer<Runnable> deliver) {
        this.deliver = deliver;
        worker = Executors.newSingleThreadExecutor(Workers.factory(threadName, 1L << 26));
    }

    /** Computes {@code work} in the background; {@code done} gets the result unless a newer request came. */
    public void submit(Supplier<T> work, Consumer<T> done, Consumer<String> failed) {
        Job<T> j = new Job<>(last.incrementAndGet(), work, done, failed);
        pending.set(j);
        worker.execute(() -> {
            Job<T> q = pending.getAndSet(null);
            if (q == null) {
                return;
            }
            try {
                T r = q.work().get();
                deliver.accept(() -> {
                    if (q.id() == last.get()) {
                        q.done().accept(r);
                    }
                });
            } catch (RuntimeException e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                deliver.accept(() -> {
                    if (q.id() == last.get()) {
                        q.failed().accept(msg);
                    }
                });
            }
        });
    }

    /** Drops any result still to come. */
    public void cancel() {
        last.incrementAndGet();
        pending.set(null);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
