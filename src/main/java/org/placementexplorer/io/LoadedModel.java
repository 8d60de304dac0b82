package org.placementexplorer.io;

import java.util.List;

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
 */
public record LoadedModel(String file, String format, OpGraph graph, Problem ownProblem, List<String> warnings) {
    public LoadedModel {
        warnings = List.copyOf(warnings);
    }

    public boolean carriesDevices() {
        return ownProblem != null;
    }
}
