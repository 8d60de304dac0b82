package org.placementexplorer.io.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import org.placementexplorer.io.GraphImporter;
import org.placementexplorer.io.ImportOptions;
import org.placementexplorer.io.InputException;
import org.placementexplorer.io.LoadedModel;
import org.placementexplorer.io.json.Json;
import org.placementexplorer.model.ModelException;
import org.placementexplorer.model.OpGraph;

/**
 * Reads ONNX models (docs/formats.md, section ONNX). A file is taken as ONNX when its first bytes
 * parse as the start of a ModelProto (whatever its name), or when it is named {@code .onnx} — then a
 * file that is not ONNX gets a message saying what it is instead.
 */
public final class OnnxImporter implements GraphImporter {
    public static final String FORMAT = "ONNX";

    @Override
    public String formatName() {
        return FORMAT;
    }

    @Override
    public boolean accepts(Path file, byte[] head, JsonNode json) {
        if (json != null) {
            return hasOnnxExtension(file);
        }
        return looksLikeOnnx(head) || hasOnnxExtension(file);
    }

    @Override
    public LoadedModel load(Path file, JsonNode json, ImportOptions options) {
        return read(file, options, true);
    }

    /**
     * Reads a model.
     *
     * @param useValueInfo whether shapes inference cannot find are taken from the file's value_info
     *                     (false measures inference alone, for tests)
     */
    public static LoadedModel read(Path file, ImportOptions options, boolean useValueInfo) {
        return readTimed(file, options, useValueInfo).model();
    }

    /**
     * A model read with the time of each phase, for {@code bench-import}.
     *
     * @param readNanos  reading the file into memory
     * @param parseNanos decoding the protobuf
     * @param buildNanos shape inference, costs and building the operator graph
     */
    public record Timed(LoadedModel model, long readNanos, long parseNanos, long buildNanos) {
    }

    public static Timed readTimed(Path file, ImportOptions options, boolean useValueInfo) {
        long t0 = System.nanoTime();
        byte[] bytes = Json.readBytes(file);
        return fromBytes(file, bytes, options, useValueInfo, t0);
    }

    /**
     * Reads a model already in memory.
     *
     * @param file the file it came from: names it in messages, and external data is looked for beside it
     */
    public static LoadedModel fromBytes(Path file, byte[] bytes, ImportOptions options, boolean useValueInfo) {
        return fromBytes(file, bytes, options, useValueInfo, System.nanoTime()).model();
    }

    private static Timed fromBytes(Path file, byte[] bytes, ImportOptions options, boolean useValueInfo, long t0) {
        String name = file.toString();
        if (bytes.length == 0) {
            throw new InputException(name, "the file is empty");
        }
        String foreign = foreignKind(bytes);
        if (foreign != null) {
            throw new InputException(name, "this is " + foreign + ", not an ONNX model");
        }
        long t1 = System.nanoTime();
        Onnx.Model model;
        try {
            model = OnnxReader.read(bytes);
        } catch (IOException e) {
            throw new InputException(name, e.getMessage());
        }
        long t2 = System.nanoTime();
        SymbolicDims dims = new SymbolicDims(options == null ? null : options.dims());
        ExternalData external = new ExternalData(file.toAbsolutePath().getParent());
        GraphBuilder builder = new GraphBuilder(name, model, dims, external, useValueInfo);
        OpGraph graph;
        try {
            graph = builder.build(stem(file));
        } catch (ModelException e) {
            throw new InputException(name, clean(e.getMessage()));
        } catch (InputException e) {
            throw new InputException(name, clean(e.problem()));
        }
        List<String> warnings = new ArrayList<>();
        for (List<String> part : List.of(dims.warnings(), external.warnings(), builder.warnings.lines())) {
            for (String w : part) {
                warnings.add(clean(w));
            }
        }
        long t3 = System.nanoTime();
        return new Timed(new LoadedModel(name, FORMAT, graph, null, warnings,
                options, new ImportOptions(dims.used(), null, null), dims.where()), t1 - t0, t2 - t1, t3 - t2);
    }

    /** Longest message or warning we print; names from damaged files can be arbitrarily long. */
    private static final int MAX_MESSAGE = 400;

    /**
     * A message fit for one line: control characters (a damaged file can put a line break inside a
     * name) are written as escapes, and very long text is cut.
     */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_MESSAGE + 16));
        for (int i = 0; i < s.length() && b.length() < MAX_MESSAGE; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
                b.append(String.format(Locale.ROOT, "\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
            if (i < s.length() && b.length() >= MAX_MESSAGE) {
                b.append('…');
            }
        }
        return b.toString();
    }

    private static String stem(Path file) {
        String s = file.getFileName() == null ? "model" : file.getFileName().toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    static boolean hasOnnxExtension(Path file) {
        Path f = file.getFileName();
        return f != null && f.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** ModelProto fields and the wire type each must have. */
    private static final Set<Integer> VARINT_FIELDS = Set.of(1, 5);
    private static final Set<Integer> LENGTH_FIELDS = Set.of(2, 3, 4, 6, 7, 8, 14, 20, 25, 26);

    /**
     * Whether the first bytes are the start of an ONNX ModelProto: every field that starts in them is
     * a ModelProto field with its wire type, and an ir_version (1–100) or a graph is among them.
     */
    static boolean looksLikeOnnx(byte[] head) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(head);
            boolean seen = false;
            int fields = 0;
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                int fn = WireFormat.getTagFieldNumber(tag);
                int wt = WireFormat.getTagWireType(tag);
                if (VARINT_FIELDS.contains(fn) && wt == WireFormat.WIRETYPE_VARINT) {
                    long v = in.readInt64();
                    if (fn == 1) {
                        if (v < 1 || v > 100) {
                            return false;
                        }
                        seen = true;
                    }
                } else if (LENGTH_FIELDS.contains(fn) && wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int len = in.readRawVarint32();
                    if (len < 0) {
                        return false;
                    }
                    if (fn == 7 || fn == 8) {
                        seen = true;
                    }
                    if (head.length - in.getTotalBytesRead() < len) {
                        return seen; // the field runs past the head: what we saw must do
                    }
                    in.skipRawBytes(len);
                } else {
                    return false;
                }
                fields++;
            }
            return seen && fields > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Names well-known non-ONNX file kinds by their magic bytes, or null. */
    static String foreignKind(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G')) {
            return "a PNG image";
        }
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return "a JPEG image";
        }
        if (starts(b, 'G', 'I', 'F', '8')) {
            return "a GIF image";
        }
        if (starts(b, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (starts(b, 'P', 'K', 3, 4)) {
            return "a ZIP archive (for example a PyTorch .pt file)";
        }
        if (starts(b, 0x1F, 0x8B)) {
            return "a gzip-compressed file";
        }
        if (Json.looksLikeJson(java.util.Arrays.copyOf(b, Math.min(b.length, 64)))) {
            return "a JSON file (ONNX models are binary protobuf files)";
        }
        return null;
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
