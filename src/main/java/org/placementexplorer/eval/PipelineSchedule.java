package org.placementexplorer.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * When every operator and transfer of M samples (micro-batches) runs when the placement is used as
 * a pipeline: the schedule behind the throughput objective, built by
 * {@link Evaluator#pipelinedSchedule}. Rules (docs/cost-model.md, "Pipelined schedule"):
 *
 * <ul>
 * <li>Each device runs, for sample 0, then sample 1, …, its operators in its order (the
 * placement's, else the one-sample schedule's); it never starts a sample before it has finished
 * the previous one.</li>
 * <li>A device that does not overlap transfers pays for them on its own row: a send after the
 * producer (per destination, or once per tensor with the longest time, as the problem's send
 * accounting says) and a receive before the first local consumer. Sender and receiver need not be
 * busy at the same moment: a receive starts at the earliest when the data could have arrived had
 * it been received at once, and the data is usable when the receive ends.</li>
 * <li>Each direction of each link carries, sample after sample, the transfers routed over it
 * (bytes / bandwidth each), in the order their one-sample schedule starts them.</li>
 * <li>Everything starts as early as these orders and the data allow.</li>
 * </ul>
 *
 * Per sample, each row is busy exactly its load in {@link Pipeline}; so the spacing of
 * consecutive samples on a row is at least its load, and on the bottleneck's row at least the
 * period. When the resource graph (devices and link directions, an arc where data passes from one
 * to another) is {@linkplain #acyclic() acyclic}, that spacing tends to the period as samples
 * accumulate; with a cycle (e.g. devices that hand a sample back and forth) a device waits for its
 * own sample to come back and the spacing can stay above the period.
 *
 * <p>The first m samples of an M-sample schedule are exactly the m-sample schedule (a row never
 * lets a later sample go first), so {@link #completion(int)} gives the makespan for every m ≤ M.
 *
 * @param microBatches M
 * @param period       the evaluator's throughput period (largest device or link load)
 * @param pipeline     the evaluator's loads, stages and bottleneck
 * @param items        every operator, send, receive, link transfer and flight of every sample
 * @param sampleEnd    per sample, the end of its last item
 * @param makespan     end of the last item
 * @param acyclic      whether the resource graph has no cycle
 * @param order        per device, its operators in the order each sample runs them
 */
public record PipelineSchedule(int microBatches, double period, Pipeline pipeline, List<Item> items,
        double[] sampleEnd, double makespan, boolean acyclic, int[][] order) {

    /**
     * What an item is: an operator, a send or a receive on a device's row, a transfer on a link's
     * row, or a flight: a tensor on its way from its sender to its receiver (on no row; from when
     * it leaves to when it has arrived).
     */
    public enum Kind { OPERATOR, SEND, RECEIVE, LINK, FLIGHT }

    /**
     * One bar of the schedule.
     *
     * @param kind    what it is
     * @param sample  the sample (micro-batch) it belongs to, from 0
     * @param op      the operator (OPERATOR), or the producer of the transferred tensor
     * @param tensor  the tensor moved (-1 for an operator)
     * @param device  the device whose row it is on (-1 on a link)
     * @param link    the link whose row it is on (-1 on a device)
     * @param forward on a link: whether it runs from the link's end a to b
     * @param src     device sending the tensor (-1 for an operator)
     * @param dst     device receiving it (-1 for an operator, or a send charged once for several)
     */
    public record Item(Kind kind, int sample, int op, int tensor, int device, int link, boolean forward, int src,
            int dst, double start, double end) {
        public double duration() {
            return end - start;
        }
    }

    /** Items on a device's row, in time order. */
    public List<Item> onDevice(int d) {
        List<Item> out = new ArrayList<>();
        for (Item it : items) {
            if (it.device() == d) {
                out.add(it);
            }
        }
        out.sort((a, b) -> Double.compare(a.start(), b.start()));
        return out;
    }

    /** Items on a link's row (both directions), in time order. */
    public List<Item> onLink(int l) {
        List<Item> out = new ArrayList<>();
        for (Item it : items) {
            if (it.link() == l) {
                out.add(it);
            }
        }
        out.sort((a, b) -> Double.compare(a.start(), b.start()));
        return out;
    }

    /** End of the last item of a sample on a row (device, or link with direction); NaN when it has none. */
    public double rowSampleEnd(Bottleneck.Kind kind, int index, Boolean forward, int sample) {
        double end = Double.NaN;
        for (Item it : items) {
            if (it.sample() != sample) {
                continue;
            }
            boolean on = kind == Bottleneck.Kind.DEVICE ? it.device() == index
                    : it.link() == index && (forward == null || it.forward() == forward);
            if (on && (Double.isNaN(end) || it.end() > end)) {
                end = it.end();
            }
        }
        return end;
    }

    /**
     * Time between the ends of the last two samples on the bottleneck's row (its loaded direction
     * for a link): the steady-state spacing, which equals the period once the pipeline is full
     * (see the class comment). NaN for fewer than two samples or an empty graph.
     */
    public double bottleneckSpacing() {
        Bottleneck b = pipeline.bottleneck();
        if (b == null || microBatches < 2) {
            return Double.NaN;
        }
        Boolean forward = null;
        if (b.kind() == Bottleneck.Kind.LINK) {
            Pipeline.LinkLoad ll = pipeline.links().get(b.index());
            forward = ll.forward() >= ll.backward();
        }
        return rowSampleEnd(b.kind(), b.index(), forward, microBatches - 1)
                - rowSampleEnd(b.kind(), b.index(), forward, microBatches - 2);
    }

    /** Makespan of the first m samples (1 ≤ m ≤ M): the m-sample schedule's makespan. */
    public double completion(int m) {
        if (m < 1 || m > microBatches) {
            throw new IllegalArgumentException("m must be in 1.." + microBatches + ", not " + m);
        }
        double c = 0;
        for (int k = 0; k < m; k++) {
            c = Math.max(c, sampleEnd[k]);
        }
        return c;
    }

    /** Samples per time unit over the first m samples: m / completion(m). */
    public double throughput(int m) {
        double c = completion(m);
        return c > 0 ? m / c : Double.POSITIVE_INFINITY;
    }

    /**
     * The bubble of the first m samples: the share of the run during which the bottleneck's row is
     * idle, 1 − m × period / completion(m). For S equal stages of time t and free transfers it is
     * (S − 1) / (m + S − 1).
     */
    public double bubble(int m) {
        double c = completion(m);
        return c > 0 ? Math.max(0, 1 - m * period / c) : 0;
    }

    /** Time of the busy items of a sample on one device. */
    public double busy(int device, int sample) {
        double t = 0;
        for (Item it : items) {
            if (it.device() == device && it.sample() == sample) {
                t += it.duration();
            }
        }
        return t;
    }
}
