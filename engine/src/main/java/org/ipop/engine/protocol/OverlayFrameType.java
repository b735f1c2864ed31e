package org.ipop.engine.protocol;

/** Values of the type nibble of {@link OverlayFrameFlyweight}. Any other value is unknown and dropped. */
public final class OverlayFrameType
{
    /** Carries an Ethernet frame for the destination node's TAP. */
    public static final int DATA = 1;

    /** Carries an overlay control message, handed to the control plane of the receiving node. */
    public static final int CONTROL = 2;

    /**
     * Carries a session handshake message (Noise), the only type sent in clear; hop by hop (TTL 1, destination
     * all zeros), handed to the control plane of the receiving node (rate limited).
     */
    public static final int HANDSHAKE = 3;

    private OverlayFrameType()
    {
    }
}
