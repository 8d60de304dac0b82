package org.placementexplorer.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A device that runs operators.
 *
 * @param id                stable identifier, unique in its cluster (also unique against switches)
 * @param name              display name, e.g. "NVIDIA A100 80GB"
 * @param kind              processor kind
 * @param server            id of the server (host) the device sits in
 * @param peakFlops         peak operations per second per precision class; FP32 is required
 * @param memoryBandwidth   bytes per second between the device and its own memory
 * @param memoryBytes       capacity in bytes; {@link Double#POSITIVE_INFINITY} when unlimited
 * @param launchOverhead    seconds added to every operator that launches a kernel
 * @param overlapsTransfers whether transfers run beside compute (DMA engines) rather than taking
 *                          the device's own time; used by the throughput objective
 */
public record Device(
        String id,
        String name,
        DeviceKind kind,
        String server,
        Map<Precision, Double> peakFlops,
        double memoryBandwidth,
        double memoryBytes,
        double launchOverhead,
        boolean overlapsTransfers) {

    public Device {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new ModelException("a device has an empty id");
        }
        name = name == null || name.isBlank() ? id : name;
        Objects.requireNonNull(kind, "kind");
        server = server == null || server.isBlank() ? id : server;
        EnumMap<Precision, Double> copy = new EnumMap<>(Precision.class);
        if (peakFlops != null) {
            copy.putAll(peakFlops);
        }
        if (!copy.containsKey(Precision.FP32)) {
            throw new ModelException("device '" + id + "' gives no fp32 peak FLOP/s");
        }
        for (Map.Entry<Precision, Double> e : copy.entrySet()) {
            if (!(e.getValue() > 0) || e.getValue().isInfinite()) {
                throw new ModelException("device '" + id + "' has an invalid " + e.getKey().jsonName()
                        + " peak (" + e.getValue() + ")");
            }
        }
        peakFlops = java.util.Collections.unmodifiableMap(copy);
        if (!(memoryBandwidth > 0) || Double.isInfinite(memoryBandwidth)) {
            throw new ModelException("device '" + id + "' has an invalid memory bandwidth (" + memoryBandwidth + ")");
        }
        if (!(memoryBytes > 0)) {
            throw new ModelException("device '" + id + "' has an invalid memory capacity (" + memoryBytes + ")");
        }
        if (!(launchOverhead >= 0) || Double.isInfinite(launchOverhead)) {
            throw new ModelException("device '" + id + "' has an invalid launch overhead (" + launchOverhead + ")");
        }
    }

    /** Peak rate for a precision class, following {@link Precision#fallbacks()}. */
    public double peak(Precision p) {
        for (Precision q : p.fallbacks()) {
            Double v = peakFlops.get(q);
            if (v != null) {
                return v;
            }
        }
        return peakFlops.get(Precision.FP32);
    }

    public boolean unlimitedMemory() {
        return Double.isInfinite(memoryBytes);
    }

    public Device withId(String newId, String newName) {
        return new Device(newId, newName, kind, server, peakFlops, memoryBandwidth, memoryBytes, launchOverhead,
                overlapsTransfers);
    }

    public Device withMemoryBytes(double bytes) {
        return new Device(id, name, kind, server, peakFlops, memoryBandwidth, bytes, launchOverhead,
                overlapsTransfers);
    }
}
