package org.placementexplorer.io.measured;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One measured-costs file as the user names it: {@code FILE} or {@code FILE@DEVICE}. An ONNX
 * Runtime profile needs the device it was measured on; a CSV names the device on every row.
 *
 * @param text   the argument as given (used in messages)
 * @param file   the file
 * @param device the device id after '@', or null
 */
public record CostsSpec(String text, Path file, String device) {
    /**
     * Parses {@code FILE[@DEVICE]}. The device follows the last '@'; an argument that is an existing
     * file as a whole is taken as a file without a device (so a path may contain '@').
     */
    public static CostsSpec parse(String arg) {
        int at = arg.lastIndexOf('@');
        if (at <= 0 || Files.exists(Path.of(arg))) {
            return new CostsSpec(arg, Path.of(arg), null);
        }
        String device = arg.substring(at + 1).strip();
        return new CostsSpec(arg, Path.of(arg.substring(0, at)), device.isEmpty() ? null : device);
    }
}
