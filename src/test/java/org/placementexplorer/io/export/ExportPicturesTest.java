package org.placementexplorer.io.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.placementexplorer.draw.GanttChart;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.eval.PipelineSchedule;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementJson;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The export command's pictures (SVG, PNG) and its pipelined Chrome trace. */
class ExportPicturesTest {
    static final String MODEL = "sample-graphs/tiny-resnet.json";

    static Problem problem() {
        return ProblemLoader.problem(ModelLoader.load(Path.of(MODEL)), "cpu-2gpu", null);
    }

    static Document xml(Path f) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
    }

    static String[] args(Path placement, String objective, String format, Path out, String... more) {
        String[] base = {"export", MODEL, "--cluster", "cpu-2gpu", "--placement", placement.toString(), "--objective",
            objective, "--format", format, "--out", out.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void ganttSvgAndPngOfTheLatencySchedule(@TempDir Path dir) throws Exception {
        Problem p = problem();
        Path placement = ExportTest.splitPlacement(p, dir);
        Path svg = dir.resolve("gantt.svg");
        assertEquals(0, ExportTest.cli(args(placement, "latency", "gantt-svg", svg)));
        Document doc = xml(svg);
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals("1600", doc.getDocumentElement().getAttribute("width"));
        String text = doc.getDocumentElement().getTextContent();
        assertTrue(text.contains("a100") && text.contains("t4"), "rows are labelled with the device ids");
        // one filled bar per operator and per transfer hop, plus backgrounds: at least one per operator
        NodeList rects = doc.getElementsByTagName("rect");
        assertTrue(rects.getLength() > p.operators(), rects.getLength() + " rectangles");

        Path png = dir.resolve("gantt.png");
        assertEquals(0, ExportTest.cli(args(placement, "latency", "gantt-png", png, "--width", "900")));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
        assertEquals(900, img.getWidth());
        assertTrue(img.getHeight() > GanttChart.AXIS_HEIGHT);
    }

    @Test
    void dagSvgHasABoxPerOperator(@TempDir Path dir) throws Exception {
        Problem p = problem();
        Path placement = ExportTest.splitPlacement(p, dir);
        Path svg = dir.resolve("dag.svg");
        assertEquals(0, ExportTest.cli(args(placement, "latency", "dag-svg", svg)));
        Document doc = xml(svg);
        NodeList rects = doc.getElementsByTagName("rect");
        int boxes = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            var r = (org.w3c.dom.Element) rects.item(i);
            if ("150".equals(r.getAttribute("width")) && "38".equals(r.getAttribute("height"))
                    && !r.getAttribute("fill").equals("none")) {
                boxes++;
            }
        }
        assertEquals(p.operators(), boxes, "one filled 150 × 38 box per operator");
        Path png = dir.resolve("dag.png");
        assertEquals(0, ExportTest.cli(args(placement, "latency", "dag-png", png)));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Math.ceil(Double.parseDouble(doc.getDocumentElement().getAttribute("width"))), img.getWidth());
    }

    @Test
    void pipelinedChromeTraceMatchesThePipelinedSchedule(@TempDir Path dir) throws Exception {
        Problem p = problem();
        Path placement = ExportTest.splitPlacement(p, dir);
        Path out = dir.resolve("trace.json");
        assertEquals(0, ExportTest.cli(args(placement, "throughput", "chrome-trace", out, "--micro-batches", "5")));
        JsonNode trace = Json.read(out);
        Placement pl = PlacementJson.read("p", Json.read(placement), p);
        PipelineSchedule s = new Evaluator(p).pipelinedSchedule(pl, 5);
        Map<String, PipelineSchedule.Item> ops = new HashMap<>();
        for (PipelineSchedule.Item it : s.items()) {
            if (it.kind() == PipelineSchedule.Kind.OPERATOR) {
                ops.put(p.graph().op(it.op()).id() + "#" + it.sample(), it);
            }
        }
        int seen = 0;
        for (JsonNode ev : trace.get("traceEvents")) {
            if (!ev.get("ph").asText().equals("X") || ev.get("args").get("id") == null) {
                continue;
            }
            PipelineSchedule.Item it = ops.get(ev.get("args").get("id").asText() + "#" + ev.get("args").get("sample")
                    .asInt());
            assertEquals(it.start() * 1e6, ev.get("ts").asDouble(), 1e-9);
            assertEquals(it.duration() * 1e6, ev.get("dur").asDouble(), 1e-9);
            assertEquals(it.device() + 1, ev.get("tid").asInt());
            seen++;
        }
        assertEquals(5 * p.operators(), seen, "one complete event per operator and sample");
        assertEquals(5, trace.get("otherData").get("microBatches").asInt());
    }

    @Test
    void ganttOfTheLatencyScheduleHasOneBarPerOperatorWithTheEvaluatorsTimes() {
        Problem p = problem();
        int[] dev = new int[p.operators()];
        int[] topo = p.graph().topologicalOrder();
        for (int i = 0; i < topo.length; i++) {
            dev[topo[i]] = i < topo.length / 2 ? 1 : 2;
        }
        Evaluation e = new Evaluator(p).evaluate(Placement.of(dev), Objective.LATENCY);
        GanttChart g = GanttChart.ofSchedule(p, e);
        assertEquals(p.operators(), g.operatorBars());
        for (GanttChart.Bar b : g.bars()) {
            if (b.kind() == GanttChart.BarKind.OPERATOR) {
                assertEquals(e.schedule().start()[b.op()], b.start());
                assertEquals(e.schedule().end()[b.op()], b.end());
                assertEquals(p.cluster().device(dev[b.op()]).id(), g.rows().get(b.row()).label());
            }
        }
        assertEquals(e.schedule().criticalPath().size(), g.criticalPath().size());
        // hit-testing finds each bar at its own centre
        GanttChart.View v = g.fit(new GanttChart.View(0, 1, 4000, 400, 0, GanttChart.ColourBy.DEVICE, false, -1, true));
        for (int i = 0; i < g.bars().size(); i++) {
            GanttChart.Bar b = g.bars().get(i);
            double[] box = g.barBox(i, v);
            if (b.kind() == GanttChart.BarKind.OPERATOR && box[2] > 6) {
                int hit = g.barAt(box[0] + box[2] / 2, box[1] + box[3] / 2, v);
                assertEquals(b.op(), g.bars().get(hit).op());
            }
        }
    }

    @Test
    void throughputGanttMarksTheBottleneckRow() {
        Problem p = problem();
        int[] dev = new int[p.operators()];
        int[] topo = p.graph().topologicalOrder();
        for (int i = 0; i < topo.length; i++) {
            dev[topo[i]] = i < topo.length / 2 ? 1 : 2;
        }
        Placement pl = Placement.of(dev);
        Evaluation e = new Evaluator(p).evaluate(pl, Objective.THROUGHPUT);
        GanttChart g = GanttChart.ofPipeline(p, new Evaluator(p).pipelinedSchedule(pl, 6));
        assertEquals(6L * p.operators(), g.operatorBars());
        assertTrue(g.bottleneckRow() >= 0);
        assertTrue(g.rows().get(g.bottleneckRow()).label().endsWith(e.bottleneck().id()));
        assertEquals(1, g.rows().stream().filter(GanttChart.Row::bottleneck).count());
    }
}
