package org.placementexplorer.cost;

import java.util.ArrayList;
import java.util.List;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Problem;

/**
 * Prices a physical graph on a cluster with the roofline model:
 *
 * <pre>
 *   time(op, device) = max( flops / (peak[precision] * efficiency[op class]),
 *                           (bytesRead + bytesWritten) / (memoryBandwidth * MEMORY_EFFICIENCY) )
 *                      + launchOverhead        (view operators: 0, no launch)
 *   transfer(tensor, a, b) = route latency + bytes / route bottleneck bandwidth
 * </pre>
 *
 * Measured figures override it: a measured operator time replaces the whole formula for that
 * operator and device; measured link figures replace the link's bandwidth and latency before
 * routes are computed.
 */
public final class AnalyticCostModel {
    /** Fraction of the memory bandwidth that streaming kernels reach. */
    public static final double MEMORY_EFFICIENCY = 0.80;

    private AnalyticCostModel() {
    }

    /** Time of one operator on one device by the roofline formula. */
    public static double rooflineTime(Operator op, Device d) {
        OpClass c = OpClass.of(op.opType());
        if (c == OpClass.VIEW) {
            return 0;
        }
        double compute = op.flops() / (d.peak(op.precision()) * c.efficiency());
        double memory = (op.bytesRead() + op.bytesWritten()) / (d.memoryBandwidth() * MEMORY_EFFICIENCY);
        return Math.max(compute, memory) + (c.launches() ? d.launchOverhead() : 0);
    }

    /** Builds the priced problem with default constraints (activation memory on, no colocation). */
    public static Problem problem(OpGraph g, Cluster cluster) {
        return problem(g, cluster, MeasuredCosts.NONE);
    }

    public static Problem problem(OpGraph g, Cluster cluster, MeasuredCosts measured) {
        Cluster c = withMeasuredLinks(cluster, measured);
        int n = g.size();
        int nd = c.size();
        double[][] t = new double[n][nd];
        boolean[] m = new boolean[n];
        for (int v = 0; v < n; v++) {
            Operator op = g.op(v);
            boolean any = false;
            for (int d = 0; d < nd; d++) {
                Device dev = c.device(d);
                var mt = measured.opTime(op.id(), dev.id());
                if (mt.isPresent()) {
                    t[v][d] = mt.get();
                    any = true;
                } else {
                    t[v][d] = rooflineTime(op, dev);
                }
            }
            m[v] = any;
        }
        return Problem.builder(g, c)
                .opTimes(t)
                .measured(m)
                .routedTransfers()
                .costSource(measured.isEmpty() ? "analytic roofline" : "analytic roofline with measured overrides")
                .build();
    }

    private static Cluster withMeasuredLinks(Cluster cluster, MeasuredCosts measured) {
        boolean any = cluster.links().stream().anyMatch(l -> measured.link(l.id()).isPresent());
        if (!any) {
            return cluster;
        }
        List<Link> links = new ArrayList<>();
        for (Link l : cluster.links()) {
            links.add(measured.link(l.id())
                    .map(f -> new Link(l.id(), l.a(), l.b(), f.bandwidth(), f.latency()))
                    .orElse(l));
        }
        return Cluster.of(cluster.name(), cluster.description(), cluster.sources(), cluster.servers(),
                cluster.devices(), cluster.switches(), links);
    }
}
