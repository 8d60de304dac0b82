package org.placementexplorer.io.measured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.placementexplorer.cost.AnalyticCostModel;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.PricedProblem;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.model.Link;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/** Measured costs from an ONNX Runtime profile and a CSV, on the bundled ResNet-18 and cpu-2gpu. */
class MeasuredCostFilesTest {
    static final String GRAPH = "sample-graphs/tiny-resnet.json";
    static final String CLUSTER = "sample-clusters/cpu-2gpu.json";
    static final String PROFILE = "src/test/resources/measured/tiny-resnet-stem-a100-profile.json";
    static final String CSV = "src/test/resources/measured/tiny-resnet-costs.csv";
    static final LoadedModel MODEL = ModelLoader.load(Path.of(GRAPH));

    static PricedProblem priced(String... costs) {
        return ProblemLoader.priced(MODEL, CLUSTER, Stream.of(costs).map(CostsSpec::parse).toList());
    }

    static int op(Problem p, String id) {
        return p.graph().indexOf(id).orElseThrow();
    }

    static int dev(Problem p, String id) {
        return p.cluster().indexOf(id).orElseThrow();
    }

    @Test
    void costsSpecSplitsAtTheLastAt() {
        CostsSpec s = CostsSpec.parse("runs/p@home/profile.json@a100");
        assertEquals(Path.of("runs/p@home/profile.json"), s.file());
        assertEquals("a100", s.device());
        assertNull(CostsSpec.parse("costs.csv").device());
        assertNull(CostsSpec.parse(CSV).device());
    }

    @Test
    void profileTimesTheStemOnTheA100() {
        PricedProblem pp = priced(PROFILE + "@a100");
        Problem p = pp.problem();
        Problem analytic = AnalyticCostModel.problem(MODEL.graph(), p.cluster());
        int a100 = dev(p, "a100");
        // medians of the three runs, in µs: conv 240/61/58, bn 20/19/21, relu 9/10/11, pool 14/12/13
        assertEquals(61e-6, p.opTime(op(p, "stem_conv"), a100), 1e-15);
        assertEquals(20e-6, p.opTime(op(p, "stem_bn"), a100), 1e-15);
        assertEquals(10e-6, p.opTime(op(p, "stem_relu"), a100), 1e-15);
        assertEquals(13e-6, p.opTime(op(p, "stem_pool"), a100), 1e-15);
        for (String id : List.of("stem_conv", "stem_bn", "stem_relu", "stem_pool")) {
            assertTrue(p.measured(op(p, id)), id);
            // the other devices keep their analytic times
            for (String d : List.of("cpu0", "t4")) {
                assertEquals(analytic.opTime(op(p, id), dev(p, d)), p.opTime(op(p, id), dev(p, d)), id + " on " + d);
            }
        }
        int measured = 0;
        for (int v = 0; v < p.operators(); v++) {
            if (p.measured(v)) {
                measured++;
            } else {
                for (int d = 0; d < p.deviceCount(); d++) {
                    assertEquals(analytic.opTime(v, d), p.opTime(v, d));
                }
            }
        }
        assertEquals(4, measured);
        assertEquals(List.of(PROFILE + "@a100: 4 operators on a100 (median of 3 runs)"), pp.costSources());
        assertEquals(1, pp.warnings().size());
        assertTrue(pp.warnings().get(0).contains("1 profiled node is not an operator of the graph and was ignored: "
                + "Memcpy"), pp.warnings().get(0));
    }

    @Test
    void profileChangesTheSingleDeviceObjectiveByTheHandComputedDelta() {
        Problem before = AnalyticCostModel.problem(MODEL.graph(), ProblemLoader.cluster(CLUSTER));
        Problem after = priced(PROFILE + "@a100").problem();
        Placement allOnA100 = Placement.allOn(before.operators(), dev(before, "a100"));
        /*
         * Roofline on the A100 (fp32 19.5e12 FLOP/s, 1555e9 B/s at 80 %, 5 µs launch):
         *   stem_conv  max(236027904 / (19.5e12 * 0.6), 3851008 / 1.244e12) + 5e-6 = 20.17332e-6 + 5e-6
         *   stem_bn    max(1605632 / 9.75e12, 6423552 / 1.244e12) + 5e-6            = 5.16363e-6 + 5e-6
         *   stem_relu  max(802816 / 9.75e12, 6422528 / 1.244e12) + 5e-6             = 5.16280e-6 + 5e-6
         *   stem_pool  max(1806336 / 9.75e12, 4014080 / 1.244e12) + 5e-6            = 3.22675e-6 + 5e-6
         *   Σ = 53.7265e-6 s; measured Σ = 61 + 20 + 10 + 13 = 104e-6 s.
         * One device runs everything back to back, so latency and period both change by 104e-6 − 53.7265e-6.
         */
        double analyticStem = 236027904 / (19.5e12 * 0.6) + 6423552 / 1.244e12 + 6422528 / 1.244e12
                + 4014080 / 1.244e12 + 4 * 5e-6;
        assertEquals(53.7265e-6, analyticStem, 1e-10);
        double delta = 104e-6 - analyticStem;
        for (Objective o : Objective.values()) {
            double b = new Evaluator(before).objective(allOnA100, o);
            double a = new Evaluator(after).objective(allOnA100, o);
            assertEquals(delta, a - b, 1e-12, o.jsonName());
        }
        // the T4 is untouched by an A100 profile
        Placement allOnT4 = Placement.allOn(before.operators(), dev(before, "t4"));
        assertEquals(new Evaluator(before).objective(allOnT4, Objective.LATENCY),
                new Evaluator(after).objective(allOnT4, Objective.LATENCY));
    }

    @Test
    void csvGivesOperatorTimesByIdOrNameAndLinkFigures() {
        PricedProblem pp = priced(CSV);
        Problem p = pp.problem();
        // three timings of stem_conv on the T4: 310, 290, 300 µs -> median 300 µs
        assertEquals(0.000300, p.opTime(op(p, "stem_conv"), dev(p, "t4")));
        // given by display name /layer4.1/relu2/Relu
        assertEquals(0.000020, p.opTime(op(p, "layer4.1_relu2"), dev(p, "cpu0")));
        assertTrue(p.measured(op(p, "layer4.1_relu2")));
        Link t4 = p.cluster().links().stream().filter(l -> l.id().equals("t4--pcie-root")).findFirst().orElseThrow();
        assertEquals(12e9, t4.bandwidth());
        assertEquals(8e-6, t4.latency());
        Link a100 = p.cluster().links().stream().filter(l -> l.id().equals("a100--pcie-root")).findFirst()
                .orElseThrow();
        assertEquals(32e9, a100.bandwidth(), "links without rows keep the cluster's figures");
        assertEquals(List.of(CSV + ": 2 operator times (2 operators), 1 link"), pp.costSources());
        assertTrue(pp.warnings().isEmpty());

        // all on the T4: only stem_conv changes; roofline there:
        // max(236027904 / (8.1e12 * 0.6), 3851008 / (320e9 * 0.8)) + 5e-6 = 48.56541e-6 + 5e-6 = 53.56541e-6
        Problem before = AnalyticCostModel.problem(MODEL.graph(), ProblemLoader.cluster(CLUSTER));
        double analyticConv = 236027904 / (8.1e12 * 0.6) + 5e-6;
        assertEquals(53.56541e-6, analyticConv, 1e-11);
        Placement allOnT4 = Placement.allOn(p.operators(), dev(p, "t4"));
        assertEquals(300e-6 - analyticConv, new Evaluator(p).objective(allOnT4, Objective.LATENCY)
                - new Evaluator(before).objective(allOnT4, Objective.LATENCY), 1e-12);
    }

    @Test
    void laterFilesWinAndAnObjectWithTraceEventsIsAProfileToo(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, """
                {"traceEvents": [
                  {"cat": "Node", "ph": "X", "ts": 10, "dur": 70, "name": "stem_conv_kernel_time",
                   "args": {"op_name": "Conv", "provider": "CUDAExecutionProvider"}}
                ], "displayTimeUnit": "ms"}
                """);
        Path csv = dir.resolve("later.csv");
        Files.writeString(csv, "operator,device,seconds\n\"stem_conv\" , a100 , 0.0001\n");
        Problem p = priced(trace + "@a100").problem();
        assertEquals(70e-6, p.opTime(op(p, "stem_conv"), dev(p, "a100")), 1e-15, "matched by id");
        Problem q = priced(trace + "@a100", csv.toString()).problem();
        assertEquals(1e-4, q.opTime(op(q, "stem_conv"), dev(q, "a100")));
        Problem r = priced(csv.toString(), trace + "@a100").problem();
        assertEquals(70e-6, r.opTime(op(r, "stem_conv"), dev(r, "a100")), 1e-15);
    }

    @Test
    void mixedProvidersAreReported(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("mixed.json");
        Files.writeString(trace, """
                [{"cat": "Node", "name": "/stem/conv1/Conv_kernel_time", "dur": 50,
                  "args": {"op_name": "Conv", "provider": "CUDAExecutionProvider"}},
                 {"cat": "Node", "name": "/stem/relu/Relu_kernel_time", "dur": 4,
                  "args": {"op_name": "Relu", "provider": "CPUExecutionProvider"}}]
                """);
        PricedProblem pp = priced(trace + "@a100");
        assertEquals(1, pp.warnings().size());
        assertTrue(pp.warnings().get(0).contains("several execution providers (CPUExecutionProvider 1, "
                + "CUDAExecutionProvider 1)"), pp.warnings().get(0));
    }

    static Stream<Arguments> badCosts() {
        String h = "operator,device,seconds\n";
        return Stream.of(
                Arguments.of("p.json", "[{\"cat\": \"Node\", \"name\": \"x_kernel_time\", \"dur\": 5}]", "@a100",
                        "names none of the 69 operators of graph 'tiny-resnet'"),
                Arguments.of("p.json", "[{\"cat\": \"Session\", \"name\": \"model_run\", \"dur\": 5}]", "@a100",
                        "no operator timings"),
                Arguments.of("p.json", "[{\"cat\": \"Node\", \"name\": \"stem_conv_kernel_time\", \"dur\": \"5\"}]",
                        "@a100", "trace event 1 (stem_conv_kernel_time): \"dur\" must be a number"),
                Arguments.of("p.json", "[{\"cat\": \"Node\", \"name\": \"stem_conv_kernel_time\", \"dur\": 5}]", "",
                        "needs the device it was measured on"),
                Arguments.of("p.json", "[{\"cat\": \"Node\", \"name\": \"stem_conv_kernel_time\", \"dur\": 5}]",
                        "@h100", "no device 'h100' in cluster 'cpu-2gpu' (devices: cpu0, a100, t4)"),
                Arguments.of("p.json", "{\"format\": \"placement-explorer/graph\"}", "@a100",
                        "not an ONNX Runtime profile"),
                Arguments.of("p.json", "[{\"cat\": \"Node\", ", "@a100", "malformed JSON"),
                Arguments.of("c.csv", "", "", "the file is empty"),
                Arguments.of("c.csv", h + "stem_conv,a100,0.1\n", "@a100", "names the device on every row"),
                Arguments.of("c.csv", "op,dev,ms\nstem_conv,a100,0.1\n", "", "line 1: expected the header"),
                Arguments.of("c.csv", "# only a comment\n" + h, "", "no measurements after the header"),
                Arguments.of("c.csv", h + "stem_conv,a100,0.1\nstem_bn,a100,fast\n", "",
                        "line 3: expected seconds (a number), found 'fast'"),
                Arguments.of("c.csv", h + "stem_conv,a100,-1\n", "", "line 2: expected seconds (a finite number >= 0)"),
                Arguments.of("c.csv", h + "\n# x\nnope,a100,0.1\n", "", "line 4: no operator 'nope' in graph"),
                Arguments.of("c.csv", h + "stem_conv,h100,0.1\n", "", "line 2: no device 'h100'"),
                Arguments.of("c.csv", h + "stem_conv,a100\n", "", "line 2: expected 3 fields"),
                Arguments.of("c.csv", h + "\"stem_conv,a100,0.1\n", "", "line 2: a quoted field is not closed"),
                Arguments.of("c.csv", h + "link:nvlink0,bandwidth,1e9\n", "", "line 2: no link 'nvlink0'"),
                Arguments.of("c.csv", h + "link:t4--pcie-root,speed,1e9\n", "", "gives 'bandwidth' or 'latency'"),
                Arguments.of("c.csv", h + "link:t4--pcie-root,bandwidth,0\n", "", "bandwidth must be positive"));
    }

    @ParameterizedTest
    @MethodSource("badCosts")
    void badFilesGiveOneLineNamingTheFile(String name, String text, String suffix, String fragment,
            @TempDir Path dir) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        InputException e = assertThrows(InputException.class, () -> priced(f + suffix));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void measuredCostsNeedAClusterAndAGraphWithoutItsOwnCosts() {
        List<CostsSpec> csv = List.of(CostsSpec.parse(CSV));
        InputException noCluster = assertThrows(InputException.class, () -> ProblemLoader.priced(MODEL, null, csv));
        assertTrue(noCluster.getMessage().contains("need a cluster"), noCluster.getMessage());
        LoadedModel moirai = ModelLoader.load(Path.of("sample-graphs/moirai-example-1.json"));
        InputException own = assertThrows(InputException.class, () -> ProblemLoader.priced(moirai, null, csv));
        assertTrue(own.getMessage().contains("carries its own devices and costs"), own.getMessage());
    }

    @Test
    void ambiguousDisplayNamesAreNotGuessed(@TempDir Path dir) throws IOException {
        Path g = dir.resolve("twins.json");
        Files.writeString(g, """
                {"format": "placement-explorer/graph", "version": 1, "name": "twins",
                 "operators": [{"id": "a", "name": "Relu", "opType": "Relu", "flops": 10},
                               {"id": "b", "name": "Relu", "opType": "Relu", "flops": 10}],
                 "edges": [{"from": "a", "to": "b", "bytes": 4}]}
                """);
        OpGraph graph = ModelLoader.load(g).graph();
        Path csv = dir.resolve("twins.csv");
        Files.writeString(csv, "operator,device,seconds\nRelu,a100,0.1\n");
        InputException e = assertThrows(InputException.class, () -> MeasuredCostFiles.read(
                List.of(CostsSpec.parse(csv.toString())), graph, ProblemLoader.cluster(CLUSTER)));
        assertTrue(e.getMessage().contains("line 2: 'Relu' is the name of several operators"), e.getMessage());
    }
}
