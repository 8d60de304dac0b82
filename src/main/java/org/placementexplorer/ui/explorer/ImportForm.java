package org.placementexplorer.ui.explorer;

import java.util.LinkedHashMap;
import java.util.Map;

import org.placementexplorer.io.ImportOptions;

/**
 * The Import options dialog's fields as text and their validation into {@link ImportOptions}: each
 * symbolic dimension a whole number of 1 or more (as {@code --dim} in the CLI), device counts whole
 * numbers of 0 or more with at least one device in all. No JavaFX; unit-testable.
 *
 * @param dims         symbolic dimension name → the text in its field, in the order shown
 * @param devices      whether the model carries its own devices (then the counts apply)
 * @param accelerators the accelerator count as typed (ignored without devices)
 * @param cpus         the CPU count as typed (ignored without devices)
 */
public record ImportForm(Map<String, String> dims, boolean devices, String accelerators, String cpus) {
    public ImportForm {
        dims = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dims));
    }

    /** The result: options, or the one-line reason the fields are not valid. */
    public record Result(ImportOptions options, String error) {
        public boolean ok() {
            return options != null;
        }
    }

    public Result validate() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (var e : dims.entrySet()) {
            Long v = whole(e.getValue());
            if (v == null || v < 1) {
                return new Result(null, e.getKey() + " must be a whole number of 1 or more, not '"
                        + e.getValue().trim() + "'");
            }
            values.put(e.getKey(), v);
        }
        Integer k = null;
        Integer c = null;
        if (devices) {
            Long kk = whole(accelerators);
            if (kk == null || kk < 0 || kk > 10_000) {
                return new Result(null, "the number of accelerators must be a whole number from 0 to 10000, not '"
                        + accelerators.trim() + "'");
            }
            Long cc = whole(cpus);
            if (cc == null || cc < 0 || cc > 10_000) {
                return new Result(null, "the number of CPUs must be a whole number from 0 to 10000, not '"
                        + cpus.trim() + "'");
            }
            if (kk + cc == 0) {
                return new Result(null, "there must be at least one device (an accelerator or a CPU)");
            }
            k = kk.intValue();
            c = cc.intValue();
        }
        return new Result(new ImportOptions(values, k, c), null);
    }

    /** The text as a whole number, or null (digits only, optional sign, no more than a long holds). */
    private static Long whole(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.matches("[+-]?\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(t);
    }
}
