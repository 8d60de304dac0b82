package org.placementexplorer.model;

import java.util.Locale;

/** Element type of a tensor, with its size and the precision class its arithmetic runs in. */
public enum DType {
    FLOAT32(4, Precision.FP32),
    FLOAT16(2, Precision.FP16),
    BFLOAT16(2, Precision.BF16),
    FLOAT64(8, Precision.FP64),
    FLOAT8(1, Precision.FP8),
    INT8(1, Precision.INT8),
    UINT8(1, Precision.INT8),
    INT4(0.5, Precision.INT8),
    UINT4(0.5, Precision.INT8),
    INT16(2, Precision.FP32),
    UINT16(2, Precision.FP32),
    INT32(4, Precision.FP32),
    UINT32(4, Precision.FP32),
    INT64(8, Precision.FP32),
    UINT64(8, Precision.FP32),
    BOOL(1, Precision.FP32),
    COMPLEX64(8, Precision.FP32),
    COMPLEX128(16, Precision.FP64),
    STRING(8, Precision.FP32),
    UNKNOWN(4, Precision.FP32);

    private final double bytes;
    private final Precision precision;

    DType(double bytes, Precision precision) {
        this.bytes = bytes;
        this.precision = precision;
    }

    /** Bytes per element (a string counts as one 8-byte reference; 4-bit types as half a byte). */
    public double bytes() {
        return bytes;
    }

    public Precision precision() {
        return precision;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower- or upper-case name; unknown names give {@link #UNKNOWN}. */
    public static DType parse(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
