package org.placementexplorer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.placementexplorer.bound.Bounds;
import org.placementexplorer.eval.Evaluation;
import org.placementexplorer.eval.Evaluator;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.export.ChromeTrace;
import org.placementexplorer.io.export.StageCsv;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.io.json.PlacementJson;
import org.placementexplorer.io.json.ResultJson;
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
        + "stage table as CSV, or its result JSON.")
final class ExportCommand implements Callable<Integer> {
    /** What can be exported. */
    enum Format {
        CHROME_TRACE("chrome-trace"), STAGES_CSV("stages-csv"), PLACEMENT_JSON("placement-json");

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
            throw new picocli.CommandLine.TypeConversionException("'" + s
                    + "' is not a format (chrome-trace, stages-csv, placement-json)");
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
            description = "chrome-trace, stages-csv or placement-json")
    Format format;

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
        String text = switch (format) {
            case CHROME_TRACE -> Json.pretty(ChromeTrace.of(p, e));
            case STAGES_CSV -> StageCsv.of(p, e);
            case PLACEMENT_JSON -> Json.pretty(ResultJson.ofEvaluate(p, e, Bounds.quick(p, objective), 0, m.file()));
        };
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, text);
        } catch (IOException ex) {
            throw new InputException(out.toString(), "cannot be written (" + ex.getMessage() + ")");
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + format.text + ")");
        return 0;
    }
}
