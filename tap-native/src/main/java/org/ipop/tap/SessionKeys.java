package org.ipop.tap;

/**
 * A table of edge session keys held in native memory, and the sealing and opening of datagram batches with them
 * (AEAD, one pass per datagram). Slots are numbered {@code [0, capacity())}; a slot holds one session with one peer
 * node: the key for each direction, the peer's 20-byte node address, the index the peer gave the session (written
 * into the header of every frame sealed for it), the next send counter and the receive anti-replay window.
 * <p>
 * <b>Frames.</b> Only overlay frames are sealed or opened: a 56-byte overlay header (see the engine's
 * {@code OverlayFrameFlyweight}) followed by the payload. Sealing sets the header's AEAD flag (0x80 of byte 1),
 * writes the peer's index into the session id field (bytes 4..7, little-endian) and the next counter into the
 * nonce field (bytes 8..15, little-endian, first counter 1), encrypts the payload in place and writes the 16-byte
 * tag after it. The additional data is the header without its TTL and hop count bytes (bytes 0..1 and 4..55),
 * which relays change; the 12-byte IV is four zero bytes then the counter in little-endian order.
 * <p>
 * <b>Records</b> are {@link DatagramBatchDescriptor} records. On send a record with {@link #FLAG_SEAL} in its flags
 * carries the slot in its reserved field, and its length already includes the {@link #TAG_LENGTH} tag bytes at the
 * end. On receive, a record whose header has the AEAD flag and whose destination is all zeros (a hop-by-hop frame)
 * or the local node is opened: on success it gets {@link #FLAG_OPENED}, its length shrinks by the tag and its
 * reserved field holds the slot; on failure it gets {@link #FLAG_REJECTED} and its reserved field holds one of the
 * {@code REJECT_*} reasons. Other records (plain frames, frames sealed for another node) are left as they were.
 * Sealing a record clears its {@link #FLAG_SEAL} and reserved field (it is then a plain record, never sealed twice
 * when a partly sent batch is sent again); a record that cannot be sealed has {@link #FLAG_SEAL} replaced by
 * {@link #FLAG_REJECTED}. An opened record is shorter by the tag, so the records after it move up: the batch stays
 * packed as {@link DatagramBatchDescriptor#recordLength} walks it. A sealed frame that arrived truncated is
 * rejected as {@link #REJECT_MALFORMED}; one that fails its tag has its payload zeroed (it was decrypted in place).
 * <p>
 * <b>Threads.</b> {@link #sealBatch} (and a send through an endpoint the table is attached to) is called by one
 * thread, {@link #openBatch} (and a receive) by one other thread, {@link #install} and {@link #remove} by one
 * further thread. A removed slot stops being used at once but keeps its key contexts until it is reinstalled,
 * which the table refuses for {@link #QUARANTINE_NS} after the removal, so a batch in flight on another thread
 * never reads freed memory. Keys are wiped when a slot is reinstalled and when the table is closed.
 */
public interface SessionKeys extends AutoCloseable
{
    /** AES-256-GCM (default). */
    int CIPHER_AES_256_GCM = 1;
    /** ChaCha20-Poly1305. */
    int CIPHER_CHACHA20_POLY1305 = 2;

    /** Bytes of each direction's key. */
    int KEY_LENGTH = 32;
    /** Bytes of the AEAD tag appended to a sealed payload. */
    int TAG_LENGTH = 16;
    /** Bytes of a node address. */
    int NODE_LENGTH = 20;

    /** Record flag on send: seal this record with the slot in its reserved field. */
    int FLAG_SEAL = 0x10;
    /** Record flag on receive: opened; reserved = slot, length excludes the tag. */
    int FLAG_OPENED = 0x20;
    /** Record flag on receive, and on send for a record that could not be sealed and was not sent. */
    int FLAG_REJECTED = 0x40;

    /** Reject reason: no active session in the slot the header names (or the slot is out of range). */
    int REJECT_NO_SESSION = 1;
    /** Reject reason: the tag did not verify (forged, corrupted or sealed with another key). */
    int REJECT_BAD_TAG = 2;
    /** Reject reason: the counter was seen before or is older than the anti-replay window. */
    int REJECT_REPLAY = 3;
    /** Reject reason: the header's source node is not the slot's peer. */
    int REJECT_WRONG_PEER = 4;
    /** Reject reason: too short to hold a header and a tag. */
    int REJECT_MALFORMED = 5;
    /** Reject reason on send: the slot's counter reached {@link #REJECT_AFTER_MESSAGES}. */
    int REJECT_EXHAUSTED = 6;

    /** Counters past which a session seals nothing more (WireGuard's limit). */
    long REJECT_AFTER_MESSAGES = (1L << 60);
    /** Frames the anti-replay window accepts out of order behind the highest counter seen. */
    int REPLAY_WINDOW = 8192 - 64;
    /** How long a removed slot cannot be reinstalled. */
    long QUARANTINE_NS = 2_000_000_000L;

    /** @return number of slots. */
    int capacity();

    /**
     * Sets the local node address frames addressed to this node carry as their destination.
     *
     * @param node 20 bytes.
     */
    void localNode(byte[] node);

    /**
     * Installs a session into a free slot. The caller wipes its copies of the keys afterwards.
     *
     * @param slot        slot index.
     * @param cipher      {@link #CIPHER_AES_256_GCM} or {@link #CIPHER_CHACHA20_POLY1305}.
     * @param peerNode    the peer's 20-byte node address (the source every frame opened with this slot must carry).
     * @param peerIndex   the index the peer gave this session; written into every frame sealed with the slot.
     * @param sendKey     32 bytes.
     * @param receiveKey  32 bytes.
     * @throws IllegalStateException when the slot is active or still in quarantine.
     * @throws IllegalArgumentException for a bad slot, cipher or key length.
     */
    void install(int slot, int cipher, byte[] peerNode, int peerIndex, byte[] sendKey, byte[] receiveKey);

    /**
     * Stops using a slot: nothing more is sealed or opened with it. No-op for a free slot.
     *
     * @param slot slot index.
     */
    void remove(int slot);

    /** @return true when the slot holds an active session. Any thread. */
    boolean isActive(int slot);

    /** @return the last counter sealed with the slot (0 before the first). Any thread; for rekeying by count. */
    long sendCounter(int slot);

    /**
     * Seals, in place, every record of the batch flagged {@link #FLAG_SEAL}. A record whose slot is not active or
     * exhausted gets {@link #FLAG_REJECTED} (reason in its reserved field) and must not be sent.
     *
     * @return the number of records rejected.
     */
    int sealBatch(long address, int length, int count);

    /**
     * Opens, in place, every record of a received batch as described above.
     *
     * @return the number of records opened.
     */
    int openBatch(long address, int capacity, int count);

    /** Wipes every key and frees the native table. */
    @Override
    void close();
}
