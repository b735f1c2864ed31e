package org.ipop.overlay.control;

/**
 * SplitMix64: the control plane's only source of randomness. Its seed is journaled, so a replay draws the
 * same numbers in the same order. Not thread safe.
 */
public final class DeterministicRandom
{
    private long state;

    /**
     * @param seed the journaled seed.
     */
    public DeterministicRandom(final long seed)
    {
        this.state = seed;
    }

    /** @return the next 64 random bits. */
    public long nextLong()
    {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the next non-zero 64 random bits (zero means "no token" on the wire); may draw more than once. */
    public long nextToken()
    {
        long t;
        do
        {
            t = nextLong();
        }
        while (t == 0);
        return t;
    }

    /** @return a uniform double in [0, 1). */
    public double nextDouble()
    {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * @param bound exclusive upper bound, positive.
     * @return a uniform int in [0, bound).
     */
    public int nextInt(final int bound)
    {
        return (int)((nextLong() >>> 33) % bound);
    }

    /** @return the internal state (part of the state digest). */
    public long state()
    {
        return state;
    }
}
