package org.placementexplorer.solve;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;

/**
 * What a solver run is asked to do.
 *
 * @param objective  what to minimise
 * @param timeLimit  wall-clock limit; the run returns its best placement when it expires
 * @param seed       seed for randomised solvers (same seed, same result)
 * @param pins       operator index → device index the result must keep
 * @param warmStart  a placement to start from, or null
 * @param options    solver-specific options (name → value), documented by each solver
 */
public record SolveRequest(Objective objective, Duration timeLimit, long seed, Map<Integer, Integer> pins,
        Placement warmStart, Map<String, String> options) {

    public SolveRequest {
        Objects.requireNonNull(objective, "objective");
        timeLimit = timeLimit == null ? Duration.ofSeconds(60) : timeLimit;
        pins = pins == null ? Map.of() : Map.copyOf(pins);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static SolveRequest of(Objective objective, Duration timeLimit) {
        return new SolveRequest(objective, timeLimit, 1, Map.of(), null, Map.of());
    }

    public SolveRequest withPins(Map<Integer, Integer> newPins) {
        return new SolveRequest(objective, timeLimit, seed, newPins, warmStart, options);
    }

    public SolveRequest withSeed(long newSeed) {
        return new SolveRequest(objective, timeLimit, newSeed, pins, warmStart, options);
    }

    public SolveRequest withWarmStart(Placement p) {
        return new SolveRequest(objective, timeLimit, seed, pins, p, options);
    }

    public SolveRequest withOptions(Map<String, String> o) {
        return new SolveRequest(objective, timeLimit, seed, pins, warmStart, o);
    }
}
