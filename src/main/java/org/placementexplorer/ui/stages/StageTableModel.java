package org.placementexplorer.ui.stages;

import java.util.ArrayList;
import java.util.List;

import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.MemoryReport;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.io.export.StageCsv;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.util.Fmt;

/**
 * The stage table without a screen: one row per pipeline stage of an evaluation (a used device, in
 * pipeline order) with the evaluator's per-sample compute, transfers, load, memory and utilisation
 * (load / period); the bottleneck's row is marked. Copies as the same CSV as {@code export
 * --format stages-csv}.
 */
public final class StageTableModel {
    /** A row: raw numbers for sorting, texts for showing. */
    public record Row(int stage, String device, String deviceName, int operators, double compute, double transferIn,
            double transferOut, double load, double utilisation, double memoryUsed, double memoryCapacity,
            boolean bottleneck, String computeText, String transferInText, String transferOutText, String loadText,
            String memoryText) {
    }

    private final Problem problem;
    private final Evaluation evaluation;
    private final List<Row> rows;

    public StageTableModel(Problem p, Evaluation e) {
        this.problem = p;
        this.evaluation = e;
        this.rows = p == null || e == null ? List.of() : build(p, e);
    }

    private static List<Row> build(Problem p, Evaluation e) {
        Pipeline pipe = e.pipeline();
        Bottleneck b = pipe.bottleneck();
        List<Row> out = new ArrayList<>();
        for (Pipeline.Stage s : pipe.stages()) {
            Device d = p.cluster().device(s.device());
            MemoryReport.DeviceMemory m = e.memory().devices().get(s.device());
            boolean isB = b != null && b.kind() == Bottleneck.Kind.DEVICE && b.index() == s.device();
            double util = pipe.period() > 0 ? s.load() / pipe.period() : 0;
            String mem = Fmt.memory(m.used(), p.units()) + " / " + (Double.isInfinite(m.capacity()) ? "unlimited"
                    : Fmt.memory(m.capacity(), p.units()));
            out.add(new Row(s.index(), d.id(), d.name(), s.operators(), s.compute(), s.transferIn(), s.transferOut(),
                    s.load(), util, m.used(), m.capacity(), isB, Fmt.time(s.compute(), p.units()),
                    Fmt.time(s.transferIn(), p.units()), Fmt.time(s.transferOut(), p.units()),
                    Fmt.time(s.load(), p.units()), mem));
        }
        return List.copyOf(out);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The row of the bottleneck stage, or -1 (e.g. when a link limits the period). */
    public int bottleneckRow() {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).bottleneck()) {
                return i;
            }
        }
        return -1;
    }

    /** One line above the table: the period, what limits it, and whether this is a true pipeline. */
    public String summary() {
        if (evaluation == null || problem == null) {
            return "No placement evaluated yet";
        }
        Pipeline pipe = evaluation.pipeline();
        Bottleneck b = pipe.bottleneck();
        StringBuilder sb = new StringBuilder();
        sb.append(rows.size()).append(rows.size() == 1 ? " stage" : " stages").append(", period ")
                .append(Fmt.time(pipe.period(), problem.units())).append(" per sample");
        if (b != null) {
            sb.append(", limited by ").append(b.kind() == Bottleneck.Kind.LINK ? "link " : "").append(b.id());
        }
        if (!pipe.acyclic()) {
            sb.append(" — devices hand data back and forth (not a pure pipeline)");
        }
        if (evaluation.kind() == Objective.LATENCY) {
            sb.append(" — per-sample loads if this placement were pipelined (objective: latency)");
        }
        return sb.toString();
    }

    /** The CSV of {@code export --format stages-csv}. */
    public String csv() {
        return problem == null || evaluation == null ? StageCsv.HEADER + "\n" : StageCsv.of(problem, evaluation);
    }
}
