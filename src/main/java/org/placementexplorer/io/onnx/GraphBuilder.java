package org.placementexplorer.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import org.placementexplorer.cost.OpClass;
import org.placementexplorer.io.InputException;
import org.placementexplorer.model.Edge;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Precision;
import org.placementexplorer.model.Tensor;

/**
 * Turns a parsed ONNX model into an {@link OpGraph}: infers every tensor's shape, prices every node,
 * and maps the ONNX graph onto operators and edges. The mapping (docs/decisions/0010):
 * <ul>
 *   <li>every node except {@code Constant} is an operator; graph inputs, initializers and Constant
 *       values are not operators and cost no transfer;</li>
 *   <li>initializers and Constant values are <em>weights</em>. Each weight is owned by exactly one
 *       operator — the first to read it in topological order, looking inside subgraphs — which counts
 *       its elements and bytes as parameters; every reader counts it in its bytes read. A weight no
 *       operator reads is counted on the graph's first operator (main graph) or on the enclosing
 *       control operator (subgraph), so the parameter total always equals the elements of all
 *       initializers and Constant values;</li>
 *   <li>control-flow nodes (If, Loop, Scan) and calls of model-local functions are one operator whose
 *       cost covers its bodies (the larger branch of an If; trip count × body for Loop and Scan) and
 *       whose parameters are those of all its bodies; the bodies are kept as subgraphs;</li>
 *   <li>operator ids: the node name when present and unique in its graph, else
 *       {@code <opType>_<position>} (position in the graph's node list), made unique with a suffix.</li>
 * </ul>
 */
final class GraphBuilder {
    private static final int MAX_FUNCTION_DEPTH = 16;

    private final String file;
    private final Onnx.Model model;
    private final ShapeInference inference;
    private final SymbolicDims dims;
    private final ExternalData external;
    private final boolean useValueInfo;
    final Warnings warnings = new Warnings();
    private final Map<String, Onnx.Function> functions = new HashMap<>();
    private final IdentityHashMap<Onnx.Graph, Set<String>> freeVars = new IdentityHashMap<>();
    private int functionDepth;
    private int quiet;

    GraphBuilder(String file, Onnx.Model model, SymbolicDims dims, ExternalData external, boolean useValueInfo) {
        this.file = file;
        this.model = model;
        this.inference = new ShapeInference(model.opset(""));
        this.dims = dims;
        this.external = external;
        this.useValueInfo = useValueInfo;
        for (Onnx.Function f : model.functions()) {
            functions.put(f.domain() + "\u0000" + f.name(), f);
        }
    }

    /** An initializer or Constant value. */
    static final class Weight {
        final String name;
        final long elements;
        final double bytes;
        boolean owned;

        Weight(String name, long elements, double bytes) {
            this.name = name;
            this.elements = elements;
            this.bytes = bytes;
        }
    }

    /** The names one graph defines, with a link to the enclosing graph's scope. */
    static final class Scope {
        final Scope parent;
        final Map<String, Value> values = new HashMap<>();
        final Map<String, Weight> weights = new LinkedHashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Value value(String n) {
            for (Scope s = this; s != null; s = s.parent) {
                Value v = s.values.get(n);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        Weight weight(String n) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.values.containsKey(n)) {
                    return s.weights.get(n);
                }
            }
            return null;
        }

        boolean defines(String n) {
            return value(n) != null;
        }
    }

    /** A built graph with its totals. */
    static final class Built {
        OpGraph graph;
        List<Value> outputs;
        long params;
        double paramBytes;
        double flops;
        double read;
        double written;
        Precision precision = Precision.FP32;
    }

    /** What one node turned into, before it becomes an operator. */
    private static final class NodeResult {
        List<Value> outputs;
        double flops;
        double read;
        double written;
        long params;
        double paramBytes;
        Precision precision;
        List<Operator.Subgraph> subgraphs = List.of();
    }

    // ---- entry ------------------------------------------------------------------------------

    OpGraph build(String name) {
        Built b = buildGraph(model.graph(), new Scope(null), null, name, "", true);
        return b.graph;
    }

    // ---- one graph --------------------------------------------------------------------------

    private Built buildGraph(Onnx.Graph g, Scope scope, List<Value> formal, String name, String where, boolean main) {
        // weights: initializers (and sparse initializers)
        Set<String> initNames = new HashSet<>();
        for (Onnx.Tensor t : g.initializers()) {
            if (t.name().isEmpty()) {
                warnings.add("an initializer without a name" + where + " is ignored: nothing can read it");
                continue;
            }
            defineWeight(scope, t.name(), tensorValue(t), t.elementCount(), t.dataType(), where, "an initializer");
            initNames.add(t.name());
            String bad = TensorData.checkLength(t);
            if (bad != null) {
                warnings.group("datalength", "an initializer " + bad + "; its size is taken from its shape", t.name());
            }
        }
        for (Onnx.Sparse sp : g.sparseInitializers()) {
            if (sp.values() == null || sp.name().isEmpty()) {
                continue;
            }
            long nnz = sp.values().elementCount();
            defineWeight(scope, sp.name(), Value.of(sp.values().dataType(), sp.dims()), nnz, sp.values().dataType(),
                    where, "a sparse initializer");
            initNames.add(sp.name());
        }
        // inputs
        List<Tensor> inputTensors = new ArrayList<>();
        for (int i = 0; i < g.inputs().size(); i++) {
            Onnx.ValueInfo vi = g.inputs().get(i);
            if (initNames.contains(vi.name()) || vi.name().isEmpty()) {
                continue; // an initializer listed as an input (IR < 4): a weight with a default
            }
            Value v;
            if (main) {
                v = mainInput(vi);
            } else {
                Value declared = declared(vi.type());
                Value f = formal != null && i < formal.size() ? formal.get(i) : null;
                v = f == null ? declared : refine(f, declared);
            }
            if (scope.values.containsKey(vi.name())) {
                throw new InputException(file, "the graph input '" + vi.name() + "'" + where + " is declared twice");
            }
            scope.values.put(vi.name(), v);
            inputTensors.add(tensor(vi.name(), v));
        }

        List<Onnx.Node> nodes = g.nodes();
        int n = nodes.size();
        String[] ids = assignIds(nodes);
        // who produces what
        Map<String, Integer> producedBy = new HashMap<>();
        for (int k = 0; k < n; k++) {
            for (String o : nodes.get(k).outputs()) {
                if (o.isEmpty()) {
                    continue;
                }
                Integer prev = producedBy.put(o, k);
                if (prev != null) {
                    throw new InputException(file, "tensor '" + o + "'" + where + " is produced twice (by "
                            + describe(nodes.get(prev), ids[prev]) + " and " + describe(nodes.get(k), ids[k]) + ")");
                }
                if (scope.values.containsKey(o)) {
                    throw new InputException(file, "tensor '" + o + "'" + where + " is produced by "
                            + describe(nodes.get(k), ids[k]) + " but is also a graph input or initializer");
                }
            }
        }
        // dependencies: inputs and the names the node's subgraphs read from outside
        List<List<String>> reads = new ArrayList<>(n);
        int[][] deps = new int[n][];
        for (int k = 0; k < n; k++) {
            Onnx.Node node = nodes.get(k);
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (String s : node.inputs()) {
                if (!s.isEmpty()) {
                    names.add(s);
                }
            }
            for (Onnx.Graph sg : subgraphsOf(node)) {
                names.addAll(freeVars(sg));
            }
            List<Integer> d = new ArrayList<>();
            for (String s : names) {
                Integer p = producedBy.get(s);
                if (p != null) {
                    if (p == k) {
                        throw new InputException(file, describe(node, ids[k]) + where + " reads its own output '"
                                + s + "'");
                    }
                    d.add(p);
                } else if (!scope.defines(s)) {
                    throw new InputException(file, describe(node, ids[k]) + where + " reads tensor '" + s
                            + "', which no node, graph input or initializer provides");
                }
            }
            reads.add(new ArrayList<>(names));
            deps[k] = d.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] order = topologicalOrder(nodes, ids, deps, where);

        Map<String, Onnx.Type> declaredTypes = new HashMap<>();
        if (useValueInfo) {
            for (Onnx.ValueInfo vi : g.valueInfo()) {
                declaredTypes.put(vi.name(), vi.type());
            }
        }
        for (Onnx.ValueInfo vi : g.outputs()) {
            declaredTypes.putIfAbsent(vi.name(), vi.type());
        }

        List<Operator> ops = new ArrayList<>();
        List<List<String>> opReads = new ArrayList<>();
        Map<String, Integer> opOfTensor = new HashMap<>();
        for (int k : order) {
            Onnx.Node node = nodes.get(k);
            if (node.opType().equals("Constant") && node.isDefaultDomain()) {
                constant(node, scope, where);
                continue;
            }
            List<Value> ins = new ArrayList<>(node.inputs().size());
            for (String s : node.inputs()) {
                ins.add(s.isEmpty() ? null : scope.value(s));
            }
            // the explicit inputs are read first; then the subgraphs read theirs
            long params = 0;
            double paramBytes = 0;
            Set<String> seen = new HashSet<>();
            double readBytes = 0;
            for (String s : node.inputs()) {
                if (s.isEmpty() || !seen.add(s)) {
                    continue;
                }
                Weight w = scope.weight(s);
                if (w != null && !w.owned) {
                    w.owned = true;
                    params += w.elements;
                    paramBytes += w.bytes;
                }
                readBytes += scope.value(s).bytes();
            }
            NodeResult r;
            String id = ids[k];
            if (!subgraphsOf(node).isEmpty()) {
                r = control(node, ins, scope, id, where);
            } else if (functions.containsKey(node.domain() + "\u0000" + node.opType())) {
                r = call(node, ins, id, where);
            } else {
                r = plain(node, ins, id, readBytes);
            }
            // outputs: inferred, completed from the file's declared types when allowed
            List<Tensor> outTensors = new ArrayList<>();
            for (int o = 0; o < node.outputs().size(); o++) {
                String on = node.outputs().get(o);
                if (on.isEmpty()) {
                    continue;
                }
                Value v = o < r.outputs.size() && r.outputs.get(o) != null ? r.outputs.get(o) : Value.unknown(0);
                Onnx.Type dt = declaredTypes.get(on);
                if (dt != null && (!v.shapeKnown() || v.type == 0)) {
                    v = refine(v, declared(dt));
                }
                scope.values.put(on, v);
                outTensors.add(tensor(on, v));
                opOfTensor.put(on, ops.size());
            }
            Precision precision = r.precision != null ? r.precision : precisionOf(node, ins);
            String display = node.name().isEmpty() ? id : node.name();
            double written = r.written;
            ops.add(new Operator(id, display, node.opType(), node.domain(), finite(r.flops, id, "FLOPs"),
                    finite(r.read, id, "bytes read"), finite(written, id, "bytes written"), params + r.params,
                    paramBytes + r.paramBytes, precision, outTensors, r.subgraphs));
            opReads.add(reads.get(k));
        }

        // weights nobody read
        long leftover = 0;
        double leftoverBytes = 0;
        int leftoverCount = 0;
        for (Weight w : scope.weights.values()) {
            if (!w.owned) {
                w.owned = true;
                leftover += w.elements;
                leftoverBytes += w.bytes;
                leftoverCount++;
            }
        }
        if (main) {
            if (ops.isEmpty()) {
                throw new InputException(file, "the model has no operators to place (its graph holds only "
                        + (g.nodes().isEmpty() ? "inputs and initializers" : "constants") + ")");
            }
            if (leftoverCount > 0) {
                Operator first = ops.get(0);
                ops.set(0, first.withParams(first.paramCount() + leftover, first.paramBytes() + leftoverBytes));
                warnings.add(leftoverCount + " initializer(s)/constant(s) are read by no operator (" + leftover
                        + " elements); they are counted on operator '" + first.id()
                        + "' so the parameter total stays complete");
            }
        }

        // edges between operators of this graph
        List<Edge> edges = new ArrayList<>();
        for (int j = 0; j < ops.size(); j++) {
            for (String s : opReads.get(j)) {
                Integer p = opOfTensor.get(s);
                if (p != null && p != j) {
                    edges.add(new Edge(p, j, s, scope.value(s).bytes()));
                }
            }
        }

        // graph outputs
        List<Tensor> outputTensors = new ArrayList<>();
        List<Value> outputValues = new ArrayList<>();
        for (Onnx.ValueInfo vi : g.outputs()) {
            Value v = scope.value(vi.name());
            if (v == null) {
                throw new InputException(file, "graph output '" + vi.name() + "'" + where
                        + " is produced by no node, input or initializer");
            }
            if (!v.shapeKnown() || v.type == 0) {
                v = refine(v, declared(vi.type()));
            }
            outputValues.add(v);
            outputTensors.add(tensor(vi.name(), v));
        }
        if (!main) {
            // a subgraph also reads names from enclosing graphs: list them as its inputs
            for (String s : freeVars(g)) {
                Value v = scope.value(s);
                if (v != null) {
                    inputTensors.add(tensor(s, v));
                }
            }
        }

        Built b = new Built();
        b.graph = OpGraph.of(name, ops, edges, inputTensors, outputTensors);
        b.outputs = outputValues;
        double best = -1;
        for (Operator op : ops) {
            b.params += op.paramCount();
            b.paramBytes += op.paramBytes();
            b.flops += op.flops();
            b.read += op.bytesRead();
            b.written += op.bytesWritten();
            if (op.flops() > best) {
                best = op.flops();
                b.precision = op.precision();
            }
        }
        b.params += leftover * (main ? 0 : 1);
        b.paramBytes += main ? 0 : leftoverBytes;
        return b;
    }

    private double finite(double v, String id, String what) {
        if (!(v >= 0) || Double.isInfinite(v) || v > 1e30) {
            throw new InputException(file, "operator '" + id + "': its shapes give " + what + " too large to count ("
                    + v + ")");
        }
        return v;
    }

    private void defineWeight(Scope scope, String name, Value v, long elements, int type, String where, String what) {
        if (scope.values.containsKey(name)) {
            throw new InputException(file, "'" + name + "'" + where + " is defined twice (as " + what + ")");
        }
        if (elements < 0) {
            throw new InputException(file, what.substring(what.indexOf(' ') + 1) + " '" + name + "'" + where
                    + " has an invalid shape " + Arrays.toString(v.dims));
        }
        scope.values.put(name, v);
        scope.weights.put(name, new Weight(name, elements, elements * ElemType.bytes(type)));
    }

    /** A Constant node: a weight, not an operator. */
    private void constant(Onnx.Node node, Scope scope, String where) {
        if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) {
            return;
        }
        String out = node.outputs().get(0);
        Value v = null;
        long elements = 0;
        int type = ElemType.FLOAT;
        for (Onnx.Attribute a : node.attributes().values()) {
            switch (a.name()) {
                case "value" -> {
                    if (a.t() != null) {
                        v = tensorValue(a.t());
                        elements = a.t().elementCount();
                        type = a.t().dataType();
                    }
                }
                case "sparse_value" -> {
                    if (a.sparse() != null && a.sparse().values() != null) {
                        type = a.sparse().values().dataType();
                        v = Value.of(type, a.sparse().dims());
                        elements = a.sparse().values().elementCount();
                    }
                }
                case "value_float" -> {
                    v = Value.scalar(ElemType.FLOAT, a.f());
                    elements = 1;
                }
                case "value_floats" -> {
                    double[] d = new double[a.floats().length];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = a.floats()[i];
                    }
                    v = Value.vector(ElemType.FLOAT, d);
                    elements = d.length;
                }
                case "value_int" -> {
                    type = ElemType.INT64;
                    v = Value.scalar(type, a.i());
                    elements = 1;
                }
                case "value_ints" -> {
                    type = ElemType.INT64;
                    v = Value.vector(type, a.ints());
                    elements = a.ints().length;
                }
                case "value_string" -> {
                    type = ElemType.STRING;
                    v = Value.of(type, new long[0]);
                    elements = 1;
                }
                case "value_strings" -> {
                    type = ElemType.STRING;
                    v = Value.of(type, new long[] {a.strings().size()});
                    elements = a.strings().size();
                }
                default -> {
                    // other attributes do not hold the value
                }
            }
        }
        if (v == null) {
            warnings.group("constant-empty", "a Constant node holds no value; its output is unknown",
                    node.name().isEmpty() ? out : node.name());
            v = Value.unknown(0);
        }
        defineWeight(scope, out, v, Math.max(elements, 0), type, where, "a Constant");
    }

    /** An ordinary node: shape inference and the FLOP rule. */
    private NodeResult plain(Onnx.Node node, List<Value> ins, String id, double readBytes) {
        NodeResult r = new NodeResult();
        String op = (node.isDefaultDomain() ? "" : node.domain() + ".") + node.opType();
        try {
            r.outputs = inference.infer(node, ins);
        } catch (ShapeInference.NoRule e) {
            warn("norule:" + op, "no shape rule for " + op + ": its outputs are unknown"
                    + (useValueInfo ? " unless the file's value_info gives them" : ""), id);
            r.outputs = unknowns(node);
        } catch (RuntimeException e) {
            warn("infer:" + op, "cannot infer the output shape of " + op + " (" + message(e)
                    + "); its outputs are unknown" + (useValueInfo ? " unless the file's value_info gives them" : ""),
                    id);
            r.outputs = unknowns(node);
        }
        double flops;
        try {
            flops = OpCosts.flops(node, ins, r.outputs);
        } catch (RuntimeException e) {
            flops = -1;
        }
        if (flops < 0) {
            warn("noflops:" + op, "no FLOP rule for " + op + ": counted as 0 FLOPs (its bytes still count)", id);
            flops = 0;
        }
        r.flops = flops;
        boolean view = OpClass.of(node.opType()) == OpClass.VIEW;
        if (!view) {
            r.read = readBytes;
            Set<String> seen = new HashSet<>();
            for (int o = 0; o < node.outputs().size() && o < r.outputs.size(); o++) {
                if (!node.outputs().get(o).isEmpty() && seen.add(node.outputs().get(o)) && r.outputs.get(o) != null) {
                    r.written += r.outputs.get(o).bytes();
                }
            }
        }
        return r;
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private void warn(String key, String text, String example) {
        if (quiet == 0) {
            warnings.group(key, text, example);
        }
    }

    private static List<Value> unknowns(Onnx.Node node) {
        List<Value> l = new ArrayList<>();
        for (int i = 0; i < node.outputs().size(); i++) {
            l.add(Value.unknown(0));
        }
        return l;
    }

    // ---- control flow -----------------------------------------------------------------------

    private NodeResult control(Onnx.Node node, List<Value> ins, Scope scope, String id, String where) {
        String inner = " in '" + id + "'" + where;
        return switch (node.opType()) {
            case "If" -> ifNode(node, ins, scope, id, inner);
            case "Loop" -> loop(node, ins, scope, id, inner);
            case "Scan" -> scan(node, ins, scope, id, inner);
            default -> otherWithBodies(node, ins, scope, id, inner);
        };
    }

    private NodeResult ifNode(Onnx.Node node, List<Value> ins, Scope scope, String id, String inner) {
        Onnx.Attribute ta = node.attr("then_branch");
        Onnx.Attribute ea = node.attr("else_branch");
        if (ta == null || ta.g() == null || ea == null || ea.g() == null) {
            return otherWithBodies(node, ins, scope, id, inner);
        }
        Value cond = ins.isEmpty() ? null : ins.get(0);
        Boolean taken = cond != null && cond.hasData() && cond.data.length == 1 ? cond.data[0] != 0 : null;
        if (Boolean.FALSE.equals(taken)) {
            quiet++;
        }
        Built thenB;
        try {
            thenB = buildGraph(ta.g(), new Scope(scope), List.of(), "then_branch", " in then_branch" + inner, false);
        } finally {
            if (Boolean.FALSE.equals(taken)) {
                quiet--;
            }
        }
        if (Boolean.TRUE.equals(taken)) {
            quiet++;
        }
        Built elseB;
        try {
            elseB = buildGraph(ea.g(), new Scope(scope), List.of(), "else_branch", " in else_branch" + inner, false);
        } finally {
            if (Boolean.TRUE.equals(taken)) {
                quiet--;
            }
        }
        NodeResult r = new NodeResult();
        r.outputs = new ArrayList<>();
        for (int i = 0; i < node.outputs().size(); i++) {
            Value t = i < thenB.outputs.size() ? thenB.outputs.get(i) : null;
            Value e = i < elseB.outputs.size() ? elseB.outputs.get(i) : null;
            r.outputs.add(taken == null ? merge(t, e) : taken ? t : e);
        }
        Built larger = thenB.flops > elseB.flops || thenB.flops == elseB.flops
                && thenB.read + thenB.written >= elseB.read + elseB.written ? thenB : elseB;
        costs(r, larger, 1);
        r.params = thenB.params + elseB.params;
        r.paramBytes = thenB.paramBytes + elseB.paramBytes;
        r.subgraphs = List.of(new Operator.Subgraph("then_branch", thenB.graph),
                new Operator.Subgraph("else_branch", elseB.graph));
        return r;
    }

    private NodeResult loop(Onnx.Node node, List<Value> ins, Scope scope, String id, String inner) {
        Onnx.Attribute ba = node.attr("body");
        if (ba == null || ba.g() == null) {
            return otherWithBodies(node, ins, scope, id, inner);
        }
        Value m = ins.isEmpty() ? null : ins.get(0);
        long trip = -1;
        if (m != null && m.hasData() && m.data.length == 1 && m.data[0] >= 0 && m.data[0] < 1e12) {
            trip = (long) m.data[0];
        }
        List<Value> carried = new ArrayList<>();
        for (int i = 2; i < ins.size(); i++) {
            carried.add(ins.get(i) == null ? Value.unknown(0) : Value.of(ins.get(i).type, ins.get(i).dims));
        }
        List<Value> formal = new ArrayList<>();
        formal.add(Value.of(ElemType.INT64, new long[0]));
        formal.add(Value.of(ElemType.BOOL, new long[0]));
        formal.addAll(carried);
        Built body = buildGraph(ba.g(), new Scope(scope), formal, "body", " in body" + inner, false);
        int nCarried = carried.size();
        NodeResult r = new NodeResult();
        r.outputs = new ArrayList<>();
        for (int i = 0; i < node.outputs().size(); i++) {
            Value bo = 1 + i < body.outputs.size() ? body.outputs.get(1 + i) : null;
            if (i < nCarried) {
                r.outputs.add(trip == 0 ? carried.get(i) : merge(carried.get(i), bo));
            } else {
                r.outputs.add(stack(bo, trip, 0));
            }
        }
        if (trip < 0) {
            warn("looptrip", "Loop with a trip count that is not known from the file: its cost counts one "
                    + "iteration of the body", id);
        }
        costs(r, body, trip < 0 ? 1 : trip);
        r.params = body.params;
        r.paramBytes = body.paramBytes;
        r.subgraphs = List.of(new Operator.Subgraph("body", body.graph));
        return r;
    }

    private NodeResult scan(Onnx.Node node, List<Value> ins, Scope scope, String id, String inner) {
        Onnx.Attribute ba = node.attr("body");
        if (ba == null || ba.g() == null) {
            return otherWithBodies(node, ins, scope, id, inner);
        }
        boolean v8 = model.opset("") > 0 && model.opset("") < 9;
        List<Value> args = new ArrayList<>(v8 && !ins.isEmpty() ? ins.subList(1, ins.size()) : ins);
        int nScan = (int) Math.max(0, Math.min(args.size(), node.intAttr("num_scan_inputs", 0)));
        int nState = args.size() - nScan;
        long[] inAxes = node.intsAttr("scan_input_axes");
        long[] outAxes = node.intsAttr("scan_output_axes");
        int batchDims = v8 ? 1 : 0;
        long iterations = -1;
        List<Value> formal = new ArrayList<>();
        for (int i = 0; i < nState; i++) {
            Value s = args.get(i);
            formal.add(s == null ? Value.unknown(0) : Value.of(s.type, drop(s.dims, batchDims, 0)));
        }
        for (int j = 0; j < nScan; j++) {
            Value s = args.get(nState + j);
            if (s == null || s.dims == null) {
                formal.add(Value.unknown(s == null ? 0 : s.type));
                continue;
            }
            int axis = v8 ? 1 : inAxes != null && j < inAxes.length ? Nd.axis(inAxes[j], s.rank()) : 0;
            if (j == 0) {
                iterations = s.dim(axis);
            }
            long[] d = s.dims.clone();
            d = removeAxis(d, axis);
            formal.add(Value.of(s.type, drop(d, batchDims, 0)));
        }
        Built body = buildGraph(ba.g(), new Scope(scope), formal, "body", " in body" + inner, false);
        NodeResult r = new NodeResult();
        r.outputs = new ArrayList<>();
        for (int i = 0; i < node.outputs().size(); i++) {
            Value bo = i < body.outputs.size() ? body.outputs.get(i) : null;
            if (i < nState) {
                Value init = args.get(i) == null ? null : Value.of(args.get(i).type, args.get(i).dims);
                r.outputs.add(v8 ? init : merge(init, bo));
            } else if (v8) {
                Value st = stack(bo, iterations, 0);
                long batch = nScan > 0 && args.get(nState) != null ? args.get(nState).dim(0) : -1;
                r.outputs.add(stack(st, batch, 0));
            } else {
                int j = i - nState;
                long ax = outAxes != null && j < outAxes.length ? outAxes[j] : 0;
                int rank = bo == null || bo.dims == null ? 0 : bo.rank() + 1;
                r.outputs.add(stack(bo, iterations, bo == null || bo.dims == null ? 0 : Nd.axis(ax, rank)));
            }
        }
        if (iterations < 0) {
            warn("scaniter", "Scan whose number of iterations is not known: its cost counts one iteration of the "
                    + "body", id);
        }
        costs(r, body, iterations < 0 ? 1 : iterations);
        r.params = body.params;
        r.paramBytes = body.paramBytes;
        r.subgraphs = List.of(new Operator.Subgraph("body", body.graph));
        return r;
    }

    /** A node with graph attributes whose semantics we do not know: each body counted once. */
    private NodeResult otherWithBodies(Onnx.Node node, List<Value> ins, Scope scope, String id, String inner) {
        NodeResult r = new NodeResult();
        List<Operator.Subgraph> subs = new ArrayList<>();
        Built total = new Built();
        for (Onnx.Attribute a : node.attributes().values()) {
            List<Onnx.Graph> gs = new ArrayList<>();
            if (a.g() != null) {
                gs.add(a.g());
            }
            gs.addAll(a.graphs());
            for (int k = 0; k < gs.size(); k++) {
                String label = a.name() + (gs.size() > 1 ? "[" + k + "]" : "");
                Built b = buildGraph(gs.get(k), new Scope(scope), null, label, " in " + label + inner, false);
                subs.add(new Operator.Subgraph(label, b.graph));
                total.flops += b.flops;
                total.read += b.read;
                total.written += b.written;
                total.params += b.params;
                total.paramBytes += b.paramBytes;
            }
        }
        try {
            r.outputs = inference.infer(node, ins);
        } catch (ShapeInference.NoRule | RuntimeException e) {
            r.outputs = unknowns(node);
        }
        warn("bodies:" + node.opType(), node.opType() + " has subgraphs whose use the importer does not know: each "
                + "is counted once", id);
        costs(r, total, 1);
        r.params = total.params;
        r.paramBytes = total.paramBytes;
        r.subgraphs = subs;
        return r;
    }

    /** A call of a model-local function: its body is inferred with the actual inputs and kept as a subgraph. */
    private NodeResult call(Onnx.Node node, List<Value> ins, String id, String where) {
        Onnx.Function f = functions.get(node.domain() + "\u0000" + node.opType());
        if (functionDepth >= MAX_FUNCTION_DEPTH) {
            warn("fdepth", "functions call each other more than " + MAX_FUNCTION_DEPTH + " deep: the deeper calls "
                    + "are not expanded", id);
            NodeResult r = new NodeResult();
            r.outputs = unknowns(node);
            return r;
        }
        List<Onnx.ValueInfo> fin = new ArrayList<>();
        for (String s : f.inputs()) {
            fin.add(new Onnx.ValueInfo(s, Onnx.Type.UNKNOWN));
        }
        List<Onnx.ValueInfo> fout = new ArrayList<>();
        for (String s : f.outputs()) {
            fout.add(new Onnx.ValueInfo(s, Onnx.Type.UNKNOWN));
        }
        Onnx.Graph body = new Onnx.Graph(f.name(), f.nodes(), List.of(), List.of(), fin, fout, List.of());
        functionDepth++;
        Built b;
        try {
            b = buildGraph(body, new Scope(null), ins, "function " + f.name(), " in function '" + f.name()
                    + "' called by '" + id + "'" + where, false);
        } finally {
            functionDepth--;
        }
        NodeResult r = new NodeResult();
        r.outputs = new ArrayList<>(b.outputs);
        costs(r, b, 1);
        r.params = b.params;
        r.paramBytes = b.paramBytes;
        r.subgraphs = List.of(new Operator.Subgraph("function " + f.name(), b.graph));
        return r;
    }

    private static void costs(NodeResult r, Built b, double times) {
        r.flops = b.flops * times;
        r.read = b.read * times;
        r.written = b.written * times;
        r.precision = b.precision;
    }

    private static long[] removeAxis(long[] d, int axis) {
        long[] r = new long[d.length - 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (i != axis) {
                r[j++] = d[i];
            }
        }
        return r;
    }

    private static long[] drop(long[] d, int leading, int unused) {
        if (d == null || leading == 0 || d.length < leading) {
            return d;
        }
        return Arrays.copyOfRange(d, leading, d.length);
    }

    /** A value with a new axis of size {@code n} inserted at {@code axis}. */
    private static Value stack(Value v, long n, int axis) {
        if (v == null || v.dims == null) {
            return Value.unknown(v == null ? 0 : v.type);
        }
        long[] d = new long[v.rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            d[i] = i == axis ? n : v.dims[j++];
        }
        return Value.of(v.type, d);
    }

    /** What two alternatives (If branches, loop iterations) have in common. */
    static Value merge(Value a, Value b) {
        if (a == null) {
            return b == null ? Value.unknown(0) : b;
        }
        if (b == null) {
            return a;
        }
        int type = a.type != 0 ? a.type : b.type;
        if (a.dims == null || b.dims == null || a.rank() != b.rank()) {
            return Value.of(type, null);
        }
        long[] d = new long[a.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.dims[i] == b.dims[i] ? a.dims[i] : -1;
        }
        double[] data = a.hasData() && b.hasData() && Arrays.equals(a.data, b.data) ? a.data : null;
        return Value.of(type, d, data);
    }

    /** Fills in what inference left unknown from a declared type of the same rank. */
    static Value refine(Value inferred, Value declared) {
        if (declared == null) {
            return inferred;
        }
        int type = inferred.type != 0 ? inferred.type : declared.type;
        if (inferred.dims == null) {
            return Value.of(type, declared.dims);
        }
        if (declared.dims == null || declared.rank() != inferred.rank()) {
            return Value.of(type, inferred.dims, inferred.data);
        }
        long[] d = inferred.dims.clone();
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0) {
                d[i] = declared.dims[i];
            }
        }
        return Value.of(type, d, inferred.data);
    }

    // ---- inputs and declared types ----------------------------------------------------------

    private Value mainInput(Onnx.ValueInfo vi) {
        Onnx.Type t = vi.type();
        if (t.dims() == null) {
            return Value.of(t.elemType(), null);
        }
        long[] d = new long[t.dims().size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.resolve(vi.name(), i, d.length, t.dims().get(i));
        }
        return Value.of(t.elemType(), d);
    }

    /** A declared type as a value: numbers kept, symbols the user or the inputs fixed resolved, others unknown. */
    private Value declared(Onnx.Type t) {
        if (t == null) {
            return null;
        }
        if (t.dims() == null) {
            return Value.of(t.elemType(), null);
        }
        long[] d = new long[t.dims().size()];
        for (int i = 0; i < d.length; i++) {
            Onnx.Dim dim = t.dims().get(i);
            d[i] = dim.known() ? dim.value() : dims.known(dim.param());
        }
        return Value.of(t.elemType(), d);
    }

    private Value tensorValue(Onnx.Tensor t) {
        double[] data = t.external() ? external.small(t) : TensorData.decode(t);
        return Value.of(t.dataType(), t.dims(), data);
    }

    private static Tensor tensor(String name, Value v) {
        return new Tensor(name, ElemType.dtype(v.type), v.shapeList(), v.bytes());
    }

    private static Precision precisionOf(Onnx.Node node, List<Value> ins) {
        String op = node.opType();
        if (op.startsWith("QLinear") || op.endsWith("Integer") || op.equals("MatMulIntegerToFloat")
                || op.equals("DynamicQuantizeMatMul") || op.equals("QGemm") || op.equals("QAttention")) {
            return Precision.INT8;
        }
        for (Value v : ins) {
            if (v != null && v.type != 0) {
                return ElemType.dtype(v.type).precision();
            }
        }
        return Precision.FP32;
    }

    // ---- ids, order, free variables ---------------------------------------------------------

    /**
     * Operator ids: the node name when it is non-empty and unique in the graph, else
     * {@code <opType>_<position>}, with {@code _2}, {@code _3}, ... appended while that is taken.
     * Depends only on the file, so reopening it gives the same ids.
     */
    static String[] assignIds(List<Onnx.Node> nodes) {
        Map<String, Integer> count = new HashMap<>();
        for (Onnx.Node n : nodes) {
            if (!n.name().isEmpty()) {
                count.merge(n.name(), 1, Integer::sum);
            }
        }
        Set<String> taken = new HashSet<>(count.keySet());
        String[] ids = new String[nodes.size()];
        for (int k = 0; k < ids.length; k++) {
            Onnx.Node n = nodes.get(k);
            if (!n.name().isEmpty() && count.get(n.name()) == 1) {
                ids[k] = n.name();
            }
        }
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] != null) {
                continue;
            }
            Onnx.Node n = nodes.get(k);
            String base = (n.opType().isEmpty() ? "node" : n.opType()) + "_" + k;
            String id = base;
            for (int s = 2; taken.contains(id); s++) {
                id = base + "_" + s;
            }
            taken.add(id);
            ids[k] = id;
        }
        return ids;
    }

    private int[] topologicalOrder(List<Onnx.Node> nodes, String[] ids, int[][] deps, String where) {
        int n = nodes.size();
        int[] indeg = new int[n];
        List<List<Integer>> succ = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            succ.add(new ArrayList<>(2));
        }
        for (int k = 0; k < n; k++) {
            int[] d = Arrays.stream(deps[k]).distinct().toArray();
            deps[k] = d;
            indeg[k] = d.length;
            for (int p : d) {
                succ.get(p).add(k);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int k = 0; k < n; k++) {
            if (indeg[k] == 0) {
                ready.add(k);
            }
        }
        int[] order = new int[n];
        int c = 0;
        while (!ready.isEmpty()) {
            int k = ready.poll();
            order[c++] = k;
            for (int s : succ.get(k)) {
                if (--indeg[s] == 0) {
                    ready.add(s);
                }
            }
        }
        if (c < n) {
            throw new InputException(file, "the graph" + where + " has a cycle: " + cycle(nodes, ids, deps, indeg));
        }
        return order;
    }

    private static String cycle(List<Onnx.Node> nodes, String[] ids, int[][] deps, int[] indeg) {
        int start = 0;
        while (indeg[start] == 0) {
            start++;
        }
        int[] seenAt = new int[nodes.size()];
        Arrays.fill(seenAt, -1);
        List<Integer> walk = new ArrayList<>();
        int v = start;
        while (seenAt[v] < 0) {
            seenAt[v] = walk.size();
            walk.add(v);
            int next = -1;
            for (int p : deps[v]) {
                if (indeg[p] > 0) {
                    next = p;
                    break;
                }
            }
            v = next;
        }
        List<Integer> cyc = new ArrayList<>(walk.subList(seenAt[v], walk.size()));
        java.util.Collections.reverse(cyc);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cyc.size() && i < 8; i++) {
            sb.append(i > 0 ? " -> " : "").append(ids[cyc.get(i)]);
        }
        if (cyc.size() > 8) {
            sb.append(" -> ... (").append(cyc.size()).append(" nodes)");
        } else {
            sb.append(" -> ").append(ids[cyc.get(0)]);
        }
        return sb.toString();
    }

    private static String describe(Onnx.Node node, String id) {
        return "node '" + id + "' (" + (node.opType().isEmpty() ? "no type" : node.opType()) + ")";
    }

    static List<Onnx.Graph> subgraphsOf(Onnx.Node node) {
        List<Onnx.Graph> l = null;
        for (Onnx.Attribute a : node.attributes().values()) {
            if (a.g() != null || !a.graphs().isEmpty()) {
                if (l == null) {
                    l = new ArrayList<>(2);
                }
                if (a.g() != null) {
                    l.add(a.g());
                }
                l.addAll(a.graphs());
            }
        }
        return l == null ? List.of() : l;
    }

    /** Names a graph (with its nested graphs) reads but does not define. */
    Set<String> freeVars(Onnx.Graph g) {
        Set<String> cached = freeVars.get(g);
        if (cached != null) {
            return cached;
        }
        Set<String> defined = new HashSet<>();
        for (Onnx.ValueInfo vi : g.inputs()) {
            defined.add(vi.name());
        }
        for (Onnx.Tensor t : g.initializers()) {
            defined.add(t.name());
        }
        for (Onnx.Sparse s : g.sparseInitializers()) {
            defined.add(s.name());
        }
        for (Onnx.Node n : g.nodes()) {
            defined.addAll(n.outputs());
        }
        Set<String> free = new LinkedHashSet<>();
        for (Onnx.Node n : g.nodes()) {
            for (String s : n.inputs()) {
                if (!s.isEmpty() && !defined.contains(s)) {
                    free.add(s);
                }
            }
            for (Onnx.Graph sg : subgraphsOf(n)) {
                for (String s : freeVars(sg)) {
                    if (!defined.contains(s)) {
                        free.add(s);
                    }
                }
            }
        }
        freeVars.put(g, free);
        return free;
    }
}
