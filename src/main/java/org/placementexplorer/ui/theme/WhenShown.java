package org.placementexplorer.ui.theme;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Runs a view's update at once while the view is on screen, and otherwise once it is shown again:
 * a table in a tab nobody is looking at is not filled after every edit (ADR 47).
 */
public final class WhenShown {
    private final BooleanProperty showing = new SimpleBooleanProperty(true);
    private final Runnable update;
    private boolean stale;

    public WhenShown(Runnable update) {
        this.update = update;
        showing.addListener((o, was, is) -> {
            if (is) {
                catchUp();
            }
        });
    }

    /** Whether the view is on screen; bind it, e.g. to its tab's selected property. */
    public BooleanProperty showingProperty() {
        return showing;
    }

    /** Something the view shows changed: update now, or mark it out of date while it is hidden. */
    public void changed() {
        if (showing.get()) {
            run();
        } else {
            stale = true;
        }
    }

    /** Updates now if a change was missed while hidden (e.g. before the view's model is read). */
    public void catchUp() {
        if (stale) {
            run();
        }
    }

    private void run() {
        stale = false;
        update.run();
    }
}
