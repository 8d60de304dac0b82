package org.placementexplorer.ui.explorer;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The explorer's small settings file and recent-files list, kept in the user's config folder
 * ({@code $XDG_CONFIG_HOME/placement-explorer}, else {@code ~/.config/placement-explorer}; the
 * system property {@code placementexplorer.config} overrides it, as tests do). Recovery files of
 * the autosave live there too.
 */
public final class AppConfig {
    private static final int MAX_RECENT = 10;
    private final Path dir;
    private final Properties props = new Properties();

    public AppConfig(Path dir) {
        this.dir = dir;
        Path f = dir.resolve("settings.properties");
        if (Files.exists(f)) {
            try (Reader r = Files.newBufferedReader(f)) {
                props.load(r);
            } catch (IOException e) {
                // unreadable settings: start with defaults
            }
        }
    }

    public static AppConfig load() {
        return new AppConfig(defaultDir());
    }

    public static Path defaultDir() {
        String p = System.getProperty("placementexplorer.config");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("placement-explorer");
    }

    public Path dir() {
        return dir;
    }

    public List<Path> recent() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX_RECENT; i++) {
            String s = props.getProperty("recent." + i);
            if (s != null) {
                out.add(Path.of(s));
            }
        }
        return out;
    }

    /** Puts a file first in the recent list (without duplicates) and saves. */
    public void addRecent(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> l = recent();
        l.remove(abs);
        l.add(0, abs);
        for (int i = 0; i < MAX_RECENT; i++) {
            if (i < l.size()) {
                props.setProperty("recent." + i, l.get(i).toString());
            } else {
                props.remove("recent." + i);
            }
        }
        save();
    }

    public boolean dark() {
        return "dark".equals(props.getProperty("theme"));
    }

    public void setDark(boolean dark) {
        props.setProperty("theme", dark ? "dark" : "light");
        save();
    }

    private void save() {
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(dir.resolve("settings.properties"))) {
                props.store(w, "Placement Explorer settings");
            }
        } catch (IOException e) {
            // settings are a convenience: never fail the app for them
        }
    }
}
