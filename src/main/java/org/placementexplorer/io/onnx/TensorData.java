package org.placementexplorer.io.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.google.protobuf.CodedInputStream;

/**
 * Decodes the elements of small tensors (constants that shape arithmetic needs). Large tensors —
 * weights — are never decoded: only their descriptors (type and dimensions) matter for costs.
 */
final class TensorData {
    private TensorData() {
    }

    /**
     * The elements of a tensor stored in the model file, or null when they are not stored inline,
     * cannot be decoded, or do not match the dimensions.
     */
    static double[] decode(Onnx.Tensor t) {
        long n = t.elementCount();
        if (n < 0 || n > Value.MAX_VALUES || t.data() == null) {
            return null;
        }
        Onnx.DataRef d = t.data();
        try {
            if (d.kind() == Onnx.DataRef.Kind.RAW) {
                int len = d.lengths()[d.lengths().length - 1];
                int off = d.offsets()[d.offsets().length - 1];
                return decodeRaw(t.dataType(), d.buffer(), off, len, (int) n);
            }
            return decodeTyped(t.dataType(), d, (int) n);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Little-endian raw bytes to values; null when the length does not match {@code n} elements. */
    static double[] decodeRaw(int type, byte[] buf, int off, int len, int n) {
        double size = ElemType.bytes(type);
        if (size < 1 || (long) n * (long) size != len || type == ElemType.STRING) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, off, len).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case ElemType.FLOAT -> b.getFloat();
                case ElemType.DOUBLE -> b.getDouble();
                case ElemType.INT8 -> b.get();
                case ElemType.UINT8 -> b.get() & 0xFF;
                case ElemType.BOOL -> b.get() != 0 ? 1 : 0;
                case ElemType.INT16 -> b.getShort();
                case ElemType.UINT16 -> b.getShort() & 0xFFFF;
                case ElemType.FLOAT16 -> Float.float16ToFloat(b.getShort());
                case ElemType.BFLOAT16 -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
                case ElemType.INT32 -> b.getInt();
                case ElemType.UINT32 -> b.getInt() & 0xFFFFFFFFL;
                case ElemType.INT64 -> b.getLong();
                case ElemType.UINT64 -> unsigned(b.getLong());
                default -> throw new IllegalArgumentException("no numeric decoding");
            };
        }
        return v;
    }

    private static double[] decodeTyped(int type, Onnx.DataRef d, int n) throws IOException {
        if (d.kind() == Onnx.DataRef.Kind.STRING) {
            return null;
        }
        double[] v = new double[n];
        int k = 0;
        for (int r = 0; r < d.offsets().length; r++) {
            CodedInputStream in = CodedInputStream.newInstance(d.buffer(), d.offsets()[r], d.lengths()[r]);
            while (!in.isAtEnd()) {
                if (k == n) {
                    return null;
                }
                double x = switch (d.kind()) {
                    case FLOAT -> in.readFloat();
                    case DOUBLE -> in.readDouble();
                    case INT64 -> in.readInt64();
                    case UINT64 -> unsigned(in.readUInt64());
                    case INT32 -> in.readInt32();
                    default -> throw new IOException("no numeric decoding");
                };
                if (d.kind() == Onnx.DataRef.Kind.INT32) {
                    // int32_data also carries 16-bit floats and narrow integers as their bit patterns
                    int bits = (int) x;
                    x = switch (type) {
                        case ElemType.FLOAT16 -> Float.float16ToFloat((short) bits);
                        case ElemType.BFLOAT16 -> Float.intBitsToFloat((bits & 0xFFFF) << 16);
                        case ElemType.BOOL -> bits != 0 ? 1 : 0;
                        default -> x;
                    };
                }
                v[k++] = x;
                if (!d.packed()) {
                    break;
                }
            }
        }
        return k == n ? v : null;
    }

    private static double unsigned(long x) {
        return x >= 0 ? x : (double) (x >>> 1) * 2.0;
    }

    /**
     * Checks that inline raw data has the length the dimensions need. Returns null when it does, or
     * what is wrong.
     */
    static String checkLength(Onnx.Tensor t) {
        Onnx.DataRef d = t.data();
        long n = t.elementCount();
        if (d == null || n < 0 || t.external()) {
            return null;
        }
        double size = ElemType.bytes(t.dataType());
        long expected;
        long actual;
        switch (d.kind()) {
            case RAW -> {
                if (t.dataType() == ElemType.STRING || !ElemType.known(t.dataType())) {
                    return null;
                }
                expected = (long) Math.ceil(n * size);
                actual = d.lengths()[d.lengths().length - 1];
            }
            case FLOAT -> {
                expected = n * (t.dataType() == ElemType.COMPLEX64 ? 8 : 4);
                actual = d.totalLength();
            }
            case DOUBLE -> {
                expected = n * (t.dataType() == ElemType.COMPLEX128 ? 16 : 8);
                actual = d.totalLength();
            }
            default -> {
                return null;
            }
        }
        if (expected == actual) {
            return null;
        }
        return "holds " + actual + " bytes of data but its shape needs " + expected;
    }
}
