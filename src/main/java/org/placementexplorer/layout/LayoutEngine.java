package org.placementexplorer.layout;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * A layered (top-down) layout of a DAG. Runs on a background thread; reports progress in [0, 1]
 * and stops with {@link CancellationException} at its next check once {@code cancelled} is true.
 */
public interface LayoutEngine {
    String name();

    DagLayout layout(LayoutGraph graph, DoubleConsumer progress, BooleanSupplier cancelled);

    /** Throws {@link CancellationException} when the caller gave up. */
    static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("layout cancelled");
        }
    }
}
