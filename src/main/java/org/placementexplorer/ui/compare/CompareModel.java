package org.placementexplorer.ui.compare;

import java.util.ArrayList;
import java.util.List;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.draw.GanttChart;
import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.eval.MemoryReport;
import org.placementexplorer.eval.Schedule;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.util.Fmt;

/**
 * Two placements of one problem side by side, without a screen: the evaluator's evaluations of both
 * under both objectives, their Gantt charts (one sample for latency, M samples for throughput), which
 * operators moved, and a table of metrics with their differences. Computed off the FX thread by
 * {@link #compute}.
 */
public final class CompareModel {
    /** One metric: its values for A and B as text, and B − A (text, and relative to A). */
    public record Metric(String name, String a, String b, String delta, String relative, boolean better,
            boolean worse) {
    }

    /** Everything the Compare window shows. */
    public record Result(Problem problem, Objective objective, Placement a, Placement b, Evaluation evalA,
            Evaluation evalB, GanttChart ganttA, GanttChart ganttB, int moved, List<Metric> metrics) {
    }

    private CompareModel() {
    }

    public static Result compute(Problem p, Objective o, Placement a, Placement b, int microBatches) {
        return compute(p, o, a, b, microBatches, null);
    }

    /** @param known the session's lower bounds for (p, o), or null to use the quick bounds */
    public static Result compute(Problem p, Objective o, Placement a, Placement b, int microBatches,
            BoundReport known) {
        Evaluator ev = new Evaluator(p);
        Evaluation latA = ev.evaluate(a, Objective.LATENCY);
        Evaluation latB = ev.evaluate(b, Objective.LATENCY);
        Evaluation thrA = ev.evaluate(a, Objective.THROUGHPUT);
        Evaluation thrB = ev.evaluate(b, Objective.THROUGHPUT);
        GanttChart ga;
        GanttChart gb;
        if (o == Objective.LATENCY) {
            ga = GanttChart.ofSchedule(p, latA);
            gb = GanttChart.ofSchedule(p, latB);
        } else {
            ga = GanttChart.ofPipeline(p, ev.pipelinedSchedule(a, microBatches));
            gb = GanttChart.ofPipeline(p, ev.pipelinedSchedule(b, microBatches));
        }
        int moved = 0;
        for (int v = 0; v < p.operators(); v++) {
            if (a.deviceOf(v) != b.deviceOf(v)) {
                moved++;
            }
        }
        BoundReport lb = known != null ? known : Bounds.quick(p, o);
        Evaluation ea = o == Objective.LATENCY ? latA : thrA;
        Evaluation eb = o == Objective.LATENCY ? latB : thrB;
        List<Metric> m = new ArrayList<>();
        m.add(time(p, "Latency (one sample)", latA.objective(), latB.objective()));
        m.add(time(p, "Throughput period", thrA.objective(), thrB.objective()));
        if (p.units().physical()) {
            m.add(higherBetter("Samples per second", 1 / thrA.objective(), 1 / thrB.objective(), Fmt::num));
        }
        m.add(text("Latency bottleneck", name(latA.bottleneck()), name(latB.bottleneck())));
        m.add(text("Throughput bottleneck", name(thrA.bottleneck()), name(thrB.bottleneck())));
        m.add(count("Stages (devices used)", thrA.pipeline().stages().size(), thrB.pipeline().stages().size(),
                false));
        m.add(count("Transfers per sample", latA.schedule().transfers().size(), latB.schedule().transfers().size(),
                true));
        m.add(lowerBetter("Bytes moved per sample", bytes(p, latA.schedule()), bytes(p, latB.schedule()),
                Fmt::bytes));
        m.add(count("Operators on the critical path", ops(latA.schedule()), ops(latB.schedule()), false));
        m.add(lowerBetter("Most memory on one device", most(latA.memory()), most(latB.memory()),
                x -> Fmt.memory(x, p.units())));
        m.add(text("Fits in memory", latA.memory().feasible() ? "yes" : "no", latB.memory().feasible() ? "yes" : "no"));
        if (lb.best() != null) {
            m.add(text("Best lower bound (" + o.jsonName() + ")", Fmt.time(lb.best(), p.units()) + " (" + lb.bestName()
                    + ")", Fmt.time(lb.best(), p.units()) + " (" + lb.bestName() + ")"));
            double gA = SolverResult.gap(ea.objective(), lb.best());
            double gB = SolverResult.gap(eb.objective(), lb.best());
            m.add(new Metric("Gap to the bound", Fmt.percent(gA), Fmt.percent(gB), signedPoints(gB - gA), "",
                    gB < gA, gB > gA));
        }
        m.add(count("Operators that moved", 0, moved, false));
        return new Result(p, o, a, b, ea, eb, ga, gb, moved, List.copyOf(m));
    }

    private static String name(Bottleneck b) {
        return b == null ? "—" : (b.kind() == Bottleneck.Kind.LINK ? "link " : "") + b.id();
    }

    private static double bytes(Problem p, Schedule s) {
        double sum = 0;
        for (Schedule.Transfer t : s.transfers()) {
            sum += p.graph().tensorBytes(t.tensor());
        }
        return sum;
    }

    private static int ops(Schedule s) {
        int n = 0;
        for (Schedule.Step st : s.criticalPath()) {
            if (st.kind() == Schedule.Step.Kind.OPERATOR) {
                n++;
            }
        }
        return n;
    }

    private static double most(MemoryReport m) {
        double f = 0;
        for (MemoryReport.DeviceMemory d : m.devices()) {
            f = Math.max(f, d.used());
        }
        return f;
    }

    private static Metric time(Problem p, String name, double a, double b) {
        return lowerBetter(name, a, b, x -> Fmt.time(x, p.units()));
    }

    private static Metric lowerBetter(String name, double a, double b, java.util.function.DoubleFunction<String> f) {
        return new Metric(name, f.apply(a), f.apply(b), signed(b - a, f), relative(a, b), b < a, b > a);
    }

    private static Metric higherBetter(String name, double a, double b, java.util.function.DoubleFunction<String> f) {
        return new Metric(name, f.apply(a), f.apply(b), signed(b - a, f), relative(a, b), b > a, b < a);
    }

    private static Metric count(String name, int a, int b, boolean lowerIsBetter) {
        String d = b - a == 0 ? "0" : (b > a ? "+" : "−") + Math.abs(b - a);
        return new Metric(name, Integer.toString(a), Integer.toString(b), d, relative(a, b),
                lowerIsBetter && b < a, lowerIsBetter && b > a);
    }

    private static Metric text(String name, String a, String b) {
        return new Metric(name, a, b, a.equals(b) ? "same" : "changed", "", false, false);
    }

    private static String signed(double d, java.util.function.DoubleFunction<String> f) {
        if (d == 0 || Double.isNaN(d)) {
            return "0";
        }
        return (d > 0 ? "+" : "−") + f.apply(Math.abs(d));
    }

    private static String signedPoints(double d) {
        if (d == 0) {
            return "0";
        }
        return (d > 0 ? "+" : "−") + String.format("%.1f points", Math.abs(d) * 100);
    }

    private static String relative(double a, double b) {
        if (a == 0 || Double.isInfinite(a) || Double.isInfinite(b) || Double.isNaN(a) || Double.isNaN(b)) {
            return "";
        }
        double r = (b - a) / Math.abs(a);
        return r == 0 ? "0 %" : (r > 0 ? "+" : "−") + Fmt.percent(Math.abs(r));
    }
}
