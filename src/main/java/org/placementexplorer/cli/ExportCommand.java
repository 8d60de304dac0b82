package org.placementexplorer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.placementexplorer.bound.Bounds;
import org.placementexplorer.draw.DagDrawing;
import org.placementexplorer.draw.DagPicture;
import org.placementexplorer.draw.DagPictures;
import org.placementexplorer.draw.Drawing;
import org.placementexplorer.draw.GanttChart;
import org.placementexplorer.draw.Png;
import org.placementexplorer.draw.Svg;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.export.ChromeTrace;
import org.placementexplorer.io.export.StageCsv;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementJson;
import org.placementexplorer.io.json.ResultJson;
import org.placementexplorer.layout.JGraphXLayoutEngine;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export", description = "Write a placement's schedule as a Chrome trace (opens in Perfetto), its "
        + "stage table as CSV, its result JSON, or its DAG or Gantt chart as SVG or PNG.")
final class ExportCommand implements Callable<Integer> {
    /** What can be exported. */
    enum Format {
        CHROME_TRACE("chrome-trace"), STAGES_CSV("stages-csv"), PLACEMENT_JSON("placement-json"), DAG_SVG("dag-svg"),
        DAG_PNG("dag-png"), GANTT_SVG("gantt-svg"), GANTT_PNG("gantt-png");

        static final String LIST = "chrome-trace, stages-csv, placement-json, dag-svg, dag-png, gantt-svg, gantt-png";

        final String text;

        Format(String text) {
            this.text = text;
        }

        static Format parse(String s) {
            for (Format f : values()) {
                if (f.text.equals(s)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + s + "' is not a format (" + LIST + ")");
        }
    }

    @Mixin
    ModelOptions model;

    @Mixin
    ClusterOption cluster;

    @Option(names = "--placement", paramLabel = "P", required = true,
            description = "placement or result JSON (a 'solve --json' output works)")
    Path placement;

    @Option(names = "--objective", required = true, paramLabel = "latency|throughput",
            converter = ObjectiveConverter.class)
    Objective objective;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "chrome-trace, stages-csv, placement-json, dag-svg, dag-png, gantt-svg or gantt-png")
    Format format;

    @Option(names = "--micro-batches", paramLabel = "M", description = "throughput: the Gantt chart shows M samples "
            + "streamed through the pipeline (default 2 × stages + 2, 4 to 24); with chrome-trace, writes that "
            + "pipelined schedule instead of the one-sample schedule")
    Integer microBatches;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "1600",
            description = "gantt-svg, gantt-png: width of the picture in pixels (default 1600)")
    int width;

    @Option(names = "--colour", paramLabel = "device|op-type|sample", defaultValue = "device",
            description = "gantt-svg, gantt-png: colour bars by device (default), operator type or sample")
    String colour;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "file to write")
    Path out;

    @Spec
    CommandSpec spec;

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Format.parse(value);
        }
    }

    @Override
    public Integer call() {
        LoadedModel m = model.load();
        Problem p = cluster.problem(m);
        Placement pl = PlacementJson.read(placement.toString(), Json.read(placement), p);
        Evaluation e;
        try {
            e = new Evaluator(p).evaluateWithSchedule(pl, objective);
        } catch (ModelException ex) {
            throw new InputException(placement.toString(), ex.getMessage());
        }
        if (microBatches != null && (microBatches < 1 || microBatches > 1000)) {
            throw new InputException("--micro-batches", "must be between 1 and 1000, not " + microBatches);
        }
        if (width < 200 || width > 20000) {
            throw new InputException("--width", "must be between 200 and 20000 pixels, not " + width);
        }
        byte[] bytes = switch (format) {
            case CHROME_TRACE -> utf8(Json.pretty(microBatches == null ? ChromeTrace.of(p, e)
                    : ChromeTrace.ofPipeline(p, new Evaluator(p).pipelinedSchedule(pl, microBatches))));
            case STAGES_CSV -> utf8(StageCsv.of(p, e));
            case PLACEMENT_JSON -> utf8(Json.pretty(ResultJson.ofEvaluate(p, e, Bounds.quick(p, objective), 0,
                    m.file())));
            case GANTT_SVG, GANTT_PNG -> {
                Drawing d = gantt(p, pl, e).drawAll(width, colourBy(), false);
                yield format == Format.GANTT_SVG ? utf8(Svg.of(d)) : Png.of(d, 1);
            }
            case DAG_SVG, DAG_PNG -> {
                DagPicture pic = layOut(p, pl);
                if (format == Format.DAG_SVG) {
                    yield utf8(Svg.of(DagDrawing.whole(pic, 1, false)));
                }
                double scale = Math.min(1, Math.sqrt(Png.MAX_PIXELS / Math.max(1, pic.width() * pic.height())));
                yield Png.of(DagDrawing.whole(pic, scale, false), 1);
            }
        };
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(out, bytes);
        } catch (IOException ex) {
            throw new InputException(out.toString(), "cannot be written (" + ex.getMessage() + ")");
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + format.text + ")");
        return 0;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private GanttChart.ColourBy colourBy() {
        return switch (colour) {
            case "device" -> GanttChart.ColourBy.DEVICE;
            case "op-type" -> GanttChart.ColourBy.OP_TYPE;
            case "sample" -> GanttChart.ColourBy.SAMPLE;
            default -> throw new InputException("--colour", "'" + colour + "' is not device, op-type or sample");
        };
    }

    /** Latency: the one-sample schedule with its critical path; throughput: M samples through the pipeline. */
    private GanttChart gantt(Problem p, Placement pl, Evaluation e) {
        if (objective == Objective.LATENCY) {
            return GanttChart.ofSchedule(p, e);
        }
        int mb = microBatches != null ? microBatches : GanttChart.defaultMicroBatches(e.pipeline().stages().size());
        return GanttChart.ofPipeline(p, new Evaluator(p).pipelinedSchedule(pl, mb));
    }

    /** Lays the graph out on a thread with a large stack (the layered layout recurses once per rank). */
    private static DagPicture layOut(Problem p, Placement pl) {
        DagPicture[] out = new DagPicture[1];
        RuntimeException[] err = new RuntimeException[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = DagPictures.of(p, pl, new JGraphXLayoutEngine());
            } catch (RuntimeException ex) {
                err[0] = ex;
            }
        }, "dag-layout", 1L << 29);
        t.start();
        try {
            t.join();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while laying out the graph", ex);
        }
        if (err[0] != null) {
            throw err[0];
        }
        return out[0];
    }
}
