package org.placementexplorer.model;

import java.util.List;

/**
 * The path a transfer from one device to another takes.
 *
 * @param hops      links crossed, in order
 * @param forward   for each hop, whether it is crossed from its {@code a} end to its {@code b} end
 * @param latency   sum of the links' latencies, seconds
 * @param bandwidth the smallest bandwidth on the path, bytes per second
 */
public record Route(List<Integer> hops, List<Boolean> forward, double latency, double bandwidth) {
    public Route {
        hops = List.copyOf(hops);
        forward = List.copyOf(forward);
    }

    /** Time to move {@code bytes} along this route: latency + bytes / bottleneck bandwidth (0 bytes: free). */
    public double transferTime(double bytes) {
        return bytes <= 0 ? 0 : latency + bytes / bandwidth;
    }
}
