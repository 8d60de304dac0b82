package org.placementexplorer.ui.explorer;

import java.util.IdentityHashMap;
import java.util.Map;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * Keeps only the selected tab's content in the scene. JavaFX styles and lays out the content of
 * hidden tabs too: a table in a tab nobody looks at was re-laid out after every edit and when a
 * model opened. A tab's content is put back when it is selected.
 */
final class HiddenTabs {
    private HiddenTabs() {
    }

    static void detach(TabPane pane) {
        Map<Tab, Node> content = new IdentityHashMap<>();
        for (Tab t : pane.getTabs()) {
            content.put(t, t.getContent());
            if (!t.isSelected()) {
                t.setContent(null);
            }
            t.selectedProperty().subscribe(on -> t.setContent(on ? content.get(t) : null));
        }
    }
}
