package org.placementexplorer.ui.topology;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.placementexplorer.model.Device;
import org.placementexplorer.model.DeviceKind;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.Precision;

/**
 * The device editor's fields as text, in the units people read on spec sheets (TFLOP/s, GB, GB/s,
 * µs), and their validation into a {@link Device}. No JavaFX; unit-testable.
 */
public record DeviceForm(String id, String name, String kind, String server, String fp32Tflops, String fp16Tflops,
        String memoryGb, String bandwidthGbs, String launchUs, boolean overlapsTransfers) {

    public static DeviceForm of(Device d) {
        return new DeviceForm(d.id(), d.name(), d.kind().name(), d.server(), num(d.peak(Precision.FP32) / 1e12),
                d.peakFlops().containsKey(Precision.FP16) ? num(d.peakFlops().get(Precision.FP16) / 1e12) : "",
                d.unlimitedMemory() ? "" : num(d.memoryBytes() / 1e9), num(d.memoryBandwidth() / 1e9),
                num(d.launchOverhead() * 1e6), d.overlapsTransfers());
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** The result: a device, or the one-line reason the fields are not valid. */
    public record Result(Device device, String error) {
        public boolean ok() {
            return device != null;
        }
    }

    /**
     * Validates the fields against the rest of the cluster.
     *
     * @param takenIds ids already used by other devices and switches
     */
    public Result validate(java.util.Set<String> takenIds) {
        if (id.isBlank()) {
            return new Result(null, "the id is empty");
        }
        if (takenIds.contains(id.trim())) {
            return new Result(null, "the id '" + id.trim() + "' is already used in this cluster");
        }
        DeviceKind k;
        try {
            k = DeviceKind.parse(kind);
        } catch (IllegalArgumentException e) {
            return new Result(null, "unknown kind '" + kind + "'");
        }
        try {
            Map<Precision, Double> peaks = new EnumMap<>(Precision.class);
            peaks.put(Precision.FP32, positive("FP32 peak", fp32Tflops) * 1e12);
            if (!fp16Tflops.isBlank()) {
                peaks.put(Precision.FP16, positive("FP16 peak", fp16Tflops) * 1e12);
            }
            double mem = memoryGb.isBlank() ? Double.POSITIVE_INFINITY : positive("memory", memoryGb) * 1e9;
            double bw = positive("memory bandwidth", bandwidthGbs) * 1e9;
            double launch = launchUs.isBlank() ? 0 : nonNegative("launch overhead", launchUs) * 1e-6;
            return new Result(new Device(id.trim(), name.isBlank() ? id.trim() : name.trim(), k,
                    server.isBlank() ? id.trim() : server.trim(), peaks, bw, mem, launch, overlapsTransfers), null);
        } catch (IllegalArgumentException | ModelException e) {
            return new Result(null, e.getMessage());
        }
    }

    private static double positive(String what, String text) {
        double v = parse(what, text);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a positive number");
        }
        return v;
    }

    private static double nonNegative(String what, String text) {
        double v = parse(what, text);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be zero or more");
        }
        return v;
    }

    private static double parse(String what, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: '" + text.trim() + "'");
        }
    }
}
