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
        register(org.placementexplorer.solve.milp.MilpSolver.NAME, org.placementexplorer.solve.milp.MilpSolver::new);
        register(org.placementexplorer.solve.baseline.RoundRobinTopologicalSolver.NAME,
                org.placementexplorer.solve.baseline.RoundRobinTopologicalSolver::new);
        register(org.placementexplorer.solve.heft.HeftSolver.NAME, org.placementexplorer.solve.heft.HeftSolver::new);
        register(org.placementexplorer.solve.local.LocalSearchSolver.NAME,
                org.placementexplorer.solve.local.LocalSearchSolver::new);
        register(org.placementexplorer.solve.slicegraph.SliceGraphSolver.NAME,
                org.placementexplorer.solve.slicegraph.SliceGraphSolver::new);
        register(org.placementexplorer.solve.splitting.SplittingSolver.NAME,
                org.placementexplorer.solve.splitting.SplittingSolver::new);
        register(org.placementexplorer.solve.coarsen.CoarsenMilpSolver.NAME,
                org.placementexplorer.solve.coarsen.CoarsenMilpSolver::new);
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
