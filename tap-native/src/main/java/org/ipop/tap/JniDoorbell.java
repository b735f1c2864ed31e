package org.ipop.tap;

/** A {@link Doorbell} whose calls go through the JNI bridge. */
final class JniDoorbell extends Doorbell
{
    JniDoorbell(final int fd)
    {
        super(fd);
    }

    @Override
    int ring(final int fd)
    {
        return JniNatives.doorbellRing(fd);
    }

    @Override
    int drain(final int fd)
    {
        return JniNatives.doorbellDrain(fd);
    }

    @Override
    int waitReadable(final int fdA, final int fdB, final int fdC, final long timeoutNs)
    {
        return JniNatives.waitReadable(fdA, fdB, fdC, timeoutNs);
    }

    @Override
    int closeNative(final int fd)
    {
        return JniNatives.close(fd);
    }
}
