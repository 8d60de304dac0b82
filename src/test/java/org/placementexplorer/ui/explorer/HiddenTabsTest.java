package org.placementexplorer.ui.explorer;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class HiddenTabsTest {
    @Start
    void start(Stage stage) {
    }

    @Test
    void onlyTheSelectedTabKeepsItsContentInTheScene() throws Exception {
        Label a = new Label("a");
        Label b = new Label("b");
        Tab ta = new Tab("A", a);
        Tab tb = new Tab("B", b);
        TabPane pane = WaitForAsyncUtils.asyncFx(() -> new TabPane(ta, tb)).get();
        WaitForAsyncUtils.asyncFx(() -> HiddenTabs.detach(pane)).get();
        assertSame(a, ta.getContent());
        assertNull(tb.getContent(), "a hidden tab is not styled or laid out");
        WaitForAsyncUtils.asyncFx(() -> pane.getSelectionModel().select(tb)).get();
        assertSame(b, tb.getContent());
        assertNull(ta.getContent());
        WaitForAsyncUtils.asyncFx(() -> pane.getSelectionModel().select(ta)).get();
        assertSame(a, ta.getContent(), "its own content comes back");
    }
}
