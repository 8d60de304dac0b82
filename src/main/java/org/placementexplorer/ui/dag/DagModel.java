package org.placementexplorer.ui.dag;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.placementexplorer.model.Edge;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.ScopeTree;

/**
 * The DAG view's state without any JavaFX: which scopes are collapsed, which control-flow operators
 * show their bodies, which operators are selected, and the find results. Builds the
 * {@link VisibleGraph} the layout and the drawing use. Unit-testable without a screen.
 */
public final class DagModel {
    private final OpGraph graph;
    private final Set<String> collapsed = new LinkedHashSet<>();
    private final Set<Integer> expandedBodies = new LinkedHashSet<>();
    private final BitSet selected = new BitSet();
    private List<Integer> matches = List.of();
    private int matchIndex = -1;
    private String query = "";

    public DagModel(OpGraph graph) {
        this.graph = graph;
    }

    public OpGraph graph() {
        return graph;
    }

    /**
     * A copy of the collapse state (collapsed scopes and expanded bodies; not the selection or the
     * search), so that the visible graph can be built on another thread while this one changes.
     */
    public DagModel copyOfCollapseState() {
        DagModel m = new DagModel(graph);
        m.collapsed.addAll(collapsed);
        m.expandedBodies.addAll(expandedBodies);
        return m;
    }

    // ------------------------------------------------------------------ collapse

    public Set<String> collapsed() {
        return Set.copyOf(collapsed);
    }

    public void setCollapsed(java.util.Collection<String> scopes) {
        collapsed.clear();
        collapsed.addAll(scopes);
    }

    public void collapse(String scope) {
        if (!scope.isEmpty()) {
            collapsed.add(scope);
        }
    }

    /** Expands a scope and every collapsed scope below it. */
    public void expand(String scope) {
        collapsed.removeIf(s -> s.equals(scope) || s.startsWith(scope + "/"));
    }

    public void expandAll() {
        collapsed.clear();
    }

    /** Collapses every scope at the given depth (1 = top-level scopes). */
    public void collapseDepth(int depth) {
        collapsed.clear();
        addAtDepth(graph.scopes().root(), depth, 0);
    }

    private void addAtDepth(ScopeTree.Scope s, int depth, int d) {
        if (d == depth) {
            collapsed.add(s.path());
            return;
        }
        for (ScopeTree.Scope c : s.children()) {
            addAtDepth(c, depth, d + 1);
        }
    }

    public Set<Integer> expandedBodies() {
        return Set.copyOf(expandedBodies);
    }

    public void setExpandedBodies(java.util.Collection<Integer> ops) {
        expandedBodies.clear();
        for (int v : ops) {
            if (v >= 0 && v < graph.size() && !graph.op(v).subgraphs().isEmpty()) {
                expandedBodies.add(v);
            }
        }
    }

    /** Shows or hides the bodies of a control-flow operator; false when it has none. */
    public boolean toggleBody(int op) {
        if (graph.op(op).subgraphs().isEmpty()) {
            return false;
        }
        if (!expandedBodies.remove(op)) {
            expandedBodies.add(op);
        }
        return true;
    }

    /** The outermost collapsed scope containing an operator, or null. */
    public String collapsedScopeOf(int op) {
        List<String> path = ScopeTree.scopePath(graph.op(op).name());
        StringBuilder sb = new StringBuilder();
        for (String seg : path) {
            sb.append(sb.isEmpty() ? "" : "/").append(seg);
            if (collapsed.contains(sb.toString())) {
                return sb.toString();
            }
        }
        return null;
    }

    /** Scope paths enclosing an operator, outermost first. */
    public List<String> scopesOf(int op) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String seg : ScopeTree.scopePath(graph.op(op).name())) {
            sb.append(sb.isEmpty() ? "" : "/").append(seg);
            out.add(sb.toString());
        }
        return out;
    }

    /** Builds the graph as drawn under the current collapse state. */
    public VisibleGraph build() {
        int n = graph.size();
        List<VisibleGraph.Node> nodes = new ArrayList<>();
        int[] opNode = new int[n];
        Map<String, List<Integer>> groupMembers = new LinkedHashMap<>();
        Map<String, Integer> groupNode = new HashMap<>();
        for (int v = 0; v < n; v++) {
            String g = collapsed.isEmpty() ? null : collapsedScopeOf(v);
            if (g == null) {
                opNode[v] = nodes.size();
                Operator o = graph.op(v);
                String sub = shortName(o.name());
                if (!o.subgraphs().isEmpty()) {
                    int inner = 0;
                    for (Operator.Subgraph sg : o.subgraphs()) {
                        inner += sg.graph().size();
                    }
                    sub = sub + "  [" + o.subgraphs().size() + " bodies, " + inner + " ops]";
                }
                boolean typed = !o.opType().isEmpty();
                nodes.add(new VisibleGraph.Node(VisibleGraph.Kind.OPERATOR, v, "", new int[] {v}, null,
                        typed ? o.opType() : o.id(), typed || !sub.equals(o.id()) ? sub : ""));
            } else {
                Integer idx = groupNode.get(g);
                if (idx == null) {
                    idx = nodes.size();
                    groupNode.put(g, idx);
                    groupMembers.put(g, new ArrayList<>());
                    nodes.add(null); // filled below once members are known
                }
                opNode[v] = idx;
                groupMembers.get(g).add(v);
            }
        }
        for (var e : groupMembers.entrySet()) {
            int[] members = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            String last = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            nodes.set(groupNode.get(e.getKey()), new VisibleGraph.Node(VisibleGraph.Kind.GROUP, -1, e.getKey(), members,
                    null, last + "/", members.length + " operators"));
        }
        // edges between distinct boxes, bytes summed per distinct tensor
        Map<Long, double[]> agg = new LinkedHashMap<>();
        Map<Long, Set<Integer>> tensors = new HashMap<>();
        List<Edge> edges = graph.edges();
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            int a = opNode[e.from()];
            int b = opNode[e.to()];
            if (a == b) {
                continue;
            }
            long key = ((long) a << 32) | b;
            int t = graph.tensorOfEdge(k);
            Set<Integer> seen = tensors.computeIfAbsent(key, x -> new java.util.HashSet<>());
            double[] sum = agg.computeIfAbsent(key, x -> new double[1]);
            if (seen.add(t)) {
                sum[0] += graph.tensorBytes(t);
            }
        }
        List<VisibleGraph.VEdge> vedges = new ArrayList<>();
        for (var e : agg.entrySet()) {
            long key = e.getKey();
            vedges.add(new VisibleGraph.VEdge((int) (key >>> 32), (int) key, e.getValue()[0],
                    tensors.get(key).size(), false));
        }
        // bodies of expanded control-flow operators, hung below their operator
        for (int v : expandedBodies) {
            if (opNode[v] < 0 || nodes.get(opNode[v]).kind() != VisibleGraph.Kind.OPERATOR) {
                continue; // inside a collapsed group
            }
            for (Operator.Subgraph sg : graph.op(v).subgraphs()) {
                OpGraph body = sg.graph();
                int base = nodes.size();
                for (int i = 0; i < body.size(); i++) {
                    Operator o = body.op(i);
                    nodes.add(new VisibleGraph.Node(VisibleGraph.Kind.SUBGRAPH_OP, v, "", new int[] {v}, o,
                            o.opType(), sg.name() + ": " + shortName(o.name())));
                }
                for (Edge e : body.edges()) {
                    vedges.add(new VisibleGraph.VEdge(base + e.from(), base + e.to(), e.bytes(), 1, false));
                }
                for (int i = 0; i < body.size(); i++) {
                    if (body.predecessors(i).length == 0) {
                        vedges.add(new VisibleGraph.VEdge(opNode[v], base + i, 0, 0, true));
                    }
                }
            }
        }
        return new VisibleGraph(List.copyOf(nodes), List.copyOf(vedges), opNode);
    }

    /** The last two segments of a scoped name ("conv1/Conv"), the name itself when it has none. */
    static String shortName(String name) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int i = n.lastIndexOf('/');
        if (i <= 0) {
            return i == 0 ? n.substring(1) : n;
        }
        int j = n.lastIndexOf('/', i - 1);
        return n.substring(j + 1);
    }

    // ------------------------------------------------------------------ selection

    public int[] selectedOps() {
        return selected.stream().toArray();
    }

    public boolean isSelected(int op) {
        return selected.get(op);
    }

    public int selectionSize() {
        return selected.cardinality();
    }

    public void clearSelection() {
        selected.clear();
    }

    /** Selects a box's operators; {@code additive} toggles them against the selection. */
    public void selectNode(VisibleGraph vg, int node, boolean additive) {
        int[] m = vg.node(node).members();
        if (!additive) {
            selected.clear();
            for (int v : m) {
                selected.set(v);
            }
            return;
        }
        boolean all = true;
        for (int v : m) {
            all &= selected.get(v);
        }
        for (int v : m) {
            selected.set(v, !all);
        }
    }

    public void selectNodes(VisibleGraph vg, int[] nodes, boolean additive) {
        if (!additive) {
            selected.clear();
        }
        for (int i : nodes) {
            for (int v : vg.node(i).members()) {
                selected.set(v);
            }
        }
    }

    public void selectOps(int[] ops, boolean additive) {
        if (!additive) {
            selected.clear();
        }
        for (int v : ops) {
            selected.set(v);
        }
    }

    /** Selects every operator in a name scope (and below). */
    public int selectScope(String scope, boolean additive) {
        ScopeTree.Scope s = graph.scopes().find(scope);
        if (s == null) {
            return 0;
        }
        int[] ops = s.allOperators().stream().mapToInt(Integer::intValue).toArray();
        selectOps(ops, additive);
        return ops.length;
    }

    /** Whether every member of a box is selected. */
    public boolean nodeSelected(VisibleGraph vg, int node) {
        int[] m = vg.node(node).members();
        if (m.length == 0) {
            return false;
        }
        for (int v : m) {
            if (!selected.get(v)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ colours

    /** Device per box: the operator's device, or for a group the share of its operators per device. */
    public static double[] deviceShares(VisibleGraph.Node node, Placement p, int devices) {
        double[] share = new double[devices];
        for (int v : node.members()) {
            int d = p.deviceOf(v);
            if (d >= 0 && d < devices) {
                share[d] += 1.0 / node.members().length;
            }
        }
        return share;
    }

    // ------------------------------------------------------------------ find

    /**
     * Finds operators whose name contains the text or whose op type equals it (case-insensitive),
     * in topological order. Returns the number of matches; the first becomes current.
     */
    public int find(String text) {
        query = text == null ? "" : text.trim();
        List<Integer> out = new ArrayList<>();
        if (!query.isEmpty()) {
            String q = query.toLowerCase(Locale.ROOT);
            for (int v : graph.topologicalOrder()) {
                Operator o = graph.op(v);
                if (o.opType().equalsIgnoreCase(q) || o.name().toLowerCase(Locale.ROOT).contains(q)
                        || o.id().toLowerCase(Locale.ROOT).contains(q)) {
                    out.add(v);
                }
            }
        }
        matches = List.copyOf(out);
        matchIndex = matches.isEmpty() ? -1 : 0;
        return matches.size();
    }

    public List<Integer> matches() {
        return matches;
    }

    /** The operator of the current match, or -1. */
    public int currentMatch() {
        return matchIndex < 0 ? -1 : matches.get(matchIndex);
    }

    public int matchIndex() {
        return matchIndex;
    }

    public int next() {
        if (matches.isEmpty()) {
            return -1;
        }
        matchIndex = (matchIndex + 1) % matches.size();
        return currentMatch();
    }

    public int previous() {
        if (matches.isEmpty()) {
            return -1;
        }
        matchIndex = (matchIndex - 1 + matches.size()) % matches.size();
        return currentMatch();
    }

    public String query() {
        return query;
    }
}
