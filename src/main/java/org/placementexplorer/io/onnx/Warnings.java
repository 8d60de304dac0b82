package org.placementexplorer.io.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Import warnings, grouped: the same problem on many operators is one line with a count and an
 * example, so a model with hundreds of unknown operators still gives a short, readable list.
 */
final class Warnings {
    private static final int MAX_LINES = 30;

    private record Group(String text, String example, int count) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<String> plain = new ArrayList<>();

    /** A one-off warning. */
    void add(String text) {
        if (!plain.contains(text)) {
            plain.add(text);
        }
    }

    /**
     * A warning about one operator, grouped by {@code key}; {@code text} is the line without the
     * operator, {@code example} names the operator.
     */
    void group(String key, String text, String example) {
        groups.merge(key, new Group(text, example, 1), (a, b) -> new Group(a.text, a.example, a.count + 1));
    }

    List<String> lines() {
        List<String> out = new ArrayList<>(plain);
        for (Group g : groups.values()) {
            out.add(g.text + (g.count == 1 ? " (operator '" + g.example + "')"
                    : " (" + g.count + " operators, e.g. '" + g.example + "')"));
        }
        if (out.size() > MAX_LINES) {
            int more = out.size() - MAX_LINES;
            out = new ArrayList<>(out.subList(0, MAX_LINES));
            out.add("… and " + more + " more warnings");
        }
        return out;
    }

    /** Number of grouped warnings whose key starts with {@code prefix} (for tests). */
    int count(String prefix) {
        int n = 0;
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                n += e.getValue().count;
            }
        }
        return n;
    }
}
