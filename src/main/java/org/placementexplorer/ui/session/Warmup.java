package org.placementexplorer.ui.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.util.Fmt;

/**
 * Runs, once per JVM and off the FX thread, the first-time JDK work that the first model opened
 * would otherwise do on it (ADR 49). A record's equals is made from method handles on its first
 * call, and JavaFX calls equals on every value set on a property with a change listener, so the
 * session's model, bounds and evaluation each paid it when the first model arrived: 5–10 ms of
 * CPU, and up to 45 ms of wall time when a background thread of lower priority held a lock of the
 * method-handle machinery meanwhile. Number formatting and text breaking are first used by the
 * device cards and the text layout of the same frames.
 *
 * <p>The thread has normal priority: it does a few milliseconds of work while the window is being
 * built, and a lowered thread holding the method-handle machinery's locks is what made the FX
 * thread wait.
 */
public final class Warmup {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static volatile Thread thread;

    private Warmup() {
    }

    /** Starts the warm-up, unless it ran already in this JVM. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(Warmup::run, "warmup");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Waits for the warm-up to end (tests). */
    static void join() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join();
        }
    }

    /** The work itself; returns a value derived from every result, so none of it can be skipped. */
    static int run() {
        int h = 0;
        // the session's property values: equals and hashCode of each record type
        BoundReport b = new BoundReport(Map.of("bound", 1.0), 1.0, "bound");
        h += eq(b, new BoundReport(Map.of(), null, null));
        Evaluation e = new Evaluation(null, 1, null, null, null, null, null, List.of());
        h += eq(e, new Evaluation(null, 2, null, null, null, null, null, List.of()));
        LoadedModel m = new LoadedModel("a", "b", null, null, List.of(), null, null, null);
        h += eq(m, new LoadedModel("c", "d", null, null, List.of(), null, null, null));
        // the device cards' and status bar's figures, the text layout's breaking
        h += Fmt.num(1234.5).length() + Fmt.num(2e9).length() + Fmt.percent(0.125).length();
        h += java.text.BreakIterator.getCharacterInstance().hashCode() & 1;
        h += new java.text.Bidi("a", java.text.Bidi.DIRECTION_LEFT_TO_RIGHT).getLength();
        return h;
    }

    private static int eq(Object a, Object b) {
        return (a.equals(b) ? 1 : 0) + (a.equals(a) ? 2 : 0) + Math.floorMod(a.hashCode(), 7) + a.toString().length() % 3;
    }
}
