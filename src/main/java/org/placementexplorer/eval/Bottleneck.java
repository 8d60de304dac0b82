package org.placementexplorer.eval;

/**
 * What limits a placement: for throughput the most loaded device or link; for latency the device
 * with the most compute time on the critical path.
 *
 * @param index device or link index
 * @param id    device or link id
 * @param value its load (throughput) or its critical-path compute time (latency)
 */
public record Bottleneck(Kind kind, int index, String id, double value) {
    public enum Kind { DEVICE, LINK }
}
