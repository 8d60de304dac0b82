package org.placementexplorer.ui.session;

import java.util.List;

import org.placementexplorer.model.Cluster;
import org.placementexplorer.model.Device;
import org.placementexplorer.model.Placement;
import org.placementexplorer.model.Problem;

/**
 * Any change of the cluster: a device edited, added, duplicated or removed, a sample cluster picked
 * or a cluster file loaded. Holds the priced problem and placement before and after, so undo is
 * exact and does not price anything again.
 */
public final class ChangeCluster implements Command {
    private final String label;
    private final Problem beforeProblem;
    private final Placement beforePlacement;
    private final Problem afterProblem;
    private final Placement afterPlacement;

    ChangeCluster(String label, Problem beforeProblem, Placement beforePlacement, Problem afterProblem,
            Placement afterPlacement) {
        this.label = label;
        this.beforeProblem = beforeProblem;
        this.beforePlacement = beforePlacement;
        this.afterProblem = afterProblem;
        this.afterPlacement = afterPlacement;
    }

    @Override
    public String label() {
        return label;
    }

    public Problem after() {
        return afterProblem;
    }

    @Override
    public void apply(Session.State s) {
        s.setProblem(afterProblem, afterPlacement);
    }

    @Override
    public void revert(Session.State s) {
        s.setProblem(beforeProblem, beforePlacement);
    }

    /**
     * Maps a placement onto a new cluster: operators keep a device with the same id; operators
     * whose device is gone go to the first device. Pins are kept.
     */
    public static Placement remap(Placement pl, Cluster from, Cluster to) {
        int[] d = pl.devices();
        for (int v = 0; v < d.length; v++) {
            String id = from.device(d[v]).id();
            d[v] = to.indexOf(id).orElse(0);
        }
        return Placement.of(d).withPinned(pl.pinned());
    }

    /** A copy of the devices with one replaced. */
    public static List<Device> replace(List<Device> devices, int index, Device d) {
        var out = new java.util.ArrayList<>(devices);
        out.set(index, d);
        return out;
    }
}
