package org.placementexplorer.ui.session;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * Writes the session every few seconds, when it changed, to a recovery file named after this
 * process ({@code recovery-<pid>.json} in the config folder). A clean exit deletes it; a recovery
 * file whose process is gone is what a crash left behind, and the next start offers to restore it.
 */
public final class Autosave implements AutoCloseable {
    private final Session session;
    private final Supplier<Map<String, Object>> view;
    private final Path file;
    private final Timeline timer;
    private final ExecutorService io = Executors.newSingleThreadExecutor(Workers.factory("autosave"));
    private long savedRevision = -1;

    public Autosave(Session session, Supplier<Map<String, Object>> view, Path configDir, double seconds) {
        this.session = session;
        this.view = view;
        this.file = configDir.resolve("recovery-" + ProcessHandle.current().pid() + ".json");
        timer = new Timeline(new KeyFrame(Duration.seconds(seconds), e -> saveIfChanged()));
        timer.setCycleCount(Timeline.INDEFINITE);
    }

    public void start() {
        timer.play();
    }

    public Path file() {
        return file;
    }

    /** Snapshots on the FX thread, writes on the autosave thread. */
    public void saveIfChanged() {
        if (!session.isOpen() || session.revisionProperty().get() == savedRevision || !session.dirtyProperty().get()) {
            return;
        }
        savedRevision = session.revisionProperty().get();
        SessionFiles.Snapshot s = SessionFiles.snapshot(session, view.get());
        io.execute(() -> {
            try {
                Files.createDirectories(file.getParent());
                SessionFiles.save(s, file);
            } catch (IOException | RuntimeException e) {
                // autosave is best effort: the next tick tries again
                savedRevision = -1;
            }
        });
    }

    /** Stops and deletes the recovery file (a clean exit). */
    @Override
    public void close() {
        timer.stop();
        io.shutdown();
        try {
            io.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing to recover from a failed delete
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A recovery file left by a process that is no longer running, newest first. */
    public static Optional<Path> orphan(Path configDir) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(configDir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(configDir, "recovery-*.json")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                try {
                    long pid = Long.parseLong(n.substring("recovery-".length(), n.length() - ".json".length()));
                    if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                            .orElse(false)) {
                        continue; // another running explorer owns it
                    }
                } catch (NumberFormatException e) {
                    // a renamed file: offer it too
                }
                found.add(p);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        found.sort((a, b) -> Long.compare(b.toFile().lastModified(), a.toFile().lastModified()));
        return found.stream().findFirst();
    }
}
