package org.placementexplorer.eval;

/** Why a placement is infeasible; the message names the operator or device concerned. */
public record Violation(Kind kind, String message) {
    public enum Kind { MEMORY, UNSUPPORTED, COLOCATION, REPLICATION }
}
