package org.placementexplorer.model;

import java.util.Locale;

/** What a placement is judged by. */
public enum Objective {
    /** Time of one sample through the graph (makespan, transfers included). */
    LATENCY,
    /** Steady-state pipeline period: time per sample when a stream of samples flows through. */
    THROUGHPUT;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "latency" or "throughput" (any case). */
    public static Objective parse(String s) {
        for (Objective o : values()) {
            if (o.name().equalsIgnoreCase(s.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown objective '" + s + "' (expected latency or throughput)");
    }
}
