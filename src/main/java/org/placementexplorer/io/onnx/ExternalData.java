package org.placementexplorer.io.onnx;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tensors stored outside the model file ({@code data_location = EXTERNAL}). Costs need only their
 * descriptors (type and dimensions), so the data files are never loaded. Only the few bytes of small
 * tensors that shape arithmetic needs are read. A missing or short data file is therefore a warning,
 * not an error: shapes that needed its values fall back to unknown.
 */
final class ExternalData {
    private final Path dir;
    private final Map<String, Status> files = new LinkedHashMap<>();

    private enum Problem { NONE, MISSING, UNSAFE, SHORT }

    private static final class Status {
        Problem problem = Problem.NONE;
        long size;
        int tensors;
        long bytesNeeded;
    }

    /** @param dir the folder of the model file (external locations are relative to it) */
    ExternalData(Path dir) {
        this.dir = dir == null ? Path.of(".") : dir;
    }

    /** Values of a small external tensor, or null (recording any problem with its file). */
    double[] small(Onnx.Tensor t) {
        String location = t.externalData().get("location");
        if (location == null || location.isEmpty()) {
            Status s = files.computeIfAbsent("", k -> new Status());
            s.problem = Problem.MISSING;
            s.tensors++;
            return null;
        }
        long offset = parse(t.externalData().get("offset"), 0);
        long n = t.elementCount();
        long length = parse(t.externalData().get("length"), n < 0 ? -1 : (long) Math.ceil(n * ElemType.bytes(t.dataType())));
        Status s = files.get(location);
        Path p = null;
        if (s == null) {
            s = new Status();
            files.put(location, s);
            p = resolve(location);
            if (p == null) {
                s.problem = Problem.UNSAFE;
            } else if (!Files.isRegularFile(p)) {
                s.problem = Problem.MISSING;
            } else {
                try {
                    s.size = Files.size(p);
                } catch (IOException e) {
                    s.problem = Problem.MISSING;
                }
            }
        }
        s.tensors++;
        if (offset >= 0 && length >= 0) {
            s.bytesNeeded = Math.max(s.bytesNeeded, offset + length);
        }
        if (s.problem == Problem.NONE && s.bytesNeeded > s.size) {
            s.problem = Problem.SHORT;
        }
        if (s.problem != Problem.NONE || n < 0 || n > Value.MAX_VALUES || offset < 0 || length < 0
                || length > 64L * Value.MAX_VALUES) {
            return null;
        }
        if (p == null) {
            p = resolve(location);
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            byte[] b = new byte[(int) length];
            f.seek(offset);
            f.readFully(b);
            return TensorData.decodeRaw(t.dataType(), b, 0, b.length, (int) n);
        } catch (IOException e) {
            return null;
        }
    }

    /** The data file path when the location is relative and stays inside the model's folder. */
    private Path resolve(String location) {
        try {
            Path rel = Path.of(location);
            if (rel.isAbsolute()) {
                return null;
            }
            Path base = dir.toAbsolutePath().normalize();
            Path p = base.resolve(rel).normalize();
            return p.startsWith(base) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long parse(String s, long dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (Map.Entry<String, Status> e : files.entrySet()) {
            Status s = e.getValue();
            String what = s.tensors + " tensor" + (s.tensors == 1 ? "" : "s");
            String tail = ": sizes come from the tensor descriptors (all the costs need); shapes that needed "
                    + "their values are unknown";
            switch (s.problem) {
                case MISSING -> w.add(e.getKey().isEmpty() ? what + " marked external name no data file" + tail
                        : "external data file '" + e.getKey() + "' (" + what + ") is missing" + tail);
                case UNSAFE -> w.add("external data file '" + e.getKey() + "' (" + what + ") lies outside the "
                        + "model's folder and is not read" + tail);
                case SHORT -> w.add("external data file '" + e.getKey() + "' (" + what + ") holds " + s.size
                        + " bytes but the descriptors need " + s.bytesNeeded + tail);
                default -> {
                    // fine
                }
            }
        }
        return w;
    }
}
