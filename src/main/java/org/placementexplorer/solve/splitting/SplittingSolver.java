package org.placementexplorer.solve.splitting;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.placementexplorer.eval.IncrementalEvaluator;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveContext;
import org.placementexplorer.solve.Status;
import org.placementexplorer.solve.common.HeuristicSolver;
import org.placementexplorer.solve.common.SubSolver;
import org.placementexplorer.solve.common.Subproblems;
import org.placementexplorer.solve.common.OpUnits;
import org.placementexplorer.solve.heft.HeftSolver;

/**
 * Splitting (DiviML, Yousefi et al., ICCAD 2023): the graph is cut into blocks ({@link Blocks}:
 * modularity communities, repaired so the block graph is acyclic), and the blocks are solved one
 * after another with the MILP, each seeing what the blocks before it decided: per device its load
 * so far (throughput) or the time it becomes free (latency), its memory, and the operators that
 * feed the block, pinned where they are ({@link Subproblems#block}). The placements of the blocks
 * together are the result.
 *
 * <p>Anytime: HEFT's placement is offered first, and serves for any block the MILP returns nothing
 * for (or all blocks left when time runs out). Each block gets a share of the remaining time in
 * proportion to its size.
 *
 * <p>Options: {@code block-size=N} (largest block, default 40 operators).
 */
public final class SplittingSolver extends HeuristicSolver {
    public static final String NAME = "splitting";
    private final SubSolver sub;

    /** Solves blocks with the registered {@code milp} solver. */
    public SplittingSolver() {
        this(null);
    }

    /** Solves blocks with {@code sub} (tests use small exact solvers). */
    public SplittingSolver(SubSolver sub) {
        this.sub = sub;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "DiviML splitting: modularity blocks, acyclic repair, each block solved by the MILP in order";
    }

    @Override
    protected java.util.Set<String> numericOptions() {
        return java.util.Set.of("block-size");
    }

    @Override
    protected HeuristicSolver fresh() {
        return new SplittingSolver(sub);
    }

    @Override
    protected Status search(SolveContext ctx, OpUnits units) {
        Problem p = ctx.problem();
        OpGraph g = p.graph();
        int n = g.size();
        int nd = p.deviceCount();
        boolean latency = ctx.objective() == Objective.LATENCY;
        int[] fallback = latency ? HeftSolver.latency(p, units).devices() : HeftSolver.throughput(p, units);
        offerUnits(ctx, units, units.restrict(fallback));
        SubSolver solver = sub != null ? sub : SubSolver.milp().orElse(null);
        if (solver == null) {
            ctx.note("splitting needs the milp solver, which this build does not have: HEFT's placement returned");
            return Status.FEASIBLE;
        }
        int maxSize = (int) Math.max(2, longOption(ctx, "block-size", 40));
        List<int[]> blocks = Blocks.partition(p, units, maxSize, ctx.request().seed());
        int[] placed = new int[n];
        Arrays.fill(placed, -1);
        int[] unitDevice = new int[units.count()];
        Arrays.fill(unitDevice, -1);
        ctx.request().pins().forEach((v, d) -> unitDevice[units.unitOf(v)] = d);
        IncrementalEvaluator loads = new IncrementalEvaluator(p);
        double[] free = new double[nd];
        double[] end = new double[n];
        int left = n;
        int solved = 0;
        int fellBack = 0;
        for (int[] block : blocks) {
            int[] devs = null;
            if (!ctx.shouldStop()) {
                Map<Integer, Integer> pins = new HashMap<>();
                for (int v : block) {
                    if (unitDevice[units.unitOf(v)] >= 0) {
                        pins.put(v, unitDevice[units.unitOf(v)]);
                    }
                }
                double[] time = new double[nd];
                double[] memory = new double[nd];
                for (int d = 0; d < nd; d++) {
                    time[d] = latency ? free[d] : loads.operatorsOn(d) > 0 ? loads.load(d) : 0;
                    memory[d] = loads.residentMemory(d);
                }
                Subproblems.Sub s = Subproblems.block(p, block, placed, time, memory, pins);
                // (with a margin for each MILP's model building and the evaluation of the result)
                double seconds = (0.85 * ctx.remaining() - 0.05) * block.length / left;
                int[] r = solver.solve(s.problem(), ctx.objective(), s.pins(),
                        Duration.ofNanos((long) (Math.max(0.05, seconds) * 1e9)), ctx.request().seed(),
                        SubSolver.stopInTime(ctx));
                if (r != null) {
                    devs = new int[block.length];
                    for (int i = 0; i < s.original().length; i++) {
                        int v = s.original()[i];
                        if (v >= 0 && placed[v] < 0) {
                            devs[indexIn(block, v)] = r[i];
                        }
                    }
                }
            }
            boolean ok = devs != null;
            for (int i = 0; ok && i < block.length; i++) {
                int u = units.unitOf(block[i]);
                ok = units.allowed(u, devs[i]) && (unitDevice[u] < 0 || unitDevice[u] == devs[i]);
            }
            if (ok) {
                solved++;
            } else {
                fellBack++;
                devs = new int[block.length];
                for (int i = 0; i < block.length; i++) {
                    int u = units.unitOf(block[i]);
                    devs[i] = unitDevice[u] >= 0 ? unitDevice[u] : fallback[block[i]];
                }
            }
            for (int i = 0; i < block.length; i++) {
                int v = block[i];
                placed[v] = devs[i];
                unitDevice[units.unitOf(v)] = devs[i];
                loads.move(v, devs[i]);
                // append to the device's timeline (latency: when each device becomes free)
                double ready = 0;
                for (int e : g.inEdges(v)) {
                    int u = g.edges().get(e).from();
                    double at = placed[u] == devs[i] ? end[u]
                            : end[u] + p.transferTime(g.tensorOfEdge(e), placed[u], devs[i]);
                    ready = Math.max(ready, at);
                }
                end[v] = Math.max(ready, free[devs[i]]) + p.opTime(v, devs[i]);
                free[devs[i]] = end[v];
            }
            left -= block.length;
        }
        offerUnits(ctx, units, units.restrict(placed));
        ctx.note("splitting: " + blocks.size() + " blocks of at most " + maxSize + " operators; " + solved
                + " solved by the sub-solver" + (fellBack > 0 ? ", " + fellBack + " took HEFT's placement" : ""));
        return Status.FEASIBLE;
    }

    private static int indexIn(int[] a, int x) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == x) {
                return i;
            }
        }
        throw new IllegalStateException();
    }
}
