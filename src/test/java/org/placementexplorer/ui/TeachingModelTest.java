package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.placementexplorer.TestProblems.device;
import static org.placementexplorer.TestProblems.graph;
import static org.placementexplorer.TestProblems.op;
import static org.placementexplorer.TestProblems.problem;
import static org.placementexplorer.TestProblems.unlinked;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.ui.teaching.TeachingModel;

/** Teaching mode's figures on a hand-timed pipeline: a 1, b 3, c 2 on three devices, transfers 0.5. */
class TeachingModelTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static TeachingModel model(int m) {
        OpGraph g = graph(List.of(op("a", 1), op("b", 1), op("c", 1)), "a>b", "b>c");
        Problem p = problem(g, unlinked(device("d0", INF, true), device("d1", INF, true), device("d2", INF, true)),
                new double[][] {{1, 1, 1}, {3, 3, 3}, {2, 2, 2}}, new double[] {0.5, 0.5, 0});
        return new TeachingModel(p, new Evaluator(p).pipelinedSchedule(Placement.of(new int[] {0, 1, 2}), 8), m);
    }

    @Test
    void phasesAndFiguresOfThreeSamples() {
        // samples end at 7, 10, 13 (PipelineScheduleTest); c starts sample 0 at 5, a ends sample 2 at 3
        TeachingModel t = model(3);
        assertEquals(3, t.stages());
        assertEquals(3.0, t.period());
        assertEquals(7.0, t.latency());
        assertEquals(13.0, t.makespan());
        assertEquals(5.0, t.fillEnd());
        assertEquals(3.0, t.drainStart());
        assertEquals(TeachingModel.Phase.FILLING, t.phase(1));
        assertEquals(TeachingModel.Phase.DRAINING, t.phase(6));
        assertEquals(TeachingModel.Phase.DONE, t.phase(13));
        assertEquals(1, t.finished(7));
        assertEquals(3, t.finished(13));
        assertEquals(1 - 9.0 / 13, t.bubble(), 1e-12);
        assertEquals(2.0 / 5, t.idealBubble(), 1e-12, "(S − 1)/(M + S − 1) = 2/5");
        assertEquals(3 / 13.0, t.throughput(), 1e-12);
        // Step visits the starts and ends of the stages' busy blocks: 0 → 1 (a ends) → 1.5 (b starts)
        assertEquals(1.0, t.nextEvent(0));
        assertEquals(1.5, t.nextEvent(1.0));
        assertEquals(13.0, t.nextEvent(12.9));
        assertTrue(t.explanation().contains("M = 3"));
        assertEquals(8, t.curves().size());
    }

    @Test
    void theSliderKeepsMWithinTheSchedule() {
        TeachingModel t = model(3);
        t.setMicroBatches(100);
        assertEquals(8, t.microBatches());
        t.setMicroBatches(0);
        assertEquals(1, t.microBatches());
        assertEquals(7.0, t.makespan());
    }
}
