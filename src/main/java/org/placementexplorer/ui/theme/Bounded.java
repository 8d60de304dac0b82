package org.placementexplorer.ui.theme;

import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * Keeps a window's root node within its own box (ADR 50). A node's bounds include whatever its
 * children draw past it; when a child reaches past the window for a moment (a long status message's
 * text before it is cut, an emptied label's text a pixel below the status bar) the root's bounds
 * change, and the renderer then repaints the whole window instead of the parts that changed. With
 * software rendering that frame took 60–90 ms on the development machine, and the next frame waited
 * for it on the FX thread.
 */
public final class Bounded {
    private Bounded() {
    }

    /** Clips {@code root} to its width and height; nothing outside a window's root is seen anyway. */
    public static void toBox(Region root) {
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(root.widthProperty());
        clip.heightProperty().bind(root.heightProperty());
        root.setClip(clip);
    }
}
