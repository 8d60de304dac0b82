package org.placementexplorer.mip;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;

/**
 * OR-Tools' linear solver wrapper (MPSolver) with one of its bundled engines: SCIP, CBC, HiGHS or
 * CP-SAT for MIPs, GLOP for LPs (and for every relaxation). Interruptible through
 * {@link MipControl}. Needs OR-Tools' native library, which the jar carries for linux-x86-64 only.
 */
public final class OrToolsBackend implements MipBackend {
    private static volatile Boolean loaded;
    private static volatile String loadError = "";

    private final String name;
    private final String engine;

    /**
     * @param name   our name for it (e.g. "scip")
     * @param engine the MPSolver id (e.g. "SCIP", "CBC", "HIGHS", "CP_SAT", "GLOP")
     */
    public OrToolsBackend(String name, String engine) {
        this.name = name;
        this.engine = engine;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean exact() {
        return !engine.equals("CP_SAT");
    }

    /** Loads OR-Tools' native library once; false (with {@link #loadError()}) when it cannot. */
    public static synchronized boolean load() {
        if (loaded == null) {
            try {
                Loader.loadNativeLibraries();
                loaded = true;
            } catch (Throwable e) { // UnsatisfiedLinkError on platforms without natives, IO errors
                loaded = false;
                loadError = e.toString();
            }
        }
        return loaded;
    }

    public static String loadError() {
        return loadError;
    }

    @Override
    public boolean available() {
        if (!load()) {
            return false;
        }
        MPSolver s = MPSolver.createSolver(engine);
        if (s == null) {
            return false;
        }
        s.delete();
        return true;
    }

    @Override
    public MipResult solve(MipModel m, MipParams params, MipControl control) {
        long t0 = System.nanoTime();
        if (!load()) {
            return MipResult.error("OR-Tools native library not available: " + loadError, 0);
        }
        if (engine.equals("GLOP") && !params.relax()) {
            params = params.withRelax(true); // an LP engine solves the relaxation
        }
        String id = params.relax() ? "GLOP" : engine;
        MPSolver solver = MPSolver.createSolver(id);
        if (solver == null) {
            return MipResult.error("OR-Tools has no " + id + " engine here", seconds(t0));
        }
        try {
            double inf = MPSolver.infinity();
            int n = m.variables();
            MPVariable[] vars = new MPVariable[n];
            for (int v = 0; v < n; v++) {
                double lb = m.lower(v) == Double.NEGATIVE_INFINITY ? -inf : m.lower(v);
                double ub = m.upper(v) == Double.POSITIVE_INFINITY ? inf : m.upper(v);
                vars[v] = solver.makeVar(lb, ub, m.isInteger(v) && !params.relax(), "x" + v);
            }
            for (MipModel.Row r : m.rows()) {
                double lb = r.lb() == Double.NEGATIVE_INFINITY ? -inf : r.lb();
                double ub = r.ub() == Double.POSITIVE_INFINITY ? inf : r.ub();
                MPConstraint c = solver.makeConstraint(lb, ub);
                int[] idx = r.index();
                double[] coef = r.coef();
                for (int k = 0; k < idx.length; k++) {
                    c.setCoefficient(vars[idx[k]], coef[k]);
                }
            }
            MPObjective obj = solver.objective();
            for (int v = 0; v < n; v++) {
                if (m.objectiveCoef(v) != 0) {
                    obj.setCoefficient(vars[v], m.objectiveCoef(v));
                }
            }
            obj.setOffset(m.objectiveOffset());
            obj.setMinimization();
            if (params.hint() != null && !params.relax() && !engine.equals("HIGHS")) {
                solver.setHint(vars, params.hint());
            }
            // the limit counts from the call: handing a large model over to the native solver takes
            // time too (about 1 s for 800,000 non-zeros), which the solver's own clock does not see
            double left = params.timeLimitSeconds() - seconds(t0);
            solver.setTimeLimit(Math.max(1, (long) (left * 1000)));
            if (engine.equals("CP_SAT")) {
                solver.setSolverSpecificParametersAsString("num_workers:" + Math.max(1, params.threads()));
            } else if (params.threads() > 1) {
                solver.setNumThreads(params.threads());
            }
            MPSolverParameters sp = new MPSolverParameters();
            if (!params.relax()) {
                sp.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, params.relativeGap());
            }
            control.onInterrupt(solver::interruptSolve);
            MPSolver.ResultStatus st;
            try {
                st = solver.solve(sp);
            } catch (IllegalArgumentException e) { // an engine status the wrapper does not know
                return MipResult.error(id + " failed: " + e.getMessage(), seconds(t0));
            } finally {
                control.clear();
            }
            double secs = seconds(t0);
            switch (st) {
                case OPTIMAL, FEASIBLE -> {
                    double[] x = new double[n];
                    for (int v = 0; v < n; v++) {
                        x[v] = vars[v].solutionValue();
                    }
                    double value = obj.value();
                    boolean optimal = st == MPSolver.ResultStatus.OPTIMAL;
                    double bound = params.relax() || optimal && !solver.isMip() ? value : obj.bestBound();
                    if (optimal && !(bound <= value)) {
                        bound = value;
                    }
                    return new MipResult(optimal ? MipResult.Status.OPTIMAL : MipResult.Status.FEASIBLE, x, value,
                            bound, secs, "");
                }
                case INFEASIBLE -> {
                    return new MipResult(MipResult.Status.INFEASIBLE, null, Double.NaN, Double.POSITIVE_INFINITY,
                            secs, "");
                }
                case NOT_SOLVED -> {
                    double bound = solver.isMip() ? obj.bestBound() : Double.NaN;
                    return new MipResult(MipResult.Status.NO_SOLUTION, null, Double.NaN,
                            Double.isFinite(bound) ? bound : Double.NaN, secs, "no solution within the time limit");
                }
                default -> {
                    return MipResult.error(id + " returned " + st, secs);
                }
            }
        } finally {
            // freeing a large native model takes a noticeable part of a second: not on the run's clock
            CLEANUP.execute(solver::delete);
        }
    }

    private static final java.util.concurrent.ExecutorService CLEANUP =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "or-tools-cleanup");
                t.setDaemon(true);
                return t;
            });

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public String toString() {
        return name;
    }
}
