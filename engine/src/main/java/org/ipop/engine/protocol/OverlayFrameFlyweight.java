package org.ipop.engine.protocol;

import org.agrona.DirectBuffer;

/**
 * Flyweight over the header of an overlay frame, the UDP payload every node exchanges.
 * <p>
 * Multi-byte fields are in {@link Flyweight#WIRE_ORDER}, node addresses as {@link NodeAddress} writes them.
 * Version 1 layout, 56 bytes:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------+-------+---------------+---------------+---------------+
 *  |Version| Type  |     Flags     |      TTL      |   Hop Count   |
 *  +-------+-------+---------------+---------------+---------------+
 *  |                     Session (Key) Id                          |
 *  +---------------------------------------------------------------+
 *  |                     Nonce Counter                             |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Source Node Address                       |
 *  |                      (160 bits, 20 bytes)                    ...
 *  ...                                                             |
 *  +---------------------------------------------------------------+
 *  |                   Destination Node Address                    |
 *  |                      (160 bits, 20 bytes)                    ...
 *  ...                                                             |
 *  +---------------------------------------------------------------+
 *  |          Payload: an Ethernet frame (DATA) or an             ...
 *  ...        overlay control message (CONTROL)                    |
 *  +---------------------------------------------------------------+
 *  |      AEAD tag (16 bytes), present only when FLAG_AEAD is set  |
 *  +---------------------------------------------------------------+
 * </pre>
 * The version is the high nibble of byte 0, the type the low nibble. The payload length is the datagram
 * length minus {@link #HEADER_LENGTH} (and minus {@link #AEAD_TAG_LENGTH} with {@link #FLAG_AEAD}).
 * With {@link #FLAG_AEAD} the session id is the receiver's key slot and the nonce the sender's counter, the payload
 * is encrypted and the header authenticated but for TTL and hop count (which relays change); without it (HANDSHAKE
 * frames, plaintext mode) nobody checks them.
 * <p>
 * Not thread safe; one instance per agent, rewrapped per frame. The window is the header alone: the caller
 * checks that a received datagram holds {@link #HEADER_LENGTH} bytes before reading fields.
 */
public final class OverlayFrameFlyweight extends Flyweight
{
    /** The only version this engine reads and writes. */
    public static final int CURRENT_VERSION = 1;

    public static final int VERSION_TYPE_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int TTL_OFFSET = 2;
    public static final int HOP_COUNT_OFFSET = 3;
    public static final int SESSION_ID_OFFSET = 4;
    public static final int NONCE_OFFSET = 8;
    public static final int SRC_NODE_OFFSET = 16;
    public static final int DST_NODE_OFFSET = SRC_NODE_OFFSET + NodeAddress.LENGTH;
    public static final int HEADER_LENGTH = DST_NODE_OFFSET + NodeAddress.LENGTH;

    /** Length of the AEAD tag trailer when {@link #FLAG_AEAD} is set. */
    public static final int AEAD_TAG_LENGTH = 16;

    /**
     * Flag: the payload is encrypted and followed by an AEAD tag; the session id is the receiver's key slot and
     * the nonce the sender's counter (see {@code org.ipop.tap.SessionKeys}).
     */
    public static final int FLAG_AEAD = 0x80;

    public OverlayFrameFlyweight()
    {
        super(WIRE_ORDER);
    }

    /**
     * Wraps the header of a frame for reading, and for writing when the buffer is mutable.
     *
     * @return this.
     * @throws IndexOutOfBoundsException when the buffer does not hold {@link #HEADER_LENGTH} bytes from offset.
     */
    public OverlayFrameFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, HEADER_LENGTH);
        return this;
    }

    /** @return offset of the payload in the wrapped buffer. */
    public int payloadOffset()
    {
        return offset() + HEADER_LENGTH;
    }

    /** @return the version nibble (0..15). */
    public int version()
    {
        return uint8(VERSION_TYPE_OFFSET) >> 4;
    }

    /** @return the type nibble (0..15), see {@link OverlayFrameType}. */
    public int type()
    {
        return uint8(VERSION_TYPE_OFFSET) & 0xF;
    }

    /**
     * Sets version and type together.
     *
     * @return this.
     */
    public OverlayFrameFlyweight versionAndType(final int version, final int type)
    {
        putUint8(VERSION_TYPE_OFFSET, ((version & 0xF) << 4) | (type & 0xF));
        return this;
    }

    public int flags()
    {
        return uint8(FLAGS_OFFSET);
    }

    public OverlayFrameFlyweight flags(final int flags)
    {
        putUint8(FLAGS_OFFSET, flags);
        return this;
    }

    /** @return remaining hops allowed, 0..255. */
    public int ttl()
    {
        return uint8(TTL_OFFSET);
    }

    public OverlayFrameFlyweight ttl(final int ttl)
    {
        putUint8(TTL_OFFSET, ttl);
        return this;
    }

    /** @return hops taken so far, 0..255. */
    public int hopCount()
    {
        return uint8(HOP_COUNT_OFFSET);
    }

    public OverlayFrameFlyweight hopCount(final int hopCount)
    {
        putUint8(HOP_COUNT_OFFSET, hopCount);
        return this;
    }

    public int sessionId()
    {
        return int32(SESSION_ID_OFFSET);
    }

    public OverlayFrameFlyweight sessionId(final int sessionId)
    {
        putInt32(SESSION_ID_OFFSET, sessionId);
        return this;
    }

    public long nonce()
    {
        return int64(NONCE_OFFSET);
    }

    public OverlayFrameFlyweight nonce(final long nonce)
    {
        putInt64(NONCE_OFFSET, nonce);
        return this;
    }

    /** @return offset of the source node address in the wrapped buffer. */
    public int srcNodeOffset()
    {
        return offset() + SRC_NODE_OFFSET;
    }

    /** @return offset of the destination node address in the wrapped buffer. */
    public int dstNodeOffset()
    {
        return offset() + DST_NODE_OFFSET;
    }

    /**
     * Copies a 20-byte source node address in.
     *
     * @return this.
     */
    public OverlayFrameFlyweight srcNode(final DirectBuffer src, final int srcOffset)
    {
        mutableBuffer().putBytes(srcNodeOffset(), src, srcOffset, NodeAddress.LENGTH);
        return this;
    }

    /**
     * Copies a 20-byte destination node address in.
     *
     * @return this.
     */
    public OverlayFrameFlyweight dstNode(final DirectBuffer src, final int srcOffset)
    {
        mutableBuffer().putBytes(dstNodeOffset(), src, srcOffset, NodeAddress.LENGTH);
        return this;
    }

    /**
     * Writes a node address held as three words (see {@link NodeAddress}) as the source.
     *
     * @return this.
     */
    public OverlayFrameFlyweight srcNode(final long word0, final long word1, final int word2)
    {
        NodeAddress.put(mutableBuffer(), srcNodeOffset(), word0, word1, word2);
        return this;
    }

    /**
     * Writes a node address held as three words (see {@link NodeAddress}) as the destination.
     *
     * @return this.
     */
    public OverlayFrameFlyweight dstNode(final long word0, final long word1, final int word2)
    {
        NodeAddress.put(mutableBuffer(), dstNodeOffset(), word0, word1, word2);
        return this;
    }
}
