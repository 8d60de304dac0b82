package org.placementexplorer.io;

import java.util.List;
import java.util.Map;

import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Problem;

/**
 * A model file as read: its graph and, for files that carry their own devices and costs
 * (benchmark instances), the priced problem.
 *
 * @param file       the path as the user gave it
 * @param format     short name of the file format, e.g. "graph JSON"
 * @param graph      the operator graph
 * @param ownProblem the problem for files with their own devices, else null
 * @param warnings   things the importer could not read fully and how it fell back
 * @param options    the import options the file was read with (as asked for)
 * @param effective  what those options came to: every symbolic dimension of the model's inputs with the
 *                   value it took (set or default), and for files with their own devices the accelerator
 *                   and CPU counts used; empty dims and null counts where the format has none
 * @param dimUses    for each symbolic dimension of {@code effective}, where the model's inputs use it
 *                   ("INPUT axis N"); empty for formats without symbolic dimensions
 */
public record LoadedModel(String file, String format, OpGraph graph, Problem ownProblem, List<String> warnings,
        ImportOptions options, ImportOptions effective, Map<String, List<String>> dimUses) {
    public LoadedModel {
        warnings = List.copyOf(warnings);
        options = options == null ? ImportOptions.DEFAULT : options;
        effective = effective == null ? ImportOptions.DEFAULT : effective;
        dimUses = dimUses == null ? Map.of() : Map.copyOf(dimUses);
    }

    /** A model read with options, from a format without symbolic dimensions (or without their uses). */
    public LoadedModel(String file, String format, OpGraph graph, Problem ownProblem, List<String> warnings,
            ImportOptions options, ImportOptions effective) {
        this(file, format, graph, ownProblem, warnings, options, effective, Map.of());
    }

    /** A model read with the default options, from a format without symbolic dimensions or device counts. */
    public LoadedModel(String file, String format, OpGraph graph, Problem ownProblem, List<String> warnings) {
        this(file, format, graph, ownProblem, warnings, ImportOptions.DEFAULT, ImportOptions.DEFAULT);
    }

    /** The same model, marked as read with {@code o}. */
    public LoadedModel withOptions(ImportOptions o) {
        return new LoadedModel(file, format, graph, ownProblem, warnings, o, effective, dimUses);
    }

    /** Whether there is anything an import option can change: symbolic dimensions or device counts. */
    public boolean hasImportChoices() {
        return !effective.dims().isEmpty() || effective.accelerators() != null || effective.cpus() != null;
    }

    public boolean carriesDevices() {
        return ownProblem != null;
    }
}
