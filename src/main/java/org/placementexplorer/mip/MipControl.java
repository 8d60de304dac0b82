package org.placementexplorer.mip;

/**
 * Lets another thread stop a running backend. Backends that can be interrupted register how;
 * {@link #interrupt()} then asks them to return their best point now. Backends that cannot be
 * interrupted (ojAlgo) end at their time limit; callers must not wait for them longer than they
 * are willing to (see {@code solve.milp.MilpSolver}).
 */
public final class MipControl {
    private volatile boolean interrupted;
    private Runnable interrupter;

    /** Called by a backend once it can be interrupted. */
    public synchronized void onInterrupt(Runnable r) {
        interrupter = r;
        if (interrupted && r != null) {
            r.run();
        }
    }

    /** Called by a backend when interrupting it is no longer safe (its native objects are gone). */
    public synchronized void clear() {
        interrupter = null;
    }

    public synchronized void interrupt() {
        interrupted = true;
        if (interrupter != null) {
            interrupter.run();
        }
    }

    public boolean interrupted() {
        return interrupted;
    }
}
