package org.placementexplorer.io.onnx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

/**
 * Reads an ONNX ModelProto from its protobuf wire format, field by field. The field numbers are
 * those of the ONNX IR specification; fields the importer does not use are skipped, as are fields
 * whose wire type does not match (as protobuf itself treats them: unknown fields). Tensor data is not
 * copied: {@link Onnx.DataRef} points into the buffer.
 *
 * <p>Problems are {@link OnnxFormatException}s with a short message; the importer adds the file name.
 */
final class OnnxReader {
    /** Deepest nesting of graphs inside attributes we follow (If inside Loop inside ...). */
    static final int MAX_GRAPH_DEPTH = 64;

    private final byte[] buf;
    private final CodedInputStream in;
    private int graphDepth;

    private OnnxReader(byte[] buf) {
        this.buf = buf;
        this.in = CodedInputStream.newInstance(buf);
        this.in.setSizeLimit(Integer.MAX_VALUE);
    }

    /** A file that is not a well-formed ONNX model; the message says what is wrong. */
    static final class OnnxFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        OnnxFormatException(String message) {
            super(message);
        }
    }

    /** Parses a whole model. */
    static Onnx.Model read(byte[] bytes) throws OnnxFormatException {
        OnnxReader r = new OnnxReader(bytes);
        try {
            Onnx.Model m = r.model();
            if (m.graph() == null) {
                throw new OnnxFormatException("not a valid ONNX model (no graph in the file)");
            }
            return m;
        } catch (OnnxFormatException e) {
            throw e;
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException("not a valid ONNX model: the protobuf is truncated or corrupt ("
                    + describe(e) + ")");
        } catch (IOException e) {
            throw new OnnxFormatException("cannot be read (" + e.getMessage() + ")");
        }
    }

    private static String describe(InvalidProtocolBufferException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("truncated") || m.contains("ended unexpectedly")) {
            return "it ends in the middle of a field";
        }
        if (m.contains("negative size")) {
            return "a negative length";
        }
        if (m.contains("invalid tag") || m.contains("invalid wire type") || m.contains("end-group")) {
            return "an invalid field tag";
        }
        if (m.contains("malformed varint")) {
            return "a malformed number";
        }
        int nl = m.indexOf('.');
        return nl > 0 && nl < 120 ? m.substring(0, nl) : m.length() > 120 ? m.substring(0, 120) : m;
    }

    // ---- messages ---------------------------------------------------------------------------

    private Onnx.Model model() throws IOException {
        long ir = 0;
        String producer = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Onnx.Graph graph = null;
        List<Onnx.Function> functions = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (field(tag)) {
                case 1 -> {
                    if (varint(tag)) {
                        ir = in.readInt64();
                    } else {
                        in.skipField(tag);
                    }
                }
                case 2 -> producer = lenDelim(tag) ? in.readString() : skip(tag, "");
                case 7 -> {
                    if (lenDelim(tag)) {
                        graph = nested(this::graph);
                    } else {
                        in.skipField(tag);
                    }
                }
                case 8 -> {
                    if (lenDelim(tag)) {
                        Object[] o = nested(this::opset);
                        String d = (String) o[0];
                        opsets.put(d.equals("ai.onnx") ? "" : d, (Long) o[1]);
                    } else {
                        in.skipField(tag);
                    }
                }
                case 25 -> {
                    if (lenDelim(tag)) {
                        functions.add(nested(this::function));
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new Onnx.Model(ir, producer, opsets, graph, functions);
    }

    private Object[] opset() throws IOException {
        String domain = "";
        long version = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (field(tag)) {
                case 1 -> domain = lenDelim(tag) ? in.readString() : skip(tag, domain);
                case 2 -> {
                    if (varint(tag)) {
                        version = in.readInt64();
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new Object[] {domain, version};
    }

    private Onnx.Function function() throws IOException {
        String name = "";
        String domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<String> attrs = new ArrayList<>();
        List<Onnx.Node> nodes = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (!lenDelim(tag)) {
                in.skipField(tag);
                continue;
            }
            switch (field(tag)) {
                case 1 -> name = in.readString();
                case 4 -> inputs.add(in.readString());
                case 5 -> outputs.add(in.readString());
                case 6 -> attrs.add(in.readString());
                case 7 -> {
                    int index = nodes.size();
                    nodes.add(nested(() -> node(index)));
                }
                case 10 -> domain = in.readString();
                case 11 -> {
                    Onnx.Attribute a = nested(this::attribute);
                    attrs.add(a.name());
                }
                default -> in.skipField(tag);
            }
        }
        return new Onnx.Function(name, domain, inputs, outputs, attrs, nodes);
    }

    private Onnx.Graph graph() throws IOException {
        if (++graphDepth > MAX_GRAPH_DEPTH) {
            throw new OnnxFormatException("not a valid ONNX model: graphs nested more than " + MAX_GRAPH_DEPTH
                    + " deep");
        }
        String name = "";
        List<Onnx.Node> nodes = new ArrayList<>();
        List<Onnx.Tensor> inits = new ArrayList<>();
        List<Onnx.Sparse> sparse = new ArrayList<>();
        List<Onnx.ValueInfo> inputs = new ArrayList<>();
        List<Onnx.ValueInfo> outputs = new ArrayList<>();
        List<Onnx.ValueInfo> valueInfo = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (!lenDelim(tag)) {
                in.skipField(tag);
                continue;
            }
            switch (field(tag)) {
                case 1 -> {
                    int index = nodes.size();
                    nodes.add(nested(() -> node(index)));
                }
                case 2 -> name = in.readString();
                case 5 -> inits.add(nested(this::tensor));
                case 15 -> sparse.add(nested(this::sparse));
                case 11 -> inputs.add(nested(this::valueInfo));
                case 12 -> outputs.add(nested(this::valueInfo));
                case 13 -> valueInfo.add(nested(this::valueInfo));
                default -> in.skipField(tag);
            }
        }
        graphDepth--;
        return new Onnx.Graph(name, nodes, inits, sparse, inputs, outputs, valueInfo);
    }

    private Onnx.Node node(int index) throws IOException {
        String name = "";
        String opType = "";
        String domain = "";
        List<String> inputs = new ArrayList<>(4);
        List<String> outputs = new ArrayList<>(2);
        Map<String, Onnx.Attribute> attrs = new LinkedHashMap<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (!lenDelim(tag)) {
                in.skipField(tag);
                continue;
            }
            switch (field(tag)) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> opType = in.readString();
                case 5 -> {
                    Onnx.Attribute a = nested(this::attribute);
                    attrs.put(a.name(), a);
                }
                case 7 -> domain = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new Onnx.Node(index, name, opType, domain.equals("ai.onnx") ? "" : domain, inputs, outputs, attrs);
    }

    private Onnx.Attribute attribute() throws IOException {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = null;
        Onnx.Tensor t = null;
        Onnx.Graph g = null;
        Onnx.Sparse sp = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        List<String> strings = new ArrayList<>(0);
        List<Onnx.Tensor> tensors = new ArrayList<>(0);
        List<Onnx.Graph> graphs = new ArrayList<>(0);
        int seen = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int fn = field(tag);
            int wt = WireFormat.getTagWireType(tag);
            switch (fn) {
                case 1 -> name = wt == WireFormat.WIRETYPE_LENGTH_DELIMITED ? in.readString() : skip(tag, name);
                case 20 -> {
                    if (wt == WireFormat.WIRETYPE_VARINT) {
                        type = in.readInt32();
                    } else {
                        in.skipField(tag);
                    }
                }
                case 2 -> {
                    if (wt == WireFormat.WIRETYPE_FIXED32) {
                        f = in.readFloat();
                        seen = seen == 0 ? Onnx.Attribute.FLOAT : seen;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 3 -> {
                    if (wt == WireFormat.WIRETYPE_VARINT) {
                        i = in.readInt64();
                        seen = seen == 0 ? Onnx.Attribute.INT : seen;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 4 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        s = in.readString();
                        seen = Onnx.Attribute.STRING;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 5 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        t = nested(this::tensor);
                        seen = Onnx.Attribute.TENSOR;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 6 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        g = nested(this::graph);
                        seen = Onnx.Attribute.GRAPH;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 22 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        sp = nested(this::sparse);
                        seen = Onnx.Attribute.SPARSE_TENSOR;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 7 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int len = length();
                        int old = in.pushLimit(len);
                        while (!in.isAtEnd()) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(old);
                    } else if (wt == WireFormat.WIRETYPE_FIXED32) {
                        floats.add(in.readFloat());
                    } else {
                        in.skipField(tag);
                    }
                    seen = Onnx.Attribute.FLOATS;
                }
                case 8 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int len = length();
                        int old = in.pushLimit(len);
                        while (!in.isAtEnd()) {
                            ints.add(in.readInt64());
                        }
                        in.popLimit(old);
                    } else if (wt == WireFormat.WIRETYPE_VARINT) {
                        ints.add(in.readInt64());
                    } else {
                        in.skipField(tag);
                    }
                    seen = Onnx.Attribute.INTS;
                }
                case 9 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        strings.add(in.readString());
                        seen = Onnx.Attribute.STRINGS;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 10 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        tensors.add(nested(this::tensor));
                        seen = Onnx.Attribute.TENSORS;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 11 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        graphs.add(nested(this::graph));
                        seen = Onnx.Attribute.GRAPHS;
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        if (type == 0) {
            type = seen;
        }
        return new Onnx.Attribute(name, type, f, i, s, t, g, floats.toArray(), ints.toArray(), strings, tensors,
                graphs, sp);
    }

    private Onnx.Tensor tensor() throws IOException {
        LongList dims = new LongList();
        int dataType = 0;
        String name = "";
        boolean external = false;
        Map<String, String> ext = Map.of();
        Onnx.DataRef.Kind kind = null;
        IntList offsets = new IntList();
        IntList lengths = new IntList();
        boolean packed = true;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int fn = field(tag);
            int wt = WireFormat.getTagWireType(tag);
            switch (fn) {
                case 1 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int len = length();
                        int old = in.pushLimit(len);
                        while (!in.isAtEnd()) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(old);
                    } else if (wt == WireFormat.WIRETYPE_VARINT) {
                        dims.add(in.readInt64());
                    } else {
                        in.skipField(tag);
                    }
                }
                case 2 -> {
                    if (wt == WireFormat.WIRETYPE_VARINT) {
                        dataType = in.readInt32();
                    } else {
                        in.skipField(tag);
                    }
                }
                case 8 -> name = wt == WireFormat.WIRETYPE_LENGTH_DELIMITED ? in.readString() : skip(tag, name);
                case 9, 4, 5, 7, 10, 11, 6 -> {
                    Onnx.DataRef.Kind k = switch (fn) {
                        case 9 -> Onnx.DataRef.Kind.RAW;
                        case 4 -> Onnx.DataRef.Kind.FLOAT;
                        case 5 -> Onnx.DataRef.Kind.INT32;
                        case 7 -> Onnx.DataRef.Kind.INT64;
                        case 10 -> Onnx.DataRef.Kind.DOUBLE;
                        case 11 -> Onnx.DataRef.Kind.UINT64;
                        default -> Onnx.DataRef.Kind.STRING;
                    };
                    int elementWire = switch (k) {
                        case FLOAT -> WireFormat.WIRETYPE_FIXED32;
                        case DOUBLE -> WireFormat.WIRETYPE_FIXED64;
                        case INT32, INT64, UINT64 -> WireFormat.WIRETYPE_VARINT;
                        default -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
                    };
                    if (kind != null && kind != k) {
                        // data in two different fields: keep the first, as a reader must pick one
                        in.skipField(tag);
                        continue;
                    }
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int len = length();
                        int start = in.getTotalBytesRead();
                        in.skipRawBytes(len);
                        kind = k;
                        offsets.add(start);
                        lengths.add(len);
                    } else if (wt == elementWire) {
                        int start = in.getTotalBytesRead();
                        in.skipField(tag);
                        kind = k;
                        offsets.add(start);
                        lengths.add(in.getTotalBytesRead() - start);
                        packed = false;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 13 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        String[] kv = nested(this::stringEntry);
                        if (ext.isEmpty()) {
                            ext = new LinkedHashMap<>();
                        }
                        ext.put(kv[0], kv[1]);
                    } else {
                        in.skipField(tag);
                    }
                }
                case 14 -> {
                    if (wt == WireFormat.WIRETYPE_VARINT) {
                        external = in.readInt32() == 1;
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        Onnx.DataRef data = kind == null ? null
                : new Onnx.DataRef(kind, buf, offsets.toArray(), lengths.toArray(), packed || kind == Onnx.DataRef.Kind.RAW
                        || kind == Onnx.DataRef.Kind.STRING);
        return new Onnx.Tensor(name, dims.toArray(), dataType, data, external, ext);
    }

    private Onnx.Sparse sparse() throws IOException {
        Onnx.Tensor values = null;
        Onnx.Tensor indices = null;
        LongList dims = new LongList();
        int tag;
        while ((tag = in.readTag()) != 0) {
            int wt = WireFormat.getTagWireType(tag);
            switch (field(tag)) {
                case 1 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        values = nested(this::tensor);
                    } else {
                        in.skipField(tag);
                    }
                }
                case 2 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        indices = nested(this::tensor);
                    } else {
                        in.skipField(tag);
                    }
                }
                case 3 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int len = length();
                        int old = in.pushLimit(len);
                        while (!in.isAtEnd()) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(old);
                    } else if (wt == WireFormat.WIRETYPE_VARINT) {
                        dims.add(in.readInt64());
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new Onnx.Sparse(values, indices, dims.toArray());
    }

    private String[] stringEntry() throws IOException {
        String k = "";
        String v = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (field(tag)) {
                case 1 -> k = lenDelim(tag) ? in.readString() : skip(tag, k);
                case 2 -> v = lenDelim(tag) ? in.readString() : skip(tag, v);
                default -> in.skipField(tag);
            }
        }
        return new String[] {k, v};
    }

    private Onnx.ValueInfo valueInfo() throws IOException {
        String name = "";
        Onnx.Type type = Onnx.Type.UNKNOWN;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (field(tag)) {
                case 1 -> name = lenDelim(tag) ? in.readString() : skip(tag, name);
                case 2 -> {
                    if (lenDelim(tag)) {
                        type = nested(() -> type(0));
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new Onnx.ValueInfo(name, type);
    }

    /** TypeProto; sequences and optionals keep their element's tensor type when it has one. */
    private Onnx.Type type(int depth) throws IOException {
        Onnx.Type t = Onnx.Type.UNKNOWN;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int fn = field(tag);
            if (!lenDelim(tag) || depth > 16) {
                in.skipField(tag);
                continue;
            }
            switch (fn) {
                case 1 -> t = nested(() -> tensorType("tensor"));
                case 8 -> t = nested(() -> tensorType("sparse_tensor"));
                case 4, 9 -> {
                    String kind = fn == 4 ? "sequence" : "optional";
                    Onnx.Type elem = nested(() -> elementOf(depth + 1));
                    t = new Onnx.Type(kind, elem.elemType(), fn == 9 ? elem.dims() : null);
                }
                case 5 -> {
                    in.skipField(tag);
                    t = new Onnx.Type("map", 0, null);
                }
                default -> in.skipField(tag);
            }
        }
        return t;
    }

    private Onnx.Type elementOf(int depth) throws IOException {
        Onnx.Type t = Onnx.Type.UNKNOWN;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (field(tag) == 1 && lenDelim(tag)) {
                t = nested(() -> type(depth));
            } else {
                in.skipField(tag);
            }
        }
        return t;
    }

    private Onnx.Type tensorType(String kind) throws IOException {
        int elem = 0;
        List<Onnx.Dim> dims = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (field(tag)) {
                case 1 -> {
                    if (varint(tag)) {
                        elem = in.readInt32();
                    } else {
                        in.skipField(tag);
                    }
                }
                case 2 -> {
                    if (lenDelim(tag)) {
                        dims = nested(this::shape);
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new Onnx.Type(kind, elem, dims);
    }

    private List<Onnx.Dim> shape() throws IOException {
        List<Onnx.Dim> dims = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (field(tag) == 1 && lenDelim(tag)) {
                dims.add(nested(this::dim));
            } else {
                in.skipField(tag);
            }
        }
        return dims;
    }

    private Onnx.Dim dim() throws IOException {
        long value = -1;
        String param = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (field(tag)) {
                case 1 -> {
                    if (varint(tag)) {
                        value = in.readInt64();
                        param = null;
                    } else {
                        in.skipField(tag);
                    }
                }
                case 2 -> {
                    if (lenDelim(tag)) {
                        param = in.readString();
                        value = -1;
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new Onnx.Dim(value < 0 ? -1 : value, param == null || param.isEmpty() ? null : param);
    }

    // ---- wire helpers -----------------------------------------------------------------------

    private interface Body<T> {
        T read() throws IOException;
    }

    /** Reads a length-delimited embedded message with {@code body}, inside a limit. */
    private <T> T nested(Body<T> body) throws IOException {
        int len = length();
        int old = in.pushLimit(len);
        T t = body.read();
        in.checkLastTagWas(0);
        in.popLimit(old);
        return t;
    }

    private int length() throws IOException {
        int len = in.readRawVarint32();
        if (len < 0) {
            throw new InvalidProtocolBufferException("negative size");
        }
        return len;
    }

    private static int field(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    private static boolean lenDelim(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static boolean varint(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT;
    }

    private <T> T skip(int tag, T keep) throws IOException {
        in.skipField(tag);
        return keep;
    }

    static final class LongList {
        long[] a = new long[4];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class IntList {
        int[] a = new int[2];
        int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class FloatList {
        float[] a = new float[4];
        int n;

        void add(float v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
