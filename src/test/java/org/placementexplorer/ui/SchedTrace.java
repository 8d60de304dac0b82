package org.placementexplorer.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark diagnostics (Linux, {@code -Dbench.sched=1}): where the FX thread's time went during
 * its worst block, from the kernel's per-thread scheduler counters ({@code /proc/self/task/TID/schedstat}:
 * time on a core, time runnable but waiting for one). Beside it, every 10 ms, a snapshot of every
 * thread's time on a core, so that the threads that ran during the block can be named.
 */
final class SchedTrace {
    static final boolean ON = "1".equals(System.getProperty("bench.sched"))
            && Files.isDirectory(Path.of("/proc/self/task"));

    private record Snap(long at, Map<String, Long> cpu) {
    }

    private final ArrayDeque<Snap> ring = new ArrayDeque<>();
    private volatile Path fx; // the FX thread's task directory, found on first use (either thread)
    private volatile boolean running;
    private Thread sampler;

    void start() {
        if (!ON) {
            return;
        }
        running = true;
        sampler = new Thread(() -> {
            while (running) {
                Snap s = new Snap(System.nanoTime(), all());
                synchronized (ring) {
                    ring.addLast(s);
                    while (ring.size() > 400) {
                        ring.removeFirst();
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sched-trace");
        sampler.setDaemon(true);
        sampler.start();
    }

    void stop() {
        running = false;
    }

    /** The FX thread's counters now: {on-core ns, runnable-waiting ns}, or null. */
    long[] fx() {
        if (!ON) {
            return null;
        }
        try {
            if (fx == null) {
                try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                    for (var t : (Iterable<Path>) tasks::iterator) {
                        if (Files.readString(t.resolve("comm")).startsWith("JavaFX Applicat")) {
                            fx = t;
                        }
                    }
                }
            }
            if (fx == null) {
                return null;
            }
            String[] f = Files.readString(fx.resolve("schedstat")).trim().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Long> all() {
        Map<String, Long> m = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (var t : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim() + "#" + t.getFileName();
                    String[] f = Files.readString(t.resolve("schedstat")).trim().split(" ");
                    m.put(comm, Long.parseLong(f[0]));
                } catch (IOException | RuntimeException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            // nothing
        }
        return m;
    }

    /**
     * A line on a block from {@code from} to {@code to} (nanoTime): FX on core / waiting for a core /
     * asleep, and the threads that used most CPU in the snapshots around it.
     */
    String describe(long from, long to, long[] fx0, long[] fx1) {
        if (!ON || fx0 == null || fx1 == null) {
            return "";
        }
        try {
            Thread.sleep(25); // let the sampler take a snapshot after the block
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long wall = to - from;
        long cpu = fx1[0] - fx0[0];
        long wait = fx1[1] - fx0[1];
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "block %.1f ms: FX on a core %.1f, runnable waiting %.1f, asleep %.1f;", wall / 1e6, cpu / 1e6,
                wait / 1e6, (wall - cpu - wait) / 1e6));
        Snap a = null;
        Snap b = null;
        synchronized (ring) {
            for (Snap s : ring) {
                if (s.at() <= from) {
                    a = s;
                }
                if (b == null && s.at() >= to) {
                    b = s;
                }
            }
        }
        if (a != null && b != null) {
            Map<String, Long> d = new HashMap<>();
            for (var e : b.cpu().entrySet()) {
                long before = a.cpu().getOrDefault(e.getKey(), 0L);
                d.put(e.getKey().replaceAll("#.*", ""), d.getOrDefault(e.getKey().replaceAll("#.*", ""), 0L)
                        + e.getValue() - before);
            }
            sb.append(String.format(Locale.ROOT, " in %.0f ms around it:", (b.at() - a.at()) / 1e6));
            d.entrySet().stream().filter(e -> e.getValue() > 2_000_000)
                    .sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(8)
                    .forEach(e -> sb.append(String.format(Locale.ROOT, " %s %.0f", e.getKey(), e.getValue() / 1e6)));
        }
        return sb.toString();
    }
}
