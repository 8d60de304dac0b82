package org.placementexplorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.placementexplorer.io.Samples;

class ClusterRoutingTest {
    @Test
    void insideAServerNvlinkIsOneHop() {
        Cluster c = Samples.cluster("2x4gpu");
        int a = c.indexOf("n0gpu0").orElseThrow();
        int b = c.indexOf("n0gpu3").orElseThrow();
        Route r = c.route(a, b).orElseThrow();
        assertEquals(1, r.hops().size());
        assertEquals(100e9, r.bandwidth());
    }

    @Test
    void acrossServersTheNetworkIsTheBottleneck() {
        Cluster c = Samples.cluster("2x4gpu");
        Route r = c.route(c.indexOf("n0gpu1").orElseThrow(), c.indexOf("n1gpu2").orElseThrow()).orElseThrow();
        // GPU -> PCIe -> InfiniBand switch -> PCIe -> GPU
        assertEquals(4, r.hops().size());
        assertEquals(25e9, r.bandwidth());
        assertEquals(2e-6 + 5e-6 + 5e-6 + 2e-6, r.latency(), 1e-15);
    }

    @Test
    void amongEqualHopCountsTheWiderPathWins() {
        Device a = org.placementexplorer.TestProblems.device("a", Double.POSITIVE_INFINITY, true);
        Device b = org.placementexplorer.TestProblems.device("b", Double.POSITIVE_INFINITY, true);
        Cluster c = Cluster.of("w", "", List.of(), List.of(), List.of(a, b), List.of("s1", "s2"), List.of(
                new Link("a-s1", "a", "s1", 10e9, 1e-6), new Link("s1-b", "s1", "b", 10e9, 1e-6),
                new Link("a-s2", "a", "s2", 50e9, 5e-6), new Link("s2-b", "s2", "b", 40e9, 5e-6)));
        Route r = c.route(0, 1).orElseThrow();
        assertEquals(40e9, r.bandwidth());
        assertEquals(List.of(2, 3), r.hops());
        // the reverse direction takes the same links, backwards
        Route back = c.route(1, 0).orElseThrow();
        assertEquals(List.of(3, 2), back.hops());
        assertEquals(List.of(false, false), back.forward());
    }
}
