package org.placementexplorer.ui.teaching;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.placementexplorer.draw.Colour;
import org.placementexplorer.draw.Colours;
import org.placementexplorer.draw.Drawing;
import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.eval.PipelineSchedule;
import org.placementexplorer.model.Problem;
import org.placementexplorer.util.Fmt;

/**
 * Teaching mode without a screen: micro-batches flowing through the stages of a placement, taken
 * from the evaluator's pipelined schedule of {@link #MAX_MICRO_BATCHES} samples (its first M samples
 * are exactly the M-sample schedule). For the chosen M it gives each stage's busy span per sample,
 * the phase at a time (filling, steady state, draining), the bubble fraction from the schedule and
 * from the idealised formula (S − 1) / (M + S − 1), throughput against M, a drawing of the pipeline
 * at a time, and a paragraph that explains the numbers.
 */
public final class TeachingModel {
    public static final int MAX_MICRO_BATCHES = 64;

    /** Where the pipeline is at a time. */
    public enum Phase { FILLING, STEADY, DRAINING, DONE }

    /** A stage's busy span for one sample: from its first to its last item on that device. */
    public record Span(int stage, int sample, double start, double end, double busy) {
    }

    private final Problem problem;
    private final PipelineSchedule schedule;
    private final List<Pipeline.Stage> stages;
    private final double[][] first; // [stage][sample]
    private final double[][] last;
    private final double[][] busy;
    private final List<List<double[]>> segments = new ArrayList<>(); // per stage: {start, end, sample}
    private int m;

    public TeachingModel(Problem p, PipelineSchedule s, int m) {
        this.problem = p;
        this.schedule = s;
        this.stages = s.pipeline().stages();
        int ns = stages.size();
        int mm = s.microBatches();
        first = new double[ns][mm];
        last = new double[ns][mm];
        busy = new double[ns][mm];
        int[] stageOf = new int[p.deviceCount()];
        java.util.Arrays.fill(stageOf, -1);
        for (int i = 0; i < ns; i++) {
            stageOf[stages.get(i).device()] = i;
            java.util.Arrays.fill(first[i], Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(last[i], Double.NEGATIVE_INFINITY);
        }
        List<List<PipelineSchedule.Item>> onStage = new ArrayList<>();
        for (int i = 0; i < ns; i++) {
            onStage.add(new ArrayList<>());
        }
        for (PipelineSchedule.Item it : s.items()) {
            if (it.device() < 0 || stageOf[it.device()] < 0) {
                continue;
            }
            int st = stageOf[it.device()];
            if (it.duration() > 0) {
                first[st][it.sample()] = Math.min(first[st][it.sample()], it.start());
                last[st][it.sample()] = Math.max(last[st][it.sample()], it.end());
                onStage.get(st).add(it);
            }
            busy[st][it.sample()] += it.duration();
        }
        // busy time as segments: consecutive items of one sample with (almost) no gap are one block
        double eps = s.makespan() * 2e-4;
        for (int i = 0; i < ns; i++) {
            List<PipelineSchedule.Item> items = onStage.get(i);
            items.sort((a, b) -> Double.compare(a.start(), b.start()));
            List<double[]> segs = new ArrayList<>();
            double[] cur = null;
            for (PipelineSchedule.Item it : items) {
                if (cur != null && cur[2] == it.sample() && it.start() - cur[1] <= eps) {
                    cur[1] = Math.max(cur[1], it.end());
                } else {
                    cur = new double[] {it.start(), it.end(), it.sample()};
                    segs.add(cur);
                }
            }
            segments.add(segs);
        }
        setMicroBatches(m);
    }

    public Problem problem() {
        return problem;
    }

    public PipelineSchedule schedule() {
        return schedule;
    }

    public int stages() {
        return stages.size();
    }

    public String stageLabel(int i) {
        return problem.cluster().device(stages.get(i).device()).id();
    }

    public int microBatches() {
        return m;
    }

    public void setMicroBatches(int value) {
        m = Math.max(1, Math.min(schedule.microBatches(), value));
    }

    /** The period: the largest load of any device or link (the evaluator's throughput objective). */
    public double period() {
        return schedule.period();
    }

    /** End of the first M samples. */
    public double makespan() {
        return schedule.completion(m);
    }

    public double latency() {
        return schedule.completion(1);
    }

    public Span span(int stage, int sample) {
        return new Span(stage, sample, first[stage][sample], last[stage][sample], busy[stage][sample]);
    }

    /** Bubble fraction of the schedule: the share of the run the bottleneck is idle. */
    public double bubble() {
        return schedule.bubble(m);
    }

    public double bubble(int mm) {
        return schedule.bubble(mm);
    }

    /** The idealised (S − 1) / (M + S − 1): S equal stages, free transfers. */
    public double idealBubble() {
        return idealBubble(m);
    }

    public double idealBubble(int mm) {
        int s = stages.size();
        return s == 0 ? 0 : (s - 1.0) / (mm + s - 1.0);
    }

    /** Samples per time unit over the first M samples. */
    public double throughput() {
        return schedule.throughput(m);
    }

    public double throughput(int mm) {
        return schedule.throughput(mm);
    }

    /** End of filling: when the last stage starts its first sample. */
    public double fillEnd() {
        int s = stages.size();
        return s == 0 || Double.isInfinite(first[s - 1][0]) ? 0 : first[s - 1][0];
    }

    /** Start of draining: when the first stage has finished its last sample. */
    public double drainStart() {
        return stages.isEmpty() || Double.isInfinite(last[0][m - 1]) ? makespan() : last[0][m - 1];
    }

    public Phase phase(double t) {
        if (t >= makespan()) {
            return Phase.DONE;
        }
        if (t < fillEnd()) {
            return Phase.FILLING;
        }
        if (t >= drainStart()) {
            return Phase.DRAINING;
        }
        return Phase.STEADY;
    }

    /** How many samples have left the pipeline by time t. */
    public int finished(double t) {
        int n = 0;
        for (int k = 0; k < m; k++) {
            if (schedule.sampleEnd()[k] <= t) {
                n++;
            }
        }
        return n;
    }

    /** The next time after t at which a stage starts or ends a sample (for Step). */
    public double nextEvent(double t) {
        TreeSet<Double> times = new TreeSet<>();
        for (List<double[]> segs : segments) {
            for (double[] seg : segs) {
                if (seg[2] < m) {
                    times.add(seg[0]);
                    times.add(seg[1]);
                }
            }
        }
        Double n = times.higher(t + 1e-12 * Math.max(1, Math.abs(t)));
        return n == null ? makespan() : n;
    }

    private int bottleneckStage() {
        Bottleneck b = schedule.pipeline().bottleneck();
        if (b == null || b.kind() != Bottleneck.Kind.DEVICE) {
            return -1;
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).device() == b.index()) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ drawing

    /** The pipeline at time t: one row per stage, a block per sample, drawn up to t. */
    public Drawing draw(double t, double width, double height, boolean dark) {
        Colour bg = dark ? Colour.hex("#1E2127") : Colour.hex("#FBFCFD");
        Colour text = dark ? Colour.hex("#E6E9EF") : Colour.hex("#1D2633");
        Colour muted = dark ? Colour.hex("#9AA3AF") : Colour.hex("#5F6B7A");
        Colour grid = dark ? Colour.hex("#2E333B") : Colour.hex("#E3E7EC");
        Colour idle = dark ? Colour.hex("#2A2E35") : Colour.hex("#EEF1F5");
        Colour danger = dark ? Colour.hex("#FF6B6B") : Colour.hex("#C0392B");
        Colour accent = dark ? Colour.hex("#FFD166") : Colour.hex("#1F5FCC");
        Drawing d = new Drawing(width, height, bg);
        int ns = stages.size();
        double left = 130;
        double top = 46;
        double plotW = Math.max(10, width - left - 20);
        double end = Math.max(makespan(), 1e-30);
        double rowH = ns == 0 ? 40 : Math.max(18, Math.min(120, (height - top - 40) / ns));
        int bStage = bottleneckStage();
        Phase ph = phase(t);
        String phase = switch (ph) {
            case FILLING -> "filling: stages start one after another";
            case STEADY -> "steady state: every stage is working";
            case DRAINING -> "draining: the first stages have finished";
            case DONE -> "done";
        };
        d.text(12, 20, "t = " + Fmt.time(t, problem.units()) + " of " + Fmt.time(end, problem.units()) + "   ·   "
                + phase + "   ·   " + finished(t) + " of " + m + " samples out", text, 13, true, Drawing.Align.LEFT);
        // phase bands
        double xf = left + Math.min(1, fillEnd() / end) * plotW;
        double xd = left + Math.min(1, drainStart() / end) * plotW;
        d.rect(left, top - 10, xf - left, 6, accent.withAlpha(0.35));
        d.rect(xd, top - 10, left + plotW - xd, 6, danger.withAlpha(0.35));
        d.text(left, top - 14, "fill", muted, 10, false, Drawing.Align.LEFT);
        d.text(left + plotW, top - 14, "drain", muted, 10, false, Drawing.Align.RIGHT);
        for (int i = 0; i < ns; i++) {
            double y = top + i * rowH;
            d.rect(left, y + 2, plotW, rowH - 4, idle);
            boolean isB = i == bStage;
            d.text(10, y + rowH / 2 + 4, Drawing.fit((i + 1) + ". " + stageLabel(i), left - 16, 12, isB),
                    isB ? danger : text, 12, isB, Drawing.Align.LEFT);
            if (isB && rowH >= 30) {
                d.text(10, y + rowH / 2 + 17, "bottleneck", danger, 9.5, false, Drawing.Align.LEFT);
            }
            double[] widest = new double[m];
            double[] labelX = new double[m];
            for (double[] seg : segments.get(i)) {
                int k = (int) seg[2];
                if (k >= m || !(seg[0] < t)) {
                    continue;
                }
                double shown = Math.min(seg[1], t);
                double x0 = left + seg[0] / end * plotW;
                double x1 = left + shown / end * plotW;
                Colour c = Colours.category(k);
                boolean running = seg[1] > t;
                d.rect(x0, y + 4, Math.max(1, x1 - x0), rowH - 8, 3, c, running ? accent : null, running ? 2 : 0);
                if (x1 - x0 > widest[k]) {
                    widest[k] = x1 - x0;
                    labelX[k] = (x0 + x1) / 2;
                }
            }
            for (int k = 0; k < m; k++) {
                if (widest[k] > 14 && rowH >= 20) {
                    d.text(labelX[k], y + rowH / 2 + 4, Integer.toString(k), Colours.category(k).textOn(), 11, true,
                            Drawing.Align.CENTER);
                }
            }
        }
        double yb = top + ns * rowH;
        d.line(left, yb + 4, left + plotW, yb + 4, grid, 1);
        d.text(left, yb + 18, "0", muted, 10, false, Drawing.Align.LEFT);
        d.text(left + plotW, yb + 18, Fmt.time(end, problem.units()), muted, 10, false, Drawing.Align.RIGHT);
        double xc = left + Math.min(1, t / end) * plotW;
        d.line(xc, top - 4, xc, yb + 4, accent, 2);
        return d;
    }

    // ------------------------------------------------------------------ explanation

    public String explanation() {
        int s = stages.size();
        String p = Fmt.time(period(), problem.units());
        String lat = Fmt.time(latency(), problem.units());
        Bottleneck b = schedule.pipeline().bottleneck();
        String limiter = b == null ? "" : (b.kind() == Bottleneck.Kind.LINK ? "link " : "device ") + b.id();
        double minLoad = Double.POSITIVE_INFINITY;
        for (Pipeline.Stage st : stages) {
            minLoad = Math.min(minLoad, st.load());
        }
        String sched = Fmt.percent(bubble());
        String ideal = Fmt.percent(idealBubble());
        StringBuilder sb = new StringBuilder();
        sb.append("Each sample passes through the ").append(s).append(s == 1 ? " stage" : " stages")
                .append(" in order; a stage works on one sample at a time and starts the next as soon as it can. ")
                .append("While the pipeline fills, later stages wait for their first sample; in steady state a new ")
                .append("sample leaves every ").append(p).append(" (the period, set by ").append(limiter)
                .append(", the busiest); while it drains, the first stages have nothing left to do. ")
                .append("With M = ").append(m).append(" micro-batches the run takes ")
                .append(Fmt.time(makespan(), problem.units())).append(", close to one sample's latency (").append(lat)
                .append(") plus ").append(m - 1).append(m - 1 == 1 ? " period" : " periods").append(" (")
                .append(Fmt.time(latency() + (m - 1) * period(), problem.units())).append("). ")
                .append("The bubble — the share of the run the bottleneck stands idle — is ").append(sched)
                .append(" here, against ").append(ideal).append(" from the textbook formula (S − 1) / (M + S − 1). ")
                .append("The formula assumes S equal stages and free transfers, so filling takes exactly S − 1 ")
                .append("periods; here stages range from ")
                .append(Fmt.time(minLoad == Double.POSITIVE_INFINITY ? 0 : minLoad, problem.units())).append(" to ")
                .append(p).append(" per sample and transfers add time between them, so the bottleneck waits ")
                .append(bubble() > idealBubble() ? "longer" : "less").append(" before its first sample. ")
                .append("More micro-batches shrink the bubble and bring the throughput towards 1 / period.");
        if (!schedule.acyclic()) {
            sb.append(" Note: data goes back and forth between devices in this placement, so a device sometimes ")
                    .append("waits for its own sample to come back and the spacing stays above the period.");
        }
        return sb.toString();
    }

    /** Points (M, bubble) of the schedule and of the formula, and (M, throughput), for M = 1..max. */
    public List<double[]> curves() {
        List<double[]> out = new ArrayList<>();
        for (int k = 1; k <= schedule.microBatches(); k++) {
            out.add(new double[] {k, bubble(k), idealBubble(k), throughput(k)});
        }
        return out;
    }
}
