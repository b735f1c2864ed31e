package org.ipop.overlay.control;

import org.ipop.overlay.address.Address;

/**
 * A connect-to request awaiting its reply.
 */
final class PendingCtm
{
    final long token;
    final int mode;
    final Address destination;
    final int types;
    int sends;
    long deadlineNs;

    PendingCtm(final long token, final int mode, final Address destination, final int types)
    {
        this.token = token;
        this.mode = mode;
        this.destination = destination;
        this.types = types;
    }
}
