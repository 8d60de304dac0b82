package org.placementexplorer.solve.common;

import java.util.List;
import java.util.Map;

import org.placementexplorer.eval.Replication;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Problem;

/**
 * Identical servers (ADR 0036): when the cluster has r ≥ 2 servers equivalent to one server S
 * ({@link Replication}), a throughput placement may sit on S alone and run as r data-parallel
 * copies. This finds S (the server of the pins when every pin is on one server, else the first
 * server) and builds the problem restricted to S's devices (operators get +∞ time elsewhere), on
 * which any solver searches the one copy.
 *
 * @param server   the server the copy uses
 * @param replicas number of equivalent servers, S included
 * @param restricted the problem with every device outside S forbidden
 */
public record Symmetry(String server, int replicas, Problem restricted) {

    /** The replication option for a problem and pins, or null when the cluster offers none. */
    public static Symmetry detect(Problem p, Map<Integer, Integer> pins) {
        Cluster c = p.cluster();
        if (p.pricing() != Problem.Pricing.ROUTED || !c.hasLinks() || c.servers().size() < 2) {
            return null;
        }
        String server = null;
        for (Map.Entry<Integer, Integer> e : pins.entrySet()) {
            String s = c.device(e.getValue()).server();
            if (server != null && !server.equals(s)) {
                return null; // pins on two servers: no single copy can honour them
            }
            server = s;
        }
        if (server == null) {
            server = c.servers().get(0).id();
        }
        List<String> eq = Replication.equivalentServers(p, server);
        if (eq.size() < 2) {
            return null;
        }
        List<Integer> devs = c.devicesOf(server);
        boolean[] keep = new boolean[c.size()];
        devs.forEach(d -> keep[d] = true);
        double[][] times = new double[p.operators()][c.size()];
        for (int v = 0; v < times.length; v++) {
            for (int d = 0; d < c.size(); d++) {
                times[v][d] = keep[d] ? p.opTime(v, d) : Double.POSITIVE_INFINITY;
            }
        }
        Problem restricted = p.toBuilder().opTimes(times).build();
        return new Symmetry(server, eq.size(), restricted);
    }
}
