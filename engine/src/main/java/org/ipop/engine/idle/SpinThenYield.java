package org.ipop.engine.idle;

/**
 * The first phase of an idle spell, shared by the idle strategies here: {@code maxSpins} calls that only spin,
 * then {@code maxYields} that yield the core, because input often follows work within microseconds and a
 * wake-up costs more than that. Single thread; no allocation.
 */
final class SpinThenYield
{
    private final long maxSpins;
    private final long maxYields;
    private long spins;
    private long yields;

    SpinThenYield(final long maxSpins, final long maxYields)
    {
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
    }

    /** @return true when this call spun or yielded; false once both are used up: time to wait. */
    boolean idle()
    {
        if (spins < maxSpins)
        {
            spins++;
            Thread.onSpinWait();
            return true;
        }
        if (yields < maxYields)
        {
            yields++;
            Thread.yield();
            return true;
        }
        return false;
    }

    /** Starts a new idle spell. */
    void reset()
    {
        spins = 0;
        yields = 0;
    }
}
