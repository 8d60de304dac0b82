package org.placementexplorer.ui.session;

/**
 * One undoable edit of the session. Commands hold what they need to apply and revert themselves;
 * the session applies them on the FX thread and keeps them on its undo stack.
 */
public interface Command {
    /** Short text for the Edit menu ("Undo Assign 12 operators to gpu0"). */
    String label();

    void apply(Session.State state);

    void revert(Session.State state);
}
