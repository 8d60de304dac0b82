package org.placementexplorer.ui.dag;

import java.util.BitSet;
import java.util.Locale;

import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;
import org.placementexplorer.model.Tensor;
import org.placementexplorer.util.Fmt;

/**
 * The hover text of a box: what the operator is, its shapes, its work, its priced time on every
 * device and the bytes it moves. All figures are the problem's priced numbers; nothing is modelled
 * here.
 */
public final class Describe {
    private Describe() {
    }

    public static String node(VisibleGraph.Node n, Problem p, Placement pl) {
        return switch (n.kind()) {
            case OPERATOR -> operator(n.op(), p, pl);
            case GROUP -> group(n, p, pl);
            case SUBGRAPH_OP -> subOperator(n, p, pl);
        };
    }

    public static String operator(int v, Problem p, Placement pl) {
        OpGraph g = p.graph();
        Operator o = g.op(v);
        StringBuilder sb = new StringBuilder();
        sb.append(o.opType().isEmpty() ? "op" : o.opType()).append(o.domain().isEmpty() ? "" : " (" + o.domain() + ")")
                .append("  ").append(o.name()).append('\n');
        for (Tensor t : o.outputs()) {
            sb.append("out ").append(t.name()).append(": ").append(t.dtype().name().toLowerCase(Locale.ROOT))
                    .append(' ').append(shape(t)).append("  ").append(Fmt.bytes(t.bytes())).append('\n');
        }
        sb.append("work: ").append(Fmt.flops(o.flops())).append(" · params ").append(Fmt.bytes(o.paramBytes()))
                .append(" · reads ").append(Fmt.bytes(o.bytesRead())).append('\n');
        sb.append("time:");
        for (int d = 0; d < p.deviceCount(); d++) {
            sb.append(d == 0 ? " " : " · ").append(p.cluster().device(d).id()).append(' ')
                    .append(p.canRun(v, d) ? Fmt.time(p.opTime(v, d), p.units()) : "cannot run");
        }
        sb.append('\n');
        double in = 0;
        double out = 0;
        double crossIn = 0;
        double crossOut = 0;
        BitSet seen = new BitSet();
        for (int e : g.inEdges(v)) {
            int t = g.tensorOfEdge(e);
            if (!seen.get(t)) {
                seen.set(t);
                in += g.tensorBytes(t);
                if (pl != null && pl.deviceOf(g.tensorProducer(t)) != pl.deviceOf(v)) {
                    crossIn += g.tensorBytes(t);
                }
            }
        }
        for (int t : g.tensorsProducedBy(v)) {
            out += g.tensorBytes(t);
            if (pl != null) {
                for (int c : g.tensorConsumers(t)) {
                    if (pl.deviceOf(c) != pl.deviceOf(v)) {
                        crossOut += g.tensorBytes(t);
                        break;
                    }
                }
            }
        }
        sb.append("transfer: in ").append(Fmt.bytes(in)).append(" · out ").append(Fmt.bytes(out));
        if (pl != null) {
            sb.append("  (across devices now: in ").append(Fmt.bytes(crossIn)).append(" · out ")
                    .append(Fmt.bytes(crossOut)).append(")\n");
            sb.append("on ").append(p.cluster().device(pl.deviceOf(v)).id()).append(pl.isPinned(v) ? " (pinned)" : "");
        }
        if (!o.subgraphs().isEmpty()) {
            sb.append("\n").append(o.subgraphs().size()).append(" bodies (double-click to show or hide)");
        }
        return sb.toString();
    }

    private static String shape(Tensor t) {
        if (t.shape() == null) {
            return "[?]";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < t.shape().size(); i++) {
            long d = t.shape().get(i);
            sb.append(i == 0 ? "" : ",").append(d < 0 ? "?" : String.valueOf(d));
        }
        return sb.append(']').toString();
    }

    public static String group(VisibleGraph.Node n, Problem p, Placement pl) {
        double flops = 0;
        double time = 0;
        int[] count = new int[p.deviceCount()];
        for (int v : n.members()) {
            flops += p.graph().op(v).flops();
            if (pl != null) {
                time += p.opTime(v, pl.deviceOf(v));
                count[pl.deviceOf(v)]++;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("scope ").append(n.scope()).append("  (collapsed; double-click to expand)\n");
        sb.append(n.members().length).append(" operators · ").append(Fmt.flops(flops)).append('\n');
        if (pl != null) {
            sb.append("compute on their devices: ").append(Fmt.time(time, p.units())).append('\n');
            sb.append("devices:");
            boolean first = true;
            for (int d = 0; d < count.length; d++) {
                if (count[d] > 0) {
                    sb.append(first ? " " : " · ").append(p.cluster().device(d).id()).append(' ')
                            .append(Fmt.percent((double) count[d] / n.members().length));
                    first = false;
                }
            }
        }
        return sb.toString();
    }

    private static String subOperator(VisibleGraph.Node n, Problem p, Placement pl) {
        Operator o = n.inner();
        return o.opType() + "  " + o.name() + "\nin a body of " + p.graph().op(n.op()).name()
                + " (its cost is part of that operator's)\nwork: " + Fmt.flops(o.flops())
                + (pl == null ? "" : "\nruns on " + p.cluster().device(pl.deviceOf(n.op())).id());
    }
}
