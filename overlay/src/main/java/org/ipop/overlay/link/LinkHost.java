package org.ipop.overlay.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;

/**
 * What the {@link Linker} needs from the node it works for. Called on the control-plane thread.
 */
public interface LinkHost
{
    /** @return the buffer outgoing frames are written into before {@link #send(long, int)}. */
    MutableDirectBuffer sendBuffer();

    /**
     * Sends the first {@code length} bytes of {@link #sendBuffer()}.
     *
     * @param transport packed transport address.
     * @param length    frame length.
     */
    void send(long transport, int length);

    /**
     * Writes the local node's nearest neighbours as neighbour entries.
     *
     * @param buffer  destination.
     * @param offset  where the first entry goes.
     * @param exclude a peer not to list (the one the frame goes to), or null.
     * @return number of entries written.
     */
    int writeNeighbours(MutableDirectBuffer buffer, int offset, Address exclude);

    /**
     * Writes the local node's transport addresses (local and learned public ones) as transport entries.
     *
     * @param buffer destination.
     * @param offset where the first entry goes.
     * @return number of entries written.
     */
    int writeTransports(MutableDirectBuffer buffer, int offset);

    /**
     * Neighbours reported by a peer during linking.
     *
     * @param buffer  frame.
     * @param offsets offsets of the entries.
     * @param count   number of entries.
     */
    void onNeighbours(DirectBuffer buffer, int[] offsets, int count);

    /**
     * A peer reported the transport address it saw our frame come from.
     *
     * @param observed packed transport address.
     * @param reporter the peer.
     */
    void onObservedAddress(long observed, Address reporter);

    /**
     * @param connection the connection a link completed (new or merged).
     * @param initiator  true if this node sent the request.
     */
    void onLinked(Connection connection, boolean initiator);

    /**
     * @param attempt the attempt that failed for good.
     * @param status  last status received, or -1 on timeout.
     */
    void onLinkFailed(LinkAttempt attempt, int status);

    /** @return a fresh non-zero token from the node's journaled random generator. */
    long nextToken();

    /** @return true while the local node is leaving the overlay. */
    boolean leaving();
}
