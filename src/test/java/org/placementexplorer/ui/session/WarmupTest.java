package org.placementexplorer.ui.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warm-up runs once per JVM, on one thread of its own, and ends. */
class WarmupTest {
    private static long warmupThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("warmup")).count();
    }

    @Test
    void startsOneThreadOnceAndEnds() throws Exception {
        Warmup.start();
        Warmup.start();
        new Session(Runnable::run).close(); // a session starts it too
        assertTrue(warmupThreads() <= 1, "one thread at most");
        Warmup.join();
        assertEquals(0, warmupThreads(), "it ended");
        Warmup.start();
        assertEquals(0, warmupThreads(), "not again in this JVM");
    }

    @Test
    void theValuesItWarmsUpWithCanStillBeMade() {
        // it makes stand-in records (nulls where it can); a record that starts to refuse them would
        // end the warm-up with an exception on its thread, unseen: this test sees it
        assertTrue(Warmup.run() > 0);
    }
}
