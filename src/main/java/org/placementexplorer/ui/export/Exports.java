package org.placementexplorer.ui.export;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.concurrent.Task;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Writes exports chosen in the window: asks where (the platform's save dialog, which itself asks
 * before replacing a file), asks again before replacing a file that did not come from that dialog,
 * builds the content on the FX thread's snapshot and writes it in the background, atomically (a
 * temporary file in the same folder, then a rename), so a failed export never leaves half a file.
 */
public final class Exports {
    /** Picks the file to write; empty when the user cancels. Tests replace the dialog. */
    public interface Chooser {
        Optional<Path> choose(String title, String initialName, String description, String extension);
    }

    private final Supplier<Window> owner;
    private final Consumer<String> status;
    private final Consumer<String> error;
    private Chooser chooser;
    private boolean chooserAsks = true;
    private boolean dialogs = true;
    private Path lastFolder;
    private long written;

    public Exports(Supplier<Window> owner, Consumer<String> status, Consumer<String> error) {
        this.owner = owner;
        this.status = status;
        this.error = error;
        this.chooser = this::saveDialog;
    }

    /** Tests: no dialogs; a file that exists is then never replaced. */
    public void setDialogs(boolean on) {
        dialogs = on;
    }

    /** Replaces the save dialog (tests); files it returns are not taken as already confirmed. */
    public void setChooser(Chooser c) {
        chooser = c;
        chooserAsks = false;
    }

    /** Number of files written so far (tests wait on it). */
    public long written() {
        return written;
    }

    private Optional<Path> saveDialog(String title, String initialName, String description, String extension) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(initialName);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + extension));
        if (lastFolder != null && Files.isDirectory(lastFolder)) {
            fc.setInitialDirectory(lastFolder.toFile());
        }
        File f = fc.showSaveDialog(owner.get());
        return Optional.ofNullable(f).map(File::toPath);
    }

    /**
     * Asks for a file and writes {@code content} to it. The content supplier runs on the FX thread
     * (it takes what the views show now); the bytes are written in the background.
     *
     * @return false when nothing will be written (cancelled, or an existing file not to be replaced)
     */
    public boolean export(String what, String initialName, String description, String extension,
            Supplier<byte[]> content) {
        Optional<Path> target = chooser.choose("Export " + what, initialName, description, extension);
        if (target.isEmpty()) {
            return false;
        }
        Path f = target.get();
        if (!f.getFileName().toString().contains(".")) {
            f = f.resolveSibling(f.getFileName() + "." + extension);
        }
        // the save dialog asked about the name it returned; a name we completed, or a test's, was not asked about
        boolean asked = chooserAsks && f.equals(target.get());
        return writeTo(f, what, content, asked);
    }

    /** Writes to a given file, asking before replacing it unless the save dialog already did. */
    public boolean writeTo(Path f, String what, Supplier<byte[]> content, boolean replaceAsked) {
        if (Files.exists(f) && !replaceAsked && !confirmReplace(f)) {
            status.accept("Not exported: " + f.getFileName() + " exists and was not replaced");
            return false;
        }
        byte[] bytes;
        try {
            bytes = content.get();
        } catch (RuntimeException e) {
            error.accept("Cannot export " + what + ": " + (e.getMessage() == null ? e : e.getMessage()));
            return false;
        }
        Path target = f;
        Task<Void> t = new Task<>() {
            @Override
            protected Void call() throws IOException {
                Path dir = target.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
                try {
                    Files.write(tmp, bytes);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return null;
            }
        };
        t.setOnSucceeded(e -> {
            written++;
            lastFolder = target.toAbsolutePath().getParent();
            status.accept("Exported " + what + " to " + target.getFileName());
        });
        t.setOnFailed(e -> error.accept(target + ": cannot be written (" + t.getException().getMessage() + ")"));
        org.placementexplorer.ui.session.Workers.thread(t, "export").start();
        return true;
    }

    private boolean confirmReplace(Path f) {
        if (!dialogs) {
            return false;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, f + " already exists. Replace it?", ButtonType.OK,
                ButtonType.CANCEL);
        a.setHeaderText("Replace " + f.getFileName() + "?");
        a.initOwner(owner.get());
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
