package org.placementexplorer.io.measured;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated measurements of one figure, reduced to their median. */
final class Repeats {
    private final List<Double> values = new ArrayList<>();

    void add(double v) {
        values.add(v);
    }

    List<Double> values() {
        return List.copyOf(values);
    }

    int count() {
        return values.size();
    }

    /** The median (the mean of the two middle values for an even count). */
    double median() {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
