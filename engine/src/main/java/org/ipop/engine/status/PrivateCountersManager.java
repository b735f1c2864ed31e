package org.ipop.engine.status;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.charset.StandardCharsets;

/**
 * Makes a {@link CountersManager} in process memory (direct buffers released with the manager by the
 * garbage collector), for counters that live outside a counters file: a simulated node, a unit test, a
 * journal replay. Counters in it behave as in the file (same
 * {@link org.agrona.concurrent.status.AtomicCounter} writes, nothing allocated per increment) but no other
 * process can read them.
 */
public final class PrivateCountersManager
{
    private static final int ALIGNMENT = 64;

    private PrivateCountersManager()
    {
    }

    /**
     * @param maxCounters how many counters it must hold (at least one).
     * @return a new manager with room for exactly that many counters.
     */
    public static CountersManager newManager(final int maxCounters)
    {
        final int counters = Math.max(1, maxCounters);
        // direct, aligned memory: Agrona's atomic views refuse to promise alignment over a byte[]
        return new CountersManager(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(counters * CountersReader.METADATA_LENGTH, ALIGNMENT)),
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(counters * CountersReader.COUNTER_LENGTH, ALIGNMENT)),
            StandardCharsets.US_ASCII);
    }

    /**
     * @param descriptors the constants of one family.
     * @return a new manager holding exactly that family's counters, not yet allocated.
     */
    public static CountersManager forFamily(final CounterDescriptor[] descriptors)
    {
        return newManager(CounterDescriptor.countedIn(descriptors));
    }
}
