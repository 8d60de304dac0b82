package org.placementexplorer.model;

/**
 * Units of a problem's numbers. Physical problems (ONNX graphs on described clusters) use seconds
 * and bytes; benchmark instances keep the units of their file, which may be unstated.
 *
 * @param time     label of the time unit ("s", or e.g. "ms" / "unit" for instances)
 * @param memory   label of the memory unit ("B", or e.g. "bit")
 * @param physical whether time is in seconds and memory in bytes
 */
public record Units(String time, String memory, boolean physical) {
    public static final Units SI = new Units("s", "B", true);

    public static Units instance(String time, String memory) {
        return new Units(time, memory, false);
    }
}
