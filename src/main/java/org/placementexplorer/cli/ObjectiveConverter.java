package org.placementexplorer.cli;

import org.placementexplorer.model.Objective;

import picocli.CommandLine;

/** Parses "latency" / "throughput" with a clear complaint otherwise. */
final class ObjectiveConverter implements CommandLine.ITypeConverter<Objective> {
    @Override
    public Objective convert(String value) {
        try {
            return Objective.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not an objective (latency or throughput)");
        }
    }
}
