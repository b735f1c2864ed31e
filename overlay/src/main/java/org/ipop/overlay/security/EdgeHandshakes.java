package org.ipop.overlay.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.Address;

/**
 * The edge handshake: {@code Noise_IX_25519_AESGCM_SHA256} ({@link NoiseIx}) whose payloads carry each side's
 * certificate, with WireGuard's mac1/mac2 and cookie replies in front. Wire layout: {@link HandshakeMessages}.
 * <p>
 * Initiator: {@link #initiate} sends an INIT (timestamp and certificate in the Noise payload), retransmitted every
 * second with a fresh ephemeral key until a RESPONSE arrives or 20 s pass ({@link HandshakeListener#onFailed}).
 * Responder: an INIT is checked in order of cost: length, mac1 (one HMAC: strangers who do not know the network's CA
 * fingerprints cost no more), then under load (more INITs in the current second than the threshold) a valid mac2
 * or else a COOKIE_REPLY and no DH, then the certificate (trust store, namespace, its agreement key equal to the Noise
 * static key, not this node's own address), then the INIT's timestamp (newer than the last accepted from that
 * address, at most two minutes ahead). Then it answers with a RESPONSE and the session is established on its side;
 * the initiator's is once the RESPONSE decrypts and the responder's certificate passes the same checks. Keys come
 * from Split(): the initiator sends with k1 and receives with k2, the responder the opposite.
 * <p>
 * One instance per node, control-plane thread only; deterministic given its random source and clocks. Every
 * message is dropped and counted ({@link HandshakeCounter}) when it fails a check; hostile bytes never throw.
 * A new INIT from a peer that already has a session simply makes a new session (rekey): the listener decides what
 * becomes of the old one.
 */
public final class EdgeHandshakes
{
    /** Retransmission interval of an unanswered INIT. */
    public static final long RETRANSMIT_NS = 1_000_000_000L;
    /** Time after which an initiation is given up. */
    public static final long GIVE_UP_NS = 20_000_000_000L;
    /**
     * How far ahead of this node's clock an INIT timestamp may be. IX's first message is not authenticated, so a
     * member that copies another's (public) certificate into an INIT with a future timestamp makes this node refuse
     * that peer's genuine INITs until its clock passes the forged one: the bound caps that at two minutes, and
     * requires clocks to agree within it.
     */
    public static final long MAX_FUTURE_MS = 120_000L;
    /** Prologue hashed into every handshake: a version tag of this protocol. */
    static final byte[] PROLOGUE = "ipop edge handshake 1".getBytes(StandardCharsets.US_ASCII);

    private static final int MAX_REMEMBERED_PEERS = 65_536;

    private final NodeCredentials self;
    private final byte[] selfCertificate;
    private final TrustStore trust;
    private final String namespace;
    private final SecureRandom random;
    private final LongSupplier epochMillis;
    private final HandshakeSender sender;
    private final HandshakeListener listener;
    private final HandshakeMessages messages;
    private final CookieChecker cookies;
    private final long[] counters = new long[HandshakeCounter.values().length];
    private final Map<Long, Pending> pendingByTransport = new HashMap<>();
    private final Map<Integer, Pending> pendingByIndex = new HashMap<>();
    private final Map<Address, Long> latestTimestamps = new LinkedHashMap<>(16, 0.75f, true)
    {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Address, Long> eldest)
        {
            return size() > MAX_REMEMBERED_PEERS;
        }
    };
    private long lastTimestampSent;
    private String lastRefusal = "";

    /**
     * @param self                     this node's certificate and keys.
     * @param trust                    the CAs and revocations peers are checked against.
     * @param namespace                the namespace a peer's certificate must list (null: any).
     * @param random                   source of ephemeral keys, cookie secrets and nonces.
     * @param epochMillis              wall clock (INIT timestamps, certificate validity).
     * @param sender                   sends messages.
     * @param listener                 receives outcomes and allocates responder indexes.
     * @param cookieThresholdPerSecond INITs per second above which mac2 is required.
     */
    public EdgeHandshakes(final NodeCredentials self, final TrustStore trust, final String namespace,
        final SecureRandom random, final LongSupplier epochMillis, final HandshakeSender sender,
        final HandshakeListener listener, final int cookieThresholdPerSecond)
    {
        this.self = self;
        this.selfCertificate = self.certificate().encode();
        this.trust = trust;
        this.namespace = namespace;
        this.random = random;
        this.epochMillis = epochMillis;
        this.sender = sender;
        this.listener = listener;
        this.messages = new HandshakeMessages(trust.networkKey());
        this.cookies = new CookieChecker(random, messages.cookieKey(), cookieThresholdPerSecond);
    }

    /**
     * Starts a handshake with whoever answers at {@code transport}, replacing (without calling the listener) any
     * pending one to that address or with that index. A cookie learnt for the replaced one is kept.
     *
     * @param transport  packed transport address.
     * @param localIndex this side's index for the session (the peer addresses its frames to it).
     * @param nowNs      monotonic time.
     */
    public void initiate(final long transport, final int localIndex, final long nowNs)
    {
        final Pending old = remove(pendingByTransport.get(transport));
        remove(pendingByIndex.get(localIndex));
        final Pending pending = new Pending(transport, localIndex, nowNs);
        if (old != null && old.cookie != null)
        {
            pending.cookie = old.cookie;
            pending.cookieNs = old.cookieNs;
        }
        pendingByTransport.put(transport, pending);
        pendingByIndex.put(localIndex, pending);
        sendInit(pending, nowNs);
    }

    /**
     * Handles one handshake message.
     *
     * @param transport packed transport address it came from.
     * @param buffer    holds it.
     * @param offset    where it starts (after the overlay header).
     * @param length    its length.
     * @param nowNs     monotonic time.
     */
    public void onMessage(final long transport, final DirectBuffer buffer, final int offset, final int length,
        final long nowNs)
    {
        if (length < 4 || length > HandshakeMessages.MAX_LENGTH)
        {
            count(HandshakeCounter.MALFORMED);
            return;
        }
        final byte[] message = new byte[length];
        buffer.getBytes(offset, message);
        if (message[1] != 0 || message[2] != 0 || message[3] != 0)
        {
            count(HandshakeCounter.MALFORMED);
            return;
        }
        switch (message[HandshakeMessages.TYPE_OFFSET])
        {
            case HandshakeMessages.TYPE_INIT:
                onInit(transport, message, nowNs);
                break;
            case HandshakeMessages.TYPE_RESPONSE:
                onResponse(transport, message);
                break;
            case HandshakeMessages.TYPE_COOKIE_REPLY:
                onCookieReply(transport, message, nowNs);
                break;
            default:
                count(HandshakeCounter.MALFORMED);
                break;
        }
    }

    /**
     * Retransmits INITs unanswered for a second (fresh ephemeral each time) and gives up on those older than 20 s.
     *
     * @param nowNs monotonic time.
     */
    public void onTick(final long nowNs)
    {
        for (final Pending pending : new ArrayList<>(pendingByTransport.values()))
        {
            if (nowNs - pending.startNs >= GIVE_UP_NS)
            {
                remove(pending);
                count(HandshakeCounter.TIMED_OUT);
                listener.onFailed(pending.transport, pending.localIndex, "handshake timed out after 20 s");
            }
            else if (nowNs - pending.lastSentNs >= RETRANSMIT_NS)
            {
                sendInit(pending, nowNs);
            }
        }
    }

    /**
     * Forgets a pending initiation to {@code transport} without calling the listener.
     *
     * @param transport packed transport address.
     */
    public void cancel(final long transport)
    {
        remove(pendingByTransport.get(transport));
    }

    /** @return whether an initiation to {@code transport} is pending. */
    public boolean isPending(final long transport)
    {
        return pendingByTransport.containsKey(transport);
    }

    /** @return the value of a counter. */
    public long counter(final HandshakeCounter counter)
    {
        return counters[counter.ordinal()];
    }

    private void sendInit(final Pending pending, final long nowNs)
    {
        final long timestamp = Math.max(epochMillis.getAsLong(), lastTimestampSent + 1);
        lastTimestampSent = timestamp;
        final byte[] payload = new byte[HandshakeMessages.TIMESTAMP_LENGTH + selfCertificate.length];
        HandshakeMessages.putLong(payload, 0, timestamp);
        System.arraycopy(selfCertificate, 0, payload, HandshakeMessages.TIMESTAMP_LENGTH, selfCertificate.length);
        final byte[] agreementPrivate = self.agreementPrivateKey();
        final NoiseIx noise = NoiseIx.initiator(agreementPrivate, PROLOGUE, random);
        Arrays.fill(agreementPrivate, (byte)0);
        final byte[] noiseMessage;
        try
        {
            noiseMessage = noise.writeMessage(payload);
        }
        catch (final NoiseException ex)
        {
            throw new IllegalStateException("message 1 has no DH and cannot fail", ex);
        }
        final int length = HandshakeMessages.INIT_NOISE_OFFSET + noiseMessage.length + HandshakeMessages.MACS_LENGTH;
        final byte[] message = new byte[length];
        message[HandshakeMessages.TYPE_OFFSET] = HandshakeMessages.TYPE_INIT;
        HandshakeMessages.putInt(message, HandshakeMessages.SENDER_INDEX_OFFSET, pending.localIndex);
        System.arraycopy(noiseMessage, 0, message, HandshakeMessages.INIT_NOISE_OFFSET, noiseMessage.length);
        messages.writeMac1(message, length);
        final boolean cookieFresh = pending.cookie != null && nowNs - pending.cookieNs < CookieChecker.SECRET_LIFETIME_NS;
        HandshakeMessages.writeMac2(message, length, cookieFresh ? pending.cookie : null);
        pending.noise = noise;
        pending.lastMac1 = HandshakeMessages.mac1Of(message, length);
        pending.lastSentNs = nowNs;
        count(HandshakeCounter.INIT_SENT);
        sender.sendHandshake(pending.transport, message, length);
    }

    private void onInit(final long transport, final byte[] message, final long nowNs)
    {
        final int length = message.length;
        if (length < HandshakeMessages.MIN_INIT_LENGTH || length > HandshakeMessages.MAX_INIT_LENGTH)
        {
            count(HandshakeCounter.MALFORMED);
            return;
        }
        if (!messages.mac1Valid(message, length))
        {
            count(HandshakeCounter.BAD_MAC1);
            return;
        }
        final int peerIndex = HandshakeMessages.getInt(message, HandshakeMessages.SENDER_INDEX_OFFSET);
        if (cookies.countAndCheckLoad(nowNs) &&
            !HandshakeMessages.mac2Valid(message, length, cookies.cookie(transport, nowNs)))
        {
            if (!HandshakeMessages.mac2Absent(message, length))
            {
                count(HandshakeCounter.BAD_MAC2);
            }
            final byte[] reply = cookies.reply(peerIndex, transport, HandshakeMessages.mac1Of(message, length), nowNs);
            count(HandshakeCounter.COOKIE_SENT);
            sender.sendHandshake(transport, reply, reply.length);
            return;
        }
        count(HandshakeCounter.INIT_RECEIVED);
        final byte[] agreementPrivate = self.agreementPrivateKey();
        final NoiseIx noise = NoiseIx.responder(agreementPrivate, PROLOGUE, random);
        Arrays.fill(agreementPrivate, (byte)0);
        final byte[] payload;
        try
        {
            payload = noise.readMessage(message, HandshakeMessages.INIT_NOISE_OFFSET,
                length - HandshakeMessages.INIT_NOISE_OFFSET - HandshakeMessages.MACS_LENGTH);
        }
        catch (final NoiseException ex)
        {
            count(HandshakeCounter.MALFORMED);
            return;
        }
        final long timestamp = HandshakeMessages.getLong(payload, 0);
        final NodeCertificate peer = verifiedPeer(payload, HandshakeMessages.TIMESTAMP_LENGTH, noise);
        if (peer == null || !timestampAccepted(peer.address(), timestamp))
        {
            return;
        }
        respond(transport, peerIndex, peer, timestamp, noise);
    }

    private void respond(final long transport, final int peerIndex, final NodeCertificate peer, final long timestamp,
        final NoiseIx noise)
    {
        final byte[] noiseMessage;
        try
        {
            noiseMessage = noise.writeMessage(selfCertificate);
        }
        catch (final NoiseException ex)
        {
            counters[HandshakeCounter.DH_COMPUTED.ordinal()] += noise.dhCount();
            count(HandshakeCounter.MALFORMED); // the initiator's ephemeral key is of small order
            return;
        }
        counters[HandshakeCounter.DH_COMPUTED.ordinal()] += noise.dhCount();
        final int localIndex = listener.allocateIndex();
        if (localIndex == -1)
        {
            count(HandshakeCounter.NO_INDEX);
            return;
        }
        latestTimestamps.put(peer.address(), timestamp);
        final int length = HandshakeMessages.RESPONSE_NOISE_OFFSET + noiseMessage.length + HandshakeMessages.MACS_LENGTH;
        final byte[] message = new byte[length];
        message[HandshakeMessages.TYPE_OFFSET] = HandshakeMessages.TYPE_RESPONSE;
        HandshakeMessages.putInt(message, HandshakeMessages.SENDER_INDEX_OFFSET, localIndex);
        HandshakeMessages.putInt(message, HandshakeMessages.RECEIVER_INDEX_OFFSET, peerIndex);
        System.arraycopy(noiseMessage, 0, message, HandshakeMessages.RESPONSE_NOISE_OFFSET, noiseMessage.length);
        messages.writeMac1(message, length);
        HandshakeMessages.writeMac2(message, length, null);
        count(HandshakeCounter.RESPONSE_SENT);
        sender.sendHandshake(transport, message, length);
        final byte[][] keys = noise.splitKeys();
        count(HandshakeCounter.ESTABLISHED);
        listener.onEstablished(transport, localIndex, peerIndex, peer, keys[1], keys[0], false);
    }

    private void onResponse(final long transport, final byte[] message)
    {
        final int length = message.length;
        if (length < HandshakeMessages.MIN_RESPONSE_LENGTH || length > HandshakeMessages.MAX_RESPONSE_LENGTH)
        {
            count(HandshakeCounter.MALFORMED);
            return;
        }
        if (!messages.mac1Valid(message, length))
        {
            count(HandshakeCounter.BAD_MAC1);
            return;
        }
        final Pending pending = pendingByIndex.get(HandshakeMessages.getInt(message, HandshakeMessages.RECEIVER_INDEX_OFFSET));
        if (pending == null || pending.transport != transport)
        {
            count(HandshakeCounter.UNKNOWN_INDEX);
            return;
        }
        count(HandshakeCounter.RESPONSE_RECEIVED);
        // a forged or stale RESPONSE must not spoil the state a genuine one needs: try it on a copy
        final NoiseIx noise = pending.noise.copy();
        final byte[] payload;
        try
        {
            payload = noise.readMessage(message, HandshakeMessages.RESPONSE_NOISE_OFFSET,
                length - HandshakeMessages.RESPONSE_NOISE_OFFSET - HandshakeMessages.MACS_LENGTH);
        }
        catch (final NoiseException ex)
        {
            counters[HandshakeCounter.DH_COMPUTED.ordinal()] += noise.dhCount();
            count(HandshakeCounter.DECRYPT_FAILED);
            return;
        }
        counters[HandshakeCounter.DH_COMPUTED.ordinal()] += noise.dhCount();
        // the payload decrypted, so the responder holds the static key it sent: its verdict is final
        final NodeCertificate peer = verifiedPeer(payload, 0, noise);
        remove(pending);
        if (peer == null)
        {
            listener.onFailed(transport, pending.localIndex, "peer refused: " + lastRefusal);
            return;
        }
        final byte[][] keys = noise.splitKeys();
        count(HandshakeCounter.ESTABLISHED);
        listener.onEstablished(transport, pending.localIndex,
            HandshakeMessages.getInt(message, HandshakeMessages.SENDER_INDEX_OFFSET), peer, keys[0], keys[1], true);
    }

    private void onCookieReply(final long transport, final byte[] message, final long nowNs)
    {
        if (message.length != HandshakeMessages.COOKIE_REPLY_LENGTH)
        {
            count(HandshakeCounter.MALFORMED);
            return;
        }
        final Pending pending =
            pendingByIndex.get(HandshakeMessages.getInt(message, HandshakeMessages.COOKIE_RECEIVER_INDEX_OFFSET));
        if (pending == null || pending.transport != transport)
        {
            count(HandshakeCounter.UNKNOWN_INDEX);
            return;
        }
        final byte[] cookie = CookieChecker.open(messages.cookieKey(), message, pending.lastMac1);
        if (cookie == null)
        {
            count(HandshakeCounter.BAD_COOKIE);
            return;
        }
        pending.cookie = cookie;
        pending.cookieNs = nowNs;
        count(HandshakeCounter.COOKIE_RECEIVED);
    }

    /** @return the peer's certificate from {@code payload[offset..]} if it passes every check; else counts and null. */
    private NodeCertificate verifiedPeer(final byte[] payload, final int offset, final NoiseIx noise)
    {
        final NodeCertificate peer;
        try
        {
            peer = NodeCertificate.decode(payload, offset, payload.length - offset);
        }
        catch (final CertificateException ex)
        {
            return refuse(HandshakeCounter.MALFORMED, ex.getMessage());
        }
        final CertificateStatus status = trust.check(peer, namespace, Math.floorDiv(epochMillis.getAsLong(), 1000L));
        if (status != CertificateStatus.VALID)
        {
            count(HandshakeCounter.BAD_CERTIFICATE);
            return refuse(HandshakeCounter.valueOf("CERT_" + status.name()), "certificate " + status);
        }
        if (!Arrays.equals(peer.agreementKey(), noise.remoteStatic()))
        {
            return refuse(HandshakeCounter.STATIC_KEY_MISMATCH, "certificate key is not the Noise static key");
        }
        if (peer.address().equals(self.certificate().address()))
        {
            return refuse(HandshakeCounter.OWN_ADDRESS, "peer has this node's own address");
        }
        return peer;
    }

    private NodeCertificate refuse(final HandshakeCounter counter, final String reason)
    {
        count(counter);
        lastRefusal = reason;
        return null;
    }

    private boolean timestampAccepted(final Address peer, final long timestamp)
    {
        if (timestamp > epochMillis.getAsLong() + MAX_FUTURE_MS)
        {
            count(HandshakeCounter.FUTURE_TIMESTAMP);
            return false;
        }
        final Long latest = latestTimestamps.get(peer);
        if (latest != null && timestamp <= latest)
        {
            count(HandshakeCounter.REPLAYED_TIMESTAMP);
            return false;
        }
        return true;
    }

    private Pending remove(final Pending pending)
    {
        if (pending != null)
        {
            pendingByTransport.remove(pending.transport, pending);
            pendingByIndex.remove(pending.localIndex, pending);
        }
        return pending;
    }

    private void count(final HandshakeCounter counter)
    {
        counters[counter.ordinal()]++;
    }

    /** An initiation waiting for its RESPONSE. */
    private static final class Pending
    {
        private final long transport;
        private final int localIndex;
        private final long startNs;
        private long lastSentNs;
        private NoiseIx noise;
        private byte[] lastMac1;
        private byte[] cookie;
        private long cookieNs;

        Pending(final long transport, final int localIndex, final long startNs)
        {
            this.transport = transport;
            this.localIndex = localIndex;
            this.startNs = startNs;
        }
    }
}
