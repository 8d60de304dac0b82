package org.placementexplorer.ui.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.ui.session.Latest;
import org.placementexplorer.ui.session.RunInfo;
import org.placementexplorer.ui.session.Session;
import org.placementexplorer.util.Fmt;

/**
 * The Placements list without a screen: every named placement of the session with the evaluator's
 * objective under the session's objective, the best bound (the run's own when it minimised that
 * objective, else the quick bounds of {@code bound.Bounds}), the gap, and for solver results the
 * solver, status and time. Rows are computed in the background whenever the list, the problem or
 * the objective changes.
 */
public final class PlacementsModel implements AutoCloseable {
    /** One row. {@code run} is null for placements kept by hand. */
    public record Row(String name, Placement placement, RunInfo run, Objective objective, double value,
            boolean feasible, Double bound, String boundName, Double gap, String valueText, String boundText,
            String gapText, String timeText) {
        public String solverText() {
            if (run != null) {
                return run.solver();
            }
            return name.equals(org.placementexplorer.ui.session.SessionFiles.BASELINE) ? "baseline" : "(by hand)";
        }

        public String statusText() {
            return run == null ? (feasible ? "" : "infeasible") : run.status() + (feasible ? "" : ", infeasible");
        }
    }

    private final Session session;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Latest<List<Row>> worker = new Latest<>("placements");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private long refreshed;

    public PlacementsModel(Session session) {
        this.session = session;
        subscriptions.add(session.namedRevisionProperty().subscribe(x -> refresh()));
        subscriptions.add(session.problemProperty().subscribe(x -> refresh()));
        subscriptions.add(session.objectiveProperty().subscribe(x -> refresh()));
        subscriptions.add(session.boundsProperty().subscribe((a, b) -> {
            if (a == null || b == null || !java.util.Objects.equals(a.best(), b.best())) {
                refresh();
            }
        }));
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    /** How many times the rows were recomputed (tests wait on it). */
    public long refreshed() {
        return refreshed;
    }

    public void refresh() {
        Problem p = session.problem();
        if (p == null) {
            worker.cancel();
            rows.clear();
            return;
        }
        Objective o = session.objective();
        Map<String, Placement> named = new LinkedHashMap<>(session.named());
        Map<String, RunInfo> runs = new LinkedHashMap<>(session.runs());
        BoundReport known = session.boundsProperty().get();
        worker.submit(() -> compute(p, o, named, runs, known), r -> {
            rows.setAll(r);
            refreshed++;
        }, err -> rows.clear());
    }

    /** @param known the session's bounds for (p, o) when it has them (else the quick bounds are used) */
    static List<Row> compute(Problem p, Objective o, Map<String, Placement> named, Map<String, RunInfo> runs,
            BoundReport known) {
        Evaluator ev = new Evaluator(p);
        BoundReport quick = known != null ? known : Bounds.quick(p, o);
        List<Row> out = new ArrayList<>();
        for (var e : named.entrySet()) {
            Evaluation x = ev.evaluate(e.getValue(), o);
            RunInfo run = runs.get(e.getKey());
            Double bound = quick.best();
            String boundName = quick.bestName();
            if (run != null && run.objective() == o && run.lowerBound() != null
                    && (bound == null || run.lowerBound() > bound)) {
                bound = run.lowerBound();
                boundName = run.boundName();
            }
            Double gap = bound == null || Double.isInfinite(x.objective()) ? null
                    : SolverResult.gap(x.objective(), bound);
            out.add(new Row(e.getKey(), e.getValue(), run, o, x.objective(), x.feasible(), bound, boundName, gap,
                    Fmt.time(x.objective(), p.units()), bound == null ? "—" : Fmt.time(bound, p.units()) + " ("
                            + boundName + ")", gap == null ? "—" : Fmt.percent(gap),
                    run == null ? "" : String.format("%.2f s", run.seconds())));
        }
        return out;
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        worker.close();
    }
}
