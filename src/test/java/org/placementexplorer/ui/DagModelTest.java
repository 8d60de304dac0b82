package org.placementexplorer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.placementexplorer.io.ModelLoader;
import org.placementexplorer.io.Samples;
import org.placementexplorer.model.OpGraph;
import org.placementexplorer.model.Operator;
import org.placementexplorer.model.Placement;
import org.placementexplorer.layout.DagLayout;
import org.placementexplorer.ui.dag.DagModel;
import org.placementexplorer.layout.JGraphXLayoutEngine;
import org.placementexplorer.ui.dag.SpatialIndex;
import org.placementexplorer.ui.dag.VisibleGraph;

/** The DAG view's model on the bundled ResNet-18: collapse, find, selection, layout and hit-testing. */
class DagModelTest {
    private final OpGraph g = ModelLoader.load(Samples.graphFile("tiny-resnet.json")).graph();

    @Test
    void collapsingAScopeDrawsItAsOneBoxWithItsEdgesMerged() {
        DagModel m = new DagModel(g);
        VisibleGraph all = m.build();
        assertEquals(g.size(), all.size());
        int stem = g.scopes().find("stem").allOperators().size();
        m.collapse("stem");
        VisibleGraph c = m.build();
        assertEquals(g.size() - stem + 1, c.size());
        VisibleGraph.Node box = c.node(c.opNode()[g.indexOf("stem_conv").orElseThrow()]);
        assertEquals(VisibleGraph.Kind.GROUP, box.kind());
        assertEquals(stem, box.members().length);
        // the edge leaving the group carries the pooled tensor's bytes
        int out = c.edges().stream().filter(e -> e.from() == c.opNode()[0]).mapToInt(e -> 1).sum();
        assertTrue(out >= 1);
        m.expand("stem");
        assertEquals(g.size(), m.build().size());
        m.collapseDepth(1);
        assertEquals(g.scopes().root().children().size() + g.scopes().root().ownOperators().size(), m.build().size());
    }

    @Test
    void aCopyOfTheCollapseStateBuildsTheSameGraphAndIsNotChangedByLaterEdits() {
        DagModel m = new DagModel(g);
        m.collapse("stem");
        m.selectOps(new int[] {0, 1}, false);
        DagModel copy = m.copyOfCollapseState(); // what the layout thread builds from
        int stem = g.scopes().find("stem").allOperators().size();
        m.expand("stem");
        m.collapseDepth(1);
        assertEquals(g.size() - stem + 1, copy.build().size(), "the copy keeps the state it was made with");
        assertEquals(java.util.Set.of("stem"), copy.collapsed());
        assertEquals(0, copy.selectionSize(), "the selection is not part of it");
        assertEquals(g.scopes().root().children().size() + g.scopes().root().ownOperators().size(), m.build().size());
    }

    @Test
    void findMatchesNamesAndTypesInTopologicalOrder() {
        DagModel m = new DagModel(g);
        int convs = (int) g.operators().stream().filter(o -> o.opType().equals("Conv")).count();
        assertEquals(convs, m.find("conv"));
        assertEquals(g.indexOf("stem_conv").orElseThrow(), m.currentMatch());
        int first = m.currentMatch();
        m.next();
        assertTrue(g.topologicalPosition(m.currentMatch()) > g.topologicalPosition(first));
        m.previous();
        assertEquals(first, m.currentMatch());
        m.previous();
        assertEquals(m.matches().get(convs - 1), m.currentMatch(), "previous wraps around");
        assertEquals(0, m.find("no-such-operator"));
        assertEquals(-1, m.currentMatch());
    }

    @Test
    void selectionByScopeAndByBox() {
        DagModel m = new DagModel(g);
        int n = m.selectScope("layer1.0", false);
        assertEquals(g.scopes().find("layer1.0").allOperators().size(), n);
        assertEquals(n, m.selectionSize());
        VisibleGraph vg = m.build();
        m.selectNode(vg, 0, true);
        assertEquals(n + 1, m.selectionSize());
        m.selectNode(vg, 0, true);
        assertEquals(n, m.selectionSize(), "shift-click toggles");
        m.clearSelection();
        assertEquals(0, m.selectionSize());
    }

    @Test
    void groupColoursAreTheShareOfOperatorsPerDevice() {
        DagModel m = new DagModel(g);
        m.collapse("stem");
        VisibleGraph vg = m.build();
        VisibleGraph.Node box = vg.node(vg.opNode()[0]);
        int[] dev = new int[g.size()];
        dev[box.members()[0]] = 1;
        double[] share = DagModel.deviceShares(box, Placement.of(dev), 2);
        assertEquals(1.0 / box.members().length, share[1], 1e-12);
        assertEquals(1.0, share[0] + share[1], 1e-12);
    }

    @Test
    void layoutPutsEveryEdgeDownwardsAndTheIndexFindsEachBox() {
        VisibleGraph vg = new DagModel(g).build();
        DagLayout l = new JGraphXLayoutEngine().layout(vg.toLayoutGraph(), p -> { }, () -> false);
        assertEquals(vg.size(), l.nodes());
        for (VisibleGraph.VEdge e : vg.edges()) {
            assertTrue(l.y()[e.from()] < l.y()[e.to()], "layered top-down: " + e);
        }
        SpatialIndex si = new SpatialIndex(l);
        for (int i = 0; i < l.nodes(); i++) {
            assertEquals(i, si.hit(l.centerX(i), l.centerY(i)));
        }
        assertEquals(-1, si.hit(-5, -5));
        int[] box = si.query(0, 0, l.totalWidth(), l.totalHeight());
        assertEquals(l.nodes(), box.length);
        int[] top = si.query(0, 0, l.totalWidth(), l.y()[0] + 1);
        assertTrue(top.length >= 1 && top.length < l.nodes());
    }

    @Test
    void controlFlowBodiesCanBeShown() {
        OpGraph body = OpGraph.ofIds("then", List.of(Operator.simple("a", "Add", 1, 1), Operator.simple("b", "Mul", 1, 1)),
                List.<String[]>of(new String[] {"a", "b"}), 4);
        Operator iff = new Operator("if", "/ctl/If", "If", "", 2, 2, 0, 0, 0, null, List.of(),
                List.of(new Operator.Subgraph("then_branch", body)));
        OpGraph top = OpGraph.ofIds("g", List.of(Operator.simple("x", "Relu", 1, 1), iff),
                List.<String[]>of(new String[] {"x", "if"}), 4);
        DagModel m = new DagModel(top);
        assertEquals(2, m.build().size());
        assertTrue(m.toggleBody(1));
        VisibleGraph vg = m.build();
        assertEquals(4, vg.size());
        assertEquals(VisibleGraph.Kind.SUBGRAPH_OP, vg.node(2).kind());
        assertTrue(Arrays.equals(new int[] {1}, vg.node(2).members()), "selecting a body op selects its owner");
        assertTrue(vg.edges().stream().anyMatch(VisibleGraph.VEdge::dashed));
    }
}
