package org.ipop.overlay.security;

/** Outcomes of {@link EdgeHandshakes}, called on the control-plane thread. */
public interface HandshakeListener
{
    /**
     * Responder side: reserve a slot for a new session.
     *
     * @return the local index (the peer will address its frames to it), or -1 if none is free (the INIT is dropped).
     */
    int allocateIndex();

    /**
     * A session is established. The responder learns of it as soon as it sends its RESPONSE: it has not yet seen
     * proof that the initiator holds its static key (IX cannot give that before the first transport frame), so a
     * caller should keep an older session with the same peer until a frame arrives on the new one.
     *
     * @param transport  packed transport address of the peer.
     * @param localIndex this side's index (from {@link EdgeHandshakes#initiate} or {@link #allocateIndex()}).
     * @param peerIndex  the peer's index: frames to the peer carry it as session id.
     * @param peer       the peer's certificate, checked against the trust store.
     * @param sendKey    32-byte key to seal frames to the peer; the caller wipes it after use.
     * @param receiveKey 32-byte key to open frames from the peer; the caller wipes it after use.
     * @param initiator  whether this side initiated.
     */
    void onEstablished(long transport, int localIndex, int peerIndex, NodeCertificate peer, byte[] sendKey,
        byte[] receiveKey, boolean initiator);

    /**
     * An initiation failed for good (timed out, or the peer proved to hold a certificate this node refuses).
     *
     * @param transport  packed transport address of the peer.
     * @param localIndex the index given to {@link EdgeHandshakes#initiate}; the caller may reuse it.
     * @param reason     one line.
     */
    void onFailed(long transport, int localIndex, String reason);
}
