package org.ipop.tap;

/** {@link DescriptorCalls} through the JNA bridge. */
enum JnaDescriptorCalls implements DescriptorCalls
{
    INSTANCE;

    @Override
    public int waitReadable(final int fdA, final int fdB, final int fdC, final long timeoutNs)
    {
        return JnaNatives.ipop_wait_readable(fdA, fdB, fdC, timeoutNs);
    }

    @Override
    public int close(final int fd)
    {
        return JnaNatives.ipop_close(fd);
    }

    @Override
    public int doorbellRing(final int fd)
    {
        return JnaNatives.ipop_doorbell_ring(fd);
    }

    @Override
    public int doorbellDrain(final int fd)
    {
        return JnaNatives.ipop_doorbell_drain(fd);
    }
}
