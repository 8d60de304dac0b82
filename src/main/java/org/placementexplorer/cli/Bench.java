package org.placementexplorer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.ProblemLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.bound.Bounds;
import org.placementexplorer.cost.MeasuredCosts;
import org.placementexplorer.model.Objective;
import org.placementexplorer.model.Problem;
import org.placementexplorer.solve.SolveRequest;
import org.placementexplorer.solve.Solver;
import org.placementexplorer.solve.SolverRegistry;
import org.placementexplorer.solve.SolverResult;

/**
 * The benchmark harness behind {@code placement-explorer bench}: a list of rows (model, cluster,
 * objective, solver, time limit), each solved once, written as a markdown table and a CSV. New
 * benchmarks are new rows: add them to {@link #defaultRows} or give a rows file.
 */
final class Bench {
    private Bench() {
    }

    /**
     * One benchmark: solve {@code model} (on {@code cluster}, or on its own devices when null) for
     * {@code objective} with {@code solver} within {@code seconds}.
     *
     * @param accelerators device-count override for instances (null: the file's)
     * @param cpus         device-count override for instances (null: the file's)
     */
    record Row(Path model, String cluster, Objective objective, String solver, double seconds, Integer accelerators,
            Integer cpus) {
        String modelName() {
            String f = model.getFileName().toString();
            return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
        }

        String devices() {
            if (cluster != null) {
                return cluster;
            }
            if (accelerators == null && cpus == null) {
                return "own";
            }
            return "own, " + (accelerators == null ? "" : accelerators + " acc") + (accelerators != null && cpus != null
                    ? " + " : "") + (cpus == null ? "" : cpus + " cpu");
        }
    }

    /** What one row gave. */
    record Outcome(Row row, String status, Double objective, Double bound, String boundName, Double gap,
            Double generalBound, double seconds, String unit, String note) {
        Double ratio() {
            return objective == null || bound == null || objective == 0 ? null : bound / objective;
        }

        Double generalGap() {
            return objective == null || generalBound == null ? null : SolverResult.gap(objective, generalBound);
        }
    }

    /** The heuristics benchmarked on the Tarnawski instances (those registered in this build). */
    static final List<String> HEURISTICS = List.of("round-robin-topological", "heft", "local-search", "slicegraph",
            "splitting", "coarsen-milp");

    /** Solvers whose OPTIMAL results are exact optima (for some class of placements). */
    static final List<String> EXACT = List.of("dp", "milp");

    /**
     * The standard rows: every Tarnawski throughput instance with {@code dp} (60 s for inference,
     * 600 s for training), {@code milp} (60 s), the {@code single-device} baseline and each heuristic of
     * {@link #HEURISTICS} (60 s); every Tarnawski latency instance with {@code milp}, the baseline and the heuristics; the
     * bundled graph on every sample
     * cluster; every shared ONNX model on every sample cluster, for both objectives, with every
     * solver that supports the objective (these rows run once an importer reads the files).
     */
    static List<Row> defaultRows(Path shared, Path samples) throws IOException {
        List<Row> rows = new ArrayList<>();
        Path tarnawski = shared.resolve("instances").resolve("tarnawski");
        for (Path f : list(tarnawski, "throughput-inputs_", ".json")) {
            boolean training = f.getFileName().toString().contains("training");
            rows.add(new Row(f, null, Objective.THROUGHPUT, "dp", training ? 600 : 60, null, null));
            rows.add(new Row(f, null, Objective.THROUGHPUT, "milp", 60, null, null));
            rows.add(new Row(f, null, Objective.THROUGHPUT, "single-device", 10, null, null));
            for (String h : HEURISTICS) {
                if (SolverRegistry.byName(h).isPresent()) {
                    rows.add(new Row(f, null, Objective.THROUGHPUT, h, 60, null, null));
                }
            }
        }
        for (Path f : list(tarnawski, "latency-inputs_", ".json")) {
            rows.add(new Row(f, null, Objective.LATENCY, "milp", 60, null, null));
            rows.add(new Row(f, null, Objective.LATENCY, "single-device", 10, null, null));
            for (String h : HEURISTICS) {
                if (SolverRegistry.byName(h).isPresent()) {
                    rows.add(new Row(f, null, Objective.LATENCY, h, 60, null, null));
                }
            }
        }
        List<Path> physical = new ArrayList<>();
        Path tiny = samples.resolve("tiny-resnet.json");
        if (Files.exists(tiny)) {
            physical.add(tiny);
        }
        physical.addAll(list(shared.resolve("onnx"), "", ".onnx"));
        for (Path f : physical) {
            for (String cluster : Samples.CLUSTERS) {
                for (Objective o : Objective.values()) {
                    for (Solver s : SolverRegistry.all()) {
                        if (s.supports(o)) {
                            rows.add(new Row(f, cluster, o, s.name(), 60, null, null));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static List<Path> list(Path dir, String prefix, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /**
     * Rows from a CSV file: {@code model,cluster,objective,solver,seconds[,accelerators,cpus]} with
     * an empty cluster for instances that carry their devices; {@code #} starts a comment line.
     */
    static List<Row> readRows(Path file) {
        List<Row> rows = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            String where = "line " + (i + 1) + ": ";
            if (f.length != 5 && f.length != 7) {
                throw new InputException(file.toString(), where + "expected model,cluster,objective,solver,seconds"
                        + "[,accelerators,cpus], found " + f.length + " fields");
            }
            Objective o;
            try {
                o = Objective.parse(f[2].strip());
            } catch (IllegalArgumentException e) {
                throw new InputException(file.toString(), where + "'" + f[2].strip() + "' is not an objective");
            }
            if (SolverRegistry.byName(f[3].strip()).isEmpty()) {
                throw new InputException(file.toString(), where + "unknown solver '" + f[3].strip() + "'");
            }
            double seconds;
            Integer acc = null;
            Integer cpus = null;
            try {
                seconds = Double.parseDouble(f[4].strip());
                if (f.length == 7) {
                    acc = f[5].isBlank() ? null : Integer.valueOf(f[5].strip());
                    cpus = f[6].isBlank() ? null : Integer.valueOf(f[6].strip());
                }
            } catch (NumberFormatException e) {
                throw new InputException(file.toString(), where + "a number is malformed (" + e.getMessage() + ")");
            }
            Path model = Path.of(f[0].strip());
            if (!model.isAbsolute() && file.getParent() != null && !Files.exists(model)) {
                model = file.getParent().resolve(model);
            }
            rows.add(new Row(model, f[1].isBlank() ? null : f[1].strip(), o, f[3].strip(), seconds, acc, cpus));
        }
        return rows;
    }

    /** Runs one row; a file that cannot be read or solved gives a row with status NOT RUN. */
    static Outcome run(Row row) {
        Solver solver = SolverRegistry.byName(row.solver()).orElse(null);
        if (solver == null || !solver.supports(row.objective())) {
            return notRun(row, solver == null ? "unknown solver" : "the solver does not support the objective");
        }
        Problem p;
        try {
            LoadedModel m = ModelLoader.load(row.model(), new ImportOptions(Map.of(), row.accelerators(), row.cpus()));
            p = ProblemLoader.problem(m, row.cluster(), MeasuredCosts.NONE);
        } catch (InputException e) {
            return notRun(row, e.problem());
        }
        SolveRequest req = new SolveRequest(row.objective(), Duration.ofNanos((long) (row.seconds() * 1e9)), 1, null,
                null, null);
        SolverResult r;
        try {
            r = solver.start(p, req, null).await();
        } catch (RuntimeException e) {
            // a solver's defect is this row's result, not the end of the benchmark
            return new Outcome(row, "ERROR", null, null, null, null, null, 0, p.units().time(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String note = r.notes().isEmpty() ? "" : r.notes().get(0);
        Double general = Bounds.compute(p, row.objective(), Bounds.all()).best();
        String status = r.status().name() + (r.status() == org.placementexplorer.solve.Status.OPTIMAL
                && r.optimalAmong() != null ? "†" : "");
        return new Outcome(row, status, r.best() == null ? null : r.best().objective(), r.lowerBound(),
                r.boundName(), r.gap(), general, r.seconds(), p.units().time(), note);
    }

    private static Outcome notRun(Row row, String why) {
        return new Outcome(row, "NOT RUN", null, null, null, null, null, 0, "", why);
    }

    /** Runs every row in order, reporting each outcome as it comes. */
    static List<Outcome> runAll(List<Row> rows, Consumer<Outcome> progress) {
        List<Outcome> out = new ArrayList<>();
        for (Row r : rows) {
            Outcome o = run(r);
            out.add(o);
            progress.accept(o);
        }
        return out;
    }

    // ------------------------------------------------------------------ comparisons across rows

    /** Rows of one problem: same model, devices and objective. */
    private static boolean sameProblem(Row a, Row b) {
        return a.model().equals(b.model()) && a.devices().equals(b.devices()) && a.objective() == b.objective();
    }

    /** The best OPTIMAL objective of an exact solver on this row's problem, or null. */
    static Double bestExact(List<Outcome> all, Row row) {
        Double best = null;
        for (Outcome o : all) {
            if (sameProblem(o.row(), row) && EXACT.contains(o.row().solver()) && o.status().equals("OPTIMAL")
                    && o.objective() != null && (best == null || o.objective() < best)) {
                best = o.objective();
            }
        }
        return best;
    }

    /** The best lower bound valid for every placement that any row of this problem knows, or null. */
    static Double bestBound(List<Outcome> all, Row row) {
        Double best = null;
        for (Outcome o : all) {
            if (sameProblem(o.row(), row) && o.generalBound() != null && (best == null || o.generalBound() > best)) {
                best = o.generalBound();
            }
        }
        return best;
    }

    /**
     * objective / best exact optimum of the problem (suffix "b": objective / best any-placement
     * bound when no exact optimum is known); empty without an objective.
     */
    static String versusBest(List<Outcome> all, Outcome o) {
        if (o.objective() == null) {
            return "";
        }
        Double exact = bestExact(all, o.row());
        if (exact != null && exact > 0) {
            return String.format(Locale.ROOT, "%.4f", o.objective() / exact);
        }
        Double bound = bestBound(all, o.row());
        return bound == null || bound <= 0 ? "" : String.format(Locale.ROOT, "%.4f b", o.objective() / bound);
    }

    /** This row's time / the {@code milp} row's time on the same problem; empty without one. */
    static String versusMilp(List<Outcome> all, Outcome o) {
        for (Outcome m : all) {
            if (sameProblem(m.row(), o.row()) && m.row().solver().equals("milp") && !m.status().equals("NOT RUN")
                    && m.seconds() > 0) {
                return String.format(Locale.ROOT, "%.3g", o.seconds() / m.seconds());
            }
        }
        return "";
    }

    /** The best {@code OPTIMAL†} objective (optimal among pipelines only) on this row's problem, or null. */
    static Double bestPipelineOptimum(List<Outcome> all, Row row) {
        Double best = null;
        for (Outcome o : all) {
            if (sameProblem(o.row(), row) && EXACT.contains(o.row().solver()) && o.status().equals("OPTIMAL†")
                    && o.objective() != null && (best == null || o.objective() < best)) {
                best = o.objective();
            }
        }
        return best;
    }

    /**
     * Per heuristic, and for the best heuristic of each problem, the median and worst of objective /
     * reference: first against proven optima over all placements, then against the best pipelines
     * ({@code OPTIMAL†}), which a heuristic may beat by placing non-contiguously.
     */
    static String heuristicSummary(List<Outcome> all) {
        String exact = summaryAgainst(all, Bench::bestExact, "\n### Heuristics against the known optima\n\n",
                " problems with a proven optimum over all placements (status `OPTIMAL` of an exact solver): "
                        + "objective / optimum.\n\n");
        String pipes = summaryAgainst(all, Bench::bestPipelineOptimum,
                "\n### Heuristics against the best pipelines\n\n", " problems whose best pipeline is known "
                        + "(`OPTIMAL†`: optimal among contiguous placements): objective / that optimum. Below 1 "
                        + "means the heuristic found a better placement that is not a pipeline.\n\n");
        return exact + pipes;
    }

    private static String summaryAgainst(List<Outcome> all, java.util.function.BiFunction<List<Outcome>, Row,
            Double> reference, String title, String what) {
        Map<String, List<Double>> byHeuristic = new LinkedHashMap<>();
        List<Double> bestOf = new ArrayList<>();
        List<Row> seen = new ArrayList<>();
        for (Outcome o : all) {
            Row r = o.row();
            if (seen.stream().anyMatch(x -> sameProblem(x, r))) {
                continue;
            }
            seen.add(r);
            Double ref = reference.apply(all, r);
            if (ref == null || ref <= 0) {
                continue;
            }
            Double best = null;
            for (Outcome h : all) {
                if (sameProblem(h.row(), r) && HEURISTICS.contains(h.row().solver()) && h.objective() != null) {
                    double ratio = h.objective() / ref;
                    byHeuristic.computeIfAbsent(h.row().solver(), k -> new ArrayList<>()).add(ratio);
                    best = best == null ? ratio : Math.min(best, ratio);
                }
            }
            if (best != null) {
                bestOf.add(best);
            }
        }
        if (bestOf.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(title);
        sb.append("On the ").append(bestOf.size()).append(what);
        sb.append("| heuristic | problems | median | worst | best |\n|---|---:|---:|---:|---:|\n");
        byHeuristic.put("best heuristic per problem", bestOf);
        for (Map.Entry<String, List<Double>> e : byHeuristic.entrySet()) {
            List<Double> v = e.getValue().stream().sorted().toList();
            int m = v.size() / 2;
            double median = v.size() % 2 == 1 ? v.get(m) : (v.get(m - 1) + v.get(m)) / 2;
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f |\n", e.getKey(), v.size(), median,
                    v.get(v.size() - 1), v.get(0)));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ output

    static String machine() {
        return String.format(Locale.ROOT, "%d cores available to the JVM, %s %s, Java %s, max heap %d MiB",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    static String num(Double v) {
        if (v == null) {
            return "";
        }
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) {
            return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.5e", v);
    }

    static String pct(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    /** The markdown page: what was run, where, then the table and the rows not run. */
    static String markdown(List<Outcome> outcomes, String machine, String command) {
        return markdown(outcomes, machine, command, "Solvers");
    }

    static String markdown(List<Outcome> outcomes, String machine, String command, String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(title).append("\n\n");
        sb.append("Written by `").append(command).append("` on ").append(LocalDate.now()).append(".\n\n");
        sb.append("Machine: ").append(machine).append(". Wall-clock times; the machine may have been shared with "
                + "other work, so times are upper bounds.\n\n");
        sb.append("Objective and bound are the evaluator's figures in the model's time unit (`unit` for the "
                + "Tarnawski instances, whose files state none; seconds for physical clusters). *Bound* is the best "
                + "lower bound the run knows, valid for every placement. `OPTIMAL†` marks a result optimal among "
                + "contiguous (pipeline) placements only (`dp`, `milp` with `contiguous=true`): a placement that is "
                + "not a pipeline may do better, so its gap to the bound need not be 0. *Ratio* = bound / objective; "
                + "*gap* = (objective − bound) / objective. *Any-placement bound* is the best of the lower bounds "
                + "(`placement-explorer bound`), valid for every placement, pipeline or not, and *its gap* the gap "
                + "to it. *vs best* = value / the best proven optimum on that problem (an exact solver's `OPTIMAL`; "
                + "a pipeline optimum `OPTIMAL†` does not count); marked `b` when no optimum is known, value / the "
                + "best any-placement bound. *vs milp* = time / "
                + "the `milp` row's time on that problem.\n\n");
        sb.append("| model | devices | objective | solver | status | value | bound | ratio | gap "
                + "| any-placement bound | its gap | time (s) | vs best | vs milp |\n");
        sb.append("|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Outcome> notRun = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.status().equals("NOT RUN")) {
                notRun.add(o);
                continue;
            }
            Row r = o.row();
            sb.append("| ").append(r.modelName()).append(" | ").append(r.devices()).append(" | ")
                    .append(r.objective().jsonName()).append(" | ").append(r.solver()).append(" | ")
                    .append(o.status()).append(" | ").append(num(o.objective())).append(" | ").append(num(o.bound()))
                    .append(" | ").append(o.ratio() == null ? "" : String.format(Locale.ROOT, "%.4f", o.ratio()))
                    .append(" | ").append(pct(o.gap())).append(" | ").append(num(o.generalBound())).append(" | ")
                    .append(pct(o.generalGap())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", o.seconds())).append(" | ")
                    .append(versusBest(outcomes, o)).append(" | ").append(versusMilp(outcomes, o)).append(" |\n");
        }
        sb.append(heuristicSummary(outcomes));
        if (outcomes.stream().anyMatch(o -> o.row().cluster() == null && !o.status().equals("NOT RUN"))) {
            sb.append("\nThe Tarnawski et al. instances: `dp` results are pipeline (contiguous) optima under the "
                    + "instances' max-load model with each file's own `maxFPGAs` and `maxCPUs`; training rows put "
                    + "every colour class on one device and count forward + backward load. The paper reports its own "
                    + "DP and IP results for these instances; they were not at hand when this table was made, so no "
                    + "agreement with them is claimed here.\n");
        }
        if (!notRun.isEmpty()) {
            sb.append("\n## Rows not run\n\n");
            Map<String, List<String>> byReason = new LinkedHashMap<>();
            for (Outcome o : notRun) {
                byReason.computeIfAbsent(o.note(), k -> new ArrayList<>()).add(o.row().modelName());
            }
            for (Map.Entry<String, List<String>> e : byReason.entrySet()) {
                List<String> models = e.getValue().stream().distinct().toList();
                sb.append("* ").append(e.getValue().size()).append(" rows (").append(String.join(", ", models))
                        .append("): ").append(e.getKey()).append('\n');
            }
        }
        return sb.toString();
    }

    static String csv(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder(
                "model,devices,objective,solver,status,value,unit,bound,bound_name,ratio,gap,any_placement_bound,"
                        + "any_placement_gap,seconds,time_limit,note,versus_best,versus_milp\n");
        for (Outcome o : outcomes) {
            Row r = o.row();
            sb.append(csvField(r.modelName())).append(',').append(csvField(r.devices())).append(',')
                    .append(r.objective().jsonName()).append(',').append(r.solver()).append(',').append(o.status().replace("†", ""))
                    .append(',').append(o.objective() == null ? "" : o.objective().toString()).append(',')
                    .append(csvField(o.unit())).append(',').append(o.bound() == null ? "" : o.bound().toString())
                    .append(',').append(csvField(o.boundName() == null ? "" : o.boundName())).append(',')
                    .append(o.ratio() == null ? "" : o.ratio().toString()).append(',')
                    .append(o.gap() == null ? "" : o.gap().toString()).append(',')
                    .append(o.generalBound() == null ? "" : o.generalBound().toString()).append(',')
                    .append(o.generalGap() == null ? "" : o.generalGap().toString()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", o.seconds())).append(',')
                    .append(String.format(Locale.ROOT, "%.0f", r.seconds())).append(',').append(csvField(o.note()))
                    .append(',').append(csvField(versusBest(outcomes, o))).append(',')
                    .append(versusMilp(outcomes, o)).append('\n');
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
