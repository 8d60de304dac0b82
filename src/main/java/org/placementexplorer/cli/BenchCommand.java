package org.placementexplorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.placementexplorer.io.InputException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", description = "Run the benchmark rows (each Tarnawski instance with dp and a baseline, "
        + "the sample models on the sample clusters) and write a markdown table and a CSV.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--shared", paramLabel = "DIR", defaultValue = "../shared",
            description = "the shared data folder (instances/tarnawski, onnx); default ${DEFAULT-VALUE}")
    Path shared;

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "sample-graphs",
            description = "the sample graphs folder; default ${DEFAULT-VALUE}")
    Path samples;

    @Option(names = "--rows", paramLabel = "FILE", description = "rows to run instead of the standard ones: CSV "
            + "lines model,cluster,objective,solver,seconds[,accelerators,cpus]")
    Path rowsFile;

    @Option(names = "--only", paramLabel = "TEXT", description = "keep the rows whose model name contains TEXT")
    String only;

    @Option(names = "--solver", paramLabel = "NAME", description = "keep the rows of these solvers (repeatable)")
    List<String> solvers = new ArrayList<>();

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "use this limit for every row instead of "
            + "the row's own")
    Double timeLimit;

    @Option(names = "--md", paramLabel = "FILE", defaultValue = "docs/benchmarks.md",
            description = "markdown output; default ${DEFAULT-VALUE}")
    Path md;

    @Option(names = "--csv", paramLabel = "FILE", defaultValue = "docs/benchmarks.csv",
            description = "CSV output; default ${DEFAULT-VALUE}")
    Path csv;

    @Option(names = "--section", paramLabel = "NAME", defaultValue = "solvers",
            description = "the marked section of the markdown file to (re)write: <!-- bench:NAME:begin --> … "
                    + "<!-- bench:NAME:end -->; default ${DEFAULT-VALUE}")
    String section;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Solvers",
            description = "the section's heading; default ${DEFAULT-VALUE}")
    String title;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Bench.Row> rows = rowsFile != null ? Bench.readRows(rowsFile) : Bench.defaultRows(shared, samples);
        List<Bench.Row> kept = new ArrayList<>();
        for (Bench.Row r : rows) {
            if (only != null && !r.modelName().contains(only)) {
                continue;
            }
            if (!solvers.isEmpty() && !solvers.contains(r.solver())) {
                continue;
            }
            kept.add(timeLimit == null ? r : new Bench.Row(r.model(), r.cluster(), r.objective(), r.solver(),
                    timeLimit, r.accelerators(), r.cpus()));
        }
        if (kept.isEmpty()) {
            throw new InputException(rowsFile != null ? rowsFile.toString() : shared.toString(),
                    "no benchmark rows to run (is the shared folder there?)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d rows; %s%n", kept.size(), Bench.machine());
        out.flush();
        List<Bench.Outcome> outcomes = Bench.runAll(kept, o -> {
            out.printf(Locale.ROOT, "%-60s %-12s %-14s %-10s %-8s %14s %14s %8.2f s%n", o.row().modelName(),
                    o.row().devices(), o.row().solver(), o.row().objective().jsonName(), o.status(),
                    Bench.num(o.objective()), Bench.num(o.bound()), o.seconds());
            out.flush();
        });
        StringBuilder command = new StringBuilder("placement-explorer");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            command.append(' ').append(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        if (!section.matches("[a-z0-9-]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--section takes lower-case letters, digits "
                    + "and '-', not '" + section + "'");
        }
        write(md, intoSection(md, section, Bench.markdown(outcomes, Bench.machine(), command.toString(), title)));
        write(csv, Bench.csv(outcomes));
        out.println("written " + md + " and " + csv);
        return 0;
    }

    static final String BEGIN = "<!-- bench:solvers:begin -->";
    static final String END = "<!-- bench:solvers:end -->";

    static String intoSection(Path file, String section) {
        return intoSection(file, "solvers", section);
    }

    /**
     * The markdown file with the solver section replaced: docs/benchmarks.md also holds sections
     * written by hand (import and GUI figures), so only the part between the markers is rewritten;
     * a file without markers gets the section appended, a missing file is created.
     */
    static String intoSection(Path file, String name, String section) {
        String begin = "<!-- bench:" + name + ":begin -->";
        String end = "<!-- bench:" + name + ":end -->";
        String block = begin + "\n" + section + (section.endsWith("\n") ? "" : "\n") + end + "\n";
        if (!Files.exists(file)) {
            return "# Benchmarks\n\n" + block;
        }
        String old;
        try {
            old = Files.readString(file);
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        int b = old.indexOf(begin);
        int e = old.indexOf(end);
        if (b < 0 || e < b) {
            return old + (old.endsWith("\n") ? "\n" : "\n\n") + block;
        }
        int after = old.indexOf('\n', e);
        return old.substring(0, b) + block + (after < 0 ? "" : old.substring(after + 1));
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot be written (" + e.getMessage() + ")");
        }
    }
}
