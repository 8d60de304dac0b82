package org.placementexplorer.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;

import org.testfx.util.WaitForAsyncUtils;

/** Test helper: scrolls the scroll pane around a node so that the node is in view before a robot drops on it. */
final class Reveal {
    private Reveal() {
    }

    static void inScrollPane(Node n) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Parent q = n.getParent(); q != null; q = q.getParent()) {
                if (q instanceof ScrollPane sp) {
                    var b = sp.getContent().sceneToLocal(n.localToScene(n.getBoundsInLocal()));
                    double free = sp.getContent().getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
                    if (free > 0) {
                        sp.setVvalue(Math.min(1, Math.max(0, (b.getMinY() - 20) / free)));
                    }
                    return;
                }
            }
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
    }
}
