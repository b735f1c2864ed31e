package org.ipop.overlay.link;

/**
 * Request/reply timeout adapted to the measured round trip: mean + 6 standard deviations (Brunet 2010),
 * from exponentially weighted mean and variance, clamped to [min, max]. Feed only unambiguous samples
 * (replies to requests sent once).
 */
public final class RttEstimator
{
    private final long minTimeoutNs;
    private final long maxTimeoutNs;
    private double meanNs;
    private double varianceNs2;
    private long samples;

    /**
     * @param initialNs    timeout before any sample.
     * @param minTimeoutNs lower clamp.
     * @param maxTimeoutNs upper clamp.
     */
    public RttEstimator(final long initialNs, final long minTimeoutNs, final long maxTimeoutNs)
    {
        this.minTimeoutNs = minTimeoutNs;
        this.maxTimeoutNs = maxTimeoutNs;
        this.meanNs = initialNs / 2.0;
        this.varianceNs2 = (initialNs / 12.0) * (initialNs / 12.0);
    }

    /**
     * @param rttNs a measured round trip.
     */
    public void sample(final long rttNs)
    {
        if (rttNs < 0)
        {
            return;
        }
        if (samples == 0)
        {
            meanNs = rttNs;
            varianceNs2 = (rttNs / 2.0) * (rttNs / 2.0);
        }
        else
        {
            final double delta = rttNs - meanNs;
            meanNs += delta / 8.0;
            varianceNs2 += (delta * delta - varianceNs2) / 8.0;
        }
        samples++;
    }

    /** @return the current timeout. */
    public long timeoutNs()
    {
        final long t = (long)(meanNs + 6.0 * Math.sqrt(varianceNs2));
        return Math.max(minTimeoutNs, Math.min(maxTimeoutNs, t));
    }

    /** @return number of samples taken. */
    public long samples()
    {
        return samples;
    }

    /** @return the mean round trip. */
    public long meanNs()
    {
        return (long)meanNs;
    }
}
