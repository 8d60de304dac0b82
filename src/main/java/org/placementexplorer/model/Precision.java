package org.placementexplorer.model;

import java.util.List;
import java.util.Locale;

/**
 * Arithmetic precision class of an operator; devices state a peak rate per class. When a device
 * gives no rate for a class, {@link #fallbacks()} says which class's rate is used instead.
 */
public enum Precision {
    FP64, FP32, FP16, BF16, FP8, INT8;

    /** Classes to try, in order, when a device has no peak for this one; always ends in FP32. */
    public List<Precision> fallbacks() {
        return switch (this) {
            case FP64 -> List.of(FP64, FP32);
            case FP32 -> List.of(FP32);
            case FP16 -> List.of(FP16, FP32);
            case BF16 -> List.of(BF16, FP16, FP32);
            case FP8 -> List.of(FP8, FP16, FP32);
            case INT8 -> List.of(INT8, FP16, FP32);
        };
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
