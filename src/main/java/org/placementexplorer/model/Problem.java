package org.placementexplorer.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A graph on a cluster with every cost priced: the input of the evaluator, the solvers and the
 * bounds. Built by the {@code cost} package for physical graphs and by the instance importers for
 * benchmark files that carry their own costs. Immutable (arrays are not exposed).
 *
 * <p><b>Transfers.</b> A tensor produced on device a and consumed on device b != a is moved once
 * to b, however many consumers it has there. How long that takes depends on {@link Pricing}:
 * <ul>
 *   <li>{@code ROUTED}: route latency + tensor bytes / route bottleneck bandwidth (the cluster's
 *       shortest route); the transfer also occupies each link of the route for bytes / link
 *       bandwidth;</li>
 *   <li>{@code PER_TENSOR}: a fixed time per tensor for any pair of distinct devices (Tarnawski);</li>
 *   <li>{@code MATRIX}: a time per tensor and ordered device pair (Moirai).</li>
 * </ul>
 * {@link SendAccounting} says how the sender is charged when it does not overlap transfers.
 */
public final class Problem {
    /** How transfer times are priced. */
    public enum Pricing { ROUTED, PER_TENSOR, MATRIX }

    /** How the sending device is charged for a tensor sent to several devices. */
    public enum SendAccounting {
        /** The sender pays every transfer it makes (one per destination device). */
        PER_DESTINATION,
        /** The sender pays once per tensor, the longest of its transfers (Tarnawski's model). */
        ONCE_PER_TENSOR
    }

    private final OpGraph graph;
    private final Cluster cluster;
    private final double[][] opTime;
    private final boolean[] measured;
    private final Pricing pricing;
    private final double[] tensorTime;
    private final double[][][] tensorMatrix;
    private final SendAccounting sendAccounting;
    private final double[] opMemory;
    private final boolean activationMemory;
    private final int[] colocation;
    private final boolean[] backward;
    private final Units units;
    private final String costSource;

    private Problem(Builder b) {
        graph = Objects.requireNonNull(b.graph, "graph");
        cluster = Objects.requireNonNull(b.cluster, "cluster");
        int n = graph.size();
        int nd = cluster.size();
        if (b.opTime == null || b.opTime.length != n) {
            throw new ModelException("operator times must be given for all " + n + " operators");
        }
        opTime = new double[n][];
        for (int v = 0; v < n; v++) {
            if (b.opTime[v].length != nd) {
                throw new ModelException("operator '" + graph.op(v).id() + "' has times for " + b.opTime[v].length
                        + " devices; the cluster has " + nd);
            }
            for (double t : b.opTime[v]) {
                if (!(t >= 0)) {
                    throw new ModelException("operator '" + graph.op(v).id() + "' has an invalid time (" + t + ")");
                }
            }
            opTime[v] = b.opTime[v].clone();
        }
        measured = b.measured == null ? new boolean[n] : b.measured.clone();
        pricing = b.pricing;
        if (pricing == Pricing.ROUTED && nd > 1 && !cluster.hasLinks()) {
            throw new ModelException("cluster '" + cluster.name() + "' has several devices but no links");
        }
        if (pricing == Pricing.PER_TENSOR && (b.tensorTime == null || b.tensorTime.length != graph.tensorCount())) {
            throw new ModelException("per-tensor transfer times must be given for every tensor");
        }
        if (pricing == Pricing.MATRIX && (b.tensorMatrix == null || b.tensorMatrix.length != graph.tensorCount())) {
            throw new ModelException("a transfer time matrix must be given for every tensor");
        }
        tensorTime = b.tensorTime == null ? null : b.tensorTime.clone();
        tensorMatrix = b.tensorMatrix;
        sendAccounting = b.sendAccounting;
        if (b.opMemory != null && b.opMemory.length != n) {
            throw new ModelException("operator memory must be given for all " + n + " operators");
        }
        opMemory = new double[n];
        for (int v = 0; v < n; v++) {
            opMemory[v] = b.opMemory == null ? graph.op(v).paramBytes() : b.opMemory[v];
        }
        activationMemory = b.activationMemory;
        if (b.colocation != null && b.colocation.length != n) {
            throw new ModelException("colocation groups must be given for all " + n + " operators");
        }
        colocation = b.colocation == null ? null : b.colocation.clone();
        if (b.backward != null && b.backward.length != n) {
            throw new ModelException("backward-pass flags must be given for all " + n + " operators");
        }
        backward = b.backward == null ? null : b.backward.clone();
        units = b.units;
        costSource = b.costSource;
    }

    public static Builder builder(OpGraph graph, Cluster cluster) {
        return new Builder(graph, cluster);
    }

    /** A builder that starts from this problem (for a changed cluster or costs). */
    public Builder toBuilder() {
        Builder b = new Builder(graph, cluster);
        b.opTime = opTime;
        b.measured = measured;
        b.pricing = pricing;
        b.tensorTime = tensorTime;
        b.tensorMatrix = tensorMatrix;
        b.sendAccounting = sendAccounting;
        b.opMemory = opMemory;
        b.activationMemory = activationMemory;
        b.colocation = colocation;
        b.backward = backward;
        b.units = units;
        b.costSource = costSource;
        return b;
    }

    public OpGraph graph() {
        return graph;
    }

    public Cluster cluster() {
        return cluster;
    }

    public int operators() {
        return graph.size();
    }

    public int deviceCount() {
        return cluster.size();
    }

    /** Time of operator v on device d; {@code +Infinity} when d cannot run v. */
    public double opTime(int v, int d) {
        return opTime[v][d];
    }

    public boolean canRun(int v, int d) {
        return opTime[v][d] != Double.POSITIVE_INFINITY;
    }

    /** Whether operator v's times come from a measurement rather than the analytic model. */
    public boolean measured(int v) {
        return measured[v];
    }

    /** Fastest time of operator v over the devices that can run it. */
    public double minOpTime(int v) {
        double m = Double.POSITIVE_INFINITY;
        for (double t : opTime[v]) {
            m = Math.min(m, t);
        }
        return m;
    }

    public Pricing pricing() {
        return pricing;
    }

    public SendAccounting sendAccounting() {
        return sendAccounting;
    }

    /** Time to move tensor t from device a to device b (0 when a == b). */
    public double transferTime(int t, int a, int b) {
        if (a == b) {
            return 0;
        }
        return switch (pricing) {
            case ROUTED -> cluster.route(a, b).orElseThrow().transferTime(graph.tensorBytes(t));
            case PER_TENSOR -> tensorTime[t];
            case MATRIX -> tensorMatrix[t][a][b];
        };
    }

    /** Whether transfers occupy the cluster's links (only for routed pricing). */
    public boolean transfersUseLinks() {
        return pricing == Pricing.ROUTED && cluster.hasLinks();
    }

    /** Memory operator v keeps resident on its device (parameters, or the instance's size). */
    public double opMemory(int v) {
        return opMemory[v];
    }

    /** Whether memory use includes an estimate of live activations (see the evaluator). */
    public boolean activationMemory() {
        return activationMemory;
    }

    /** Colocation group of operator v, or -1; operators of one group must share a device. */
    public int colocationGroup(int v) {
        return colocation == null ? -1 : colocation[v];
    }

    public boolean hasColocation() {
        return colocation != null;
    }

    /**
     * Whether operator v belongs to the backward pass of a training graph. Loads count forward and
     * backward operators alike; only solvers that restrict placements to pipelines care (the
     * pipeline order is then required of the forward operators only, and backward operators follow
     * their colocation group).
     */
    public boolean isBackward(int v) {
        return backward != null && backward[v];
    }

    /** Whether some operator belongs to a backward pass (a training graph). */
    public boolean hasBackwardPass() {
        if (backward != null) {
            for (boolean x : backward) {
                if (x) {
                    return true;
                }
            }
        }
        return false;
    }

    public Units units() {
        return units;
    }

    /** A short description of where the costs come from, for reports. */
    public String costSource() {
        return costSource;
    }

    @Override
    public String toString() {
        return "Problem[" + graph + " on " + cluster + ", " + pricing + "]";
    }

    /** Builder; defaults: routed pricing, per-destination sends, parameter memory + activations, SI units. */
    public static final class Builder {
        private final OpGraph graph;
        private final Cluster cluster;
        private double[][] opTime;
        private boolean[] measured;
        private Pricing pricing = Pricing.ROUTED;
        private double[] tensorTime;
        private double[][][] tensorMatrix;
        private SendAccounting sendAccounting = SendAccounting.PER_DESTINATION;
        private double[] opMemory;
        private boolean activationMemory = true;
        private int[] colocation;
        private boolean[] backward;
        private Units units = Units.SI;
        private String costSource = "";

        private Builder(OpGraph graph, Cluster cluster) {
            this.graph = graph;
            this.cluster = cluster;
        }

        public Builder opTimes(double[][] times) {
            this.opTime = times;
            return this;
        }

        public Builder measured(boolean[] m) {
            this.measured = m;
            return this;
        }

        public Builder routedTransfers() {
            this.pricing = Pricing.ROUTED;
            return this;
        }

        public Builder perTensorTransfers(double[] timePerTensor) {
            this.pricing = Pricing.PER_TENSOR;
            this.tensorTime = timePerTensor;
            return this;
        }

        public Builder matrixTransfers(double[][][] timePerTensorAndPair) {
            this.pricing = Pricing.MATRIX;
            this.tensorMatrix = timePerTensorAndPair;
            return this;
        }

        public Builder sendAccounting(SendAccounting s) {
            this.sendAccounting = s;
            return this;
        }

        public Builder opMemory(double[] bytes) {
            this.opMemory = bytes;
            return this;
        }

        public Builder activationMemory(boolean on) {
            this.activationMemory = on;
            return this;
        }

        public Builder colocation(int[] groups) {
            this.colocation = groups;
            return this;
        }

        /** Marks the operators of a training graph's backward pass (null: none). */
        public Builder backward(boolean[] isBackward) {
            this.backward = isBackward;
            return this;
        }

        public Builder units(Units u) {
            this.units = u;
            return this;
        }

        public Builder costSource(String s) {
            this.costSource = s;
            return this;
        }

        public Problem build() {
            return new Problem(this);
        }
    }

    /** For tests and debugging. */
    public String describeTimes() {
        StringBuilder sb = new StringBuilder();
        for (int v = 0; v < opTime.length; v++) {
            sb.append(graph.op(v).id()).append(' ').append(Arrays.toString(opTime[v])).append('\n');
        }
        return sb.toString();
    }
}
