package org.placementexplorer.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.MemoryReport;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.eval.Violation;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.util.Fmt;

/** Human-readable output of an evaluation, shared by {@code evaluate} and {@code solve}. */
final class Report {
    private Report() {
    }

    static void line(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-12s %s%n", key, value);
    }

    static String objectiveText(Problem p, Objective kind, double value) {
        String what = kind == Objective.LATENCY ? "latency, one sample" : "throughput period, per sample";
        String extra = "";
        if (kind == Objective.THROUGHPUT && value > 0 && Double.isFinite(value) && p.units().physical()) {
            extra = String.format(Locale.ROOT, ", %.4g samples/s", 1 / value);
        }
        return Fmt.time(value, p.units()) + "  (" + what + extra + ")";
    }

    static void bound(PrintWriter out, Problem p, Double bound, String name, Double gap) {
        if (bound == null) {
            line(out, "lower bound", "none");
            return;
        }
        line(out, "lower bound", Fmt.time(bound, p.units()) + "  (" + name + ")"
                + (gap == null ? "" : "   gap " + Fmt.percent(gap)));
    }

    static void evaluation(PrintWriter out, Problem p, Evaluation e) {
        Cluster c = p.cluster();
        line(out, "feasible", e.feasible() ? "yes" : "NO");
        for (Violation v : e.violations()) {
            line(out, "", v.message());
        }
        Bottleneck b = e.bottleneck();
        if (b != null) {
            String what = b.kind() == Bottleneck.Kind.LINK ? "link" : "device";
            line(out, "bottleneck", what + " " + b.id() + "  (" + Fmt.time(b.value(), p.units())
                    + (e.kind() == Objective.LATENCY ? " on the critical path" : " per sample") + ")");
        }
        Pipeline pipe = e.pipeline();
        int r = e.placement().replicas();
        if (r > 1) {
            line(out, "replicas", r + " data-parallel copies on identical servers; one copy's stages below (period "
                    + Fmt.time(pipe.period(), p.units()) + " per copy, " + Fmt.time(pipe.period() / r, p.units())
                    + " for the " + r + " together)");
        }
        line(out, "stages", pipe.stages().size() + (pipe.acyclic() ? "" : "  (the device graph has a cycle: not a "
                + "pure pipeline)"));
        for (Pipeline.Stage s : pipe.stages()) {
            MemoryReport.DeviceMemory m = e.memory().devices().get(s.device());
            out.printf(Locale.ROOT, "  %2d %-14s %5d ops  compute %-10s in %-10s out %-10s load %-10s mem %s / %s%n",
                    s.index(), c.device(s.device()).id(), s.operators(), Fmt.time(s.compute(), p.units()),
                    Fmt.time(s.transferIn(), p.units()), Fmt.time(s.transferOut(), p.units()),
                    Fmt.time(s.load(), p.units()), Fmt.memory(m.used(), p.units()),
                    Fmt.memory(m.capacity(), p.units()));
        }
    }
}
