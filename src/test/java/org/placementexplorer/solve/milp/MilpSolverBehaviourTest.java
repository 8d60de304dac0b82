package org.placementexplorer.solve.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.placementexplorer.BruteForce;
import org.placementexplorer.RandomProblems;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.SolverListener;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.SolverRun;
import org.placementexplorer.solve.Status;

/** Cancel, time limit, warm start, options and activation memory. */
class MilpSolverBehaviourTest {

    static Problem sample(String cluster) {
        return ProblemLoader.problem(ModelLoader.load(Path.of("sample-graphs/tiny-resnet.json")), cluster, null);
    }

    /** A cancel returns the best placement so far promptly, whether or not the backend can be interrupted. */
    @ParameterizedTest
    @ValueSource(strings = {"scip", "ojalgo"})
    void cancelReturnsTheBestSoFarPromptly(String backend) throws InterruptedException {
        Problem p = sample("dgx-8gpu"); // its throughput MILP does not finish in a minute
        CountDownLatch firstIncumbent = new CountDownLatch(1);
        SolverListener l = new SolverListener() {
            @Override
            public void onIncumbent(Placement placement, double objective, double seconds) {
                firstIncumbent.countDown();
            }
        };
        SolveRequest req = new SolveRequest(Objective.THROUGHPUT, Duration.ofSeconds(60), 1, Map.of(), null,
                Map.of("backend", backend, "heuristic-time", "0.3"));
        SolverRun run = new MilpSolver().start(p, req, l);
        assertTrue(firstIncumbent.await(20, TimeUnit.SECONDS));
        Thread.sleep(1500); // the MILP is running by now
        long t0 = System.nanoTime();
        run.cancel();
        SolverResult r = run.await(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no result 5 s "
                + "after cancel"));
        double took = (System.nanoTime() - t0) / 1e9;
        assertTrue(took < 2.5, "cancel took " + took + " s");
        assertEquals(Status.CANCELLED, r.status());
        assertNotNull(r.best());
        assertTrue(r.best().feasible());
        assertNotNull(r.gap());
    }

    @Test
    void timeLimitEndsTheRunWithABoundAndAGap() {
        Problem p = sample("dgx-8gpu");
        SolverResult r = new MilpSolver().solve(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofSeconds(3)));
        assertEquals(Status.TIME_LIMIT, r.status(), r.notes().toString());
        assertTrue(r.seconds() < 5, r.seconds() + " s");
        assertNotNull(r.lowerBound());
        assertTrue(r.lowerBound() <= r.best().objective());
        assertNotNull(r.gap());
    }

    /** The warm start is an incumbent from the start: the result is never worse. */
    @Test
    void warmStartIsNeverLost() {
        Problem p = sample("cpu-2gpu");
        int[] dev = new int[p.operators()];
        for (int v = 0; v < dev.length; v++) {
            dev[v] = v < dev.length / 2 ? 1 : 2;
        }
        Placement warm = Placement.of(dev);
        double warmValue = new Evaluator(p).objective(warm, Objective.THROUGHPUT);
        SolverResult r = new MilpSolver().solve(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofSeconds(1))
                .withWarmStart(warm));
        assertTrue(r.best().objective() <= warmValue);
    }

    @Test
    void badOptionsAreRejectedInOneLine() {
        MilpSolver s = new MilpSolver();
        var e = assertThrows(IllegalArgumentException.class, () -> s.checkOptions(Map.of("backend", "gurobi")));
        assertTrue(e.getMessage().contains("gurobi"));
        assertThrows(IllegalArgumentException.class, () -> s.checkOptions(Map.of("contiguous", "yes")));
        assertThrows(IllegalArgumentException.class, () -> s.checkOptions(Map.of("threads", "0")));
        assertThrows(IllegalArgumentException.class, () -> s.checkOptions(Map.of("colour", "red")));
        s.checkOptions(Map.of("backend", "cbc", "contiguous", "true", "threads", "2", "slice", "1.5"));
    }

    /**
     * With activations counted, the throughput model sees resident memory only; the solver excludes
     * placements the evaluator finds over memory and still proves the true optimum (enumeration).
     */
    @Test
    void activationMemoryIsRespectedExactlyForThroughput() {
        Random rnd = new Random(4); // a seed where activations change the optimum in 3 of 10 trials
        int tight = 0;
        for (int trial = 0; trial < 10; trial++) {
            Problem base = RandomProblems.of(rnd, 4 + rnd.nextInt(3), 2 + rnd.nextInt(2),
                    RandomProblems.Kind.PER_DESTINATION);
            Problem p = withActivations(base, rnd);
            BruteForce.Best bf = BruteForce.throughput(p, Map.of(), false);
            BruteForce.Best residentOnly = BruteForce.throughput(p.toBuilder().activationMemory(false).build(),
                    Map.of(), false);
            SolverResult r = new MilpSolver().solve(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofSeconds(20)));
            if (Double.isInfinite(bf.value())) {
                assertEquals(Status.INFEASIBLE, r.status(), r.notes().toString());
                continue;
            }
            assertEquals(Status.OPTIMAL, r.status(), r.notes().toString());
            assertEquals(bf.value(), r.best().objective(), 1e-9 * (1 + bf.value()), r.notes().toString());
            if (bf.value() > residentOnly.value()) {
                tight++;
            }
        }
        assertTrue(tight >= 2, "activations changed the optimum in only " + tight + " trials");
    }

    /** Latency with activations: whatever milp returns, the evaluator finds it feasible. */
    @Test
    void activationMemoryLatencyResultsAreFeasible() {
        Random rnd = new Random(6);
        for (int trial = 0; trial < 8; trial++) {
            Problem p = withActivations(RandomProblems.of(rnd, 4 + rnd.nextInt(3), 2,
                    RandomProblems.Kind.PER_DESTINATION), rnd);
            SolverResult r = new MilpSolver().solve(p, SolveRequest.of(Objective.LATENCY, Duration.ofSeconds(10)));
            if (r.status() != Status.INFEASIBLE) {
                assertTrue(r.best().feasible(), r.notes().toString());
                assertEquals(r.best().objective(),
                        new Evaluator(p).evaluate(r.best().placement(), Objective.LATENCY).objective(), 0.0);
            }
        }
    }

    /** Same times and transfers, memory capacities that the live tensors (bytes 50–1000) make binding. */
    static Problem withActivations(Problem base, Random rnd) {
        int n = base.operators();
        int nd = base.deviceCount();
        List<Device> devices = new ArrayList<>();
        Map<Precision, Double> peaks = new EnumMap<>(Precision.class);
        peaks.put(Precision.FP32, 1e12);
        for (int d = 0; d < nd; d++) {
            Device o = base.cluster().device(d);
            devices.add(new Device(o.id(), o.name(), DeviceKind.GPU, "s", peaks, 1e11, 900 + rnd.nextInt(1200), 0,
                    o.overlapsTransfers()));
        }
        double[][] times = new double[n][nd];
        double[] mem = new double[n];
        for (int v = 0; v < n; v++) {
            mem[v] = base.opMemory(v);
            for (int d = 0; d < nd; d++) {
                times[v][d] = base.opTime(v, d);
            }
        }
        double[] per = new double[base.graph().tensorCount()];
        for (int t = 0; t < per.length; t++) {
            per[t] = nd > 1 ? base.transferTime(t, 0, 1) : 0;
        }
        int[] groups = new int[n];
        for (int v = 0; v < n; v++) {
            groups[v] = base.colocationGroup(v);
        }
        return Problem.builder(base.graph(), Cluster.unlinked("act", devices)).opTimes(times)
                .perTensorTransfers(per).opMemory(mem).activationMemory(true)
                .colocation(base.hasColocation() ? groups : null).build();
    }
}
