package org.placementexplorer.bound;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.placementexplorer.mip.Groups;
import org.placementexplorer.mip.MipBackends;
import org.placementexplorer.mip.MipModel;
import org.placementexplorer.mip.MipParams;
import org.placementexplorer.mip.MipResult;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

/**
 * "Guess the bottleneck block" (throughput; after Archer et al., ICML 2024): a MIP over ONE
 * device's contents instead of all of them, so it stays small on large graphs, yet it keeps the
 * integrality and the transfers that the linear relaxations lose.
 *
 * <p>Take a class M of k devices with equal operator times (the largest such class; every class
 * is tried when there are few) and the other devices O. Let W be the total time on M of the units
 * that may run on M (less those some device of O runs in zero time), and for o in O let ρ(o) = min
 * over units of t(u,o)/t(u,M). Each MIP is
 * <pre>
 *   minimise P  over y ∈ {0,1}^units (the units on one device m of M), P ≥ 0
 *   P ≥ Σ t(u,M)·y_u + comm(y)            (m's load; comm only if M devices pay transfers)
 *   Σ mem(u)·y_u ≤ cap(m)
 *   work:  k·Σ t(u,M)·y_u + (Σ_o 1/ρ(o))·P ≥ W        (m computes the most), or
 *   count: k·Σ_{u∈B} y_u + (Σ_o 1/τ_B(o))·P ≥ |B|    (m holds the most units of B)
 * </pre>
 * where comm(y) charges the cheapest transfer of every tensor that enters or leaves the set y, B is
 * a set of large units and τ_B(o) the fastest time of a B-unit on o. Proof that each is ≤ the
 * optimal period P*: in an optimal placement every device o of O computes at most P*, so it holds
 * at most P* / ρ(o) of M-work and at most P* / τ_B(o) units of B; the k devices of M hold the rest,
 * so the device m of M with the most work (or the most B-units) has at least the average; m's load
 * (≤ P*) is its compute plus at least the cheapest transfer of each tensor crossing its boundary. So
 * y = "units on m" with P = P* is feasible. The MIPs share the budget; a MIP stopped by it returns
 * its proven bound (still valid). Details and the bert24 example: docs/cost-model.md.
 */
public final class BottleneckBlockBound implements LowerBound {
    @Override
    public String name() {
        return "bottleneck-block";
    }

    @Override
    public String description() {
        return "MIP over the busiest device of the largest class of equal devices, with its transfers (throughput)";
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective) {
        return compute(p, objective, 10);
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective, double budgetSeconds) {
        if (objective != Objective.THROUGHPUT) {
            return OptionalDouble.empty();
        }
        Groups units = Groups.of(p, Map.of());
        if (units.anyUnplaceable()) {
            return OptionalDouble.empty();
        }
        List<int[]> classes = timeClasses(p);
        classes.sort((a, b) -> Integer.compare(b.length, a.length));
        if (classes.size() > 3) {
            classes = classes.subList(0, 1);
        }
        long deadline = System.nanoTime() + (long) (budgetSeconds * 1e9);
        List<Job> jobs = new ArrayList<>();
        for (int[] cls : classes) {
            jobs.addAll(jobs(p, units, cls));
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < jobs.size(); i++) {
            double left = (deadline - System.nanoTime()) / 1e9;
            double share = left / (jobs.size() - i);
            if (share <= 0.02) {
                break;
            }
            best = Math.max(best, solve(p, units, jobs.get(i), share));
        }
        return Double.isFinite(best) ? OptionalDouble.of(Math.max(0, best)) : OptionalDouble.empty();
    }

    /**
     * One MIP: the class, and how its busiest device is chosen — by compute (count == null) or by
     * the number of units of the set {@code count} it holds.
     */
    private record Job(int[] cls, boolean[] count) {
    }

    /**
     * The compute criterion, and count criteria for the sets of units whose M-time is at least
     * W/(k·(j+1)), j = 1…6 (the units of which a device holding about the average work can take at
     * most j): with few large units of similar size, "some device holds ⌈N/k⌉ of them" is the
     * pigeonhole that no relaxation sees.
     */
    private static List<Job> jobs(Problem p, Groups units, int[] cls) {
        List<Job> out = new ArrayList<>();
        out.add(new Job(cls, null));
        Shape s = shape(p, units, cls);
        List<java.util.BitSet> seen = new ArrayList<>();
        for (int j = 1; j <= 6; j++) {
            double theta = s.w / (cls.length * (j + 1.0));
            boolean[] b = new boolean[units.count()];
            java.util.BitSet bits = new java.util.BitSet();
            for (int u = 0; u < b.length; u++) {
                if (s.onM[u] && !s.freeElsewhere[u] && units.time(u, cls[0]) >= theta && theta > 0) {
                    b[u] = true;
                    bits.set(u);
                }
            }
            if (bits.cardinality() > cls.length && !seen.contains(bits)) {
                seen.add(bits);
                out.add(new Job(cls, b));
            }
        }
        return out;
    }

    /** Devices grouped by identical operator-time columns. */
    static List<int[]> timeClasses(Problem p) {
        int nd = p.deviceCount();
        boolean[] done = new boolean[nd];
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < nd; a++) {
            if (done[a]) {
                continue;
            }
            List<Integer> cls = new ArrayList<>(List.of(a));
            for (int b = a + 1; b < nd; b++) {
                if (!done[b] && sameTimes(p, a, b)) {
                    cls.add(b);
                    done[b] = true;
                }
            }
            out.add(cls.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static boolean sameTimes(Problem p, int a, int b) {
        for (int v = 0; v < p.operators(); v++) {
            if (Double.compare(p.opTime(v, a), p.opTime(v, b)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** What the MIPs of a class share: A (onM), the units free elsewhere, W, Σ 1/ρ, capacity, pays. */
    private record Shape(boolean[] onM, boolean[] freeElsewhere, double w, double absorb, double cap,
            boolean pays) {
    }

    private static Shape shape(Problem p, Groups units, int[] cls) {
        int nu = units.count();
        int nd = p.deviceCount();
        int m0 = cls[0];
        Set<Integer> inClass = new LinkedHashSet<>();
        for (int d : cls) {
            inClass.add(d);
        }
        double cap = 0;
        boolean pays = true; // only when every device of the class pays its transfers
        for (int d : cls) {
            cap = Math.max(cap, p.cluster().device(d).memoryBytes());
            pays &= !p.cluster().device(d).overlapsTransfers();
        }
        // A: units that may sit on a device of M; those an outside device runs in zero time are
        // left out of W (they could be absorbed for free)
        boolean[] onM = new boolean[nu];
        for (int u = 0; u < nu; u++) {
            onM[u] = Double.isFinite(units.time(u, m0)) && units.memory(u) <= cap;
        }
        double absorb = 0; // Σ_o 1/ρ(o)
        boolean[] freeElsewhere = new boolean[nu];
        for (int o = 0; o < nd; o++) {
            if (inClass.contains(o)) {
                continue;
            }
            double rho = Double.POSITIVE_INFINITY;
            for (int u = 0; u < nu; u++) {
                if (!onM[u] || !Double.isFinite(units.time(u, o)) || units.time(u, m0) == 0) {
                    continue;
                }
                if (units.time(u, o) == 0) {
                    freeElsewhere[u] = true;
                } else {
                    rho = Math.min(rho, units.time(u, o) / units.time(u, m0));
                }
            }
            if (rho > 0 && Double.isFinite(rho)) {
                absorb += 1 / rho;
            }
        }
        double w = 0;
        for (int u = 0; u < nu; u++) {
            if (onM[u] && !freeElsewhere[u]) {
                w += units.time(u, m0);
            }
        }
        return new Shape(onM, freeElsewhere, w, absorb, cap, pays);
    }

    private static double solve(Problem p, Groups units, Job job, double budget) {
        int[] cls = job.cls();
        int nu = units.count();
        int nd = p.deviceCount();
        int m0 = cls[0];
        Shape sh = shape(p, units, cls);
        boolean[] onM = sh.onM();
        boolean[] freeElsewhere = sh.freeElsewhere();
        double w = sh.w();
        double absorb = sh.absorb();
        double cap = sh.cap();
        boolean pays = sh.pays();
        double ref = w > 0 ? w / cls.length : 1;
        double scale = ref / 1000;
        MipModel m = new MipModel();
        int[] y = new int[nu];
        for (int u = 0; u < nu; u++) {
            y[u] = onM[u] ? m.addBinary("y" + u) : -1;
        }
        int period = m.addContinuous(0, Double.POSITIVE_INFINITY, "P");
        m.setObjective(period, 1);
        MipModel.RowBuilder load = m.row("load");
        MipModel.RowBuilder busiest = m.row("busiest"); // used by the compute criterion
        MipModel.RowBuilder mem = m.row("mem");
        for (int u = 0; u < nu; u++) {
            if (y[u] < 0) {
                continue;
            }
            double t = units.time(u, m0) / scale;
            load.add(y[u], t);
            if (!freeElsewhere[u]) {
                busiest.add(y[u], cls.length * t);
            }
            if (Double.isFinite(cap) && units.memory(u) > 0) {
                mem.add(y[u], units.memory(u) / cap);
            }
            // the busiest device also carries each of its units whole
            m.row("unit").add(period, 1).add(y[u], -t).atLeast(0);
        }
        if (pays) {
            addComm(p, units, y, m0, cls, load, m, scale);
        }
        load.add(period, -1).atMost(0);
        if (job.count() == null) {
            busiest.add(period, absorb).atLeast(w / scale);
        } else {
            // device o holds at most P / (its fastest time over the set) of the set's units
            boolean[] b = job.count();
            MipModel.RowBuilder most = m.row("mostUnits");
            int size = 0;
            for (int u = 0; u < nu; u++) {
                if (b[u]) {
                    size++;
                    most.add(y[u], cls.length);
                }
            }
            double perP = 0;
            boolean[] member = new boolean[nd];
            for (int d : cls) {
                member[d] = true;
            }
            for (int o = 0; o < nd; o++) {
                if (member[o]) {
                    continue;
                }
                double tmin = Double.POSITIVE_INFINITY;
                for (int u = 0; u < nu; u++) {
                    if (b[u]) {
                        tmin = Math.min(tmin, units.time(u, o));
                    }
                }
                if (Double.isFinite(tmin)) {
                    perP += scale / tmin;
                }
            }
            most.add(period, perP).atLeast(size);
        }
        if (!mem.isEmpty()) {
            mem.atMost(1);
        }
        MipResult r = MipBackends.defaultMip().solve(m, MipParams.of(budget).withRelativeGap(1e-4));
        double bound = switch (r.status()) {
            case OPTIMAL -> r.bestBound();
            case FEASIBLE, NO_SOLUTION -> Double.isFinite(r.bestBound()) ? r.bestBound() : Double.NEGATIVE_INFINITY;
            default -> Double.NEGATIVE_INFINITY;
        };
        if (!Double.isFinite(bound)) {
            return Double.NEGATIVE_INFINITY;
        }
        return bound * scale * (1 - 1e-9) - 1e-7 * scale;
    }

    /** The cheapest transfer of each tensor entering or leaving the set on a device of the class. */
    private static void addComm(Problem p, Groups units, int[] y, int m0, int[] cls, MipModel.RowBuilder load,
            MipModel m, double scale) {
        OpGraph g = p.graph();
        int nd = p.deviceCount();
        Set<Integer> inClass = new LinkedHashSet<>();
        for (int d : cls) {
            inClass.add(d);
        }
        for (int t = 0; t < g.tensorCount(); t++) {
            int pu = units.unitOf(g.tensorProducer(t));
            Set<Integer> cons = new LinkedHashSet<>();
            for (int c : g.tensorConsumers(t)) {
                if (units.unitOf(c) != pu) {
                    cons.add(units.unitOf(c));
                }
            }
            if (cons.isEmpty()) {
                continue;
            }
            // cheapest time into / out of a device of the class from / to any other device
            double in = Double.POSITIVE_INFINITY;
            double out = Double.POSITIVE_INFINITY;
            for (int d : cls) {
                for (int o = 0; o < nd; o++) {
                    if (o != d) {
                        in = Math.min(in, p.transferTime(t, o, d));
                        out = Math.min(out, p.transferTime(t, d, o));
                    }
                }
            }
            if (in > 0 && Double.isFinite(in)) {
                // received: a consumer inside, the producer outside
                int r = m.addContinuous(0, 1, "recv" + t);
                for (int cu : cons) {
                    if (y[cu] >= 0) {
                        MipModel.RowBuilder row = m.row("recv").add(r, 1).add(y[cu], -1);
                        if (y[pu] >= 0) {
                            row.add(y[pu], 1);
                        }
                        row.atLeast(0);
                    }
                }
                load.add(r, in / scale);
            }
            if (out > 0 && Double.isFinite(out) && y[pu] >= 0) {
                // sent: the producer inside, a consumer outside
                int s = m.addContinuous(0, 1, "send" + t);
                for (int cu : cons) {
                    MipModel.RowBuilder row = m.row("send").add(s, 1).add(y[pu], -1);
                    if (y[cu] >= 0) {
                        row.add(y[cu], 1);
                    }
                    row.atLeast(0);
                }
                load.add(s, out / scale);
            }
        }
    }
}
