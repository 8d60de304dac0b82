package org.placementexplorer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementJson;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/** The replicated-throughput rule: period / r, only on r identical servers, one server per copy. */
class ReplicationTest {
    static Problem on(String cluster) {
        var m = ModelLoader.load(Path.of("sample-graphs/tiny-resnet.json"));
        return AnalyticCostModel.problem(m.graph(), Samples.cluster(cluster));
    }

    /** Operators spread over the first k devices of server node0 (device indices 0..3). */
    static Placement spread(Problem p, int k) {
        int[] dev = new int[p.operators()];
        int[] topo = p.graph().topologicalOrder();
        for (int i = 0; i < topo.length; i++) {
            dev[topo[i]] = i * k / topo.length;
        }
        return Placement.of(dev);
    }

    @Test
    void theTwoServersOf2x4gpuAreIdenticalAndCopiesDivideThePeriod() {
        Problem p = on("2x4gpu");
        assertEquals(List.of("node0", "node1"), Replication.equivalentServers(p, "node0"));
        Evaluator ev = new Evaluator(p);
        Placement one = spread(p, 4);
        Evaluation single = ev.evaluate(one, Objective.THROUGHPUT);
        Evaluation two = ev.evaluate(one.withReplicas(2), Objective.THROUGHPUT);
        assertTrue(two.feasible(), two.violations().toString());
        assertEquals(single.objective() / 2, two.objective());
        assertEquals(single.pipeline().period(), two.pipeline().period(), "the pipeline shown is one copy's");
        assertEquals(ev.evaluate(one, Objective.LATENCY).objective(),
                ev.evaluate(one.withReplicas(2), Objective.LATENCY).objective(), "copies do not change latency");
        assertEquals(two.objective(), ev.objective(one.withReplicas(2), Objective.THROUGHPUT));
    }

    @Test
    void copiesNeedEnoughIdenticalServersAndOneServerPerCopy() {
        Problem p = on("2x4gpu");
        Evaluator ev = new Evaluator(p);
        Evaluation three = ev.evaluate(spread(p, 4).withReplicas(3), Objective.THROUGHPUT);
        assertFalse(three.feasible());
        assertTrue(three.violations().get(0).message().contains("only 2 servers"), three.violations().toString());
        Evaluation across = ev.evaluate(spread(p, 8).withReplicas(2), Objective.THROUGHPUT);
        assertFalse(across.feasible());
        assertTrue(across.violations().get(0).message().contains("must sit on one server"));
        Problem single = on("dgx-8gpu");
        Evaluation dgx = new Evaluator(single).evaluate(spread(single, 4).withReplicas(2), Objective.THROUGHPUT);
        assertFalse(dgx.feasible(), "dgx-8gpu is one server");
    }

    @Test
    void serversWithDifferentDevicesAreNotIdentical() {
        Problem p = on("2x4gpu");
        var c = p.cluster();
        var devices = new java.util.ArrayList<>(c.devices());
        devices.set(5, devices.get(5).withMemoryBytes(1e9));
        var changed = org.placementexplorer.model.Cluster.of(c.name(), c.description(), c.sources(), c.servers(),
                devices, c.switches(), c.links());
        Problem q = AnalyticCostModel.problem(p.graph(), changed);
        assertEquals(List.of("node0"), Replication.equivalentServers(q, "node0"));
    }

    @Test
    void replicasSurviveTheJsonRoundTrip() {
        Problem p = on("2x4gpu");
        Placement pl = spread(p, 4).withReplicas(2);
        var o = Json.MAPPER.createObjectNode();
        PlacementJson.writeFields(o, p, pl);
        assertEquals(2, o.get("replicas").asInt());
        Placement back = PlacementJson.read("x.json", o, p);
        assertEquals(2, back.replicas());
        assertEquals(new Evaluator(p).objective(pl, Objective.THROUGHPUT),
                new Evaluator(p).objective(back, Objective.THROUGHPUT));
    }
}
