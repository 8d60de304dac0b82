package org.placementexplorer.io.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gives every symbolic (or unnamed) dimension of the model's inputs a number, so that shapes and costs
 * can be computed. In order:
 * <ol>
 *   <li>a value the user set ({@code --dim NAME=VALUE}); NAME is the symbol (dim_param), or
 *       {@code INPUT:AXIS} for a dimension without a symbol (also accepted for one with a symbol);</li>
 *   <li>the value already chosen for the same symbol elsewhere (a symbol means one size);</li>
 *   <li>a default: batch-like names ({@code batch}, {@code N}, {@code bs}, ...) and axis 0 → {@value #BATCH};
 *       sequence-like names ({@code seq}, {@code sequence}, {@code length}, {@code tokens}, {@code time},
 *       {@code steps}, {@code frames}, {@code samples}) → {@value #SEQUENCE}; the spatial axes (2 and
 *       above) of a 4-D or 5-D input (an image or a volume) → {@value #SPATIAL}; anything else → {@value #OTHER}.</li>
 * </ol>
 * Defaults used are reported as one warning so the user sees what was assumed.
 */
final class SymbolicDims {
    static final long BATCH = 1;
    static final long SEQUENCE = 512;
    static final long SPATIAL = 224;
    static final long OTHER = 1;

    private static final Pattern BATCH_LIKE = Pattern.compile("(?i)(.*batch.*|n|b|bs|num_?samples?)");
    private static final Pattern SEQUENCE_LIKE = Pattern.compile(
            "(?i).*(seq|sequence|length|len|token|time|step|frame|sample|word|position|past|total).*");

    private final Map<String, Long> user;
    private final Set<String> usedUserKeys = new LinkedHashSet<>();
    private final Map<String, Long> chosen = new LinkedHashMap<>();
    private final Map<String, Long> defaulted = new LinkedHashMap<>();
    private final Set<String> symbols = new LinkedHashSet<>();
    private final Map<String, Long> used = new LinkedHashMap<>();
    private final Map<String, List<String>> where = new LinkedHashMap<>();

    SymbolicDims(Map<String, Long> user) {
        this.user = user == null ? Map.of() : user;
    }

    /** A number for dimension {@code axis} of graph input {@code input} (rank {@code rank}). */
    long resolve(String input, int axis, int rank, Onnx.Dim d) {
        if (d.known()) {
            return d.value();
        }
        String positional = input + ":" + axis;
        String sym = d.param();
        symbols.add(sym != null ? sym : positional);
        long v = resolveSymbolic(input, axis, rank, sym, positional);
        used.putIfAbsent(sym != null ? sym : positional, v);
        where.computeIfAbsent(sym != null ? sym : positional, k -> new ArrayList<>()).add(input + " axis " + axis);
        return v;
    }

    /** Where each symbolic dimension of {@link #used()} occurs: "INPUT axis N", in the order met. */
    Map<String, List<String>> where() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        where.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * Every symbolic dimension of the model's inputs with the value it took (set by the user or a
     * default), in the order met; the key is the symbol, or {@code INPUT:AXIS} for one without.
     */
    Map<String, Long> used() {
        return java.util.Collections.unmodifiableMap(used);
    }

    private long resolveSymbolic(String input, int axis, int rank, String sym, String positional) {
        if (sym != null && user.containsKey(sym)) {
            usedUserKeys.add(sym);
            return user.get(sym);
        }
        if (user.containsKey(positional)) {
            usedUserKeys.add(positional);
            return user.get(positional);
        }
        String key = sym != null ? sym : positional;
        Long v = chosen.get(key);
        if (v != null) {
            return v;
        }
        long dflt = defaultFor(sym, axis, rank);
        chosen.put(key, dflt);
        defaulted.put(key, dflt);
        return dflt;
    }

    /** The value of a symbol already resolved (for symbols that reappear inside the model), or -1. */
    long known(String sym) {
        if (sym == null) {
            return -1;
        }
        if (user.containsKey(sym)) {
            return user.get(sym);
        }
        Long v = chosen.get(sym);
        return v == null ? -1 : v;
    }

    static long defaultFor(String sym, int axis, int rank) {
        String s = sym == null ? "" : sym.toLowerCase(Locale.ROOT);
        if (!s.isEmpty() && BATCH_LIKE.matcher(s).matches()) {
            return BATCH;
        }
        if (!s.isEmpty() && SEQUENCE_LIKE.matcher(s).matches()) {
            return SEQUENCE;
        }
        if (axis == 0) {
            return BATCH;
        }
        if ((rank == 4 || rank == 5) && axis >= 2) {
            return SPATIAL;
        }
        return OTHER;
    }

    /** Warnings: the defaults used, and --dim values that matched nothing. */
    List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (!defaulted.isEmpty()) {
            StringBuilder sb = new StringBuilder("symbolic dimensions set to defaults: ");
            int k = 0;
            for (Map.Entry<String, Long> e : defaulted.entrySet()) {
                sb.append(k++ > 0 ? ", " : "").append(e.getKey()).append('=').append(e.getValue());
            }
            sb.append(" (set them with --dim NAME=VALUE)");
            w.add(sb.toString());
        }
        for (String k : user.keySet()) {
            if (!usedUserKeys.contains(k)) {
                w.add("--dim " + k + " matches no symbolic dimension of the model's inputs"
                        + (symbols.isEmpty() ? " (it has none)" : " (they are: " + String.join(", ", symbols) + ")"));
            }
        }
        return w;
    }
}
