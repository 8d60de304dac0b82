package org.placementexplorer.ui.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class WorkersTest {
    /** The nice value of the calling thread, from Linux's per-thread stat (its 19th field). */
    private static int niceOfThisThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[16]); // f[0] is the 3rd field (state)
    }

    private static boolean linux() {
        return Files.isReadable(Path.of("/proc/thread-self/stat"));
    }

    @Test
    void workerThreadsRunAtBackgroundPriorityAndPassItOnToThreadsTheyStart() throws Exception {
        assumeTrue(linux(), "per-thread nice values are read from /proc (Linux only)");
        int mine = niceOfThisThread();
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread t = Workers.thread(() -> {
            try {
                int[] inner = new int[1];
                Thread child = new Thread(() -> {
                    try {
                        inner[0] = niceOfThisThread();
                    } catch (Exception e) {
                        inner[0] = Integer.MIN_VALUE;
                    }
                });
                child.start();
                child.join();
                seen.complete(new int[] {niceOfThisThread(), inner[0]});
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        }, "worker-test");
        assertTrue(t.isDaemon(), "a worker never keeps the application alive");
        assertEquals("worker-test", t.getName());
        t.start();
        int[] nice = seen.get(10, TimeUnit.SECONDS);
        assertEquals(Math.max(mine, Workers.NICE), nice[0], "the worker lowered its own priority");
        assertEquals(nice[0], nice[1], "a thread a worker starts (e.g. a solver's) inherits it");
        assertEquals(mine, niceOfThisThread(), "the caller's own priority is untouched");
    }

    @Test
    void executorThreadsFromTheFactoryAreWorkersToo() throws Exception {
        assumeTrue(linux(), "per-thread nice values are read from /proc (Linux only)");
        ExecutorService pool = Executors.newSingleThreadExecutor(Workers.factory("pool-test", 1L << 20));
        try {
            int nice = pool.submit(WorkersTest::niceOfThisThread).get(10, TimeUnit.SECONDS);
            assertEquals(Math.max(niceOfThisThread(), Workers.NICE), nice);
            assertEquals("pool-test", pool.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
