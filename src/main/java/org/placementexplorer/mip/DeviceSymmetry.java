package org.placementexplorer.mip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Route;

/**
 * Classes of interchangeable devices: a and b are interchangeable when swapping them maps every
 * placement to one with the same objective and feasibility — equal operator times, memory and
 * overlap flag, and transfer times and link usage that the swap preserves (for routed transfers:
 * a link permutation that carries every route onto the route of the swapped pair). Swaps that are
 * symmetries compose, so the relation is an equivalence. Used to break symmetry in the MILPs: any
 * placement can be relabelled within a class without changing its value.
 */
public final class DeviceSymmetry {
    private DeviceSymmetry() {
    }

    /**
     * Classes with at least two devices, each in increasing index order.
     *
     * @param excluded devices that must not be relabelled (e.g. they hold pinned operators)
     */
    public static List<int[]> classes(Problem p, Collection<Integer> excluded) {
        int nd = p.deviceCount();
        Set<Integer> ex = new HashSet<>(excluded);
        boolean[] done = new boolean[nd];
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < nd; a++) {
            if (done[a] || ex.contains(a)) {
                continue;
            }
            List<Integer> cls = new ArrayList<>();
            cls.add(a);
            for (int b = a + 1; b < nd; b++) {
                if (!done[b] && !ex.contains(b) && interchangeable(p, a, b)) {
                    cls.add(b);
                    done[b] = true;
                }
            }
            if (cls.size() > 1) {
                out.add(cls.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return out;
    }

    /** Whether swapping devices a and b is a symmetry of the problem. */
    public static boolean interchangeable(Problem p, int a, int b) {
        Cluster c = p.cluster();
        Device da = c.device(a);
        Device db = c.device(b);
        if (da.memoryBytes() != db.memoryBytes() || da.overlapsTransfers() != db.overlapsTransfers()) {
            return false;
        }
        OpGraph g = p.graph();
        for (int v = 0; v < g.size(); v++) {
            if (Double.compare(p.opTime(v, a), p.opTime(v, b)) != 0) {
                return false;
            }
        }
        int nd = p.deviceCount();
        int[] sigma = new int[nd];
        for (int d = 0; d < nd; d++) {
            sigma[d] = d == a ? b : d == b ? a : d;
        }
        switch (p.pricing()) {
            case PER_TENSOR -> {
                return true;
            }
            case MATRIX -> {
                for (int t = 0; t < g.tensorCount(); t++) {
                    for (int x = 0; x < nd; x++) {
                        for (int y = 0; y < nd; y++) {
                            if (x != y && Double.compare(p.transferTime(t, x, y),
                                    p.transferTime(t, sigma[x], sigma[y])) != 0) {
                                return false;
                            }
                        }
                    }
                }
                return true;
            }
            default -> {
                return routesSymmetric(c, sigma);
            }
        }
    }

    private static boolean routesSymmetric(Cluster c, int[] sigma) {
        int nd = c.size();
        if (!c.hasLinks()) {
            return true;
        }
        // endpoint map: devices by sigma, switches fixed
        List<Link> links = c.links();
        java.util.Map<String, String> endpoint = new java.util.HashMap<>();
        for (int d = 0; d < nd; d++) {
            endpoint.put(c.device(d).id(), c.device(sigma[d]).id());
        }
        int[] image = new int[links.size()];
        boolean[] flipped = new boolean[links.size()];
        for (int l = 0; l < links.size(); l++) {
            Link k = links.get(l);
            String ea = endpoint.getOrDefault(k.a(), k.a());
            String eb = endpoint.getOrDefault(k.b(), k.b());
            int found = -1;
            for (int m = 0; m < links.size(); m++) {
                Link q = links.get(m);
                boolean same = q.a().equals(ea) && q.b().equals(eb);
                boolean flip = q.a().equals(eb) && q.b().equals(ea);
                if ((same || flip) && q.bandwidth() == k.bandwidth() && q.latency() == k.latency()) {
                    if (found >= 0) {
                        return false; // parallel links: the permutation is ambiguous
                    }
                    found = m;
                    flipped[l] = !same;
                }
            }
            if (found < 0) {
                return false;
            }
            image[l] = found;
        }
        for (int x = 0; x < nd; x++) {
            for (int y = 0; y < nd; y++) {
                if (x == y) {
                    continue;
                }
                Route r = c.route(x, y).orElseThrow();
                Route s = c.route(sigma[x], sigma[y]).orElseThrow();
                if (r.hops().size() != s.hops().size() || r.latency() != s.latency()
                        || r.bandwidth() != s.bandwidth()) {
                    return false;
                }
                for (int h = 0; h < r.hops().size(); h++) {
                    int l = r.hops().get(h);
                    if (s.hops().get(h) != image[l] || s.forward().get(h) != (r.forward().get(h) ^ flipped[l])) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Relabels devices within each class so that, in each class, the device holding the smallest
     * unit comes first, then the next, and empty devices last (the canonical form the MILPs'
     * symmetry-breaking rows accept). Returns the permutation: {@code perm[old] = new}.
     */
    public static int[] canonicalByFirstUnit(int[] unitDevice, int deviceCount, List<int[]> classes) {
        int[] perm = new int[deviceCount];
        for (int d = 0; d < deviceCount; d++) {
            perm[d] = d;
        }
        int[] first = new int[deviceCount];
        Arrays.fill(first, Integer.MAX_VALUE);
        for (int u = unitDevice.length - 1; u >= 0; u--) {
            first[unitDevice[u]] = u;
        }
        for (int[] cls : classes) {
            Integer[] sorted = new Integer[cls.length];
            for (int i = 0; i < cls.length; i++) {
                sorted[i] = cls[i];
            }
            Arrays.sort(sorted, (x, y) -> first[x] != first[y] ? Integer.compare(first[x], first[y])
                    : Integer.compare(x, y));
            for (int i = 0; i < cls.length; i++) {
                perm[sorted[i]] = cls[i];
            }
        }
        return perm;
    }

    /**
     * Relabels devices within each class so that the used devices of a class appear in increasing
     * index order along {@code chain} (a sequence of distinct devices), empty ones last.
     */
    public static int[] canonicalByChain(int[] chain, int deviceCount, List<int[]> classes) {
        int[] perm = new int[deviceCount];
        for (int d = 0; d < deviceCount; d++) {
            perm[d] = d;
        }
        int[] pos = new int[deviceCount];
        Arrays.fill(pos, Integer.MAX_VALUE);
        for (int i = 0; i < chain.length; i++) {
            pos[chain[i]] = i;
        }
        for (int[] cls : classes) {
            Integer[] sorted = new Integer[cls.length];
            for (int i = 0; i < cls.length; i++) {
                sorted[i] = cls[i];
            }
            Arrays.sort(sorted, (x, y) -> pos[x] != pos[y] ? Integer.compare(pos[x], pos[y]) : Integer.compare(x, y));
            for (int i = 0; i < cls.length; i++) {
                perm[sorted[i]] = cls[i];
            }
        }
        return perm;
    }
}
