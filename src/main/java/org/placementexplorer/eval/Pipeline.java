package org.placementexplorer.eval;

import java.util.List;

/**
 * Steady-state pipeline view of a placement: what each device and link does per sample.
 *
 * @param period         time per sample: the largest device or link load
 * @param devices        load per device index
 * @param links          load per link index (empty when transfers do not use links)
 * @param stages         used devices in pipeline order (topological order of the device quotient
 *                       graph; when that graph has a cycle, by first operator in topological order)
 * @param acyclic        whether the quotient graph (devices, arcs where an edge crosses) is acyclic
 * @param bottleneck     the device or link with the largest load (null for an empty graph)
 */
public record Pipeline(double period, List<DeviceLoad> devices, List<LinkLoad> links, List<Stage> stages,
        boolean acyclic, Bottleneck bottleneck) {

    /**
     * What one device does per sample.
     *
     * @param compute     sum of its operators' times
     * @param transferIn  sum of the transfers it receives
     * @param transferOut sum of the transfers it sends (as charged by the problem's send accounting)
     * @param load        compute, plus transfers in and out when the device does not overlap them
     */
    public record DeviceLoad(int device, int operators, double compute, double transferIn, double transferOut,
            double load) {
    }

    /** Busy time of a link per sample in each direction; its load is the larger. */
    public record LinkLoad(int link, double forward, double backward) {
        public double load() {
            return Math.max(forward, backward);
        }
    }

    /** A pipeline stage: one used device, in pipeline order (index from 0). */
    public record Stage(int index, int device, int operators, double compute, double transferIn,
            double transferOut, double load) {
    }
}
