package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.link.Linker;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.LinkReplyFlyweight;
import org.ipop.overlay.wire.LinkRequestFlyweight;
import org.ipop.overlay.wire.RoutedFlyweight;

/**
 * Every input of a {@link ControlPlane} comes in here: control frames from the engine, timer ticks, and the
 * commands (traffic samples, probes, leave, extension attachments and commands). Each is appended to the
 * {@link InputJournal} first, then the clock advances to its time, then it is dispatched to the role that owns
 * it: frames on their type, routed messages delivered here on their payload type, ticks to every role in a
 * fixed order. That order, with the journal, is what makes a replay reach the same state bit for bit.
 * Control-plane thread only; malformed input is dropped and counted, never thrown; allocates nothing.
 */
final class ControlInputDispatcher
{
    private final InputJournal journal;
    private final InputState state;
    private final ControlCounters counters;
    private final Address self;
    private final ConnectionTable table;
    private final Linker linker;
    private final LivenessMonitor liveness;
    private final BootstrapOverlord bootstrap;
    private final NearOverlord near;
    private final ShortcutOverlord shortcuts;
    private final OnDemandOverlord onDemand;
    private final EdgeMessenger edges;
    private final RoutedForwarder forwarder;
    private final ConnectToHandler connectTo;
    private final ExtensionRegistry extensions;
    private final LinkRequestFlyweight linkRequest = new LinkRequestFlyweight();
    private final LinkReplyFlyweight linkReply = new LinkReplyFlyweight();

    ControlInputDispatcher(
        final InputJournal journal, final InputState state, final ControlCounters counters, final Address self,
        final ConnectionTable table, final Linker linker, final LivenessMonitor liveness,
        final BootstrapOverlord bootstrap, final NearOverlord near, final ShortcutOverlord shortcuts,
        final OnDemandOverlord onDemand, final EdgeMessenger edges, final RoutedForwarder forwarder,
        final ConnectToHandler connectTo, final ExtensionRegistry extensions)
    {
        this.journal = journal;
        this.state = state;
        this.counters = counters;
        this.self = self;
        this.table = table;
        this.linker = linker;
        this.liveness = liveness;
        this.bootstrap = bootstrap;
        this.near = near;
        this.shortcuts = shortcuts;
        this.onDemand = onDemand;
        this.edges = edges;
        this.forwarder = forwarder;
        this.connectTo = connectTo;
        this.extensions = extensions;
    }

    /** @see ControlPlane#onControlFrame */
    void onControlFrame(
        final int srcIp, final int srcPort, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        journal.frame(timeNs, srcIp, srcPort, buffer, offset, length);
        state.advance(timeNs);
        counters.increment(ControlCounter.FRAMES_IN);
        if (state.hasLeft())
        {
            counters.increment(ControlCounter.DROP_LEFT);
            return;
        }
        final long src = TransportAddress.pack(srcIp, srcPort);
        final int type = FrameHeader.type(buffer, offset, length);
        switch (type)
        {
            case -1:
                counters.increment(ControlCounter.DROP_HEADER);
                break;
            case FrameHeader.TYPE_LINK_REQUEST:
                if (linkRequest.wrap(buffer, offset, length))
                {
                    linker.onRequest(src, linkRequest, state.nowNs());
                }
                else
                {
                    counters.increment(ControlCounter.DROP_MALFORMED);
                }
                break;
            case FrameHeader.TYPE_LINK_REPLY:
                if (!linkReply.wrap(buffer, offset, length))
                {
                    counters.increment(ControlCounter.DROP_MALFORMED);
                }
                else if (!linker.onReply(src, linkReply, state.nowNs()))
                {
                    counters.increment(ControlCounter.DROP_UNMATCHED);
                }
                break;
            case FrameHeader.TYPE_PING:
            case FrameHeader.TYPE_PONG:
            case FrameHeader.TYPE_CLOSE:
            case FrameHeader.TYPE_STATUS:
                edges.onEdgeMessage(type, src, buffer, offset, length);
                break;
            case FrameHeader.TYPE_ROUTED:
                if (forwarder.onRouted(src, buffer, offset, length))
                {
                    onDelivered(forwarder.delivered());
                }
                break;
            default:
                counters.increment(ControlCounter.DROP_UNKNOWN_TYPE);
                break;
        }
    }

    private void onDelivered(final RoutedFlyweight message)
    {
        switch (message.payloadType())
        {
            case RoutedFlyweight.PAYLOAD_PROBE:
                forwarder.onProbeDelivered();
                break;
            case RoutedFlyweight.PAYLOAD_CTM_REQUEST:
                connectTo.onRequest(message);
                break;
            case RoutedFlyweight.PAYLOAD_CTM_REPLY:
                connectTo.onReply(message);
                break;
            default:
                if (!extensions.onDelivered(message))
                {
                    counters.increment(ControlCounter.DROP_UNKNOWN_TYPE);
                }
                break;
        }
    }

    /** @see ControlPlane#onTimer */
    void onTimer(final long timeNs)
    {
        journal.timer(timeNs);
        state.advance(timeNs);
        if (state.hasLeft())
        {
            return;
        }
        final long nowNs = state.nowNs();
        linker.onTimer(nowNs);
        liveness.onTick();
        bootstrap.bootstrapIfAlone();
        near.onTick();
        shortcuts.onTick();
        bootstrap.checkRing();
        onDemand.onTick();
        connectTo.expire();
        extensions.onTick(nowNs);
    }

    /** @see ControlPlane#onTrafficSample */
    void onTrafficSample(final long timeNs, final Address destination, final long packets)
    {
        journal.traffic(timeNs, destination, packets);
        state.advance(timeNs);
        if (state.hasLeft() || destination.equals(self))
        {
            return;
        }
        onDemand.onSample(destination, packets);
    }

    /** @see ControlPlane#onProbe */
    void onProbe(final long timeNs, final int mode, final Address destination, final int param)
    {
        journal.probe(timeNs, mode, destination, param);
        state.advance(timeNs);
        if (state.hasLeft())
        {
            return;
        }
        forwarder.probe(mode, destination, param);
    }

    /** @see ControlPlane#onLeave */
    void onLeave(final long timeNs)
    {
        journal.leave(timeNs);
        state.advance(timeNs);
        if (state.hasLeft())
        {
            return;
        }
        state.leave();
        for (int i = table.size() - 1; i >= 0; i--)
        {
            edges.close(table.get(i), true);
        }
    }

    /** @see ControlPlane#attach */
    void attach(final ControlPlaneExtension extension, final DirectBuffer config, final int offset, final int length)
    {
        final int type = extension.payloadType();
        extensions.checkAvailable(type);
        journal.attach(state.nowNs(), type, config, offset, length);
        extensions.add(extension);
    }

    /** @see ControlPlane#onExtensionCommand */
    void onExtensionCommand(
        final long timeNs, final int payloadType, final DirectBuffer buffer, final int offset, final int length)
    {
        journal.command(timeNs, payloadType, buffer, offset, length);
        state.advance(timeNs);
        extensions.onCommand(payloadType, buffer, offset, length);
    }

    /**
     * Journals a state digest (an output for the replay to compare; it changes no state).
     *
     * @param timeNs time of the checkpoint.
     * @param digest the digest.
     */
    void checkpoint(final long timeNs, final byte[] digest)
    {
        journal.checkpoint(timeNs, digest);
    }
}
