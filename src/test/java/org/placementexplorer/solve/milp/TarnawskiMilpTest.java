package org.placementexplorer.solve.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.placementexplorer.TarnawskiStyle;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.SolverResult;
import org.placementexplorer.solve.Status;

/**
 * The Tarnawski instances with at most 60 operators (the bert24 LayerGraphs), through the real
 * importer: milp proves optimality, its objective is never above dp's (the contiguous throughput
 * optimum) and its contiguous optimum equals dp's (training graph too), and no bound exceeds an
 * objective. Reads the bundled samples where they exist, else ../shared; skips when neither is
 * there or the importer is absent.
 */
class TarnawskiMilpTest {
    static final Path DIR = TarnawskiStyle.sharedDir().resolve("instances/tarnawski");

    static Problem load(String name) {
        Path sample = Path.of("sample-graphs").resolve(name);
        Path f = Files.exists(sample) ? sample : DIR.resolve(name);
        assumeTrue(Files.exists(f), "shared Tarnawski instances not present (" + f + ")");
        try {
            var m = ModelLoader.load(f);
            assumeTrue(m.carriesDevices(), "no Tarnawski importer in this build");
            return m.ownProblem();
        } catch (InputException e) {
            assumeTrue(false, "no Tarnawski importer in this build: " + e.getMessage());
            return null;
        }
    }

    static SolverResult milp(Problem p, Objective o, boolean contiguous) {
        return new MilpSolver().solve(p, new SolveRequest(o, Duration.ofSeconds(60), 1, Map.of(), null,
                contiguous ? Map.of("contiguous", "true") : Map.of()));
    }

    @Test
    void bert24ThroughputIsProvenAndNeverAboveDp() {
        Problem p = load("throughput-inputs_LayerGraphs_bert24_inference.json");
        assertTrue(p.operators() <= 60);
        SolverResult free = milp(p, Objective.THROUGHPUT, false);
        SolverResult chain = milp(p, Objective.THROUGHPUT, true);
        assertEquals(Status.OPTIMAL, free.status(), free.notes().toString());
        assertEquals(Status.OPTIMAL, chain.status(), chain.notes().toString());
        assertTrue(free.best().objective() <= chain.best().objective());
        Evaluator ev = new Evaluator(p);
        assertEquals(free.best().objective(), ev.objective(free.best().placement(), Objective.THROUGHPUT), 0.0);
        Optional<Solver> dp = SolverRegistry.byName("dp");
        if (dp.isPresent()) {
            SolverResult d = dp.get().solve(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofSeconds(60)));
            assertTrue(free.best().objective() <= d.best().objective() * (1 + 1e-9), "milp above dp");
            assertEquals(d.best().objective(), chain.best().objective(), 1e-9 * d.best().objective(),
                    "contiguous optima differ");
        }
        for (double b : Bounds.compute(p, Objective.THROUGHPUT, Bounds.all(), 5).values().values()) {
            assertTrue(b <= free.best().objective() * (1 + 1e-9), b + " > " + free.best().objective());
        }
    }

    /** Training graphs: the pipeline order binds forward operators only, as in dp (ADR 16). */
    @Test
    void bert24TrainingContiguousOptimumIsDps() {
        Problem p = load("throughput-inputs_LayerGraphs_bert24_training.json");
        assumeTrue(p.hasBackwardPass(), "importer without backward flags");
        SolverResult chain = milp(p, Objective.THROUGHPUT, true);
        assertEquals(Status.OPTIMAL, chain.status(), chain.notes().toString());
        Optional<Solver> dp = SolverRegistry.byName("dp");
        assumeTrue(dp.isPresent(), "no dp solver in this build");
        SolverResult d = dp.get().solve(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofSeconds(60)));
        assertEquals(Status.OPTIMAL, d.status());
        assertEquals(d.best().objective(), chain.best().objective(), 1e-9 * d.best().objective());
    }

    @Test
    void bert24LatencyIsProven() {
        Problem p = load("latency-inputs_LayerGraphs_bert24_inference.json");
        assertTrue(p.operators() <= 60);
        SolverResult r = milp(p, Objective.LATENCY, false);
        assertEquals(Status.OPTIMAL, r.status(), r.notes().toString());
        Evaluator ev = new Evaluator(p);
        assertEquals(r.best().objective(), ev.objective(r.best().placement(), Objective.LATENCY), 0.0);
        for (double b : Bounds.compute(p, Objective.LATENCY, Bounds.all(), 5).values().values()) {
            assertTrue(b <= r.best().objective() * (1 + 1e-9), b + " > " + r.best().objective());
        }
    }
}
