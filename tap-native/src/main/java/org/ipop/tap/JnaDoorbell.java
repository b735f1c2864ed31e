package org.ipop.tap;

/** A {@link Doorbell} whose calls go through the JNA bridge. */
final class JnaDoorbell extends Doorbell
{
    JnaDoorbell(final int fd)
    {
        super(fd);
    }

    @Override
    int ring(final int fd)
    {
        return JnaNatives.ipop_doorbell_ring(fd);
    }

    @Override
    int drain(final int fd)
    {
        return JnaNatives.ipop_doorbell_drain(fd);
    }

    @Override
    int waitReadable(final int fdA, final int fdB, final int fdC, final long timeoutNs)
    {
        return JnaNatives.ipop_wait_readable(fdA, fdB, fdC, timeoutNs);
    }

    @Override
    int closeNative(final int fd)
    {
        return JnaNatives.ipop_close(fd);
    }
}
