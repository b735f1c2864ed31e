package org.ipop.overlay.security;

/** Where {@link EdgeHandshakes} sends its messages: the caller wraps them in HANDSHAKE frames. */
@FunctionalInterface
public interface HandshakeSender
{
    /**
     * Sends one handshake message (called on the control-plane thread).
     *
     * @param transport packed {@link org.ipop.overlay.address.TransportAddress} of the peer.
     * @param message   the message, valid only during the call (copy it to keep it).
     * @param length    bytes of {@code message} to send, from index 0.
     */
    void sendHandshake(long transport, byte[] message, int length);
}
