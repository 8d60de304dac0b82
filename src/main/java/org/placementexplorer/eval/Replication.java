package org.placementexplorer.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Route;

/**
 * Data-parallel replication on identical servers (ADR 0036). A placement with {@code replicas = r}
 * puts the graph on the devices of one server S and runs r copies of it, one on each of r servers
 * equivalent to S; samples are dealt to the copies in turn, so the period is the one copy's period
 * divided by r, while one sample's latency and each device's memory are those of the one copy.
 *
 * <p>Two servers are <b>equivalent</b> for a problem when, device by device in cluster order, every
 * operator has the same time on both, the devices have the same memory and transfer overlap, every
 * route between two devices of one server has its counterpart in the other with the same latency
 * and the same link bandwidths hop by hop, and no link carries routes of both servers (so the copies
 * never contend). Only problems priced over the cluster's links qualify: the benchmark instances'
 * own transfer tables say nothing about servers.
 */
public final class Replication {
    private Replication() {
    }

    /** The servers equivalent to {@code server} (itself first), or just it when none is. */
    public static List<String> equivalentServers(Problem p, String server) {
        List<String> out = new ArrayList<>();
        out.add(server);
        if (p.pricing() != Problem.Pricing.ROUTED || !p.cluster().hasLinks()) {
            return out;
        }
        for (org.placementexplorer.model.Server s : p.cluster().servers()) {
            if (!s.id().equals(server) && equivalent(p, server, s.id())) {
                out.add(s.id());
            }
        }
        return out;
    }

    /** Whether servers a and b are equivalent (see the class comment). */
    public static boolean equivalent(Problem p, String a, String b) {
        Cluster c = p.cluster();
        List<Integer> da = c.devicesOf(a);
        List<Integer> db = c.devicesOf(b);
        if (a.equals(b)) {
            return true;
        }
        if (da.size() != db.size() || da.isEmpty()) {
            return false;
        }
        for (int i = 0; i < da.size(); i++) {
            Device x = c.device(da.get(i));
            Device y = c.device(db.get(i));
            if (x.memoryBytes() != y.memoryBytes() || x.overlapsTransfers() != y.overlapsTransfers()) {
                return false;
            }
            for (int v = 0; v < p.operators(); v++) {
                if (p.opTime(v, da.get(i)) != p.opTime(v, db.get(i))) {
                    return false;
                }
            }
        }
        Set<Integer> linksA = new HashSet<>();
        Set<Integer> linksB = new HashSet<>();
        for (int i = 0; i < da.size(); i++) {
            for (int j = 0; j < da.size(); j++) {
                if (i == j) {
                    continue;
                }
                Route ra = c.route(da.get(i), da.get(j)).orElse(null);
                Route rb = c.route(db.get(i), db.get(j)).orElse(null);
                if (ra == null || rb == null || ra.latency() != rb.latency() || ra.bandwidth() != rb.bandwidth()
                        || ra.hops().size() != rb.hops().size()) {
                    return false;
                }
                for (int h = 0; h < ra.hops().size(); h++) {
                    if (c.links().get(ra.hops().get(h)).bandwidth() != c.links().get(rb.hops().get(h)).bandwidth()) {
                        return false;
                    }
                }
                linksA.addAll(ra.hops());
                linksB.addAll(rb.hops());
            }
        }
        linksA.retainAll(linksB);
        return linksA.isEmpty();
    }

    /**
     * Why a placement cannot run with its replica count, or null when it can (always null for one
     * replica).
     */
    public static String violation(Problem p, Placement pl) {
        int r = pl.replicas();
        if (r == 1) {
            return null;
        }
        Cluster c = p.cluster();
        if (p.pricing() != Problem.Pricing.ROUTED || !c.hasLinks()) {
            return "the placement asks for " + r + " replicas, but replication needs a cluster described by links"
                    + " (this problem prices transfers by its own table)";
        }
        String server = null;
        for (int v = 0; v < pl.size(); v++) {
            String s = c.device(pl.deviceOf(v)).server();
            if (server == null) {
                server = s;
            } else if (!server.equals(s)) {
                return "the placement asks for " + r + " replicas, but it uses servers '" + server + "' and '" + s
                        + "'; a replicated placement must sit on one server";
            }
        }
        if (server == null) {
            return null;
        }
        List<String> eq = equivalentServers(p, server);
        if (eq.size() < r) {
            return "the placement asks for " + r + " replicas of server '" + server + "', but the cluster has only "
                    + eq.size() + " server" + (eq.size() == 1 ? "" : "s") + " identical to it";
        }
        return null;
    }
}
