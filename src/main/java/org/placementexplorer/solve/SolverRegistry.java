package org.placementexplorer.solve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.placementexplorer.solve.dp.DpSolver;

/** All solvers, found by name. New solver families register here. */
public final class SolverRegistry {
    private static final Map<String, Supplier<Solver>> SOLVERS = new LinkedHashMap<>();

    static {
        register(SingleDeviceSolver.NAME, SingleDeviceSolver::new);
        register(DpSolver.NAME, DpSolver::new);
    }

    private SolverRegistry() {
    }

    private static void register(String name, Supplier<Solver> s) {
        SOLVERS.put(name, s);
    }

    /** A fresh instance of every solver, in registration order. */
    public static List<Solver> all() {
        List<Solver> out = new ArrayList<>();
        SOLVERS.values().forEach(s -> out.add(s.get()));
        return out;
    }

    public static Optional<Solver> byName(String name) {
        Supplier<Solver> s = SOLVERS.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    public static List<String> names() {
        return List.copyOf(SOLVERS.keySet());
    }
}
