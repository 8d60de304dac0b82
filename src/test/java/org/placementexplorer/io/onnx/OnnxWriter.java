package org.placementexplorer.io.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedOutputStream;

/**
 * Writes small ONNX models for tests, field by field in the protobuf wire format (the field numbers
 * of the ONNX IR specification). Only what the tests need: graphs with inputs, outputs, initializers
 * (inline or external), nodes with attributes (including subgraphs), value_info, opsets and
 * model-local functions.
 */
final class OnnxWriter {
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;

    long irVersion = 8;
    final Map<String, Long> opsets = new LinkedHashMap<>();
    Graph graph;
    final List<Function> functions = new ArrayList<>();

    OnnxWriter(long opset) {
        opsets.put("", opset);
    }

    static OnnxWriter model(long opset, Graph g) {
        OnnxWriter w = new OnnxWriter(opset);
        w.graph = g;
        return w;
    }

    OnnxWriter opset(String domain, long version) {
        opsets.put(domain, version);
        return this;
    }

    // ---- building blocks --------------------------------------------------------------------

    /** A dimension: a Long is a size, a String a symbol, null neither. */
    record ValueInfo(String name, int type, Object[] dims) {
    }

    record Tensor(String name, int type, long[] dims, byte[] raw, long[] int64s, float[] floats,
            Map<String, String> external) {
    }

    record Attr(String name, int type, float f, long i, String s, Tensor t, Graph g, long[] ints, float[] floats) {
    }

    static final class Node {
        final String opType;
        String name = "";
        String domain = "";
        final List<String> inputs = new ArrayList<>();
        final List<String> outputs = new ArrayList<>();
        final List<Attr> attrs = new ArrayList<>();

        Node(String opType) {
            this.opType = opType;
        }

        Node name(String n) {
            name = n;
            return this;
        }

        Node domain(String d) {
            domain = d;
            return this;
        }

        Node in(String... names) {
            inputs.addAll(List.of(names));
            return this;
        }

        Node out(String... names) {
            outputs.addAll(List.of(names));
            return this;
        }

        Node i(String a, long v) {
            attrs.add(new Attr(a, 2, 0, v, null, null, null, null, null));
            return this;
        }

        Node f(String a, float v) {
            attrs.add(new Attr(a, 1, v, 0, null, null, null, null, null));
            return this;
        }

        Node s(String a, String v) {
            attrs.add(new Attr(a, 3, 0, 0, v, null, null, null, null));
            return this;
        }

        Node ints(String a, long... v) {
            attrs.add(new Attr(a, 7, 0, 0, null, null, null, v, null));
            return this;
        }

        Node floats(String a, float... v) {
            attrs.add(new Attr(a, 6, 0, 0, null, null, null, null, v));
            return this;
        }

        Node t(String a, Tensor v) {
            attrs.add(new Attr(a, 4, 0, 0, null, v, null, null, null));
            return this;
        }

        Node g(String a, Graph v) {
            attrs.add(new Attr(a, 5, 0, 0, null, null, v, null, null));
            return this;
        }
    }

    static final class Graph {
        final String name;
        final List<Node> nodes = new ArrayList<>();
        final List<Tensor> initializers = new ArrayList<>();
        final List<ValueInfo> inputs = new ArrayList<>();
        final List<ValueInfo> outputs = new ArrayList<>();
        final List<ValueInfo> valueInfo = new ArrayList<>();

        Graph(String name) {
            this.name = name;
        }

        /** An input; no dims means an unknown shape (use {@link #scalarInput} for a scalar). */
        Graph input(String n, int type, Object... dims) {
            inputs.add(new ValueInfo(n, type, dims.length == 0 ? null : dims));
            return this;
        }

        Graph scalarInput(String n, int type) {
            inputs.add(new ValueInfo(n, type, new Object[0]));
            return this;
        }

        /** An input without any type (as subgraph inputs often are). */
        Graph untypedInput(String n) {
            inputs.add(new ValueInfo(n, 0, null));
            return this;
        }

        /** An output; no dims means an unknown shape. */
        Graph output(String n, int type, Object... dims) {
            outputs.add(new ValueInfo(n, type, dims.length == 0 ? null : dims));
            return this;
        }

        Graph untypedOutput(String n) {
            outputs.add(new ValueInfo(n, 0, null));
            return this;
        }

        Graph valueInfo(String n, int type, Object... dims) {
            valueInfo.add(new ValueInfo(n, type, dims.length == 0 ? null : dims));
            return this;
        }

        Graph init(Tensor t) {
            initializers.add(t);
            return this;
        }

        /** A float initializer of the given shape filled with zeros (raw data). */
        Graph weight(String n, long... dims) {
            return init(floats(n, dims));
        }

        Node node(String opType) {
            Node nd = new Node(opType);
            nodes.add(nd);
            return nd;
        }
    }

    record Function(String name, String domain, List<String> inputs, List<String> outputs, List<Node> nodes) {
    }

    static Graph graph(String name) {
        return new Graph(name);
    }

    static Tensor floats(String name, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return new Tensor(name, FLOAT, dims, new byte[(int) (4 * n)], null, null, null);
    }

    static Tensor int64s(String name, long[] dims, long... values) {
        return new Tensor(name, INT64, dims, null, values, null, null);
    }

    static Tensor int64Vector(String name, long... values) {
        return int64s(name, new long[] {values.length}, values);
    }

    static Tensor int64Scalar(String name, long value) {
        return int64s(name, new long[0], value);
    }

    static Tensor rawInt64(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return new Tensor(name, INT64, new long[] {values.length}, b.array(), null, null, null);
    }

    static Tensor floatValues(String name, long[] dims, float... values) {
        return new Tensor(name, FLOAT, dims, null, null, values, null);
    }

    static Tensor typed(String name, int type, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        int size = switch (type) {
            case UINT8, INT8, BOOL -> 1;
            case FLOAT16 -> 2;
            case INT64 -> 8;
            default -> 4;
        };
        return new Tensor(name, type, dims, new byte[(int) (size * n)], null, null, null);
    }

    static Tensor external(String name, int type, long[] dims, Map<String, String> entries) {
        return new Tensor(name, type, dims, null, null, null, entries);
    }

    // ---- serialisation ----------------------------------------------------------------------

    byte[] bytes() {
        return message(o -> {
            o.writeInt64(1, irVersion);
            o.writeString(2, "placement-explorer-tests");
            o.writeByteArray(7, graphBytes(graph));
            for (Map.Entry<String, Long> e : opsets.entrySet()) {
                o.writeByteArray(8, message(s -> {
                    s.writeString(1, e.getKey());
                    s.writeInt64(2, e.getValue());
                }));
            }
            for (Function f : functions) {
                o.writeByteArray(25, message(s -> {
                    s.writeString(1, f.name());
                    for (String i : f.inputs()) {
                        s.writeString(4, i);
                    }
                    for (String i : f.outputs()) {
                        s.writeString(5, i);
                    }
                    for (Node n : f.nodes()) {
                        s.writeByteArray(7, nodeBytes(n));
                    }
                    s.writeString(10, f.domain());
                    s.writeByteArray(9, message(x -> {
                        x.writeString(1, "");
                        x.writeInt64(2, opsets.get(""));
                    }));
                }));
            }
        });
    }

    Path write(Path file) {
        try {
            Files.write(file, bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] graphBytes(Graph g) {
        return message(o -> {
            for (Node n : g.nodes) {
                o.writeByteArray(1, nodeBytes(n));
            }
            o.writeString(2, g.name);
            for (Tensor t : g.initializers) {
                o.writeByteArray(5, tensorBytes(t));
            }
            for (ValueInfo v : g.inputs) {
                o.writeByteArray(11, valueInfoBytes(v));
            }
            for (ValueInfo v : g.outputs) {
                o.writeByteArray(12, valueInfoBytes(v));
            }
            for (ValueInfo v : g.valueInfo) {
                o.writeByteArray(13, valueInfoBytes(v));
            }
        });
    }

    private static byte[] nodeBytes(Node n) {
        return message(o -> {
            for (String s : n.inputs) {
                o.writeString(1, s);
            }
            for (String s : n.outputs) {
                o.writeString(2, s);
            }
            if (!n.name.isEmpty()) {
                o.writeString(3, n.name);
            }
            o.writeString(4, n.opType);
            for (Attr a : n.attrs) {
                o.writeByteArray(5, attrBytes(a));
            }
            if (!n.domain.isEmpty()) {
                o.writeString(7, n.domain);
            }
        });
    }

    private static byte[] attrBytes(Attr a) {
        return message(o -> {
            o.writeString(1, a.name());
            o.writeInt32(20, a.type());
            switch (a.type()) {
                case 1 -> o.writeFloat(2, a.f());
                case 2 -> o.writeInt64(3, a.i());
                case 3 -> o.writeString(4, a.s());
                case 4 -> o.writeByteArray(5, tensorBytes(a.t()));
                case 5 -> o.writeByteArray(6, graphBytes(a.g()));
                case 6 -> o.writeByteArray(7, packedFloats(a.floats()));
                case 7 -> o.writeByteArray(8, packedLongs(a.ints()));
                default -> throw new IllegalArgumentException("attribute type " + a.type());
            }
        });
    }

    private static byte[] tensorBytes(Tensor t) {
        return message(o -> {
            if (t.dims().length > 0) {
                o.writeByteArray(1, packedLongs(t.dims()));
            }
            o.writeInt32(2, t.type());
            if (t.floats() != null) {
                o.writeByteArray(4, packedFloats(t.floats()));
            }
            if (t.int64s() != null) {
                o.writeByteArray(7, packedLongs(t.int64s()));
            }
            o.writeString(8, t.name());
            if (t.raw() != null) {
                o.writeByteArray(9, t.raw());
            }
            if (t.external() != null) {
                for (Map.Entry<String, String> e : t.external().entrySet()) {
                    o.writeByteArray(13, message(s -> {
                        s.writeString(1, e.getKey());
                        s.writeString(2, e.getValue());
                    }));
                }
                o.writeInt32(14, 1);
            }
        });
    }

    private static byte[] valueInfoBytes(ValueInfo v) {
        return message(o -> {
            o.writeString(1, v.name());
            if (v.type() == 0 && v.dims() == null) {
                return;
            }
            o.writeByteArray(2, message(tp -> tp.writeByteArray(1, message(tt -> {
                tt.writeInt32(1, v.type());
                if (v.dims() != null) {
                    tt.writeByteArray(2, message(sh -> {
                        for (Object d : v.dims()) {
                            sh.writeByteArray(1, message(dm -> {
                                if (d instanceof Number num) {
                                    dm.writeInt64(1, num.longValue());
                                } else if (d instanceof String sym) {
                                    dm.writeString(2, sym);
                                }
                            }));
                        }
                    }));
                }
            }))));
        });
    }

    private static byte[] packedLongs(long[] v) {
        return message(o -> {
            for (long x : v) {
                o.writeInt64NoTag(x);
            }
        });
    }

    private static byte[] packedFloats(float[] v) {
        return message(o -> {
            for (float x : v) {
                o.writeFloatNoTag(x);
            }
        });
    }

    private interface Body {
        void write(CodedOutputStream o) throws IOException;
    }

    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream o = CodedOutputStream.newInstance(bytes);
            body.write(o);
            o.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
