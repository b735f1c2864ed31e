package org.ipop.overlay.vnet;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.control.EngineProxy;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.ControlTransport;
import org.ipop.overlay.security.EdgeHandshakes;
import org.ipop.overlay.security.HandshakeListener;
import org.ipop.overlay.security.HandshakeSender;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.TrustStore;
import org.ipop.overlay.wire.EdgeMessageFlyweight;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.LinkReplyFlyweight;
import org.ipop.overlay.wire.LinkRequestFlyweight;
import org.ipop.tap.SessionKeys;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node's authenticated, encrypted edges: every control frame the {@link ControlPlane} sends to a transport
 * address goes out sealed with the session held with that address, and every control frame it receives was
 * opened by the engine with such a session and is checked here before the control plane (and its journal) sees
 * it. Sessions come from {@link EdgeHandshakes} (Noise IX with certificates); their keys live in the engine's
 * native {@link SessionKeys} table, one slot per session, and the slot is also the index peers write into the
 * frames they seal for this node.
 * <p>
 * <b>Sessions</b> belong to a transport address and authenticate one node (the certificate's address). A control
 * frame for an address without a session waits (bounded: {@link #MAX_PENDING_FRAMES} per address,
 * {@link #MAX_PENDING_TRANSPORTS} addresses) while a handshake runs, and is dropped with the handshake when it
 * fails. The newest session with a node also seals the data plane's frames for it ({@link EngineProxy#setPeerKey}).
 * Timers, after WireGuard: a session that sealed something is replaced by a new handshake after
 * {@link #REKEY_AFTER_NS} (the initiator; the responder {@link #RESPONDER_REKEY_DELAY_NS} later if the initiator did
 * not), every session is dropped after {@link #REJECT_AFTER_NS}, and a removed slot is reused only after the table's
 * quarantine.
 * <p>
 * A responder's new session with a transport that already has one stays in reserve until the first frame sealed
 * with it arrives: Noise IX proves the initiator's key only then, and a copied certificate in a spoofed INIT must
 * not displace a working session.
 * <p>
 * <b>Admission</b> of a received control frame: it must have been opened (AEAD flag), by an active slot, whose
 * session was made with the transport address the frame came from (a member cannot speak for another address),
 * and a link request, link reply or edge message must name the session's node as its sender (a member cannot
 * claim another member's overlay address). Refusals are counted by reason.
 * <p>
 * <b>Revocation</b> ({@link #revoke}): the trust store refuses the fingerprint from then on, every session with the
 * certificate is removed at once (the engine drops the node's frames from then on), and the control plane is
 * told its connections over them closed, as if the node had sent CLOSE, so the ring repairs within a duty cycle.
 * <p>
 * Handshakes run below the control plane's journal: a replay sees the same authenticated frames without redoing
 * key exchanges. Control-plane thread only.
 */
public final class SecureChannels implements ControlTransport, HandshakeSender, HandshakeListener, Agent
{
    /** A session that sealed something is renewed after this long. */
    public static final long REKEY_AFTER_NS = TimeUnit.SECONDS.toNanos(120);
    /** The responder renews a session this much later than the initiator would have. */
    public static final long RESPONDER_REKEY_DELAY_NS = TimeUnit.SECONDS.toNanos(10);
    /** No session is used after this long. */
    public static final long REJECT_AFTER_NS = TimeUnit.SECONDS.toNanos(180);
    /** Sessions are renewed after sealing this many frames, well before the table refuses to seal more. */
    public static final long REKEY_AFTER_MESSAGES = 1L << 59;
    /** Control frames kept per transport address while its handshake runs. */
    public static final int MAX_PENDING_FRAMES = 16;
    /** Transport addresses with frames waiting for a handshake. */
    public static final int MAX_PENDING_TRANSPORTS = 256;
    /** How often session timers are checked. */
    static final long TIMER_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A slot is reused only this long after its removal (longer than the native table's quarantine). */
    static final long SLOT_REUSE_NS = SessionKeys.QUARANTINE_NS + TimeUnit.MILLISECONDS.toNanos(500);

    private static final long NO_SLOT = -1;
    private static final byte FREE = 0;
    private static final byte HANDSHAKING = 1;
    private static final byte ACTIVE = 2;
    private static final byte RETIRED = 3;

    /** Why a received control frame was refused; the counts are {@link #refused(Refusal)}. */
    public enum Refusal
    {
        /** Arrived in clear or was not opened by the engine. */
        NOT_SEALED,
        /** The slot it was opened with holds no active session here. */
        NO_SESSION,
        /** The session was made with another transport address. */
        WRONG_TRANSPORT,
        /** A link or edge message named another node as its sender. */
        WRONG_SENDER,
        /** A control frame could not wait for its handshake (queue full) or its handshake failed. */
        UNSENT
    }

    private final EngineProxy proxy;
    private final SessionKeys keys;
    private final PeerIds peers;
    private final TrustStore trust;
    private final NanoClock clock;
    private final int cipher;
    private EdgeHandshakes handshakes;
    private ControlPlane plane;

    private final byte[] state;
    private final long[] transportOf;
    private final Address[] peerOf;
    private final String[] fingerprintOf;
    private final long[] establishedNs;
    private final long[] retiredNs;
    private final boolean[] initiatorOf;
    private final boolean[] unconfirmed;
    private final Long2LongHashMap currentByTransport = new Long2LongHashMap(NO_SLOT);
    private final Long2LongHashMap handshakeByTransport = new Long2LongHashMap(NO_SLOT);
    private final Map<Address, Integer> currentByPeer = new HashMap<>();
    private final Map<Long, ArrayDeque<byte[]>> pending = new HashMap<>();
    private final long[] refusals = new long[Refusal.values().length];
    private final UnsafeBuffer handshakeBuffer = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer pendingBuffer = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer closeBuffer = new UnsafeBuffer(new byte[EdgeMessageFlyweight.ENTRIES_OFFSET]);
    private final OverlayFrameFlyweight frame = new OverlayFrameFlyweight();
    private final byte[] claimed = new byte[Address.LENGTH];
    private long nextTimerNs;
    private long sessionsEstablished;
    private long sessionsRetired;

    /**
     * @param proxy  the engine's proxy (frames out, peer keys).
     * @param keys   the engine's session-key table, attached to its UDP endpoint.
     * @param peers  the node's peer ids.
     * @param trust  the certificates this node accepts.
     * @param self   this node's address.
     * @param cipher {@link SessionKeys#CIPHER_AES_256_GCM} or {@link SessionKeys#CIPHER_CHACHA20_POLY1305}.
     * @param clock  time for handshake retries and session timers.
     */
    public SecureChannels(
        final EngineProxy proxy,
        final SessionKeys keys,
        final PeerIds peers,
        final TrustStore trust,
        final Address self,
        final int cipher,
        final NanoClock clock)
    {
        this.proxy = proxy;
        this.keys = keys;
        this.peers = peers;
        this.trust = trust;
        this.cipher = cipher;
        this.clock = clock;
        final int capacity = keys.capacity();
        state = new byte[capacity];
        transportOf = new long[capacity];
        peerOf = new Address[capacity];
        fingerprintOf = new String[capacity];
        establishedNs = new long[capacity];
        retiredNs = new long[capacity];
        initiatorOf = new boolean[capacity];
        unconfirmed = new boolean[capacity];
        Arrays.fill(retiredNs, Long.MIN_VALUE / 2);
        keys.localNode(self.toBytes());
    }

    /**
     * Completes the wiring: the handshake logic (which needs this as its sender and listener) and the control
     * plane revocations are reported to.
     *
     * @return this.
     */
    public SecureChannels attach(final EdgeHandshakes handshakes, final ControlPlane plane)
    {
        this.handshakes = handshakes;
        this.plane = plane;
        return this;
    }

    @Override
    public String roleName()
    {
        return "ipop-secure-channels";
    }

    // ---------------------------------------------------------------------------------------------- outbound

    @Override
    public boolean sendControl(final int dstIp, final int dstPort, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > proxy.maxControlLength() || dstPort < 1 || dstPort > 65535)
        {
            return false;
        }
        final long transport = TransportAddress.pack(dstIp, dstPort);
        final long slot = currentByTransport.get(transport);
        if (slot != NO_SLOT)
        {
            return proxy.sendControlFrame(dstIp, dstPort, (int)slot, buffer, offset, length);
        }
        return enqueue(transport, buffer, offset, length);
    }

    private boolean enqueue(final long transport, final DirectBuffer buffer, final int offset, final int length)
    {
        ArrayDeque<byte[]> queue = pending.get(transport);
        if (queue == null)
        {
            if (pending.size() >= MAX_PENDING_TRANSPORTS)
            {
                refusals[Refusal.UNSENT.ordinal()]++;
                return false;
            }
            queue = new ArrayDeque<>();
            pending.put(transport, queue);
        }
        if (queue.size() >= MAX_PENDING_FRAMES)
        {
            refusals[Refusal.UNSENT.ordinal()]++;
            return false;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        queue.addLast(copy);
        if (handshakeByTransport.get(transport) == NO_SLOT && !initiate(transport))
        {
            dropPending(transport);
            return false;
        }
        return true;
    }

    private boolean initiate(final long transport)
    {
        final int slot = allocateSlot();
        if (slot < 0)
        {
            return false;
        }
        state[slot] = HANDSHAKING;
        transportOf[slot] = transport;
        handshakeByTransport.put(transport, slot);
        handshakes.initiate(transport, slot, clock.nanoTime());
        return true;
    }

    @Override
    public void sendHandshake(final long transport, final byte[] message, final int length)
    {
        handshakeBuffer.wrap(message, 0, length);
        proxy.sendHandshake(TransportAddress.ip(transport), TransportAddress.port(transport), handshakeBuffer, 0, length);
    }

    // ------------------------------------------------------------------------------------------- handshakes

    /**
     * Input: a HANDSHAKE overlay frame (clear) from a transport address.
     *
     * @param buffer holds the whole overlay frame; read only during the call.
     */
    public void onHandshakeFrame(
        final int ipv4, final int port, final DirectBuffer buffer, final int offset, final int length)
    {
        final int messageLength = length - OverlayFrameFlyweight.HEADER_LENGTH;
        if (messageLength > 0)
        {
            handshakes.onMessage(TransportAddress.pack(ipv4, port), buffer, offset + OverlayFrameFlyweight.HEADER_LENGTH,
                messageLength, clock.nanoTime());
        }
    }

    @Override
    public int allocateIndex()
    {
        final int slot = allocateSlot();
        if (slot >= 0)
        {
            state[slot] = HANDSHAKING;
        }
        return slot;
    }

    @Override
    public void onEstablished(
        final long transport,
        final int localIndex,
        final int peerIndex,
        final NodeCertificate peer,
        final byte[] sendKey,
        final byte[] receiveKey,
        final boolean initiator)
    {
        final Address peerAddress = peer.address();
        try
        {
            keys.install(localIndex, cipher, peerAddress.toBytes(), peerIndex, sendKey, receiveKey);
        }
        catch (final RuntimeException ex)
        {
            state[localIndex] = FREE;
            handshakeByTransport.remove(transport);
            dropPending(transport);
            refusals[Refusal.UNSENT.ordinal()]++;
            return;
        }
        finally
        {
            Arrays.fill(sendKey, (byte)0);
            Arrays.fill(receiveKey, (byte)0);
        }
        final long nowNs = clock.nanoTime();
        state[localIndex] = ACTIVE;
        transportOf[localIndex] = transport;
        peerOf[localIndex] = peerAddress;
        fingerprintOf[localIndex] = peer.fingerprint();
        establishedNs[localIndex] = nowNs;
        initiatorOf[localIndex] = initiator;
        sessionsEstablished++;
        if (handshakeByTransport.get(transport) == localIndex)
        {
            handshakeByTransport.remove(transport);
        }
        // IX: a responder has not seen the initiator prove its key yet. Anyone holding a copy of a member's (public)
        // certificate can send an INIT from that member's address; a session from it must not displace a working
        // one, so it becomes current only once a frame sealed with it arrives (see admit).
        unconfirmed[localIndex] = !initiator && currentByTransport.get(transport) != NO_SLOT;
        if (!unconfirmed[localIndex])
        {
            makeCurrent(localIndex);
        }
    }

    private void makeCurrent(final int slot)
    {
        unconfirmed[slot] = false;
        final long transport = transportOf[slot];
        final Address peerAddress = peerOf[slot];
        currentByTransport.put(transport, slot);
        currentByPeer.put(peerAddress, slot);
        final int peerId = peers.idOf(peerAddress);
        if (peerId > 0)
        {
            proxy.setPeerKey(peerId, slot);
        }
        flushPending(transport, slot);
    }

    @Override
    public void onFailed(final long transport, final int localIndex, final String reason)
    {
        if (localIndex >= 0 && localIndex < state.length && state[localIndex] == HANDSHAKING)
        {
            state[localIndex] = FREE;
        }
        if (handshakeByTransport.get(transport) == localIndex)
        {
            handshakeByTransport.remove(transport);
            dropPending(transport);
        }
    }

    private void flushPending(final long transport, final int slot)
    {
        final ArrayDeque<byte[]> queue = pending.remove(transport);
        if (queue == null)
        {
            return;
        }
        final int ip = TransportAddress.ip(transport);
        final int port = TransportAddress.port(transport);
        for (byte[] message = queue.pollFirst(); message != null; message = queue.pollFirst())
        {
            pendingBuffer.wrap(message);
            proxy.sendControlFrame(ip, port, slot, pendingBuffer, 0, message.length);
        }
    }

    private void dropPending(final long transport)
    {
        final ArrayDeque<byte[]> queue = pending.remove(transport);
        if (queue != null)
        {
            refusals[Refusal.UNSENT.ordinal()] += queue.size();
        }
    }

    // ---------------------------------------------------------------------------------------------- inbound

    /**
     * Decides whether a control frame the engine delivered reaches the control plane.
     *
     * @param buffer holds the whole overlay frame (header, then the control message); read only during the call.
     * @return true when it was sealed by the session held with its source transport and names no other sender.
     */
    public boolean admit(final int ipv4, final int port, final DirectBuffer buffer, final int offset, final int length)
    {
        frame.wrap(buffer, offset);
        if (0 == (frame.flags() & OverlayFrameFlyweight.FLAG_AEAD))
        {
            return refuse(Refusal.NOT_SEALED);
        }
        final int slot = frame.sessionId();
        if (slot < 0 || slot >= state.length || state[slot] != ACTIVE)
        {
            return refuse(Refusal.NO_SESSION);
        }
        if (transportOf[slot] != TransportAddress.pack(ipv4, port))
        {
            return refuse(Refusal.WRONG_TRANSPORT);
        }
        if (unconfirmed[slot])
        {
            makeCurrent(slot);   // the initiator holds the keys: the session is genuine
        }
        final int messageOffset = offset + OverlayFrameFlyweight.HEADER_LENGTH;
        final int messageLength = length - OverlayFrameFlyweight.HEADER_LENGTH;
        final int senderOffset;
        switch (FrameHeader.type(buffer, messageOffset, messageLength))
        {
            case FrameHeader.TYPE_LINK_REQUEST:
                senderOffset = LinkRequestFlyweight.FROM_OFFSET;
                break;
            case FrameHeader.TYPE_LINK_REPLY:
                senderOffset = LinkReplyFlyweight.RESPONDER_OFFSET;
                break;
            case FrameHeader.TYPE_PING:
            case FrameHeader.TYPE_PONG:
            case FrameHeader.TYPE_CLOSE:
            case FrameHeader.TYPE_STATUS:
                senderOffset = EdgeMessageFlyweight.SENDER_OFFSET;
                break;
            default:
                return true;   // routed messages come from anywhere; what they claim is signed (DHT records)
        }
        if (messageLength < senderOffset + Address.LENGTH)
        {
            return true;   // malformed: the control plane counts it
        }
        buffer.getBytes(messageOffset + senderOffset, claimed);
        return Address.fromBytes(claimed).equals(peerOf[slot]) || refuse(Refusal.WRONG_SENDER);
    }

    private boolean refuse(final Refusal refusal)
    {
        refusals[refusal.ordinal()]++;
        return false;
    }

    // ----------------------------------------------------------------------------------------------- timers

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs < nextTimerNs)
        {
            return 0;
        }
        nextTimerNs = nowNs + TIMER_INTERVAL_NS;
        handshakes.onTick(nowNs);
        int work = 0;
        for (int slot = 0; slot < state.length; slot++)
        {
            if (state[slot] != ACTIVE)
            {
                continue;
            }
            final long age = nowNs - establishedNs[slot];
            if (age >= REJECT_AFTER_NS)
            {
                retire(slot, nowNs);
                work++;
            }
            else if (needsRekey(slot, age))
            {
                work += initiate(transportOf[slot]) ? 1 : 0;
            }
        }
        return work;
    }

    private boolean needsRekey(final int slot, final long age)
    {
        final long transport = transportOf[slot];
        if (currentByTransport.get(transport) != slot || handshakeByTransport.get(transport) != NO_SLOT)
        {
            return false;
        }
        final long sent = keys.sendCounter(slot);
        if (sent >= REKEY_AFTER_MESSAGES)
        {
            return true;
        }
        final long after = initiatorOf[slot] ? REKEY_AFTER_NS : REKEY_AFTER_NS + RESPONDER_REKEY_DELAY_NS;
        return sent > 0 && age >= after;
    }

    private void retire(final int slot, final long nowNs)
    {
        keys.remove(slot);
        state[slot] = RETIRED;
        retiredNs[slot] = nowNs;
        sessionsRetired++;
        final long transport = transportOf[slot];
        if (currentByTransport.get(transport) == slot)
        {
            currentByTransport.remove(transport);
        }
        final Address peer = peerOf[slot];
        final Integer current = currentByPeer.get(peer);
        if (current != null && current == slot)
        {
            final int replacement = newestActiveWith(peer);
            final int peerId = peers.existingId(peer);
            if (replacement >= 0)
            {
                currentByPeer.put(peer, replacement);
            }
            else
            {
                currentByPeer.remove(peer);
            }
            if (peerId > 0)
            {
                proxy.setPeerKey(peerId, replacement);
            }
        }
    }

    private int newestActiveWith(final Address peer)
    {
        int newest = -1;
        for (int slot = 0; slot < state.length; slot++)
        {
            if (state[slot] == ACTIVE && !unconfirmed[slot] && peer.equals(peerOf[slot]) &&
                (newest < 0 || establishedNs[slot] > establishedNs[newest]))
            {
                newest = slot;
            }
        }
        return newest;
    }

    private int allocateSlot()
    {
        final long nowNs = clock.nanoTime();
        for (int slot = 0; slot < state.length; slot++)
        {
            if (state[slot] == FREE || (state[slot] == RETIRED && nowNs - retiredNs[slot] >= SLOT_REUSE_NS))
            {
                state[slot] = FREE;
                unconfirmed[slot] = false;
                peerOf[slot] = null;
                fingerprintOf[slot] = null;
                return slot;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------- revocation

    /**
     * Revokes a certificate at run time: refused from now on, its sessions removed, its connections closed.
     *
     * @param fingerprint hex SHA-256 of the certificate.
     * @return sessions removed.
     */
    public int revoke(final String fingerprint)
    {
        trust.revoke(fingerprint);
        final long nowNs = clock.nanoTime();
        int removed = 0;
        for (int slot = 0; slot < state.length; slot++)
        {
            if (state[slot] == ACTIVE && fingerprint.equals(fingerprintOf[slot]))
            {
                final long transport = transportOf[slot];
                final Address peer = peerOf[slot];
                retire(slot, nowNs);
                removed++;
                reportClosed(transport, peer, nowNs);
            }
        }
        return removed;
    }

    /** Tells the control plane the node at {@code transport} closed its edge, as its own CLOSE frame would. */
    private void reportClosed(final long transport, final Address peer, final long nowNs)
    {
        if (plane != null)
        {
            EdgeMessageFlyweight.writeHeader(closeBuffer, 0, FrameHeader.TYPE_CLOSE, 0, peer, 0);
            plane.onControlFrame(TransportAddress.ip(transport), TransportAddress.port(transport), nowNs, closeBuffer, 0,
                EdgeMessageFlyweight.ENTRIES_OFFSET);
        }
    }

    // --------------------------------------------------------------------------------------------- status

    /** @return frames refused for {@code refusal}. */
    public long refused(final Refusal refusal)
    {
        return refusals[refusal.ordinal()];
    }

    /** @return sessions established since start. */
    public long sessionsEstablished()
    {
        return sessionsEstablished;
    }

    /** @return sessions removed (expired, replaced or revoked) since start. */
    public long sessionsRetired()
    {
        return sessionsRetired;
    }

    /** @return sessions currently active. */
    public int activeSessions()
    {
        int n = 0;
        for (final byte s : state)
        {
            n += s == ACTIVE ? 1 : 0;
        }
        return n;
    }

    /** @return the handshake logic, for its counters. */
    public EdgeHandshakes handshakes()
    {
        return handshakes;
    }

    /** @return the address of the node authenticated by the newest session with {@code transport}, or null. */
    public Address peerAt(final long transport)
    {
        final long slot = currentByTransport.get(transport);
        return slot == NO_SLOT ? null : peerOf[(int)slot];
    }
}
