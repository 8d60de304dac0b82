package org.placementexplorer.model;

import java.util.List;
import java.util.Objects;

/**
 * One operator of the graph: what it is and how much work it does, independent of any device.
 *
 * @param id           stable identifier, unique in its graph (survives re-opening the same file)
 * @param name         display name; '/'-separated scopes ({@code /encoder/layer.0/MatMul}) group operators
 * @param opType       operator type, e.g. {@code Conv} or {@code MatMul}
 * @param domain       operator set domain; empty for the default ONNX domain
 * @param flops        floating-point (or integer) operations for one sample
 * @param bytesRead    bytes read from memory (inputs and parameters)
 * @param bytesWritten bytes written (outputs)
 * @param paramCount   number of parameter elements the operator owns (weights, constants)
 * @param paramBytes   bytes of those parameters; what the operator needs resident on its device
 * @param precision    arithmetic precision class, selects the device's peak rate
 * @param outputs      output tensors
 * @param subgraphs    bodies of control-flow operators (If, Loop, Scan); their cost is already
 *                     included in this operator's figures
 */
public record Operator(
        String id,
        String name,
        String opType,
        String domain,
        double flops,
        double bytesRead,
        double bytesWritten,
        long paramCount,
        double paramBytes,
        Precision precision,
        List<Tensor> outputs,
        List<Subgraph> subgraphs) {

    public Operator {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new ModelException("an operator has an empty id");
        }
        name = name == null || name.isEmpty() ? id : name;
        opType = opType == null ? "" : opType;
        domain = domain == null ? "" : domain;
        precision = precision == null ? Precision.FP32 : precision;
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        subgraphs = subgraphs == null ? List.of() : List.copyOf(subgraphs);
        requireFiniteNonNegative(id, "flops", flops);
        requireFiniteNonNegative(id, "bytesRead", bytesRead);
        requireFiniteNonNegative(id, "bytesWritten", bytesWritten);
        requireFiniteNonNegative(id, "paramBytes", paramBytes);
        if (paramCount < 0) {
            throw new ModelException("operator '" + id + "' has a negative paramCount");
        }
    }

    /** A minimal operator for tests and synthetic graphs. */
    public static Operator simple(String id, String opType, double flops, double bytes) {
        return new Operator(id, id, opType, "", flops, bytes, 0, 0, 0, Precision.FP32, List.of(), List.of());
    }

    public Operator withParams(long count, double bytes) {
        return new Operator(id, name, opType, domain, flops, bytesRead, bytesWritten, count, bytes, precision,
                outputs, subgraphs);
    }

    public Operator withOutputs(List<Tensor> newOutputs) {
        return new Operator(id, name, opType, domain, flops, bytesRead, bytesWritten, paramCount, paramBytes,
                precision, newOutputs, subgraphs);
    }

    private static void requireFiniteNonNegative(String id, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ModelException("operator '" + id + "' has an invalid " + what + " (" + v + ")");
        }
    }

    /** A named body of a control-flow operator. */
    public record Subgraph(String name, OpGraph graph) {
        public Subgraph {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(graph, "graph");
        }
    }
}
