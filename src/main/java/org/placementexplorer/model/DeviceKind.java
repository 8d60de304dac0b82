package org.placementexplorer.model;

import java.util.Locale;

/** What kind of processor a device is. */
public enum DeviceKind {
    CPU, GPU, NPU, TPU, FPGA;

    public static DeviceKind parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
