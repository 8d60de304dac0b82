package org.placementexplorer.bound;

import java.util.Map;

/**
 * The value of each bound computed, and the best (largest) of them.
 *
 * @param values   bound name → value, in the order computed
 * @param best     the largest value, or null when no bound applied
 * @param bestName its name
 */
public record BoundReport(Map<String, Double> values, Double best, String bestName) {
    public BoundReport {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** The report of these values: the best is the largest (the first of equal ones). */
    public static BoundReport of(Map<String, Double> values) {
        Double best = null;
        String bestName = null;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() != null && (best == null || e.getValue() > best)) {
                best = e.getValue();
                bestName = e.getKey();
            }
        }
        return new BoundReport(values, best, bestName);
    }
}
