package org.placementexplorer.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The name-scope hierarchy of a graph, read from operator names: {@code /encoder/layer.0/attn/MatMul}
 * lies in scope {@code encoder/layer.0/attn}. The last segment is the operator's own name; an
 * operator without a '/' lies in the root scope. Used to select and collapse groups.
 */
public final class ScopeTree {
    private final Scope root;

    private ScopeTree(Scope root) {
        this.root = root;
    }

    public Scope root() {
        return root;
    }

    /** The scope path of an operator name (without the operator's own last segment). */
    public static List<String> scopePath(String opName) {
        String[] parts = opName.split("/");
        List<String> path = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            if (!parts[i].isEmpty()) {
                path.add(parts[i]);
            }
        }
        return path;
    }

    static ScopeTree of(OpGraph g) {
        Builder root = new Builder("", "");
        for (int i = 0; i < g.size(); i++) {
            Builder b = root;
            for (String seg : scopePath(g.op(i).name())) {
                b = b.child(seg);
            }
            b.ops.add(i);
        }
        return new ScopeTree(root.build());
    }

    /** Finds a scope by its '/'-joined path ("" is the root). */
    public Scope find(String path) {
        Scope s = root;
        if (path.isEmpty()) {
            return s;
        }
        for (String seg : path.split("/")) {
            Scope next = null;
            for (Scope c : s.children()) {
                if (c.name().equals(seg)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            s = next;
        }
        return s;
    }

    /**
     * A scope: its own operators directly inside it and its child scopes.
     *
     * @param path '/'-joined path from the root, "" for the root
     */
    public record Scope(String name, String path, List<Integer> ownOperators, List<Scope> children) {
        /** All operator indices in this scope and below, in index order. */
        public List<Integer> allOperators() {
            List<Integer> out = new ArrayList<>(ownOperators);
            for (Scope c : children) {
                out.addAll(c.allOperators());
            }
            Collections.sort(out);
            return out;
        }
    }

    private static final class Builder {
        final String name;
        final String path;
        final List<Integer> ops = new ArrayList<>();
        final Map<String, Builder> children = new LinkedHashMap<>();

        Builder(String name, String path) {
            this.name = name;
            this.path = path;
        }

        Builder child(String seg) {
            return children.computeIfAbsent(seg, s -> new Builder(s, path.isEmpty() ? s : path + "/" + s));
        }

        Scope build() {
            List<Scope> cs = new ArrayList<>();
            for (Builder b : children.values()) {
                cs.add(b.build());
            }
            return new Scope(name, path, List.copyOf(ops), List.copyOf(cs));
        }
    }
}
