package org.placementexplorer.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable operator DAG. Operators are addressed by index (position in {@link #operators()});
 * their ids are stable names for files. Tensors are the distinct (producer, output name) pairs: a
 * tensor consumed by several operators is one tensor with several consumers, so a transfer moves it
 * once per destination device however many consumers it has there.
 *
 * <p>Construction validates the graph: unique ids, edges between existing operators, no
 * self-loops, no cycle (the message names one cycle).
 */
public final class OpGraph {
    private final String name;
    private final List<Operator> ops;
    private final List<Edge> edges;
    private final Map<String, Integer> indexById;
    private final int[][] succ;
    private final int[][] pred;
    private final int[][] outEdges;
    private final int[][] inEdges;
    private final int[] topo;
    private final int[] topoPos;
    // tensor table
    private final int[] edgeTensor;
    private final int[] tensorProducer;
    private final String[] tensorName;
    private final double[] tensorBytes;
    private final int[][] tensorConsumers;
    private final int[][] tensorsOf;
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;
    private volatile ScopeTree scopes;

    private OpGraph(String name, List<Operator> ops, List<Edge> edges, List<Tensor> inputs, List<Tensor> outputs) {
        this.name = name == null || name.isBlank() ? "graph" : name;
        this.inputs = List.copyOf(inputs == null ? List.of() : inputs);
        this.outputs = List.copyOf(outputs == null ? List.of() : outputs);
        this.ops = List.copyOf(ops);
        int n = this.ops.size();
        indexById = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Integer prev = indexById.put(this.ops.get(i).id(), i);
            if (prev != null) {
                throw new ModelException("two operators share the id '" + this.ops.get(i).id() + "'");
            }
        }
        // de-duplicate edges (same producer, consumer and tensor)
        Map<String, Edge> unique = new LinkedHashMap<>();
        for (Edge e : edges) {
            if (e.from() < 0 || e.from() >= n || e.to() < 0 || e.to() >= n) {
                throw new ModelException("an edge refers to operator index " + (e.from() < 0 || e.from() >= n
                        ? e.from() : e.to()) + " but the graph has " + n + " operators");
            }
            if (e.from() == e.to()) {
                throw new ModelException("operator '" + this.ops.get(e.from()).id() + "' consumes its own output");
            }
            unique.merge(e.from() + "\u0000" + e.to() + "\u0000" + e.tensor(), e,
                    (a, b) -> a.bytes() >= b.bytes() ? a : b);
        }
        this.edges = List.copyOf(unique.values());
        int m = this.edges.size();

        List<List<Integer>> s = lists(n);
        List<List<Integer>> p = lists(n);
        List<List<Integer>> oe = lists(n);
        List<List<Integer>> ie = lists(n);
        for (int k = 0; k < m; k++) {
            Edge e = this.edges.get(k);
            oe.get(e.from()).add(k);
            ie.get(e.to()).add(k);
            if (!s.get(e.from()).contains(e.to())) {
                s.get(e.from()).add(e.to());
                p.get(e.to()).add(e.from());
            }
        }
        succ = toArrays(s);
        pred = toArrays(p);
        outEdges = toArrays(oe);
        inEdges = toArrays(ie);

        topo = computeTopologicalOrder();
        topoPos = new int[n];
        for (int i = 0; i < n; i++) {
            topoPos[topo[i]] = i;
        }

        // tensors: declared outputs first (in operator order), then any further names edges use
        Map<String, Integer> tensorIndex = new HashMap<>();
        List<Integer> prod = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Double> bytes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (Tensor t : this.ops.get(i).outputs()) {
                String key = i + "\u0000" + t.name();
                if (!tensorIndex.containsKey(key)) {
                    tensorIndex.put(key, prod.size());
                    prod.add(i);
                    names.add(t.name());
                    bytes.add(t.bytes());
                }
            }
        }
        edgeTensor = new int[m];
        for (int k = 0; k < m; k++) {
            Edge e = this.edges.get(k);
            String key = e.from() + "\u0000" + e.tensor();
            Integer t = tensorIndex.get(key);
            if (t == null) {
                t = prod.size();
                tensorIndex.put(key, t);
                prod.add(e.from());
                names.add(e.tensor());
                bytes.add(e.bytes());
            } else if (e.bytes() > bytes.get(t)) {
                bytes.set(t, e.bytes());
            }
            edgeTensor[k] = t;
        }
        int nt = prod.size();
        tensorProducer = new int[nt];
        tensorName = new String[nt];
        tensorBytes = new double[nt];
        List<List<Integer>> cons = lists(nt);
        List<List<Integer>> byOp = lists(n);
        for (int t = 0; t < nt; t++) {
            tensorProducer[t] = prod.get(t);
            tensorName[t] = names.get(t);
            tensorBytes[t] = bytes.get(t);
            byOp.get(prod.get(t)).add(t);
        }
        for (int k = 0; k < m; k++) {
            List<Integer> c = cons.get(edgeTensor[k]);
            int to = this.edges.get(k).to();
            if (!c.contains(to)) {
                c.add(to);
            }
        }
        tensorConsumers = toArrays(cons);
        tensorsOf = toArrays(byOp);
    }

    /** Builds and validates a graph. */
    public static OpGraph of(String name, List<Operator> ops, List<Edge> edges) {
        return new OpGraph(name, ops, edges, List.of(), List.of());
    }

    /**
     * Builds and validates a graph with its declared inputs and outputs (tensors fed from outside
     * and results; informational: feeding an input costs no transfer).
     */
    public static OpGraph of(String name, List<Operator> ops, List<Edge> edges, List<Tensor> inputs,
            List<Tensor> outputs) {
        return new OpGraph(name, ops, edges, inputs, outputs);
    }

    /** Convenience for tests: edges given as producer and consumer ids; one tensor per producer. */
    public static OpGraph ofIds(String name, List<Operator> ops, List<String[]> idEdges, double bytesPerEdge) {
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            idx.put(ops.get(i).id(), i);
        }
        List<Edge> es = new ArrayList<>();
        for (String[] e : idEdges) {
            Integer a = idx.get(e[0]);
            Integer b = idx.get(e[1]);
            if (a == null || b == null) {
                throw new ModelException("edge names an unknown operator '" + (a == null ? e[0] : e[1]) + "'");
            }
            es.add(new Edge(a, b, e[0] + ":out", bytesPerEdge));
        }
        return of(name, ops, es);
    }

    private int[] computeTopologicalOrder() {
        int n = ops.size();
        int[] indeg = new int[n];
        for (int v = 0; v < n; v++) {
            indeg[v] = pred[v].length;
        }
        // a queue in index order keeps the order stable and close to the file's order
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int v = 0; v < n; v++) {
            if (indeg[v] == 0) {
                ready.add(v);
            }
        }
        int[] order = new int[n];
        int k = 0;
        while (!ready.isEmpty()) {
            int v = ready.poll();
            order[k++] = v;
            for (int w : succ[v]) {
                if (--indeg[w] == 0) {
                    ready.add(w);
                }
            }
        }
        if (k < n) {
            throw new ModelException("the graph has a cycle: " + describeCycle(indeg));
        }
        return order;
    }

    /** Finds one cycle among the operators left with positive in-degree and names it. */
    private String describeCycle(int[] indeg) {
        int n = ops.size();
        int start = -1;
        for (int v = 0; v < n; v++) {
            if (indeg[v] > 0) {
                start = v;
                break;
            }
        }
        // walk backwards along predecessors that are still on a cycle until a vertex repeats
        int[] seenAt = new int[n];
        Arrays.fill(seenAt, -1);
        List<Integer> walk = new ArrayList<>();
        int v = start;
        while (seenAt[v] < 0) {
            seenAt[v] = walk.size();
            walk.add(v);
            int next = -1;
            for (int u : pred[v]) {
                if (indeg[u] > 0) {
                    next = u;
                    break;
                }
            }
            v = next;
        }
        List<Integer> cycle = new ArrayList<>(walk.subList(seenAt[v], walk.size()));
        Collections.reverse(cycle);
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int u : cycle) {
            if (shown++ == 8) {
                sb.append(" -> ... (").append(cycle.size()).append(" operators)");
                break;
            }
            sb.append(sb.isEmpty() ? "" : " -> ").append(ops.get(u).id());
        }
        if (shown <= 8) {
            sb.append(" -> ").append(ops.get(cycle.get(0)).id());
        }
        return sb.toString();
    }

    private static List<List<Integer>> lists(int n) {
        List<List<Integer>> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(new ArrayList<>(2));
        }
        return l;
    }

    private static int[][] toArrays(List<List<Integer>> l) {
        int[][] a = new int[l.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return a;
    }

    public String name() {
        return name;
    }

    public int size() {
        return ops.size();
    }

    /** Tensors the graph takes from outside (model inputs). */
    public List<Tensor> inputs() {
        return inputs;
    }

    /** Tensors the graph returns (model outputs). */
    public List<Tensor> outputs() {
        return outputs;
    }

    public List<Operator> operators() {
        return ops;
    }

    public Operator op(int i) {
        return ops.get(i);
    }

    public List<Edge> edges() {
        return edges;
    }

    public Optional<Integer> indexOf(String id) {
        return Optional.ofNullable(indexById.get(id));
    }

    /** Distinct successor operator indices. Do not modify the returned array. */
    public int[] successors(int v) {
        return succ[v];
    }

    /** Distinct predecessor operator indices. Do not modify the returned array. */
    public int[] predecessors(int v) {
        return pred[v];
    }

    public int[] outEdges(int v) {
        return outEdges[v];
    }

    public int[] inEdges(int v) {
        return inEdges[v];
    }

    /** A topological order (stable: among ready operators the lowest index first). */
    public int[] topologicalOrder() {
        return topo.clone();
    }

    /** Position of operator {@code v} in {@link #topologicalOrder()}. */
    public int topologicalPosition(int v) {
        return topoPos[v];
    }

    public int tensorCount() {
        return tensorProducer.length;
    }

    public int tensorOfEdge(int edge) {
        return edgeTensor[edge];
    }

    public int tensorProducer(int t) {
        return tensorProducer[t];
    }

    public String tensorName(int t) {
        return tensorName[t];
    }

    public double tensorBytes(int t) {
        return tensorBytes[t];
    }

    /** Distinct consumer operators of tensor {@code t}; empty for a graph output. */
    public int[] tensorConsumers(int t) {
        return tensorConsumers[t];
    }

    /** Tensors produced by operator {@code v}. */
    public int[] tensorsProducedBy(int v) {
        return tensorsOf[v];
    }

    public double totalFlops() {
        double s = 0;
        for (Operator o : ops) {
            s += o.flops();
        }
        return s;
    }

    public long totalParamCount() {
        long s = 0;
        for (Operator o : ops) {
            s += o.paramCount();
        }
        return s;
    }

    public double totalParamBytes() {
        double s = 0;
        for (Operator o : ops) {
            s += o.paramBytes();
        }
        return s;
    }

    /** The name-scope hierarchy, built on first use. */
    public ScopeTree scopes() {
        ScopeTree s = scopes;
        if (s == null) {
            s = ScopeTree.of(this);
            scopes = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return "OpGraph[" + name + ", " + ops.size() + " operators, " + edges.size() + " edges]";
    }
}
