package org.ipop.overlay.wire;

import org.agrona.DirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * Base of the control-frame flyweights that end in lists of transport and neighbour entries
 * ({@link NeighbourEntries}): the link request and reply, edge messages and connect-to messages. Fields are in
 * {@link Flyweight#WIRE_ORDER}; each subclass documents its layout and names where its counts and entries lie.
 * Not thread safe; wrap once per frame, reuse.
 */
public abstract class ControlFrameFlyweight extends Flyweight
{
    /** Count offset of a frame that carries no transport entries. */
    protected static final int NO_TRANSPORTS = -1;

    private final int transportCountOffset;
    private final int neighbourCountOffset;
    private final int entriesOffset;

    /**
     * @param transportCountOffset offset of the one-byte transport count, or {@link #NO_TRANSPORTS}.
     * @param neighbourCountOffset offset of the one-byte neighbour count.
     * @param entriesOffset        offset of the first entry: transports first, then neighbours.
     */
    protected ControlFrameFlyweight(
        final int transportCountOffset, final int neighbourCountOffset, final int entriesOffset)
    {
        super(WIRE_ORDER);
        this.transportCountOffset = transportCountOffset;
        this.neighbourCountOffset = neighbourCountOffset;
        this.entriesOffset = entriesOffset;
    }

    /**
     * Wraps a received frame whose fixed fields end at the entries and checks that it is complete.
     *
     * @return true if the frame holds its fixed fields and every entry its counts declare, within limits.
     */
    protected final boolean wrapWithEntries(final DirectBuffer buffer, final int offset, final int length)
    {
        wrapBuffer(buffer, offset, length);
        return entriesComplete();
    }

    /** @return true if the wrapped frame holds its fixed fields and every entry its counts declare, within limits. */
    protected final boolean entriesComplete()
    {
        return length() >= entriesOffset &&
            NeighbourEntries.fit(length() - entriesOffset, transportCount(), neighbourCount());
    }

    /** @return number of transport entries. */
    public int transportCount()
    {
        return NO_TRANSPORTS == transportCountOffset ? 0 : uint8(transportCountOffset);
    }

    /** @return number of neighbour entries. */
    public int neighbourCount()
    {
        return uint8(neighbourCountOffset);
    }

    /**
     * @param i index below {@link #transportCount()}.
     * @return packed transport address.
     */
    public long transport(final int i)
    {
        return NeighbourEntries.transport(buffer(), offset() + entriesOffset + i * NeighbourEntries.TRANSPORT_LENGTH);
    }

    /**
     * @param i index below {@link #neighbourCount()}.
     * @return offset of the neighbour entry in the buffer.
     */
    public int neighbourOffset(final int i)
    {
        return offset() + entriesOffset + transportCount() * NeighbourEntries.TRANSPORT_LENGTH +
            i * NeighbourEntries.NEIGHBOUR_LENGTH;
    }
}
