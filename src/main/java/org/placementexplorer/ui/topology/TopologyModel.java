package org.placementexplorer.ui.topology;

import java.util.ArrayList;
import java.util.List;

import org.placementexplorer.eval.Bottleneck;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.MemoryReport;
import org.placementexplorer.eval.Pipeline;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Server;
import org.placementexplorer.model.Units;

/**
 * What the topology view shows, taken from the problem and the evaluator's latest evaluation:
 * devices grouped by server with memory used/capacity and load, links with bandwidth and load, and
 * which device or link is the bottleneck. No JavaFX; unit-testable.
 */
public record TopologyModel(String clusterName, Units units, List<ServerGroup> servers, List<LinkRow> links,
        boolean evaluated) {

    /**
     * One device card.
     *
     * @param operators    operators placed on it now
     * @param memoryUsed   evaluator's memory use (NaN before the first evaluation)
     * @param load         evaluator's per-sample load (NaN before the first evaluation)
     * @param loadFraction load / largest load of any device or link
     */
    public record DeviceCard(int index, Device device, int operators, double memoryUsed, double memoryCapacity,
            boolean memoryOver, double load, double loadFraction, boolean bottleneck) {
    }

    public record ServerGroup(Server server, List<DeviceCard> devices) {
    }

    public record LinkRow(int index, Link link, double load, double loadFraction, boolean bottleneck) {
    }

    public static TopologyModel of(Problem p, Placement pl, Evaluation e) {
        Cluster c = p.cluster();
        boolean ok = e != null && e.memory().devices().size() == c.size() && e.placement().size() == p.operators();
        Pipeline pipe = ok ? e.pipeline() : null;
        double max = 0;
        if (pipe != null) {
            for (Pipeline.DeviceLoad d : pipe.devices()) {
                max = Math.max(max, d.load());
            }
            for (Pipeline.LinkLoad l : pipe.links()) {
                max = Math.max(max, l.load());
            }
        }
        Bottleneck b = ok ? e.bottleneck() : null;
        int[] count = new int[c.size()];
        if (pl != null && pl.size() == p.operators()) {
            for (int v = 0; v < pl.size(); v++) {
                int d = pl.deviceOf(v);
                if (d >= 0 && d < count.length) {
                    count[d]++;
                }
            }
        }
        List<ServerGroup> groups = new ArrayList<>();
        for (Server s : c.servers()) {
            List<DeviceCard> cards = new ArrayList<>();
            for (int d : c.devicesOf(s.id())) {
                MemoryReport.DeviceMemory m = ok ? e.memory().devices().get(d) : null;
                double load = pipe == null ? Double.NaN : pipe.devices().get(d).load();
                cards.add(new DeviceCard(d, c.device(d), count[d], m == null ? Double.NaN : m.used(),
                        c.device(d).memoryBytes(), m != null && m.over() > 0, load,
                        pipe == null || max <= 0 ? 0 : load / max,
                        b != null && b.kind() == Bottleneck.Kind.DEVICE && b.index() == d));
            }
            if (!cards.isEmpty()) {
                groups.add(new ServerGroup(s, cards));
            }
        }
        List<LinkRow> links = new ArrayList<>();
        for (int k = 0; k < c.links().size(); k++) {
            double load = pipe == null || pipe.links().size() <= k ? Double.NaN : pipe.links().get(k).load();
            links.add(new LinkRow(k, c.links().get(k), load, Double.isNaN(load) || max <= 0 ? 0 : load / max,
                    b != null && b.kind() == Bottleneck.Kind.LINK && b.index() == k));
        }
        return new TopologyModel(c.name(), p.units(), groups, links, ok);
    }

    public DeviceCard card(int device) {
        for (ServerGroup g : servers) {
            for (DeviceCard d : g.devices()) {
                if (d.index() == device) {
                    return d;
                }
            }
        }
        return null;
    }
}
