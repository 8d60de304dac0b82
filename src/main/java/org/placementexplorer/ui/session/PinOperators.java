package org.placementexplorer.ui.session;

import java.util.BitSet;

/** Pins or unpins operators: solvers keep pinned operators on their device. */
public final class PinOperators implements Command {
    private final int[] ops;
    private final boolean pin;
    private final BitSet before;

    private PinOperators(int[] ops, boolean pin, BitSet before) {
        this.ops = ops;
        this.pin = pin;
        this.before = before;
    }

    public static PinOperators of(org.placementexplorer.model.Placement current, int[] ops, boolean pin) {
        return new PinOperators(ops.clone(), pin, current.pinned());
    }

    @Override
    public String label() {
        return (pin ? "Pin " : "Unpin ") + (ops.length == 1 ? "1 operator" : ops.length + " operators");
    }

    @Override
    public void apply(Session.State s) {
        BitSet b = s.placement().pinned();
        for (int v : ops) {
            b.set(v, pin);
        }
        s.setPlacement(s.placement().withPinned(b));
    }

    @Override
    public void revert(Session.State s) {
        s.setPlacement(s.placement().withPinned(before));
    }
}
