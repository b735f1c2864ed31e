package org.ipop.overlay.security;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/** Several {@link EdgeHandshakes} wired back to back through an in-memory network that tests drive by hand. */
final class HandshakeHarness
{
    static final long NOW_MS = NodeCertificateTest.NOW * 1000L;

    final Deque<Datagram> inFlight = new ArrayDeque<>();
    final List<Peer> peers = new ArrayList<>();
    long nowMs = NOW_MS;

    /** A handshake message on its way. */
    record Datagram(long from, long to, byte[] bytes)
    {
    }

    /** A session as the listener saw it. */
    record Session(long transport, int localIndex, int peerIndex, NodeCertificate peer, byte[] sendKey,
        byte[] receiveKey, boolean initiator)
    {
    }

    Peer add(final long transport, final NodeCredentials credentials, final TrustStore trust, final String namespace,
        final int cookieThreshold)
    {
        final Peer peer = new Peer(transport);
        peer.handshakes = new EdgeHandshakes(credentials, trust, namespace, FixedRandoms.seeded(transport), () -> nowMs,
            peer, peer, cookieThreshold);
        peers.add(peer);
        return peer;
    }

    /**
     * Delivers messages (and the answers they cause) until none is left.
     *
     * @return how many were delivered.
     */
    int pump(final long nowNs)
    {
        int delivered = 0;
        while (!inFlight.isEmpty())
        {
            deliver(inFlight.remove(), nowNs);
            delivered++;
        }
        return delivered;
    }

    void deliver(final Datagram datagram, final long nowNs)
    {
        for (final Peer peer : peers)
        {
            if (peer.transport == datagram.to)
            {
                peer.handshakes.onMessage(datagram.from, new UnsafeBuffer(datagram.bytes), 0, datagram.bytes.length, nowNs);
            }
        }
    }

    /** One node: sender and listener. */
    final class Peer implements HandshakeSender, HandshakeListener
    {
        final long transport;
        final List<Session> sessions = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final List<byte[]> sent = new ArrayList<>();
        EdgeHandshakes handshakes;
        int nextIndex = 100;
        boolean indexesExhausted;

        Peer(final long transport)
        {
            this.transport = transport;
        }

        @Override
        public void sendHandshake(final long to, final byte[] message, final int length)
        {
            final byte[] copy = Arrays.copyOf(message, length);
            sent.add(copy);
            inFlight.add(new Datagram(transport, to, copy));
        }

        @Override
        public int allocateIndex()
        {
            return indexesExhausted ? -1 : nextIndex++;
        }

        @Override
        public void onEstablished(final long peerTransport, final int localIndex, final int peerIndex,
            final NodeCertificate peer, final byte[] sendKey, final byte[] receiveKey, final boolean initiator)
        {
            sessions.add(new Session(peerTransport, localIndex, peerIndex, peer, sendKey, receiveKey, initiator));
        }

        @Override
        public void onFailed(final long peerTransport, final int localIndex, final String reason)
        {
            failures.add(localIndex + ": " + reason);
        }

        long count(final HandshakeCounter counter)
        {
            return handshakes.counter(counter);
        }
    }

    static SecureRandom random()
    {
        return new SecureRandom();
    }
}
