package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.routing.RouteDecision;
import org.ipop.overlay.routing.Router;
import org.ipop.overlay.routing.RoutingMode;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.RoutedFlyweight;

/**
 * Routed messages through this node: forwards an arriving one to the next hop the {@link Router} picks (TTL
 * down, hops up), tells the caller when one is for this node, originates this node's own (probes, connect-to
 * messages, extension payloads) with a TTL from the network size estimate, and keeps the probe results. An
 * arriving message is copied into a receive buffer first so that the rewrite for the next hop never touches the
 * caller's buffer. Control-plane thread only; allocates nothing.
 */
final class RoutedForwarder
{
    /** {@link #sendRouted} result: the message left on a connection. */
    static final int ROUTED_SENT = 1;
    /** {@link #sendRouted} result: this node is the destination; nothing was sent. */
    static final int ROUTED_LOCAL = 0;
    /** {@link #sendRouted} result: no connection leads toward the destination (counted as no-route). */
    static final int ROUTED_NO_ROUTE = -1;

    private final Address self;
    private final ConnectionTable table;
    private final Router router;
    private final ControlCounters counters;
    private final ControlSender sender;
    private final InputState state;
    private final DeterministicRandom random;
    private final ShortcutOverlord shortcuts;
    private final UnsafeBuffer rxBuffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_LENGTH]);
    private final RoutedFlyweight routed = new RoutedFlyweight();
    private final UnsafeBuffer extensionSendBuffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_LENGTH]);
    private final RoutedFlyweight extensionRouted = new RoutedFlyweight();
    private int arrivedHops;
    private long lastProbeToken;
    private int lastProbeHops = -1;

    RoutedForwarder(
        final Address self, final ConnectionTable table, final Router router, final ControlCounters counters,
        final ControlSender sender, final InputState state, final DeterministicRandom random,
        final ShortcutOverlord shortcuts)
    {
        this.self = self;
        this.table = table;
        this.router = router;
        this.counters = counters;
        this.sender = sender;
        this.state = state;
        this.random = random;
        this.shortcuts = shortcuts;
    }

    /**
     * Input: a routed frame from a transport address. Forwards it if a next hop exists; if it is (also) for this
     * node, returns true with the message left wrapped in {@link #delivered()} (as rewritten for the next hop) for
     * the caller to dispatch on its payload type.
     *
     * @param src    packed source transport address.
     * @param buffer the frame; copied.
     * @param offset of the frame.
     * @param length of the frame.
     * @return true if the message is to be delivered here.
     */
    boolean onRouted(final long src, final DirectBuffer buffer, final int offset, final int length)
    {
        final Connection arrival = table.byTransport(src);
        if (arrival == null)
        {
            counters.increment(ControlCounter.DROP_NOT_CONNECTED);
            return false;
        }
        rxBuffer.putBytes(0, buffer, offset, length);
        if (!routed.wrap(rxBuffer, 0, length) || !RoutingMode.isValid(routed.mode()))
        {
            counters.increment(ControlCounter.DROP_MALFORMED);
            return false;
        }
        arrival.heard(state.nowNs());
        if (routed.ttl() == 0)
        {
            counters.increment(ControlCounter.DROP_TTL);
            return false;
        }
        arrivedHops = routed.hops() + 1;
        final RouteDecision d =
            router.route(routed.mode(), routed.destination(), routed.param(), routed.flags(), routed.source(), arrival);
        final boolean deliver = d.deliver();
        final Connection next = d.next();
        if (next != null)
        {
            routed.rewrite(routed.ttl() - 1, routed.hops() + 1, d.nextFlags(), d.nextParam());
            sender.sendFrom(rxBuffer, next.transport(), length);
            counters.increment(ControlCounter.ROUTED_FORWARDED);
        }
        if (deliver)
        {
            counters.increment(ControlCounter.ROUTED_DELIVERED);
            return true;
        }
        if (next == null)
        {
            counters.increment(ControlCounter.DROP_NO_ROUTE);
        }
        return false;
    }

    /** @return the message {@link #onRouted} last returned true for; valid until the next routed input. */
    RoutedFlyweight delivered()
    {
        return routed;
    }

    /** Records the delivered message as a probe that arrived here. */
    void onProbeDelivered()
    {
        counters.increment(ControlCounter.PROBES_DELIVERED);
        lastProbeHops = arrivedHops;
        lastProbeToken = routed.token();
    }

    /**
     * Originates a probe with a fresh random token.
     *
     * @param mode        a {@link RoutingMode}.
     * @param destination destination address.
     * @param param       mode parameter.
     */
    void probe(final int mode, final Address destination, final int param)
    {
        final int length = RoutedFlyweight.writeHeader(
            sender.sendBuffer(), 0, mode, ttl(), param, self, destination, RoutedFlyweight.PAYLOAD_PROBE,
            random.nextLong(), 0, 0, 0);
        originate(mode, destination, param, length);
    }

    /**
     * Sends the routed message written at offset 0 of the shared send buffer toward its destination; a probe
     * addressed to this node counts as delivered with 0 hops.
     *
     * @param mode        a {@link RoutingMode}.
     * @param destination destination address.
     * @param param       mode parameter.
     * @param length      of the message.
     */
    void originate(final int mode, final Address destination, final int param, final int length)
    {
        final RouteDecision d = router.route(mode, destination, param, 0, self, null);
        final Connection next = d.next();
        if (next != null)
        {
            routed.wrap(sender.sendBuffer(), 0, length);
            routed.rewrite(ttl(), 0, d.nextFlags(), d.nextParam());
            sender.send(next.transport(), length);
        }
        else if (d.deliver())
        {
            routed.wrap(sender.sendBuffer(), 0, length);
            if (routed.payloadType() == RoutedFlyweight.PAYLOAD_PROBE)
            {
                counters.increment(ControlCounter.PROBES_DELIVERED);
                lastProbeHops = 0;
                lastProbeToken = routed.token();
            }
        }
        else
        {
            counters.increment(ControlCounter.DROP_NO_ROUTE);
        }
    }

    /**
     * Routes a message with an extension payload from this node, from a buffer of its own (an extension may send
     * while the message delivered to it is still being read).
     *
     * @param mode        a {@link RoutingMode}.
     * @param destination destination address.
     * @param payloadType the extension's payload type.
     * @param token       token written in the routed header.
     * @param body        bytes written from {@link RoutedFlyweight#EXTENSION_BODY_OFFSET}.
     * @param offset      of the body.
     * @param length      of the body; the frame must fit {@link FrameHeader#MAX_FRAME_LENGTH}.
     * @return {@link #ROUTED_SENT}, {@link #ROUTED_LOCAL} or {@link #ROUTED_NO_ROUTE}.
     */
    int sendRouted(
        final int mode, final Address destination, final int payloadType, final long token, final DirectBuffer body,
        final int offset, final int length)
    {
        final int frameLength = RoutedFlyweight.EXTENSION_BODY_OFFSET + length;
        if (frameLength > FrameHeader.MAX_FRAME_LENGTH)
        {
            throw new IllegalArgumentException("routed frame too long: " + frameLength);
        }
        final RouteDecision d = router.route(mode, destination, 0, 0, self, null);
        final Connection next = d.next();
        if (next == null)
        {
            if (d.deliver())
            {
                return ROUTED_LOCAL;
            }
            counters.increment(ControlCounter.DROP_NO_ROUTE);
            return ROUTED_NO_ROUTE;
        }
        RoutedFlyweight.writeHeader(extensionSendBuffer, 0, mode, ttl(), 0, self, destination, payloadType, token, 0,
            0, 0);
        extensionSendBuffer.putBytes(RoutedFlyweight.EXTENSION_BODY_OFFSET, body, offset, length);
        extensionRouted.wrap(extensionSendBuffer, 0, frameLength);
        extensionRouted.rewrite(ttl(), 0, d.nextFlags(), d.nextParam());
        sender.sendFrom(extensionSendBuffer, next.transport(), frameLength);
        return ROUTED_SENT;
    }

    /** @return TTL for a message originated here, from the estimated network size. */
    int ttl()
    {
        return RoutingMode.defaultTtl(Math.pow(2, shortcuts.estimatedLog2Size()));
    }

    /** @return hops of the latest probe delivered here, or -1. */
    int lastProbeHops()
    {
        return lastProbeHops;
    }

    /** @return token of the latest probe delivered here. */
    long lastProbeToken()
    {
        return lastProbeToken;
    }
}
