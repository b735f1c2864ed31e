package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.Address;

/**
 * Port to the journal: every input of a {@link ControlPlane} is appended here before it is applied, and so is
 * the configuration (with the random seed) when the control plane starts. Called on the control-plane thread;
 * buffers are only read during the call. Implementations: {@link #NULL} (no journal) and the Chronicle Queue
 * journal in {@code org.ipop.overlay.journal}.
 */
public interface InputJournal extends AutoCloseable
{
    /** A journal that records nothing (simulator benchmarks, replays). */
    InputJournal NULL = new InputJournal()
    {
    };

    /**
     * @param config the settings, seed included.
     */
    default void start(final NodeConfig config)
    {
    }

    /**
     * @param timeNs  receive time.
     * @param srcIp   source IPv4 address.
     * @param srcPort source port.
     * @param buffer  frame.
     * @param offset  frame offset.
     * @param length  frame length.
     */
    default void frame(final long timeNs, final int srcIp, final int srcPort, final DirectBuffer buffer,
        final int offset, final int length)
    {
    }

    /**
     * @param timeNs tick time.
     */
    default void timer(final long timeNs)
    {
    }

    /**
     * @param timeNs      command time.
     * @param destination destination the data plane counted traffic for.
     * @param packets     packets counted since the last sample.
     */
    default void traffic(final long timeNs, final Address destination, final long packets)
    {
    }

    /**
     * @param timeNs      command time.
     * @param mode        routing mode.
     * @param destination destination.
     * @param param       mode parameter.
     */
    default void probe(final long timeNs, final int mode, final Address destination, final int param)
    {
    }

    /**
     * @param timeNs command time.
     */
    default void leave(final long timeNs)
    {
    }

    /**
     * @param timeNs      time of the attachment.
     * @param payloadType the extension's payload type.
     * @param config      its encoded configuration.
     * @param offset      configuration offset.
     * @param length      configuration length.
     */
    default void attach(final long timeNs, final int payloadType, final DirectBuffer config, final int offset,
        final int length)
    {
    }

    /**
     * @param timeNs      command time.
     * @param payloadType the extension the command is for.
     * @param buffer      command bytes.
     * @param offset      command offset.
     * @param length      command length.
     */
    default void command(final long timeNs, final int payloadType, final DirectBuffer buffer, final int offset,
        final int length)
    {
    }

    /**
     * Records the state digest at a checkpoint (an output kept for replay to compare; it changes no state).
     *
     * @param timeNs time of the checkpoint.
     * @param digest the digest.
     */
    default void checkpoint(final long timeNs, final byte[] digest)
    {
    }

    @Override
    default void close()
    {
    }
}
