package org.placementexplorer.eval;

import java.util.List;

/**
 * Memory use per device against its capacity.
 *
 * @param devices  one entry per device index
 * @param feasible whether every device fits
 */
public record MemoryReport(List<DeviceMemory> devices, boolean feasible) {
    /**
     * @param resident    memory kept for the whole run: parameters (or the instance's node sizes)
     * @param activations peak live activations estimate (0 when the problem does not count them)
     * @param used        resident + activations
     * @param capacity    device capacity ({@code Infinity} when unlimited)
     * @param over        how much used exceeds capacity (0 when it fits)
     */
    public record DeviceMemory(int device, double resident, double activations, double used, double capacity,
            double over) {
    }

    /** Total amount over capacity across devices. */
    public double totalOver() {
        return devices.stream().mapToDouble(DeviceMemory::over).sum();
    }
}
