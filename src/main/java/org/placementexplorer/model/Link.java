package org.placementexplorer.model;

import java.util.Objects;

/**
 * A full-duplex connection between two endpoints (devices or switches). Each direction has the
 * full bandwidth.
 *
 * @param bandwidth bytes per second in each direction
 * @param latency   seconds added once per transfer that crosses the link
 */
public record Link(String id, String a, String b, double bandwidth, double latency) {
    public Link {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
            throw new ModelException("link '" + id + "' connects '" + a + "' to itself");
        }
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new ModelException("link '" + id + "' has an invalid bandwidth (" + bandwidth + ")");
        }
        if (!(latency >= 0) || Double.isInfinite(latency)) {
            throw new ModelException("link '" + id + "' has an invalid latency (" + latency + ")");
        }
    }
}
