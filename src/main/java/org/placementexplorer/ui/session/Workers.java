package org.placementexplorer.ui.session;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ThreadFactory;

/**
 * The window's background threads (importing, laying out, bounds, solvers, tables, files), made so
 * that they yield the CPU to the FX thread: on a machine with few cores they otherwise take turns
 * with it, and a 30 ms piece of FX work took 90 ms of wall time (ADR 48). Java's thread priorities
 * are ignored on Linux; there each worker raises its own nice value (which any user may do for their
 * own threads), and threads it starts inherit it. Elsewhere the lowest Java priority is the hint the
 * system gets. The evaluator and the chart rasterisers are not workers: they are on the path from a
 * drop to the screen (lowering the rasterisers made that path measurably slower).
 */
public final class Workers {
    /** The nice value of background work: the FX thread (0) gets about nine tenths of a shared core. */
    static final int NICE = 10;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
            .contains("linux");

    static {
        if (LINUX) { // link while the window is being built, so that the first worker need not wait
            Thread t = new Thread(Native::linked, "workers-link");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * The C library's calls, linked on a thread of their own as soon as this class is used (linking
     * takes 100–300 ms on a fresh JVM, which the FX thread should not pay); a worker that starts
     * before it is done waits for it.
     */
    private static final class Native {
        static final MethodHandle GETTID;
        static final MethodHandle GETPRIORITY;
        static final MethodHandle SETPRIORITY;

        static {
            MethodHandle gettid = null;
            MethodHandle getpriority = null;
            MethodHandle setpriority = null;
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                var tid = libc.find("gettid");
                var get = libc.find("getpriority");
                var set = libc.find("setpriority");
                if (tid.isPresent() && get.isPresent() && set.isPresent()) {
                    gettid = linker.downcallHandle(tid.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
                    getpriority = linker.downcallHandle(get.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                    setpriority = linker.downcallHandle(set.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                }
            } catch (RuntimeException | LinkageError e) {
                gettid = null;
                getpriority = null;
                setpriority = null;
            }
            GETTID = gettid;
            GETPRIORITY = getpriority;
            SETPRIORITY = setpriority;
        }

        private Native() {
        }

        static boolean linked() {
            return SETPRIORITY != null;
        }
    }

    private Workers() {
    }

    /**
     * Lowers the calling thread's scheduling priority to nice {@value #NICE} (Linux), unless it is
     * lower already: a worker never runs ahead of the thread that made it.
     *
     * @return whether it runs at nice {@value #NICE} or lower priority now
     */
    public static boolean lowerCurrentThread() {
        if (!LINUX || !Native.linked()) {
            return false;
        }
        try {
            int tid = (int) Native.GETTID.invokeExact();
            // PRIO_PROCESS (0) with a thread id: that thread only
            if ((int) Native.GETPRIORITY.invokeExact(0, tid) >= NICE) {
                return true;
            }
            return (int) Native.SETPRIORITY.invokeExact(0, tid, NICE) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** A daemon thread that runs {@code task} at background priority. */
    public static Thread thread(Runnable task, String name) {
        return thread(task, name, 0);
    }

    /** As {@link #thread(Runnable, String)} with a stack of {@code stackSize} bytes (0: the default). */
    public static Thread thread(Runnable task, String name, long stackSize) {
        Thread t = new Thread(null, () -> {
            lowerCurrentThread();
            task.run();
        }, name, stackSize);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    }

    /** A factory of such threads, for executors. */
    public static ThreadFactory factory(String name) {
        return r -> thread(r, name);
    }

    /** As {@link #factory(String)} with a stack of {@code stackSize} bytes. */
    public static ThreadFactory factory(String name, long stackSize) {
        return r -> thread(r, name, stackSize);
    }
}
