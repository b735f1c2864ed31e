package org.ipop.tap;

/** {@link DescriptorCalls} through the JNI bridge. */
enum JniDescriptorCalls implements DescriptorCalls
{
    INSTANCE;

    @Override
    public int waitReadable(final int fdA, final int fdB, final int fdC, final long timeoutNs)
    {
        return JniNatives.waitReadable(fdA, fdB, fdC, timeoutNs);
    }

    @Override
    public int close(final int fd)
    {
        return JniNatives.close(fd);
    }

    @Override
    public int doorbellRing(final int fd)
    {
        return JniNatives.doorbellRing(fd);
    }

    @Override
    public int doorbellDrain(final int fd)
    {
        return JniNatives.doorbellDrain(fd);
    }
}
