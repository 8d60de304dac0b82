package org.placementexplorer.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.heft.HeftSolver;
import org.placementexplorer.solve.local.LocalSearchSolver;

/** Identical servers: copies when they pay, a pipeline across servers when one server cannot hold the model. */
class SymmetryTest {
    static Problem tinyResnet(Cluster c) {
        var m = ModelLoader.load(Path.of("sample-graphs/tiny-resnet.json"));
        return AnalyticCostModel.problem(m.graph(), c);
    }

    @Test
    void copiesOnOneServerWinOnTwoIdenticalServers() {
        Problem p = tinyResnet(Samples.cluster("2x4gpu"));
        SolverResult r = new HeftSolver().solve(p, SolveRequest.of(Objective.THROUGHPUT, Duration.ofSeconds(20)));
        assertEquals(2, r.best().placement().replicas());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("chose data-parallel copies")), r.notes().toString());
        assertEquals(r.best().objective(), new Evaluator(p).objective(r.best().placement(), Objective.THROUGHPUT));
        // latency never replicates
        SolverResult lat = new HeftSolver().solve(p, SolveRequest.of(Objective.LATENCY, Duration.ofSeconds(20)));
        assertEquals(1, lat.best().placement().replicas());
    }

    @Test
    void aPipelineAcrossServersWhenOneServerCannotHoldTheModel() {
        Cluster c = Samples.cluster("2x4gpu");
        Problem full = tinyResnet(c);
        double resident = 0;
        for (int v = 0; v < full.operators(); v++) {
            resident += full.opMemory(v);
        }
        // each GPU holds 1/4.2 of the parameters: one server (4 GPUs) is too small, two are not
        var devices = new ArrayList<Device>();
        for (Device d : c.devices()) {
            devices.add(d.withMemoryBytes(resident / 4.2));
        }
        Cluster small = Cluster.of(c.name(), c.description(), c.sources(), c.servers(), devices, c.switches(),
                c.links());
        Problem p = tinyResnet(small);
        SolveRequest req = new SolveRequest(Objective.THROUGHPUT, Duration.ofSeconds(20), 1, Map.of(), null,
                Map.of("iterations", "20"));
        SolverResult r = new LocalSearchSolver().solve(p, req);
        assertTrue(r.best() != null && r.best().feasible(), r.notes().toString());
        assertEquals(1, r.best().placement().replicas());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("chose a pipeline across servers")
                && n.contains("nothing feasible")), r.notes().toString());
    }
}
