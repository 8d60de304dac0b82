package org.placementexplorer.draw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.PipelineSchedule;
import org.placementexplorer.eval.Schedule;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Route;
import org.placementexplorer.util.Fmt;

/**
 * A Gantt chart of an evaluator schedule, without any toolkit: one row per used device and per
 * link (or, when transfers use no links, per pair of devices), one bar per operator, send, receive
 * and transfer, each with the evaluator's start and end. Built from the one-sample schedule
 * ({@link #ofSchedule}, with its critical path) or from a pipelined schedule of M samples
 * ({@link #ofPipeline}, with the bottleneck's row marked). {@link #draw} makes a {@link Drawing}
 * of a time window; {@link #barAt} finds the bar under a point of that drawing.
 */
public final class GanttChart {
    /** What a row stands for. */
    public enum RowKind { DEVICE, LINK, PAIR }

    /** What a bar is. */
    public enum BarKind { OPERATOR, SEND, RECEIVE, TRANSFER }

    /** How bars are coloured. */
    public enum ColourBy { DEVICE, OP_TYPE, SAMPLE }

    /**
     * A row.
     *
     * @param index device or link index; for a pair, src × devices + dst
     */
    public record Row(RowKind kind, int index, String label, String detail, boolean bottleneck) {
    }

    /**
     * A bar.
     *
     * @param lane 0 the whole row; on a link 1 for the a→b direction (upper half), 2 for b→a
     * @param op   the operator, or the producer of a transferred tensor
     */
    public record Bar(int row, int lane, BarKind kind, int op, int tensor, int sample, int src, int dst, double start,
            double end, boolean critical) {
    }

    /**
     * What to draw: a time window on a canvas of a size.
     *
     * @param scrollY          pixels of rows scrolled out at the top
     * @param selectedOp       operator whose bars are outlined, or -1
     * @param highlightCritical fade what is not on the critical path
     */
    public record View(double t0, double t1, double width, double height, double scrollY, ColourBy colourBy,
            boolean dark, int selectedOp, boolean highlightCritical) {
        public View withWindow(double a, double b) {
            return new View(a, b, width, height, scrollY, colourBy, dark, selectedOp, highlightCritical);
        }

        public View withSize(double w, double h) {
            return new View(t0, t1, w, h, scrollY, colourBy, dark, selectedOp, highlightCritical);
        }
    }

    /** A legend entry. */
    public record LegendEntry(String label, Colour colour) {
    }

    public static final double LABEL_WIDTH = 150;
    public static final double AXIS_HEIGHT = 28;
    private static final double MAX_ROW = 34;
    private static final double MIN_ROW = 16;

    private final Problem problem;
    private final String title;
    private final List<Row> rows;
    private final List<Bar> bars;
    private final List<Integer> critical;
    private final int microBatches;
    private final double end;
    private final double period;
    private final double[] spacingMarks; // on the bottleneck row: ends of the last two samples, or empty
    private final int bottleneckRow;
    private final Map<String, Colour> typeColours;
    private final List<List<Integer>> byRow = new ArrayList<>();
    private final double[] maxDurationOnRow;

    private GanttChart(Problem problem, String title, List<Row> rows, List<Bar> bars, List<Integer> critical,
            int microBatches, double end, double period, double[] spacingMarks, int bottleneckRow) {
        this.problem = problem;
        this.title = title;
        this.rows = List.copyOf(rows);
        this.bars = List.copyOf(bars);
        this.critical = List.copyOf(critical);
        this.microBatches = microBatches;
        this.end = end;
        this.period = period;
        this.spacingMarks = spacingMarks;
        this.bottleneckRow = bottleneckRow;
        this.typeColours = typeColours(problem.graph(), bars);
        maxDurationOnRow = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            byRow.add(new ArrayList<>());
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            byRow.get(b.row()).add(i);
            maxDurationOnRow[b.row()] = Math.max(maxDurationOnRow[b.row()], b.end() - b.start());
        }
        for (List<Integer> l : byRow) {
            l.sort(Comparator.comparingDouble(i -> bars.get(i).start()));
        }
    }

    // ------------------------------------------------------------------ building

    /**
     * How many micro-batches a throughput chart shows unless asked otherwise: enough for the pipeline
     * to fill, run and drain (2 × stages + 2), between 4 and 24.
     */
    public static int defaultMicroBatches(int stages) {
        return Math.max(4, Math.min(24, 2 * stages + 2));
    }

    /** The one-sample schedule of an evaluation (which must carry one), with its critical path. */
    public static GanttChart ofSchedule(Problem p, Evaluation e) {
        Schedule s = e.schedule();
        if (s == null) {
            throw new IllegalArgumentException("the evaluation has no schedule");
        }
        Cluster c = p.cluster();
        OpGraph g = p.graph();
        int nd = c.size();
        int[] dev = e.placement().devices();
        Rows rows = new Rows(p);
        double[] busy = new double[nd];
        for (int v = 0; v < g.size(); v++) {
            busy[dev[v]] += s.end()[v] - s.start()[v];
        }
        int[] deviceRow = new int[nd];
        for (int d = 0; d < nd; d++) {
            deviceRow[d] = -1;
        }
        for (int d = 0; d < nd; d++) {
            if (e.placement().operatorsOn(d).length > 0) {
                deviceRow[d] = rows.device(d, "busy " + Fmt.percent(s.makespan() > 0 ? busy[d] / s.makespan() : 0)
                        + " of " + Fmt.time(s.makespan(), p.units()), false);
            }
        }
        java.util.Set<Integer> criticalOps = new java.util.HashSet<>();
        Map<Long, Boolean> criticalTransfers = new HashMap<>();
        for (Schedule.Step st : s.criticalPath()) {
            if (st.kind() == Schedule.Step.Kind.OPERATOR) {
                criticalOps.add(st.op());
            } else {
                criticalTransfers.put((long) st.tensor() * nd + st.dstDevice(), true);
            }
        }
        List<Bar> bars = new ArrayList<>();
        int[] opBar = new int[g.size()];
        for (int v = 0; v < g.size(); v++) {
            opBar[v] = bars.size();
            bars.add(new Bar(deviceRow[dev[v]], 0, BarKind.OPERATOR, v, -1, 0, -1, -1, s.start()[v], s.end()[v],
                    criticalOps.contains(v)));
        }
        Map<Long, Integer> transferBar = new HashMap<>();
        for (Schedule.Transfer t : s.transfers()) {
            boolean crit = criticalTransfers.containsKey((long) t.tensor() * nd + t.dst());
            if (p.transfersUseLinks()) {
                Route r = c.route(t.src(), t.dst()).orElseThrow();
                for (int h = 0; h < r.hops().size(); h++) {
                    int l = r.hops().get(h);
                    int row = rows.link(l);
                    transferBar.putIfAbsent((long) t.tensor() * nd + t.dst(), bars.size());
                    bars.add(new Bar(row, r.forward().get(h) ? 1 : 2, BarKind.TRANSFER, t.producer(), t.tensor(), 0,
                            t.src(), t.dst(), t.start(), t.end(), crit));
                }
            } else {
                int row = rows.pair(t.src(), t.dst());
                transferBar.put((long) t.tensor() * nd + t.dst(), bars.size());
                bars.add(new Bar(row, 0, BarKind.TRANSFER, t.producer(), t.tensor(), 0, t.src(), t.dst(), t.start(),
                        t.end(), crit));
            }
        }
        List<Integer> path = new ArrayList<>();
        for (Schedule.Step st : s.criticalPath()) {
            Integer b = st.kind() == Schedule.Step.Kind.OPERATOR ? Integer.valueOf(opBar[st.op()])
                    : transferBar.get((long) st.tensor() * nd + st.dstDevice());
            if (b != null) {
                path.add(b);
            }
        }
        Rows ordered = rows.sorted(bars);
        return new GanttChart(p, "1 sample, " + Fmt.time(s.makespan(), p.units()),
                ordered.rows, ordered.remap(bars), path, 1, s.makespan(), e.pipeline().period(), new double[0], -1);
    }

    /** M samples streamed through the placement, with the bottleneck's row marked. */
    public static GanttChart ofPipeline(Problem p, PipelineSchedule s) {
        Cluster c = p.cluster();
        int nd = c.size();
        Rows rows = new Rows(p);
        Bottleneck b = s.pipeline().bottleneck();
        int[] deviceRow = new int[nd];
        java.util.Arrays.fill(deviceRow, -1);
        for (var load : s.pipeline().devices()) {
            if (load.operators() > 0) {
                boolean isB = b != null && b.kind() == Bottleneck.Kind.DEVICE && b.index() == load.device();
                deviceRow[load.device()] = rows.device(load.device(), "load " + Fmt.time(load.load(), p.units())
                        + " per sample", isB);
            }
        }
        List<Bar> bars = new ArrayList<>();
        for (PipelineSchedule.Item it : s.items()) {
            switch (it.kind()) {
                case OPERATOR -> bars.add(new Bar(deviceRow[it.device()], 0, BarKind.OPERATOR, it.op(), -1, it.sample(),
                        -1, -1, it.start(), it.end(), false));
                case SEND, RECEIVE -> bars.add(new Bar(deviceRow[it.device()], 0,
                        it.kind() == PipelineSchedule.Kind.SEND ? BarKind.SEND : BarKind.RECEIVE, it.op(), it.tensor(),
                        it.sample(), it.src(), it.dst(), it.start(), it.end(), false));
                case LINK -> {
                    boolean isB = b != null && b.kind() == Bottleneck.Kind.LINK && b.index() == it.link();
                    int row = rows.link(it.link());
                    if (isB) {
                        rows.markBottleneck(row);
                    }
                    bars.add(new Bar(row, it.forward() ? 1 : 2, BarKind.TRANSFER, it.op(), it.tensor(), it.sample(),
                            it.src(), it.dst(), it.start(), it.end(), false));
                }
                case FLIGHT -> {
                    if (!p.transfersUseLinks()) {
                        bars.add(new Bar(rows.pair(it.src(), it.dst()), 0, BarKind.TRANSFER, it.op(), it.tensor(),
                                it.sample(), it.src(), it.dst(), it.start(), it.end(), false));
                    }
                }
            }
        }
        Rows ordered = rows.sorted(bars);
        int bRow = -1;
        for (int r = 0; r < ordered.rows.size(); r++) {
            if (ordered.rows.get(r).bottleneck()) {
                bRow = r;
            }
        }
        double[] marks = new double[0];
        if (b != null && s.microBatches() >= 2) {
            Boolean fwd = null;
            if (b.kind() == Bottleneck.Kind.LINK) {
                var ll = s.pipeline().links().get(b.index());
                fwd = ll.forward() >= ll.backward();
            }
            marks = new double[] {s.rowSampleEnd(b.kind(), b.index(), fwd, s.microBatches() - 2),
                s.rowSampleEnd(b.kind(), b.index(), fwd, s.microBatches() - 1)};
        }
        String title = s.microBatches() + " samples, period " + Fmt.time(s.period(), p.units());
        return new GanttChart(p, title, ordered.rows, ordered.remap(bars), List.of(), s.microBatches(), s.makespan(),
                s.period(), marks, bRow);
    }

    /** Collects rows as bars need them; {@link #sorted} puts devices first, then links or pairs. */
    private static final class Rows {
        final Problem p;
        final List<Row> rows = new ArrayList<>();
        final Map<String, Integer> byKey = new HashMap<>();
        int[] newIndex = new int[0];

        Rows(Problem p) {
            this.p = p;
        }

        int device(int d, String detail, boolean bottleneck) {
            var dev = p.cluster().device(d);
            return add("d" + d, new Row(RowKind.DEVICE, d, dev.id(), detail, bottleneck));
        }

        int link(int l) {
            var link = p.cluster().links().get(l);
            return add("l" + l, new Row(RowKind.LINK, l, "link " + link.id(), link.a() + " ⇄ " + link.b(), false));
        }

        int pair(int a, int b) {
            Cluster c = p.cluster();
            return add("p" + a + ">" + b, new Row(RowKind.PAIR, a * c.size() + b, c.device(a).id() + " → "
                    + c.device(b).id(), "transfers", false));
        }

        void markBottleneck(int row) {
            Row r = rows.get(row);
            if (!r.bottleneck()) {
                rows.set(row, new Row(r.kind(), r.index(), r.label(), r.detail(), true));
            }
        }

        private int add(String key, Row r) {
            Integer i = byKey.get(key);
            if (i == null) {
                i = rows.size();
                rows.add(r);
                byKey.put(key, i);
            }
            return i;
        }

        Rows sorted(List<Bar> bars) {
            Integer[] idx = new Integer[rows.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            java.util.Arrays.sort(idx, Comparator.<Integer>comparingInt(i -> rows.get(i).kind().ordinal())
                    .thenComparingInt(i -> rows.get(i).index()));
            Rows out = new Rows(p);
            out.newIndex = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
                out.rows.add(rows.get(idx[k]));
                out.newIndex[idx[k]] = k;
            }
            return out;
        }

        List<Bar> remap(List<Bar> bars) {
            List<Bar> out = new ArrayList<>(bars.size());
            for (Bar b : bars) {
                out.add(new Bar(newIndex[b.row()], b.lane(), b.kind(), b.op(), b.tensor(), b.sample(), b.src(), b.dst(),
                        b.start(), b.end(), b.critical()));
            }
            return out;
        }
    }

    private static Map<String, Colour> typeColours(OpGraph g, List<Bar> bars) {
        Map<String, Double> total = new HashMap<>();
        for (Bar b : bars) {
            if (b.kind() == BarKind.OPERATOR) {
                total.merge(typeOf(g.op(b.op())), b.end() - b.start(), Double::sum);
            }
        }
        List<String> types = new ArrayList<>(total.keySet());
        types.sort(Comparator.<String>comparingDouble(t -> -total.get(t)).thenComparing(t -> t));
        Map<String, Colour> out = new LinkedHashMap<>();
        int named = Colours.categories() - 1;
        for (int i = 0; i < types.size(); i++) {
            out.put(types.get(i), i < named || types.size() == named + 1 ? Colours.category(i) : Colours.OTHER);
        }
        return out;
    }

    private static String typeOf(Operator o) {
        return o.opType().isEmpty() ? "(untyped)" : o.opType();
    }

    // ------------------------------------------------------------------ reading

    public Problem problem() {
        return problem;
    }

    public String title() {
        return title;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Bar> bars() {
        return bars;
    }

    /** Bars of the critical path, first to last (latency charts; empty otherwise). */
    public List<Integer> criticalPath() {
        return critical;
    }

    public int microBatches() {
        return microBatches;
    }

    /** End of the last bar. */
    public double end() {
        return end;
    }

    public double period() {
        return period;
    }

    /**
     * Time between the ends of the last two samples on the bottleneck's row (throughput charts of two
     * samples or more), else NaN. It equals the period once the pipeline is in steady state; it stays
     * above it when the devices hand samples back and forth (a cycle in the resource graph).
     */
    public double lastSpacing() {
        return spacingMarks.length == 2 ? spacingMarks[1] - spacingMarks[0] : Double.NaN;
    }

    /** Whether the last two samples on the bottleneck's row end one period apart (to rounding). */
    public boolean spacingIsPeriod() {
        double s = lastSpacing();
        return !Double.isNaN(s) && s <= period * (1 + 1e-6) + 1e-12;
    }

    /** Index of the bottleneck's row, or -1. */
    public int bottleneckRow() {
        return bottleneckRow;
    }

    /** Bars of an operator (one per sample). */
    public List<Integer> barsOf(int op) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).kind() == BarKind.OPERATOR && bars.get(i).op() == op) {
                out.add(i);
            }
        }
        return out;
    }

    /** Operator bars of one sample, in the order of the graph. */
    public long operatorBars() {
        return bars.stream().filter(b -> b.kind() == BarKind.OPERATOR).count();
    }

    public List<LegendEntry> legend(ColourBy by) {
        List<LegendEntry> out = new ArrayList<>();
        switch (by) {
            case DEVICE -> {
                for (Row r : rows) {
                    if (r.kind() == RowKind.DEVICE) {
                        out.add(new LegendEntry(r.label(), Colours.device(r.index())));
                    }
                }
            }
            case OP_TYPE -> {
                boolean other = false;
                for (var e : typeColours.entrySet()) {
                    if (e.getValue().equals(Colours.OTHER)) {
                        other = true;
                    } else {
                        out.add(new LegendEntry(e.getKey(), e.getValue()));
                    }
                }
                if (other) {
                    out.add(new LegendEntry("other types", Colours.OTHER));
                }
            }
            case SAMPLE -> {
                for (int k = 0; k < Math.min(microBatches, Colours.categories()); k++) {
                    out.add(new LegendEntry("sample " + k, Colours.category(k)));
                }
            }
        }
        return out;
    }

    /** Lines describing a bar (the tooltip). */
    public List<String> describe(int bar) {
        Bar b = bars.get(bar);
        OpGraph g = problem.graph();
        Cluster c = problem.cluster();
        List<String> out = new ArrayList<>();
        String sample = microBatches > 1 ? "sample " + b.sample() + " · " : "";
        switch (b.kind()) {
            case OPERATOR -> {
                Operator o = g.op(b.op());
                out.add(o.name().isEmpty() ? o.id() : o.name());
                out.add(sample + typeOf(o) + " on " + rows.get(b.row()).label());
            }
            case SEND, RECEIVE, TRANSFER -> {
                out.add(g.tensorName(b.tensor()) + " (" + Fmt.bytes(g.tensorBytes(b.tensor())) + ")");
                String kind = b.kind() == BarKind.SEND ? "send" : b.kind() == BarKind.RECEIVE ? "receive" : "transfer";
                out.add(sample + kind + " " + c.device(b.src()).id() + " → " + (b.dst() < 0 ? "its consumers"
                        : c.device(b.dst()).id()) + (rows.get(b.row()).kind() == RowKind.LINK ? " over "
                                + rows.get(b.row()).label() : ""));
            }
        }
        out.add(Fmt.time(b.start(), problem.units()) + " → " + Fmt.time(b.end(), problem.units()) + "  ("
                + Fmt.time(b.end() - b.start(), problem.units()) + ")");
        if (b.critical()) {
            out.add("on the critical path");
        }
        return out;
    }

    // ------------------------------------------------------------------ geometry

    public double rowHeight(View v) {
        if (rows.isEmpty()) {
            return MAX_ROW;
        }
        double h = (v.height() - AXIS_HEIGHT - 6) / rows.size();
        return Math.max(MIN_ROW, Math.min(MAX_ROW, h));
    }

    /** Height of all rows, for scrolling. */
    public double contentHeight(View v) {
        return AXIS_HEIGHT + rows.size() * rowHeight(v) + 6;
    }

    public double xOf(double t, View v) {
        double span = v.t1() - v.t0();
        return LABEL_WIDTH + (span > 0 ? (t - v.t0()) / span : 0) * (v.width() - LABEL_WIDTH);
    }

    public double timeAt(double x, View v) {
        return v.t0() + (x - LABEL_WIDTH) / Math.max(1, v.width() - LABEL_WIDTH) * (v.t1() - v.t0());
    }

    private double rowTop(int r, View v) {
        return AXIS_HEIGHT + r * rowHeight(v) - v.scrollY();
    }

    /** Top, height of a bar in pixels. */
    /** Touching narrow bars of one colour on one row, drawn as one rectangle. */
    private record Run(double x0, double x1, double y, double h, Colour fill) {
    }

    private static void flush(Drawing d, Run run) {
        if (run != null) {
            d.rect(run.x0(), run.y(), run.x1() - run.x0(), run.h(), 0, run.fill(), null, 0);
        }
    }

    public double[] barBox(int bar, View v) {
        Bar b = bars.get(bar);
        double rh = rowHeight(v);
        double top = rowTop(b.row(), v) + 3;
        double h = rh - 6;
        if (b.lane() == 1) {
            h = h / 2;
        } else if (b.lane() == 2) {
            h = h / 2;
            top += h;
        }
        double x0 = xOf(b.start(), v);
        double x1 = Math.max(x0 + 1, xOf(b.end(), v));
        return new double[] {x0, top, x1 - x0, h};
    }

    /** The bar under a point of the drawing of {@code v}, or -1. */
    public int barAt(double x, double y, View v) {
        if (x < LABEL_WIDTH || y < AXIS_HEIGHT) {
            return -1;
        }
        int row = (int) Math.floor((y - AXIS_HEIGHT + v.scrollY()) / rowHeight(v));
        if (row < 0 || row >= rows.size()) {
            return -1;
        }
        double tol = 3 * (v.t1() - v.t0()) / Math.max(1, v.width() - LABEL_WIDTH);
        double t = timeAt(x, v);
        List<Integer> on = byRow.get(row);
        int best = -1;
        double bestDist = Double.POSITIVE_INFINITY;
        int hi = upperBound(on, t + tol);
        for (int k = hi - 1; k >= 0; k--) {
            Bar b = bars.get(on.get(k));
            if (b.start() < t - tol - maxDurationOnRow[row]) {
                break;
            }
            double[] box = barBox(on.get(k), v);
            if (y < box[1] - 1 || y > box[1] + box[3] + 1) {
                continue;
            }
            double dist = t < b.start() ? b.start() - t : t > b.end() ? t - b.end() : 0;
            if (dist <= tol && dist < bestDist) {
                bestDist = dist;
                best = on.get(k);
            }
        }
        return best;
    }

    private int upperBound(List<Integer> on, double t) {
        int lo = 0;
        int hi = on.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bars.get(on.get(mid)).start() <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A window showing everything, with a little room at the end. */
    public View fit(View v) {
        double e = end > 0 ? end : 1;
        return v.withWindow(0, e * 1.02);
    }

    // ------------------------------------------------------------------ drawing

    private Colour fillOf(Bar b, ColourBy by, boolean dark) {
        if (b.kind() != BarKind.OPERATOR) {
            Colour base = dark ? Colour.hex("#7B8494") : Colour.hex("#9AA4B2");
            if (by == ColourBy.SAMPLE) {
                return Colours.category(b.sample()).mix(base, 0.45);
            }
            if (by == ColourBy.DEVICE && b.src() >= 0) {
                return Colours.device(b.src()).mix(base, 0.55);
            }
            return base;
        }
        return switch (by) {
            case DEVICE -> Colours.device(problem.cluster() == null ? -1 : deviceOfRow(b));
            case OP_TYPE -> typeColours.getOrDefault(typeOf(problem.graph().op(b.op())), Colours.OTHER);
            case SAMPLE -> Colours.category(b.sample());
        };
    }

    private int deviceOfRow(Bar b) {
        Row r = rows.get(b.row());
        return r.kind() == RowKind.DEVICE ? r.index() : -1;
    }

    public Drawing draw(View v) {
        boolean dark = v.dark();
        Colour bg = dark ? Colour.hex("#1E2127") : Colour.hex("#FBFCFD");
        Colour text = dark ? Colour.hex("#E6E9EF") : Colour.hex("#1D2633");
        Colour muted = dark ? Colour.hex("#9AA3AF") : Colour.hex("#5F6B7A");
        Colour grid = dark ? Colour.hex("#2E333B") : Colour.hex("#E3E7EC");
        Colour stripe = dark ? Colour.hex("#23272E") : Colour.hex("#F2F4F7");
        Colour accent = dark ? Colour.hex("#FFD166") : Colour.hex("#1F5FCC");
        Colour danger = dark ? Colour.hex("#FF6B6B") : Colour.hex("#C0392B");
        Colour outline = dark ? Colour.hex("#0E1013") : Colour.hex("#2B3440");
        Drawing d = new Drawing(v.width(), v.height(), bg);
        double rh = rowHeight(v);
        double plotW = v.width() - LABEL_WIDTH;

        // row backgrounds and labels
        d.clip(0, AXIS_HEIGHT, v.width(), v.height() - AXIS_HEIGHT);
        for (int r = 0; r < rows.size(); r++) {
            double top = rowTop(r, v);
            if (top + rh < AXIS_HEIGHT || top > v.height()) {
                continue;
            }
            Row row = rows.get(r);
            if (row.bottleneck()) {
                d.rect(0, top, v.width(), rh, danger.withAlpha(dark ? 0.18 : 0.10));
            } else if (r % 2 == 1) {
                d.rect(0, top, v.width(), rh, stripe);
            }
            if (row.kind() == RowKind.DEVICE) {
                d.rect(6, top + rh / 2 - 5, 10, 10, 2, Colours.device(row.index()), outline, 0.6);
            }
            double lx = row.kind() == RowKind.DEVICE ? 22 : 8;
            boolean two = rh >= 28;
            d.text(lx, top + (two ? rh / 2 - 1 : rh / 2 + 4), Drawing.fit(row.label(), LABEL_WIDTH - lx - 6, 12,
                    row.bottleneck()), row.bottleneck() ? danger : text, 12, row.bottleneck(), Drawing.Align.LEFT);
            if (two) {
                String detail = row.bottleneck() ? "BOTTLENECK · " + row.detail() : row.detail();
                d.text(lx, top + rh / 2 + 11, Drawing.fit(detail, LABEL_WIDTH - lx - 6, 9.5, false),
                        row.bottleneck() ? danger : muted, 9.5, false, Drawing.Align.LEFT);
            }
        }
        d.unclip();
        d.line(LABEL_WIDTH - 0.5, AXIS_HEIGHT, LABEL_WIDTH - 0.5, v.height(), grid, 1);

        // time axis and grid
        double span = v.t1() - v.t0();
        if (span > 0 && plotW > 20) {
            double step = niceStep(span / Math.max(1, plotW / 110));
            double first = Math.ceil(v.t0() / step) * step;
            for (double t = first; t <= v.t1() + step * 1e-9; t += step) {
                double x = xOf(t, v);
                d.line(x, AXIS_HEIGHT - 5, x, v.height(), grid, 1);
                String lab = Fmt.time(Math.abs(t) < step * 1e-6 ? 0 : t, problem.units());
                d.text(x + 3, AXIS_HEIGHT - 9, lab, muted, 10.5, false, Drawing.Align.LEFT);
            }
        }
        d.text(8, 17, Drawing.fit(title, LABEL_WIDTH - 10, 11, true), text, 11, true, Drawing.Align.LEFT);
        d.line(0, AXIS_HEIGHT - 0.5, v.width(), AXIS_HEIGHT - 0.5, grid, 1);

        // bars
        d.clip(LABEL_WIDTH, AXIS_HEIGHT, plotW, v.height() - AXIS_HEIGHT);
        boolean fade = v.highlightCritical() && !critical.isEmpty();
        List<Integer> selected = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            double top = rowTop(r, v);
            if (top + rh < AXIS_HEIGHT || top > v.height()) {
                continue;
            }
            List<Integer> on = byRow.get(r);
            int hi = upperBound(on, v.t1());
            int prevSample = -1;
            Run run = null;
            for (int k = 0; k < hi; k++) {
                int i = on.get(k);
                Bar b = bars.get(i);
                boolean newSample = microBatches > 1 && b.kind() == BarKind.OPERATOR && prevSample >= 0
                        && b.sample() != prevSample;
                if (b.kind() == BarKind.OPERATOR) {
                    prevSample = b.sample();
                }
                if (b.end() < v.t0()) {
                    continue;
                }
                double[] box = barBox(i, v);
                Colour fill = fillOf(b, v.colourBy(), dark);
                if (fade && !b.critical()) {
                    fill = fill.mix(bg, 0.6);
                }
                boolean outlined = box[2] >= 4;
                if (!outlined && !newSample) {
                    // narrow bars that touch, in one colour, are one rectangle (zoomed out: thousands of
                    // sub-pixel bars would otherwise each be a shape to rasterise)
                    if (run != null && run.fill().equals(fill) && run.y() == box[1] && run.h() == box[3]
                            && box[0] <= run.x1() + 1) {
                        run = new Run(run.x0(), Math.max(run.x1(), box[0] + box[2]), run.y(), run.h(), fill);
                    } else {
                        flush(d, run);
                        run = new Run(box[0], box[0] + box[2], box[1], box[3], fill);
                    }
                    if (b.kind() == BarKind.OPERATOR && b.op() == v.selectedOp()) {
                        selected.add(i);
                    }
                    continue;
                }
                flush(d, run);
                run = null;
                d.rect(box[0], box[1], box[2], box[3], box[2] >= 6 ? 3 : 0, fill, outlined ? outline.withAlpha(0.55)
                        : null, outlined ? 0.6 : 0);
                if (b.kind() != BarKind.OPERATOR && box[2] >= 8) {
                    // transfers are striped so they read as "moving data" in every colouring
                    d.line(box[0] + 2, box[1] + box[3] - 2, Math.min(box[0] + box[2] - 2, box[0] + box[3]), box[1] + 2,
                            outline.withAlpha(0.35), 1);
                }
                if (newSample) {
                    // where a row moves on to the next sample
                    d.line(box[0], box[1] - 1, box[0], box[1] + box[3] + 1, text, 1.2);
                }
                if (b.kind() == BarKind.OPERATOR && b.op() == v.selectedOp()) {
                    selected.add(i);
                }
                if (box[2] >= 28 && box[3] >= 12) {
                    String label = label(b);
                    Colour tc = fill.textOn();
                    d.text(box[0] + 4, box[1] + box[3] / 2 + 4, Drawing.fit(label, box[2] - 8, 10.5, false), tc, 10.5,
                            false, Drawing.Align.LEFT);
                }
            }
            flush(d, run);
        }
        // the critical path: outlined bars joined by dashed connectors
        if (!critical.isEmpty() && v.highlightCritical()) {
            // Bars a few pixels wide are filled in the danger colour instead of outlined, and a connector
            // is drawn only where the path changes row or leaves a visible gap: on a zoomed-out chart of
            // thousands of operators that is a handful of shapes instead of two per operator, which
            // matters to software renderers and keeps exported SVGs small.
            double[] prev = null;
            int prevRow = -1;
            for (int i : critical) {
                double[] box = barBox(i, v);
                int row = bars.get(i).row();
                boolean visible = box[0] + box[2] >= LABEL_WIDTH && box[0] <= v.width();
                if (visible) {
                    if (box[2] < 4) {
                        d.rect(box[0], box[1], box[2], box[3], 0, danger, null, 0);
                    } else {
                        d.add(new Drawing.Rect(box[0], box[1], box[2], box[3], box[2] >= 6 ? 3 : 0, null, danger, 1.6,
                                null));
                    }
                }
                double from = prev == null ? 0 : prev[0] + prev[2];
                if (prev != null && (row != prevRow || box[0] - from >= 3)
                        && Math.max(from, box[0]) >= LABEL_WIDTH && Math.min(from, box[0]) <= v.width()) {
                    d.add(new Drawing.Line(prev[0] + prev[2], prev[1] + prev[3] / 2, box[0], box[1] + box[3] / 2, danger,
                            1.2, new double[] {4, 3}));
                }
                prev = box;
                prevRow = row;
            }
        }
        for (int i : selected) {
            double[] box = barBox(i, v);
            d.add(new Drawing.Rect(box[0] - 1.5, box[1] - 1.5, box[2] + 3, box[3] + 3, 4, null, accent, 2.5, null));
        }
        // the period on the bottleneck's row: the last two samples end one period apart
        if (spacingMarks.length == 2 && bottleneckRow >= 0) {
            double top = rowTop(bottleneckRow, v);
            double x0 = xOf(spacingMarks[0], v);
            double x1 = xOf(spacingMarks[1], v);
            double y = top + rh / 2;
            if (x1 - x0 >= 12) {
                d.line(x0, top + 1, x0, top + rh - 1, danger, 2);
                d.line(x1, top + 1, x1, top + rh - 1, danger, 2);
                d.line(x0, y, x1, y, danger, 1.5);
                String gap = Fmt.time(spacingMarks[1] - spacingMarks[0], problem.units());
                String lab = spacingIsPeriod() ? "period " + gap : gap + " apart";
                double tw = Drawing.textWidth(lab, 10, true);
                if (x1 - x0 > tw + 10 && rh >= 16) {
                    d.rect((x0 + x1) / 2 - tw / 2 - 4, y - 7, tw + 8, 14, 4, bg.withAlpha(0.92), danger, 1);
                    d.text((x0 + x1) / 2, y + 4, lab, danger, 10, true, Drawing.Align.CENTER);
                }
            }
        }
        d.unclip();
        return d;
    }

    private String label(Bar b) {
        OpGraph g = problem.graph();
        String prefix = microBatches > 1 ? b.sample() + " · " : "";
        return switch (b.kind()) {
            case OPERATOR -> prefix + (g.op(b.op()).opType().isEmpty() ? g.op(b.op()).id() : g.op(b.op()).opType());
            case SEND -> prefix + "send " + g.tensorName(b.tensor());
            case RECEIVE -> prefix + "recv " + g.tensorName(b.tensor());
            case TRANSFER -> prefix + g.tensorName(b.tensor());
        };
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || Double.isInfinite(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        double nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
        return nice * p;
    }

    /** The whole chart as one drawing of the given width (height from the rows). */
    public Drawing drawAll(double width, ColourBy by, boolean dark) {
        View v = fit(new View(0, 1, width, 0, 0, by, dark, -1, true));
        double h = AXIS_HEIGHT + rows.size() * MAX_ROW + 6;
        return draw(v.withSize(width, h));
    }

    @Override
    public String toString() {
        return title + " (" + rows.size() + " rows, " + bars.size() + " bars)";
    }

    /** Unmodifiable view of bars indices per row (tests). */
    List<List<Integer>> byRow() {
        return Collections.unmodifiableList(byRow);
    }
}
