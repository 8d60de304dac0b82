package org.placementexplorer.bound;

import java.util.Map;
import java.util.OptionalDouble;

import org.placementexplorer.mip.Groups;
import org.placementexplorer.mip.MipBackends;
import org.placementexplorer.mip.MipModel;
import org.placementexplorer.mip.MipParams;
import org.placementexplorer.mip.MipResult;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/**
 * Total work over total capacity with heterogeneous speeds, as a small LP (both objectives):
 * minimise P over fractional assignments x[u][d] ≥ 0 of the colocation units (Σ_d x[u][d] = 1,
 * x[u][d] = 0 where u cannot run or does not fit) subject to, for every device d,
 * Σ_u t(u,d)·x[u][d] ≤ P (its busy time) and Σ_u mem(u)·x[u][d] ≤ cap(d), and, for every unit,
 * Σ_d t(u,d)·x[u][d] ≤ P.
 *
 * <p>Valid: the 0/1 assignment of any feasible placement is a feasible point with P = the largest
 * busy time of a device (and every unit's own time is at most its device's busy time). The busy time
 * of a device is at most its throughput load (transfers only add) and at most the makespan (a device
 * runs one operator at a time). So the LP optimum is below both objectives of every feasible
 * placement. It is at least total-work when all devices are alike and much stronger when they
 * are not (a slow CPU beside fast GPUs).
 */
public final class HeterogeneousWorkBound implements LowerBound {
    @Override
    public String name() {
        return "heterogeneous-work";
    }

    @Override
    public String description() {
        return "LP: fractional assignment, every device's busy time and memory within bounds (both objectives)";
    }

    @Override
    public OptionalDouble compute(Problem p, Objective objective) {
        Groups units = Groups.of(p, Map.of());
        if (units.anyUnplaceable()) {
            return OptionalDouble.empty();
        }
        int nu = units.count();
        int nd = p.deviceCount();
        double ref = 0;
        for (int u = 0; u < nu; u++) {
            ref += units.minTime(u);
        }
        if (!(ref > 0)) {
            return OptionalDouble.of(0);
        }
        double scale = ref / 1000;
        MipModel m = new MipModel();
        int[][] x = new int[nu][nd];
        for (int u = 0; u < nu; u++) {
            for (int d = 0; d < nd; d++) {
                x[u][d] = units.allowed(u, d) ? m.addContinuous(0, 1, "x") : -1;
            }
        }
        int period = m.addContinuous(0, Double.POSITIVE_INFINITY, "P");
        m.setObjective(period, 1);
        for (int u = 0; u < nu; u++) {
            MipModel.RowBuilder a = m.row("assign");
            MipModel.RowBuilder own = m.row("unit");
            for (int d = 0; d < nd; d++) {
                if (x[u][d] >= 0) {
                    a.add(x[u][d], 1);
                    own.add(x[u][d], units.time(u, d) / scale);
                }
            }
            a.equal(1);
            own.add(period, -1).atMost(0);
        }
        for (int d = 0; d < nd; d++) {
            MipModel.RowBuilder busy = m.row("busy");
            MipModel.RowBuilder mem = m.row("mem");
            double cap = p.cluster().device(d).memoryBytes();
            for (int u = 0; u < nu; u++) {
                if (x[u][d] >= 0) {
                    busy.add(x[u][d], units.time(u, d) / scale);
                    if (Double.isFinite(cap) && units.memory(u) > 0) {
                        mem.add(x[u][d], units.memory(u) / cap);
                    }
                }
            }
            busy.add(period, -1).atMost(0);
            if (!mem.isEmpty()) {
                mem.atMost(1);
            }
        }
        MipResult r = MipBackends.defaultLp().solve(m, MipParams.of(30).withRelax(true));
        if (r.status() != MipResult.Status.OPTIMAL) {
            return OptionalDouble.empty();
        }
        // the LP's optimum, less a hair for the solver's tolerance so the bound stays a bound
        return OptionalDouble.of(Math.max(0, r.objective() * scale * (1 - 1e-9) - 1e-7 * scale));
    }
}
