package org.ipop.engine.control;

import org.agrona.DirectBuffer;

/**
 * Receives the engine's events on the control plane's thread, from {@link EngineEventPoller#poll}.
 * Implement it with a long-lived object; buffers are only valid during the call (copy what you keep).
 */
public interface EngineEventHandler
{
    /**
     * A CONTROL overlay frame arrived on the UDP socket.
     *
     * @param ipv4          sender's IPv4 address as {@code a.b.c.d} int (the NAT-mapped one, as seen here).
     * @param port          sender's UDP port.
     * @param receiveTimeNs the engine's nano clock when the datagram batch was received.
     * @param buffer        holding the whole overlay frame; read it with
     *                      {@link org.ipop.engine.protocol.OverlayFrameFlyweight}, the control message starts
     *                      at {@code offset + OverlayFrameFlyweight.HEADER_LENGTH}.
     * @param offset        of the overlay frame in the buffer.
     * @param length        of the overlay frame, header included.
     */
    void onControlFrame(int ipv4, int port, long receiveTimeNs, DirectBuffer buffer, int offset, int length);

    /**
     * A frame read from the TAP that the engine does not forward itself.
     *
     * @param reason     one of {@link PuntReason}.
     * @param readTimeNs the engine's nano clock when the TAP batch was read.
     * @param buffer     holding the Ethernet frame.
     * @param offset     of the first byte of the Ethernet header.
     * @param length     of the frame.
     */
    void onTapFrame(int reason, long readTimeNs, DirectBuffer buffer, int offset, int length);

    /**
     * A DATA frame for this node from a peer that the engine could not verify (see {@link PuntReason}); it was
     * not written to the TAP. The control plane decides: deliver it with
     * {@link EngineProxy#writeTapFrame} once the source is verified, or drop it.
     *
     * @param reason        one of {@link PuntReason}.
     * @param receiveTimeNs the engine's nano clock when the datagram batch was received.
     * @param buffer        holding the whole overlay frame (read the sender with
     *                      {@link org.ipop.engine.protocol.OverlayFrameFlyweight}; the Ethernet frame starts at
     *                      {@code offset + OverlayFrameFlyweight.HEADER_LENGTH}).
     * @param offset        of the overlay frame in the buffer.
     * @param length        of the overlay frame, header included.
     */
    void onPeerFrame(int reason, long receiveTimeNs, DirectBuffer buffer, int offset, int length);
}
