package org.placementexplorer.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Devices grouped into servers, and the links (possibly through switches) that connect them.
 * Immutable. Devices are addressed by index (position in {@link #devices()}).
 *
 * <p><b>Routing.</b> A transfer between two devices takes the route with the fewest links; among
 * those, the one with the largest bottleneck bandwidth; among those, the lowest total latency. A
 * cluster whose links leave two devices unconnected is rejected, unless it has no links at all
 * (then the problem's own cost table must price transfers, as the benchmark instances do).
 */
public final class Cluster {
    private final String name;
    private final String description;
    private final List<String> sources;
    private final List<Server> servers;
    private final List<Device> devices;
    private final List<String> switches;
    private final List<Link> links;
    private final Map<String, Integer> deviceIndex;
    private final Route[][] routes;

    private Cluster(String name, String description, List<String> sources, List<Server> servers,
            List<Device> devices, List<String> switches, List<Link> links) {
        this.name = name == null || name.isBlank() ? "cluster" : name;
        this.description = description == null ? "" : description;
        this.sources = List.copyOf(sources == null ? List.of() : sources);
        this.devices = List.copyOf(devices);
        this.switches = List.copyOf(switches == null ? List.of() : switches);
        this.links = List.copyOf(links == null ? List.of() : links);
        if (this.devices.isEmpty()) {
            throw new ModelException("the cluster has no devices");
        }
        deviceIndex = new HashMap<>();
        Set<String> endpoints = new HashSet<>();
        for (int i = 0; i < this.devices.size(); i++) {
            String id = this.devices.get(i).id();
            if (deviceIndex.put(id, i) != null) {
                throw new ModelException("two devices share the id '" + id + "'");
            }
            endpoints.add(id);
        }
        for (String s : this.switches) {
            if (!endpoints.add(s)) {
                throw new ModelException("switch id '" + s + "' is also used by a device or another switch");
            }
        }
        Set<String> linkIds = new HashSet<>();
        for (Link l : this.links) {
            if (!linkIds.add(l.id())) {
                throw new ModelException("two links share the id '" + l.id() + "'");
            }
            for (String end : List.of(l.a(), l.b())) {
                if (!endpoints.contains(end)) {
                    throw new ModelException("link '" + l.id() + "' names an unknown device or switch '" + end + "'");
                }
            }
        }
        // servers: the declared ones plus any a device names
        Map<String, Server> sv = new LinkedHashMap<>();
        for (Server s : servers == null ? List.<Server>of() : servers) {
            if (sv.put(s.id(), s) != null) {
                throw new ModelException("two servers share the id '" + s.id() + "'");
            }
        }
        for (Device d : this.devices) {
            sv.putIfAbsent(d.server(), new Server(d.server(), d.server()));
        }
        this.servers = List.copyOf(sv.values());
        routes = computeRoutes();
    }

    public static Cluster of(String name, String description, List<String> sources, List<Server> servers,
            List<Device> devices, List<String> switches, List<Link> links) {
        return new Cluster(name, description, sources, servers, devices, switches, links);
    }

    /** Devices without links; transfers must be priced by the problem's cost table. */
    public static Cluster unlinked(String name, List<Device> devices) {
        return new Cluster(name, "", List.of(), List.of(), devices, List.of(), List.of());
    }

    private Route[][] computeRoutes() {
        int nd = devices.size();
        Route[][] r = new Route[nd][nd];
        if (links.isEmpty()) {
            return r;
        }
        // endpoint graph
        Map<String, Integer> node = new HashMap<>();
        for (Device d : devices) {
            node.put(d.id(), node.size());
        }
        for (String s : switches) {
            node.put(s, node.size());
        }
        int nn = node.size();
        List<List<int[]>> adj = new ArrayList<>(); // {link index, neighbour, forward?1:0}
        for (int i = 0; i < nn; i++) {
            adj.add(new ArrayList<>());
        }
        for (int k = 0; k < links.size(); k++) {
            Link l = links.get(k);
            int a = node.get(l.a());
            int b = node.get(l.b());
            adj.get(a).add(new int[] {k, b, 1});
            adj.get(b).add(new int[] {k, a, 0});
        }
        for (int src = 0; src < nd; src++) {
            List<List<Label>> best = paretoBfs(src, nn, adj);
            for (int dst = 0; dst < nd; dst++) {
                if (dst == src) {
                    r[src][dst] = new Route(List.of(), List.of(), 0, Double.POSITIVE_INFINITY);
                    continue;
                }
                List<Label> labels = best.get(dst);
                if (labels.isEmpty()) {
                    throw new ModelException("no link path connects device '" + devices.get(src).id()
                            + "' to device '" + devices.get(dst).id() + "'");
                }
                Label bestLabel = labels.get(0);
                for (Label l : labels) {
                    if (l.bandwidth > bestLabel.bandwidth
                            || (l.bandwidth == bestLabel.bandwidth && l.latency < bestLabel.latency)) {
                        bestLabel = l;
                    }
                }
                r[src][dst] = bestLabel.toRoute();
            }
        }
        return r;
    }

    private record Label(double bandwidth, double latency, List<Integer> hops, List<Boolean> fwd) {
        Route toRoute() {
            return new Route(hops, fwd, latency, bandwidth);
        }

        boolean dominates(Label o) {
            return bandwidth >= o.bandwidth && latency <= o.latency;
        }
    }

    /**
     * Breadth-first search by hop count that keeps, per endpoint, the Pareto set of (bottleneck
     * bandwidth, latency) among its fewest-hop paths, so the lexicographic best is found exactly.
     */
    private List<List<Label>> paretoBfs(int src, int nn, List<List<int[]>> adj) {
        int[] dist = new int[nn];
        java.util.Arrays.fill(dist, -1);
        List<List<Label>> labels = new ArrayList<>();
        for (int i = 0; i < nn; i++) {
            labels.add(new ArrayList<>());
        }
        dist[src] = 0;
        labels.get(src).add(new Label(Double.POSITIVE_INFINITY, 0, List.of(), List.of()));
        List<Integer> frontier = List.of(src);
        int nd = devices.size();
        while (!frontier.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int u : frontier) {
                // transfers pass through switches, not through other devices
                if (u != src && u < nd) {
                    continue;
                }
                for (int[] e : adj.get(u)) {
                    int v = e[1];
                    if (dist[v] >= 0 && dist[v] <= dist[u]) {
                        continue;
                    }
                    if (dist[v] < 0) {
                        dist[v] = dist[u] + 1;
                        next.add(v);
                    }
                    Link l = links.get(e[0]);
                    for (Label lab : labels.get(u)) {
                        List<Integer> hops = new ArrayList<>(lab.hops);
                        hops.add(e[0]);
                        List<Boolean> fwd = new ArrayList<>(lab.fwd);
                        fwd.add(e[2] == 1);
                        Label cand = new Label(Math.min(lab.bandwidth, l.bandwidth()), lab.latency + l.latency(),
                                hops, fwd);
                        addPareto(labels.get(v), cand);
                    }
                }
            }
            frontier = next;
        }
        return labels;
    }

    private static void addPareto(List<Label> set, Label cand) {
        for (Label l : set) {
            if (l.dominates(cand)) {
                return;
            }
        }
        set.removeIf(cand::dominates);
        set.add(cand);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Where the figures come from (spec sheets), one citation per entry. */
    public List<String> sources() {
        return sources;
    }

    public List<Server> servers() {
        return servers;
    }

    public List<Device> devices() {
        return devices;
    }

    public Device device(int i) {
        return devices.get(i);
    }

    public int size() {
        return devices.size();
    }

    public List<String> switches() {
        return switches;
    }

    public List<Link> links() {
        return links;
    }

    public Optional<Integer> indexOf(String deviceId) {
        return Optional.ofNullable(deviceIndex.get(deviceId));
    }

    public boolean hasLinks() {
        return !links.isEmpty();
    }

    /** The route from device {@code a} to device {@code b}; empty when the cluster has no links. */
    public Optional<Route> route(int a, int b) {
        return Optional.ofNullable(routes[a][b]);
    }

    /** Indices of the devices on a server, in device order. */
    public List<Integer> devicesOf(String serverId) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).server().equals(serverId)) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Cluster[" + name + ", " + devices.size() + " devices, " + links.size() + " links]";
    }
}
