package org.placementexplorer.ui.session;

import java.util.Arrays;

import org.placementexplorer.model.Placement;

/** Moves operators to a device (by hand, from a drop or a key). */
public final class AssignOperators implements Command {
    private final int[] ops;
    private final int device;
    private final int[] previous;
    private final String deviceId;

    private AssignOperators(int[] ops, int device, int[] previous, String deviceId) {
        this.ops = ops;
        this.device = device;
        this.previous = previous;
        this.deviceId = deviceId;
    }

    /** Captures where the operators are now, so undo puts them back. */
    public static AssignOperators of(Placement current, int[] ops, int device, String deviceId) {
        int[] o = ops.clone();
        int[] prev = new int[o.length];
        for (int i = 0; i < o.length; i++) {
            prev[i] = current.deviceOf(o[i]);
        }
        return new AssignOperators(o, device, prev, deviceId);
    }

    public int[] operators() {
        return ops.clone();
    }

    public int device() {
        return device;
    }

    /** Whether applying would change anything. */
    public boolean changesSomething() {
        return Arrays.stream(previous).anyMatch(d -> d != device);
    }

    @Override
    public String label() {
        return "Assign " + (ops.length == 1 ? "1 operator" : ops.length + " operators") + " to " + deviceId;
    }

    @Override
    public void apply(Session.State s) {
        s.setPlacement(s.placement().assign(ops, device));
    }

    @Override
    public void revert(Session.State s) {
        int[] d = s.placement().devices();
        for (int i = 0; i < ops.length; i++) {
            d[ops[i]] = previous[i];
        }
        s.setPlacement(Placement.of(d).withPinned(s.placement().pinned()));
    }
}
