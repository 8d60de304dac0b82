package org.placementexplorer.solve.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverListener;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.Status;

/**
 * A solver followed by {@code local-search} started from its best placement ({@code solve --polish}).
 *
 * <p><b>Time split:</b> the solver gets {@value #SOLVER_SHARE} of the time limit; local search gets
 * whatever is left of the limit when the solver returns (at least the remaining fifth, more when the
 * solver finishes early). Nothing is polished when the solver proved its placement optimal among all
 * placements, found none, or was cancelled; an optimum among a class only (dp's pipelines) is
 * polished, since local search may leave that class.
 */
public final class Polish {
    /** Fraction of the time limit the first solver may use. */
    public static final double SOLVER_SHARE = 0.8;

    private Polish() {
    }

    /** Runs {@code solver}, then local search from its best placement; waits for both. */
    public static SolverResult run(Solver solver, Problem p, SolveRequest req, SolverListener listener) {
        long total = req.timeLimit().toNanos();
        long start = System.nanoTime();
        SolveRequest first = new SolveRequest(req.objective(), Duration.ofNanos((long) (total * SOLVER_SHARE)),
                req.seed(), req.pins(), req.warmStart(), req.options());
        SolverResult a = solver.start(p, first, listener).await();
        boolean provenOptimal = a.status() == Status.OPTIMAL && a.optimalAmong() == null;
        if (a.best() == null || !a.best().feasible() || provenOptimal
                || a.status() == Status.CANCELLED || a.status() == Status.INFEASIBLE) {
            List<String> notes = new ArrayList<>(a.notes());
            notes.add("not polished (" + (provenOptimal ? "already optimal"
                    : a.best() == null || !a.best().feasible() ? "no feasible placement to start from"
                            : a.status().name().toLowerCase(Locale.ROOT)) + ")");
            return new SolverResult(a.solver(), a.objective(), a.status(), a.optimalAmong(), a.best(), a.lowerBound(),
                    a.boundName(), a.seconds(), a.incumbents(), notes);
        }
        long left = total - (System.nanoTime() - start);
        if (left <= 0) {
            List<String> notes = new ArrayList<>(a.notes());
            notes.add("not polished (no time left)");
            return new SolverResult(a.solver(), a.objective(), a.status(), a.optimalAmong(), a.best(), a.lowerBound(),
                    a.boundName(), a.seconds(), a.incumbents(), notes);
        }
        // the options were the solver's; local search keeps only the identical-servers switch
        java.util.Map<String, String> opts = new java.util.HashMap<>();
        if (req.options().containsKey("symmetry")) {
            opts.put("symmetry", req.options().get("symmetry"));
        }
        SolveRequest second = new SolveRequest(req.objective(), Duration.ofNanos(left), req.seed(), req.pins(),
                a.best().placement(), opts);
        SolverResult b = new LocalSearchSolver().start(p, second, listener).await();
        return combine(a, b);
    }

    static SolverResult combine(SolverResult a, SolverResult b) {
        Evaluation best = a.best();
        if (b.best() != null && b.best().feasible() && b.best().objective() < best.objective()) {
            best = b.best();
        }
        Double lb = a.lowerBound();
        String lbName = a.boundName();
        if (b.lowerBound() != null && (lb == null || b.lowerBound() > lb)) {
            lb = b.lowerBound();
            lbName = b.boundName();
        }
        List<SolverResult.Incumbent> inc = new ArrayList<>(a.incumbents());
        double cut = a.best().objective();
        for (SolverResult.Incumbent i : b.incumbents()) {
            if (i.objective() < cut) {
                inc.add(new SolverResult.Incumbent(a.seconds() + i.seconds(), i.objective()));
                cut = i.objective();
            }
        }
        Status status;
        String among = null;
        if (b.status() == Status.CANCELLED) {
            status = Status.CANCELLED;
        } else if (lb != null && best.objective() <= lb) {
            status = Status.OPTIMAL;
        } else if (a.status() == Status.OPTIMAL && best == a.best()) {
            status = Status.OPTIMAL; // optimal among a class (e.g. pipelines) and the polish found nothing better
            among = a.optimalAmong();
        } else if (b.status() == Status.TIME_LIMIT || a.status() == Status.TIME_LIMIT) {
            status = Status.TIME_LIMIT;
        } else {
            status = Status.FEASIBLE;
        }
        List<String> notes = new ArrayList<>(a.notes());
        for (String n : b.notes()) {
            notes.add("[polish] " + n);
        }
        notes.add(String.format(Locale.ROOT, "polished by local-search for %.3f s: %.6g -> %.6g", b.seconds(),
                a.best().objective(), best.objective()));
        return new SolverResult(a.solver() + "+" + LocalSearchSolver.NAME, a.objective(), status, among, best, lb,
                lbName, a.seconds() + b.seconds(), List.copyOf(inc), List.copyOf(notes));
    }
}
