package org.placementexplorer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Which device runs each operator (by index), optionally the order in which each device runs its
 * operators, the operators the user pinned (solvers keep them where they are), and the number of
 * data-parallel replicas (1 unless the placement sits on one server and is copied onto identical
 * servers; see the evaluator). Immutable: edits return a new placement.
 */
public final class Placement {
    private final int[] device;
    private final int[][] order; // null when no order is given; else one array per device
    private final BitSet pinned;
    private final int replicas;

    private Placement(int[] device, int[][] order, BitSet pinned) {
        this(device, order, pinned, 1);
    }

    private Placement(int[] device, int[][] order, BitSet pinned, int replicas) {
        if (replicas < 1) {
            throw new ModelException("a placement needs at least one replica, not " + replicas);
        }
        this.device = device;
        this.order = order;
        this.pinned = pinned;
        this.replicas = replicas;
    }

    /** A placement without order or pins; {@code deviceOf[v]} is the device index of operator v. */
    public static Placement of(int[] deviceOf) {
        return new Placement(deviceOf.clone(), null, new BitSet());
    }

    /** Every operator on one device. */
    public static Placement allOn(int operators, int deviceIndex) {
        int[] d = new int[operators];
        Arrays.fill(d, deviceIndex);
        return new Placement(d, null, new BitSet());
    }

    public int size() {
        return device.length;
    }

    public int deviceOf(int op) {
        return device[op];
    }

    public int[] devices() {
        return device.clone();
    }

    /** The per-device order, if one was given: {@code order().get()[d]} lists device d's operators. */
    public Optional<int[][]> order() {
        if (order == null) {
            return Optional.empty();
        }
        int[][] copy = new int[order.length][];
        for (int i = 0; i < order.length; i++) {
            copy[i] = order[i].clone();
        }
        return Optional.of(copy);
    }

    public boolean hasOrder() {
        return order != null;
    }

    public boolean isPinned(int op) {
        return pinned.get(op);
    }

    public BitSet pinned() {
        return (BitSet) pinned.clone();
    }

    /** The same assignment with this per-device order (one array per device; may be empty). */
    public Placement withOrder(int[][] perDevice) {
        int[][] copy = new int[perDevice.length][];
        for (int i = 0; i < perDevice.length; i++) {
            copy[i] = perDevice[i].clone();
        }
        return new Placement(device, copy, pinned, replicas);
    }

    public Placement withoutOrder() {
        return order == null ? this : new Placement(device, null, pinned, replicas);
    }

    public Placement withPinned(BitSet pins) {
        return new Placement(device, order, (BitSet) pins.clone(), replicas);
    }

    /**
     * Number of data-parallel copies of this placement, each on its own server identical to the
     * one this placement uses (1: no replication).
     */
    public int replicas() {
        return replicas;
    }

    /** The same placement run as {@code r} data-parallel copies (see {@link #replicas()}). */
    public Placement withReplicas(int r) {
        return r == replicas ? this : new Placement(device, order, pinned, r);
    }

    /** Moves operators to a device; the order is dropped (it no longer matches), pins are kept. */
    public Placement assign(int[] ops, int deviceIndex) {
        int[] d = device.clone();
        for (int v : ops) {
            d[v] = deviceIndex;
        }
        return new Placement(d, null, pinned, replicas);
    }

    /** Operators on device {@code d}, in index order. */
    public int[] operatorsOn(int d) {
        List<Integer> out = new ArrayList<>();
        for (int v = 0; v < device.length; v++) {
            if (device[v] == d) {
                out.add(v);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Checks that this placement fits a graph and cluster of these sizes. */
    public void checkShape(int operators, int deviceCount) {
        if (device.length != operators) {
            throw new ModelException("the placement covers " + device.length + " operators but the graph has "
                    + operators);
        }
        for (int v = 0; v < device.length; v++) {
            if (device[v] < 0 || device[v] >= deviceCount) {
                throw new ModelException("operator " + v + " is placed on device index " + device[v]
                        + " but the cluster has " + deviceCount + " devices");
            }
        }
        if (order != null) {
            if (order.length != deviceCount) {
                throw new ModelException("the order lists " + order.length + " devices but the cluster has "
                        + deviceCount);
            }
            int[] seen = new int[operators];
            for (int d = 0; d < order.length; d++) {
                for (int v : order[d]) {
                    if (v < 0 || v >= operators) {
                        throw new ModelException("the order of device " + d + " names operator index " + v);
                    }
                    if (device[v] != d) {
                        throw new ModelException("the order of device " + d + " lists operator " + v
                                + ", which is placed on device " + device[v]);
                    }
                    seen[v]++;
                }
            }
            for (int v = 0; v < operators; v++) {
                if (seen[v] != 1) {
                    throw new ModelException("the order lists operator " + v + " " + seen[v]
                            + " times; it must list every operator exactly once");
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Placement p && Arrays.equals(device, p.device) && Arrays.deepEquals(order, p.order)
                && pinned.equals(p.pinned) && replicas == p.replicas;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(device) * 31 + pinned.hashCode()) * 31 + replicas;
    }

    @Override
    public String toString() {
        return "Placement" + Arrays.toString(device) + (replicas > 1 ? " x" + replicas : "");
    }
}
