package org.placementexplorer.io.onnx;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model that the importer uses, as read from the protobuf by {@link OnnxReader}.
 * Plain holders: no behaviour beyond small helpers. Field meanings follow the ONNX IR specification.
 */
final class Onnx {
    private Onnx() {
    }

    /** ModelProto. */
    record Model(long irVersion, String producer, Map<String, Long> opsets, Graph graph, List<Function> functions) {
        /** The opset version of a domain ("" and "ai.onnx" are the same); 0 when not imported. */
        long opset(String domain) {
            String d = domain == null || domain.equals("ai.onnx") ? "" : domain;
            Long v = opsets.get(d);
            return v == null ? 0 : v;
        }
    }

    /** FunctionProto (model-local function): a named body called by nodes of its domain and name. */
    record Function(String name, String domain, List<String> inputs, List<String> outputs, List<String> attributes,
            List<Node> nodes) {
    }

    /** GraphProto. */
    record Graph(String name, List<Node> nodes, List<Tensor> initializers, List<Sparse> sparseInitializers,
            List<ValueInfo> inputs, List<ValueInfo> outputs, List<ValueInfo> valueInfo) {
    }

    /**
     * SparseTensorProto: the stored values and their indices; {@code dims} is the dense shape.
     */
    record Sparse(Tensor values, Tensor indices, long[] dims) {
        String name() {
            return values == null ? "" : values.name();
        }
    }

    /**
     * NodeProto.
     *
     * @param index position in its graph's node list (generated ids use it)
     */
    record Node(int index, String name, String opType, String domain, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes) {
        /** The i-th input name, or "" when absent (optional inputs may be left out or given as ""). */
        String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }

        boolean hasInput(int i) {
            return !input(i).isEmpty();
        }

        Attribute attr(String name) {
            return attributes.get(name);
        }

        long intAttr(String name, long dflt) {
            Attribute a = attributes.get(name);
            return a == null ? dflt : a.i();
        }

        float floatAttr(String name, float dflt) {
            Attribute a = attributes.get(name);
            return a == null ? dflt : a.f();
        }

        String stringAttr(String name, String dflt) {
            Attribute a = attributes.get(name);
            return a == null || a.s() == null ? dflt : a.s();
        }

        /** An INTS attribute, or null when absent. */
        long[] intsAttr(String name) {
            Attribute a = attributes.get(name);
            return a == null ? null : a.ints();
        }

        boolean isDefaultDomain() {
            return domain.isEmpty() || domain.equals("ai.onnx");
        }
    }

    /** AttributeProto; only the fields of its type are set (others are empty or zero). */
    record Attribute(String name, int type, float f, long i, String s, Tensor t, Graph g, float[] floats, long[] ints,
            List<String> strings, List<Tensor> tensors, List<Graph> graphs, Sparse sparse) {
        static final int FLOAT = 1;
        static final int INT = 2;
        static final int STRING = 3;
        static final int TENSOR = 4;
        static final int GRAPH = 5;
        static final int FLOATS = 6;
        static final int INTS = 7;
        static final int STRINGS = 8;
        static final int TENSORS = 9;
        static final int GRAPHS = 10;
        static final int SPARSE_TENSOR = 11;
    }

    /**
     * TensorProto (initializers and constant values). The element data is not copied out of the file:
     * {@link #data} locates it, and values are decoded only for small tensors that shape inference
     * needs.
     *
     * @param dims        dimensions (empty for a scalar)
     * @param dataType    ONNX element type number
     * @param data        where the elements are stored in the file buffer, or null when none are stored
     * @param external    whether data_location is EXTERNAL
     * @param externalData the external_data entries (location, offset, length, checksum)
     */
    record Tensor(String name, long[] dims, int dataType, DataRef data, boolean external,
            Map<String, String> externalData) {
        /** Element count from the dimensions; -1 when a dimension is negative or the product overflows. */
        long elementCount() {
            return product(dims);
        }
    }

    /**
     * Where a tensor's elements lie in the model buffer.
     *
     * @param kind    RAW (little-endian raw_data), or the typed repeated field: FLOAT, INT32, INT64, DOUBLE,
     *                UINT64, STRING
     * @param packed  for typed fields: whether stored packed (one length-delimited run)
     * @param offsets start offset of each run in {@code buffer}; lengths in {@code lengths}
     */
    record DataRef(Kind kind, byte[] buffer, int[] offsets, int[] lengths, boolean packed) {
        enum Kind { RAW, FLOAT, INT32, INT64, DOUBLE, UINT64, STRING }

        int totalLength() {
            int s = 0;
            for (int l : lengths) {
                s += l;
            }
            return s;
        }
    }

    /** ValueInfoProto: a named, typed value (graph inputs, outputs, value_info). */
    record ValueInfo(String name, Type type) {
    }

    /**
     * A tensor type (TypeProto.Tensor); other kinds (sequence, map, optional) are kept as their kind
     * with no shape.
     *
     * @param kind     "tensor", "sequence", "map", "optional", "sparse_tensor", or "" when absent
     * @param elemType ONNX element type number (0 when unknown)
     * @param dims     dimensions, or null for an unknown rank
     */
    record Type(String kind, int elemType, List<Dim> dims) {
        static final Type UNKNOWN = new Type("", 0, null);
    }

    /**
     * One dimension: a number, a symbol (dim_param), or neither (unknown).
     *
     * @param value the size, or -1 when not a number
     * @param param the symbol, or null
     */
    record Dim(long value, String param) {
        boolean known() {
            return value >= 0;
        }
    }

    /** Product of dims; -1 when one is negative or the product overflows. */
    static long product(long[] dims) {
        long p = 1;
        for (long d : dims) {
            if (d < 0) {
                return -1;
            }
            try {
                p = Math.multiplyExact(p, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return p;
    }
}
