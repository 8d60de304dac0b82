package org.placementexplorer.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.tarnawski.TarnawskiImporter;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;

/** Hand-computed values of the speed-weighted work and largest-class bounds. */
class SpeedAndClassBoundsTest {
    static Problem instance(String json) {
        return TarnawskiImporter.read("t.json", Json.parse("t.json", json.getBytes()), ImportOptions.DEFAULT)
                .ownProblem();
    }

    // accelerator times 2, 3, 4, 1 (CPU ten times slower); nodes 2 and 3 in one class
    static final String FOUR = """
            {"maxSizePerFPGA": 15, "maxFPGAs": 3, "maxCPUs": 1,
             "nodes": [
              {"id": 1, "supportedOnFpga": 1, "cpuLatency": 20, "fpgaLatency": 2, "isBackwardNode": 0},
              {"id": 2, "supportedOnFpga": 1, "cpuLatency": 30, "fpgaLatency": 3, "isBackwardNode": 0, "colorClass": 9},
              {"id": 3, "supportedOnFpga": 1, "cpuLatency": 40, "fpgaLatency": 4, "isBackwardNode": 0, "colorClass": 9},
              {"id": 4, "supportedOnFpga": 1, "cpuLatency": 10, "fpgaLatency": 1, "isBackwardNode": 0}],
             "edges": [{"sourceId": 1, "destId": 2, "cost": 0.5}]}
            """;

    @Test
    void aSlowCpuAddsAFractionOfADevice() {
        Problem p = instance(FOUR);
        // work 10 over 3 accelerators + a CPU at a tenth of their speed: 10 / 3.1
        assertEquals(10 / 3.1, new SpeedWeightedWorkBound().compute(p, Objective.THROUGHPUT).getAsDouble(), 1e-12);
        assertEquals(10 / 3.1, new SpeedWeightedWorkBound().compute(p, Objective.LATENCY).getAsDouble(), 1e-12);
        // the plain total-work bound spreads it over 4 devices
        assertEquals(2.5, new TotalWorkBound().compute(p, Objective.THROUGHPUT).getAsDouble());
    }

    @Test
    void aClassRunsOnOneDevice() {
        Problem p = instance(FOUR);
        // nodes 2 and 3 together: 3 + 4 on an accelerator
        assertEquals(7.0, new ColocationClassBound().compute(p, Objective.THROUGHPUT).getAsDouble());
        assertEquals(4.0, new LargestOperatorBound().compute(p, Objective.THROUGHPUT).getAsDouble());
    }

    @Test
    void identicalDevicesGiveTheTotalWorkBound() {
        Problem p = instance(FOUR.replace("\"maxCPUs\": 1", "\"maxCPUs\": 0"));
        assertEquals(10 / 3.0, new SpeedWeightedWorkBound().compute(p, Objective.THROUGHPUT).getAsDouble(), 1e-12);
        assertEquals(new TotalWorkBound().compute(p, Objective.THROUGHPUT).getAsDouble(),
                new SpeedWeightedWorkBound().compute(p, Objective.THROUGHPUT).getAsDouble(), 1e-12);
    }
}
