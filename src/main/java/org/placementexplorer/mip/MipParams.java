package org.placementexplorer.mip;

/**
 * How to solve a {@link MipModel}.
 *
 * @param timeLimitSeconds wall-clock limit for the backend (it returns its best point when it ends)
 * @param relax            solve the LP relaxation (integrality dropped)
 * @param threads          worker threads the backend may use
 * @param relativeGap      stop when (incumbent − bound) / |incumbent| is below this
 * @param hint             a starting point (one value per variable), or null
 */
public record MipParams(double timeLimitSeconds, boolean relax, int threads, double relativeGap, double[] hint) {

    public static MipParams of(double seconds) {
        return new MipParams(seconds, false, 1, 1e-7, null);
    }

    public MipParams withRelax(boolean r) {
        return new MipParams(timeLimitSeconds, r, threads, relativeGap, hint);
    }

    public MipParams withHint(double[] h) {
        return new MipParams(timeLimitSeconds, relax, threads, relativeGap, h);
    }

    public MipParams withThreads(int t) {
        return new MipParams(timeLimitSeconds, relax, Math.max(1, t), relativeGap, hint);
    }

    public MipParams withTimeLimit(double seconds) {
        return new MipParams(seconds, relax, threads, relativeGap, hint);
    }

    public MipParams withRelativeGap(double g) {
        return new MipParams(timeLimitSeconds, relax, threads, g, hint);
    }
}
