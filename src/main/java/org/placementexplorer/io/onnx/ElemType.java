package org.placementexplorer.io.onnx;

import org.placementexplorer.model.DType;

/** ONNX element type numbers (TensorProto.DataType): names, sizes, and our {@link DType}. */
final class ElemType {
    static final int UNDEFINED = 0;
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int UINT16 = 4;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int STRING = 8;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int UINT32 = 12;
    static final int UINT64 = 13;
    static final int COMPLEX64 = 14;
    static final int COMPLEX128 = 15;
    static final int BFLOAT16 = 16;
    static final int FLOAT8E4M3FN = 17;
    static final int FLOAT8E4M3FNUZ = 18;
    static final int FLOAT8E5M2 = 19;
    static final int FLOAT8E5M2FNUZ = 20;
    static final int UINT4 = 21;
    static final int INT4 = 22;
    static final int FLOAT4E2M1 = 23;
    static final int FLOAT8E8M0 = 24;
    static final int UINT2 = 25;
    static final int INT2 = 26;

    private ElemType() {
    }

    /** Bytes per element; sub-byte types are fractions; unknown types count 4 (a guess, documented). */
    static double bytes(int t) {
        return switch (t) {
            case FLOAT, INT32, UINT32 -> 4;
            case UINT8, INT8, BOOL, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0 -> 1;
            case UINT16, INT16, FLOAT16, BFLOAT16 -> 2;
            case INT64, UINT64, DOUBLE, COMPLEX64, STRING -> 8;
            case COMPLEX128 -> 16;
            case UINT4, INT4, FLOAT4E2M1 -> 0.5;
            case UINT2, INT2 -> 0.25;
            default -> 4;
        };
    }

    static boolean known(int t) {
        return t >= FLOAT && t <= INT2;
    }

    static DType dtype(int t) {
        return switch (t) {
            case FLOAT -> DType.FLOAT32;
            case UINT8 -> DType.UINT8;
            case INT8 -> DType.INT8;
            case UINT16 -> DType.UINT16;
            case INT16 -> DType.INT16;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            case STRING -> DType.STRING;
            case BOOL -> DType.BOOL;
            case FLOAT16 -> DType.FLOAT16;
            case DOUBLE -> DType.FLOAT64;
            case UINT32 -> DType.UINT32;
            case UINT64 -> DType.UINT64;
            case COMPLEX64 -> DType.COMPLEX64;
            case COMPLEX128 -> DType.COMPLEX128;
            case BFLOAT16 -> DType.BFLOAT16;
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0 -> DType.FLOAT8;
            case UINT4 -> DType.UINT4;
            case INT4 -> DType.INT4;
            default -> DType.UNKNOWN;
        };
    }

    /** Whether values of this type are whole numbers (integers and booleans). */
    static boolean integral(int t) {
        return switch (t) {
            case UINT8, INT8, UINT16, INT16, INT32, INT64, BOOL, UINT32, UINT64, UINT4, INT4, UINT2, INT2 -> true;
            default -> false;
        };
    }

    static boolean floating(int t) {
        return switch (t) {
            case FLOAT, FLOAT16, DOUBLE, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ,
                    FLOAT8E8M0, FLOAT4E2M1 -> true;
            default -> false;
        };
    }
}
