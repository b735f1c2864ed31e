package org.ipop.overlay.journal;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.Address;

/**
 * Receives the records of a journal in order from {@link JournalReader}. Buffers are valid only during a call.
 */
public interface JournalHandler
{
    /**
     * @param config encoded NodeConfig.
     * @param offset offset of the encoding.
     * @param length its length.
     */
    void onStart(DirectBuffer config, int offset, int length);

    /**
     * @param timeNs  receive time.
     * @param srcIp   source IPv4 address.
     * @param srcPort source port.
     * @param frame   frame bytes.
     * @param offset  frame offset.
     * @param length  frame length.
     */
    void onFrame(long timeNs, int srcIp, int srcPort, DirectBuffer frame, int offset, int length);

    /**
     * @param timeNs tick time.
     */
    void onTimer(long timeNs);

    /**
     * @param timeNs      command time.
     * @param destination destination.
     * @param packets     packets.
     */
    void onTraffic(long timeNs, Address destination, long packets);

    /**
     * @param timeNs      command time.
     * @param mode        routing mode.
     * @param destination destination.
     * @param param       mode parameter.
     */
    void onProbe(long timeNs, int mode, Address destination, int param);

    /**
     * @param timeNs command time.
     */
    void onLeave(long timeNs);

    /**
     * An extension (the DHT) was attached to the control plane.
     *
     * @param timeNs      time of the attachment.
     * @param payloadType the extension's payload type.
     * @param config      its configuration bytes.
     * @param offset      configuration offset.
     * @param length      configuration length.
     */
    default void onAttach(final long timeNs, final int payloadType, final DirectBuffer config, final int offset,
        final int length)
    {
    }

    /**
     * A command for an extension (e.g. a DHT operation requested locally).
     *
     * @param timeNs      command time.
     * @param payloadType the extension's payload type.
     * @param command     command bytes.
     * @param offset      command offset.
     * @param length      command length.
     */
    default void onCommand(final long timeNs, final int payloadType, final DirectBuffer command, final int offset,
        final int length)
    {
    }

    /**
     * @param timeNs time of the checkpoint.
     * @param digest recorded digest.
     */
    void onCheckpoint(long timeNs, byte[] digest);
}
