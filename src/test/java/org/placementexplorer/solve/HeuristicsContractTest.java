package org.placementexplorer.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.placementexplorer.TestProblems;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * What every heuristic promises, checked on each: a feasible placement whose reported objective is
 * the evaluator's to the last bit, pins and colocation groups kept, INFEASIBLE with the reason when
 * memory rules every placement out, and the same result for the same seed.
 */
class HeuristicsContractTest {
    /** Every heuristic of this family, with options that keep test runs short and reproducible. */
    static final Map<String, Map<String, String>> HEURISTICS = new java.util.LinkedHashMap<>();

    static {
        HEURISTICS.put("round-robin-topological", Map.of());
        HEURISTICS.put("heft", Map.of());
        HEURISTICS.put("local-search", Map.of("iterations", "15"));
        HEURISTICS.put("slicegraph", Map.of("generations", "8"));
    }

    static Stream<Arguments> heuristicsAndObjectives() {
        List<Arguments> out = new ArrayList<>();
        for (String h : HEURISTICS.keySet()) {
            for (Objective o : Objective.values()) {
                out.add(Arguments.of(h, o));
            }
        }
        return out.stream();
    }

    static Problem tinyResnet(String cluster) {
        var m = ModelLoader.load(Path.of("sample-graphs/tiny-resnet.json"));
        return AnalyticCostModel.problem(m.graph(), Samples.cluster(cluster));
    }

    /** Random problems (one with colocation groups and an operator that only one device runs). */
    static List<Problem> problems() {
        Random rnd = new Random(99);
        List<Problem> out = new ArrayList<>();
        out.add(TestProblems.random(rnd, 12, 3, 0.25));
        out.add(TestProblems.randomOncePerTensor(rnd, 20, 4, 0.2));
        Problem p = TestProblems.random(rnd, 16, 3, 0.3);
        int[] groups = new int[p.operators()];
        for (int v = 0; v < groups.length; v++) {
            groups[v] = v % 5 == 0 ? 1 : v % 7 == 0 ? 2 : -1;
        }
        double[][] times = new double[p.operators()][p.deviceCount()];
        for (int v = 0; v < times.length; v++) {
            for (int d = 0; d < times[v].length; d++) {
                times[v][d] = v == 3 && d != 2 ? Double.POSITIVE_INFINITY : p.opTime(v, d);
            }
        }
        out.add(p.toBuilder().colocation(groups).opTimes(times).build());
        out.add(TestProblems.randomRouted(rnd, 25, "cpu-2gpu", 0.15));
        out.add(tinyResnet("2x4gpu"));
        out.add(tinyResnet("edge-cpu-npu"));
        return out;
    }

    static SolverResult run(String name, Problem p, Objective o, Map<Integer, Integer> pins, long seed) {
        Solver s = SolverRegistry.byName(name).orElseThrow();
        SolveRequest req = new SolveRequest(o, Duration.ofSeconds(20), seed, pins, null, HEURISTICS.get(name));
        return s.solve(p, req);
    }

    @ParameterizedTest
    @MethodSource("heuristicsAndObjectives")
    void feasibleAndTheEvaluatorReproducesTheObjective(String name, Objective o) {
        for (Problem p : problems()) {
            SolverResult r = run(name, p, o, Map.of(), 1);
            assertNotNull(r.best(), name + " found nothing on " + p);
            assertTrue(r.best().feasible(), name + ": " + r.best().violations());
            Evaluation again = new Evaluator(p).evaluate(r.best().placement(), o);
            assertEquals(r.best().objective(), again.objective(), name + " on " + p);
            if (p.hasColocation()) {
                for (int v = 0; v < p.operators(); v++) {
                    for (int w = 0; w < p.operators(); w++) {
                        if (p.colocationGroup(v) >= 0 && p.colocationGroup(v) == p.colocationGroup(w)) {
                            assertEquals(r.best().placement().deviceOf(v), r.best().placement().deviceOf(w));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("heuristicsAndObjectives")
    void pinsAreKept(String name, Objective o) {
        Random rnd = new Random(5);
        for (Problem p : problems()) {
            Map<Integer, Integer> pins = new HashMap<>();
            for (int k = 0; k < 3; k++) {
                int v = rnd.nextInt(p.operators());
                if (p.colocationGroup(v) >= 0) {
                    continue;
                }
                int d = rnd.nextInt(p.deviceCount());
                if (p.canRun(v, d)) {
                    pins.put(v, d);
                }
            }
            SolverResult r = run(name, p, o, pins, 3);
            assertNotNull(r.best(), name);
            Placement pl = r.best().placement();
            pins.forEach((v, d) -> assertEquals(d, pl.deviceOf(v), name + " moved pinned operator " + v));
        }
    }

    @ParameterizedTest
    @MethodSource("heuristicsAndObjectives")
    void sameSeedSameResult(String name, Objective o) {
        for (Problem p : problems().subList(0, 4)) {
            SolverResult a = run(name, p, o, Map.of(), 7);
            SolverResult b = run(name, p, o, Map.of(), 7);
            assertArrayEquals(a.best().placement().devices(), b.best().placement().devices(), name);
            assertEquals(a.best().objective(), b.best().objective());
        }
    }

    /**
     * Memory rules every placement out: two devices of 100 B, operators of 60 B each in a group of
     * three (180 B > 100 B); and a problem whose operators need 250 B in all on 200 B of devices.
     */
    @ParameterizedTest
    @MethodSource("heuristicsAndObjectives")
    void infeasibleMemoryIsReportedWithItsReason(String name, Objective o) {
        Random rnd = new Random(1);
        Problem base = TestProblems.random(rnd, 5, 2, 0.4);
        var cluster = TestProblems.unlinked(TestProblems.device("d0", 100, true), TestProblems.device("d1", 100, true));
        double[][] times = new double[5][2];
        for (double[] t : times) {
            java.util.Arrays.fill(t, 1);
        }
        Problem grouped = org.placementexplorer.model.Problem.builder(base.graph(), cluster).opTimes(times)
                .perTensorTransfers(new double[base.graph().tensorCount()]).activationMemory(false)
                .opMemory(new double[] {60, 60, 60, 10, 10}).colocation(new int[] {0, 0, 0, -1, -1}).build();
        SolverResult r = run(name, grouped, o, Map.of(), 1);
        assertEquals(Status.INFEASIBLE, r.status());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("memory") && n.contains("180 B")), r.notes().toString());

        Problem total = grouped.toBuilder().colocation(null).opMemory(new double[] {50, 50, 50, 50, 50}).build();
        r = run(name, total, o, Map.of(), 1);
        assertEquals(Status.INFEASIBLE, r.status());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("250 B") && n.contains("200 B")), r.notes().toString());
    }
}
