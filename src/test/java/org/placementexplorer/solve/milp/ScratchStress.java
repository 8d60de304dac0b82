package org.placementexplorer.solve.milp;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.placementexplorer.BruteForce;
import org.placementexplorer.RandomProblems;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.Status;

public final class ScratchStress {
    public static void main(String[] a) {
        long seed = Long.parseLong(a[0]);
        int trials = Integer.parseInt(a[1]);
        int bad = 0, ok = 0;
        for (int mode = 0; mode < 3; mode++) {
            Objective objective = mode == 2 ? Objective.LATENCY : Objective.THROUGHPUT;
            boolean contiguous = mode == 1;
            Random rnd = new Random(seed + mode);
            for (int trial = 0; trial < trials; trial++) {
                RandomProblems.Kind kind = RandomProblems.Kind.values()[trial % 4];
                int n = 3 + rnd.nextInt(6);
                int nd = 2 + rnd.nextInt(2);
                Problem p = RandomProblems.of(rnd, n, nd, kind);
                Map<Integer, Integer> pins = new HashMap<>();
                if (rnd.nextInt(4) == 0) {
                    int v = rnd.nextInt(n), d = rnd.nextInt(nd);
                    if (p.canRun(v, d)) pins.put(v, d);
                }
                SolverResult r = new MilpSolver().solve(p, new SolveRequest(objective, Duration.ofSeconds(30), 1, pins, null,
                        contiguous ? Map.of("contiguous", "true") : Map.of()));
                double up = r.best() == null || !r.best().feasible() ? Double.POSITIVE_INFINITY : r.best().objective();
                BruteForce.Best bf = objective == Objective.LATENCY ? BruteForce.latency(p, pins, up) : BruteForce.throughput(p, pins, contiguous);
                String what = mode + " trial " + trial + " " + kind + " n=" + n + " nd=" + nd + " pins=" + pins;
                boolean good;
                if (Double.isInfinite(bf.value())) good = r.status() == Status.INFEASIBLE;
                else good = r.status() == Status.OPTIMAL && Math.abs(bf.value() - r.best().objective()) <= 1e-7 * (1 + bf.value())
                        && r.best().objective() == new Evaluator(p).evaluate(r.best().placement(), objective).objective()
                        && r.lowerBound() <= bf.value() * (1 + 1e-7) + 1e-7
                        && (!contiguous || BruteForce.acyclicQuotient(p, r.best().placement().devices()));
                if (!good) { bad++; System.out.println("BAD " + what + " bf=" + bf.value() + " milp=" + r.status() + " " + (r.best() == null ? null : r.best().objective()) + " " + r.notes()); }
                else ok++;
            }
        }
        System.out.println("ok " + ok + " bad " + bad);
        System.exit(0);
    }
}
