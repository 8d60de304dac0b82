package org.placementexplorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.placementexplorer.model.Objective;

/** The columns that compare a row with the other rows of its problem, and the heuristics summary. */
class BenchComparisonTest {
    static Bench.Outcome row(String model, String solver, String status, Double value, Double anyBound, double secs) {
        Bench.Row r = new Bench.Row(Path.of(model + ".json"), null, Objective.THROUGHPUT, solver, 60, null, null);
        return new Bench.Outcome(r, status, value, null, null, null, anyBound, secs, "unit", "");
    }

    @Test
    void ratiosToTheBestExactOptimumOrBoundAndTimeToTheMilp() {
        List<Bench.Outcome> all = List.of(
                row("a", "dp", "OPTIMAL", 10.0, 8.0, 1),
                row("a", "milp", "OPTIMAL", 9.0, 8.0, 40),
                row("a", "heft", "FEASIBLE", 12.0, 8.0, 0.5),
                row("a", "local-search", "FEASIBLE", 9.45, 8.0, 2),
                row("b", "heft", "FEASIBLE", 12.0, 6.0, 0.1),
                row("b", "dp", "TIME_LIMIT", 11.0, 6.0, 60));
        assertEquals("1.3333", Bench.versusBest(all, all.get(2)), "12 / the better optimum, milp's 9");
        assertEquals("0.0125", Bench.versusMilp(all, all.get(2)));
        assertEquals("2.0000 b", Bench.versusBest(all, all.get(4)), "no optimum for b: 12 / bound 6");
        assertEquals("", Bench.versusMilp(all, all.get(4)));
        String summary = Bench.heuristicSummary(all);
        assertTrue(summary.contains("| heft | 1 | 1.3333 | 1.3333 | 1.3333 |"), summary);
        assertTrue(summary.contains("| local-search | 1 | 1.0500 | 1.0500 | 1.0500 |"), summary);
        assertTrue(summary.contains("| best heuristic per problem | 1 | 1.0500 |"), summary);
        assertTrue(!summary.contains("best pipelines"), "no OPTIMAL† rows here");
        List<Bench.Outcome> pipes = List.of(row("c", "dp", "OPTIMAL†", 10.0, 8.0, 1),
                row("c", "heft", "FEASIBLE", 9.5, 8.0, 0.5), row("c", "local-search", "FEASIBLE", 11.0, 8.0, 2));
        String ps = Bench.heuristicSummary(pipes);
        assertTrue(!ps.contains("known optima"), "a pipeline optimum is not an optimum over all placements: " + ps);
        assertTrue(ps.contains("| heft | 1 | 0.9500 | 0.9500 | 0.9500 |"), ps);
        assertTrue(ps.contains("| best heuristic per problem | 1 | 0.9500 |"), ps);
        String md = Bench.markdown(all, "m", "bench");
        assertTrue(md.contains("| 12 |") && md.contains("| 1.3333 | 0.0125 |"), md);
    }
}
