package org.placementexplorer.eval;

import java.util.List;

/**
 * The one-sample schedule of a placement: when every operator and every transfer runs.
 *
 * @param makespan      end of the last operator
 * @param start         start time per operator index
 * @param end           end time per operator index
 * @param order         per device, its operators in execution order
 * @param transfers     every transfer (one per tensor and destination device)
 * @param criticalPath  the chain of operators and transfers that determines the makespan, first to last
 */
public record Schedule(double makespan, double[] start, double[] end, int[][] order, List<Transfer> transfers,
        List<Step> criticalPath) {

    /**
     * One transfer of a tensor from the producer's device to a consumer's device.
     *
     * @param links links crossed (routed pricing only), in order
     */
    public record Transfer(int tensor, int producer, int src, int dst, double start, double end, List<Integer> links) {
    }

    /** A step of the critical path: an operator, or a transfer that delayed its consumer. */
    public record Step(Kind kind, int op, int tensor, int device, int dstDevice, double start, double end) {
        public enum Kind { OPERATOR, TRANSFER }

        static Step op(int v, int d, double s, double e) {
            return new Step(Kind.OPERATOR, v, -1, d, -1, s, e);
        }

        static Step transfer(Transfer t) {
            return new Step(Kind.TRANSFER, t.producer(), t.tensor(), t.src(), t.dst(), t.start(), t.end());
        }
    }
}
