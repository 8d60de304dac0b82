package org.placementexplorer.ui.explorer;

import org.placementexplorer.bound.BoundReport;
import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.MemoryReport;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.util.Fmt;

/**
 * The status bar's texts from the evaluator's evaluation, the bound report and the gap. Formatting
 * only; no JavaFX, unit-testable.
 */
public record StatusText(String objective, String kind, String bottleneck, String bound, String gap, String memory,
        boolean feasible) {

    public static final StatusText EMPTY = new StatusText("—", "", "—", "—", "—", "—", true);

    public static StatusText of(Problem p, Evaluation e, BoundReport b, Double gap) {
        if (p == null || e == null) {
            return EMPTY;
        }
        String kind = e.kind() == Objective.LATENCY ? "latency (one sample)" : "throughput (period per sample)";
        String bn = "—";
        Bottleneck k = e.bottleneck();
        if (k != null) {
            bn = (k.kind() == Bottleneck.Kind.LINK ? "link " : "") + k.id() + " " + Fmt.time(k.value(), p.units());
        }
        String bound = b == null || b.best() == null ? "—" : Fmt.time(b.best(), p.units()) + " (" + b.bestName() + ")";
        String g = gap == null ? "—" : Fmt.percent(gap);
        String mem;
        MemoryReport m = e.memory();
        if (m.feasible()) {
            mem = "fits";
        } else {
            int over = 0;
            String worst = "";
            double most = 0;
            for (MemoryReport.DeviceMemory d : m.devices()) {
                if (d.over() > 0) {
                    over++;
                    if (d.over() > most) {
                        most = d.over();
                        worst = p.cluster().device(d.device()).id();
                    }
                }
            }
            mem = over + " device" + (over == 1 ? "" : "s") + " over (" + worst + " by " + Fmt.memory(most, p.units()) + ")";
        }
        boolean feasible = e.feasible();
        if (!feasible && m.feasible()) {
            mem = mem + "; " + e.violations().get(0).message();
        }
        return new StatusText(Fmt.time(e.objective(), p.units()), kind, bn, bound, g, mem, feasible);
    }
}
