package org.placementexplorer.cost;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Measured figures that override the analytic model where given: the time of an operator on a
 * device (seconds), and a link's bandwidth and latency. Immutable; build with {@link #builder()}.
 */
public final class MeasuredCosts {
    public static final MeasuredCosts NONE = builder().build();

    private final Map<String, Map<String, Double>> opTimes;
    private final Map<String, LinkFigures> links;

    /** Measured figures of one link. */
    public record LinkFigures(double bandwidth, double latency) {
    }

    private MeasuredCosts(Map<String, Map<String, Double>> opTimes, Map<String, LinkFigures> links) {
        Map<String, Map<String, Double>> copy = new HashMap<>();
        opTimes.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        this.opTimes = Map.copyOf(copy);
        this.links = Map.copyOf(links);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Measured time of operator {@code opId} on device {@code deviceId}, if any. */
    public Optional<Double> opTime(String opId, String deviceId) {
        Map<String, Double> m = opTimes.get(opId);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(deviceId));
    }

    public Optional<LinkFigures> link(String linkId) {
        return Optional.ofNullable(links.get(linkId));
    }

    public boolean isEmpty() {
        return opTimes.isEmpty() && links.isEmpty();
    }

    public int opTimeCount() {
        return opTimes.values().stream().mapToInt(Map::size).sum();
    }

    /** Builder. */
    public static final class Builder {
        private final Map<String, Map<String, Double>> opTimes = new HashMap<>();
        private final Map<String, LinkFigures> links = new HashMap<>();

        public Builder opTime(String opId, String deviceId, double seconds) {
            Objects.requireNonNull(opId);
            Objects.requireNonNull(deviceId);
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("invalid measured time " + seconds + " for " + opId);
            }
            opTimes.computeIfAbsent(opId, k -> new HashMap<>()).put(deviceId, seconds);
            return this;
        }

        public Builder link(String linkId, double bandwidth, double latency) {
            links.put(linkId, new LinkFigures(bandwidth, latency));
            return this;
        }

        /** Adds every figure of {@code other}; its values win on conflicts. */
        public Builder addAll(MeasuredCosts other) {
            other.opTimes.forEach((op, m) -> m.forEach((dev, t) -> opTime(op, dev, t)));
            links.putAll(other.links);
            return this;
        }

        public MeasuredCosts build() {
            return new MeasuredCosts(opTimes, links);
        }
    }
}
