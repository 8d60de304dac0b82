package org.placementexplorer.ui.session;

import org.placementexplorer.model.Placement;

/** Replaces the whole placement (a solver's result, or a named placement chosen). */
public final class ReplacePlacement implements Command {
    private final String label;
    private final Placement before;
    private final Placement after;

    public ReplacePlacement(String label, Placement before, Placement after) {
        this.label = label;
        this.before = before;
        this.after = after;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void apply(Session.State s) {
        s.setPlacement(after);
    }

    @Override
    public void revert(Session.State s) {
        s.setPlacement(before);
    }
}
