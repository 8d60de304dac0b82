package org.placementexplorer.io.export;

import java.util.Locale;

import org.placementexplorer.model.Units;

/**
 * Microseconds per time unit of a problem, for trace files (which count in µs): seconds for physical
 * problems; for benchmark instances the unit their file states (ms, s, us), and otherwise one unit
 * shown as one microsecond.
 */
public final class TimeScale {
    private TimeScale() {
    }

    public static double microsPerUnit(Units u) {
        if (u.physical()) {
            return 1e6;
        }
        String t = u.time().trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("ms")) {
            return 1e3;
        }
        if (t.startsWith("us") || t.startsWith("µs")) {
            return 1;
        }
        if (t.equals("s") || t.startsWith("s ") || t.startsWith("sec")) {
            return 1e6;
        }
        return 1;
    }
}
