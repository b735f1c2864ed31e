package org.ipop.overlay.node;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionListener;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.link.LinkAttempt;
import org.ipop.overlay.link.LinkHost;
import org.ipop.overlay.link.Linker;
import org.ipop.overlay.link.RttEstimator;
import org.ipop.overlay.routing.RouteDecision;
import org.ipop.overlay.routing.Router;
import org.ipop.overlay.routing.RoutingMode;
import org.ipop.overlay.wire.EdgeMessageFlyweight;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.LinkReplyFlyweight;
import org.ipop.overlay.wire.LinkRequestFlyweight;
import org.ipop.overlay.wire.NeighbourEntries;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.security.MessageDigest;
import java.util.ArrayList;

/**
 * The control plane of one node: a deterministic state machine whose only inputs are
 * {@link #onControlFrame}, {@link #onTimer}, and the commands {@link #onTrafficSample}, {@link #onProbe},
 * {@link #onLeave} and {@link #onExtensionCommand}. Each input carries its time; each is appended to the {@link InputJournal} before it is
 * applied; randomness comes only from a generator seeded by the journaled configuration. Outputs go through
 * the {@link ControlTransport} and {@link DataPlaneCommands} ports.
 * <p>
 * What it does on each timer tick (Brunet's heartbeat): resends link requests, pings edges silent for the
 * idle time and closes those that do not answer, bootstraps when alone, sends connect-to messages to find its
 * place on the ring (annealing toward its own address) and to check it (successor and predecessor searches),
 * keeps two near neighbours per side and trims extra ones, keeps ~log2 N Symphony shortcuts, sends status to
 * its nearest neighbours, and keeps or drops on-demand shortcuts by traffic.
 * <p>
 * Extension point (the DHT): a {@link ControlPlaneExtension} attached with {@link #attach} owns a routed payload
 * type; it gets the routed messages of that type delivered here, its journaled commands, the tick and connection
 * changes, sends with {@link #sendRouted}, and is part of the {@link StateDigest}.
 * <p>
 * Single-threaded: every method is called on the control-plane thread. Malformed input is dropped and counted,
 * never thrown.
 */
public final class ControlPlane implements LinkHost, ConnectionListener
{
    private static final int CTM_MAX_SENDS = 3;

    private final NodeConfig config;
    private final Address self;
    private final ControlTransport transport;
    private final DataPlaneCommands dataPlane;
    private final InputJournal journal;
    private final DeterministicRandom random;
    private final ConnectionTable table;
    private final Router router;
    private final RttEstimator rtt;
    private final Linker linker;
    private final ControlCounters counters = new ControlCounters();
    private final LivenessMonitor liveness;
    private final BootstrapOverlord bootstrap;
    private final NearOverlord near;
    private final ShortcutOverlord shortcuts;
    private final OnDemandOverlord onDemand;

    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_LENGTH]);
    private final UnsafeBuffer rxBuffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_LENGTH]);
    private final LinkRequestFlyweight linkRequest = new LinkRequestFlyweight();
    private final LinkReplyFlyweight linkReply = new LinkReplyFlyweight();
    private final EdgeMessageFlyweight edgeMessage = new EdgeMessageFlyweight();
    private final RoutedFlyweight routed = new RoutedFlyweight();
    private final int[] neighbourOffsets = new int[NeighbourEntries.MAX_NEIGHBOURS];
    private final long[] oneTransport = new long[NeighbourEntries.MAX_TRANSPORTS];

    private final Long2ObjectHashMap<PendingCtm> pendingCtms = new Long2ObjectHashMap<>();
    private final ArrayList<PendingCtm> pendingCtmList = new ArrayList<>();
    private final long[] learned = new long[NeighbourEntries.MAX_TRANSPORTS - 1];
    private final int[] learnedReports = new int[NeighbourEntries.MAX_TRANSPORTS - 1];
    private int learnedCount;

    private long nowNs;
    private long outboundHash = 1;
    private boolean left;
    private long lastProbeToken;
    private int lastProbeHops = -1;
    private int arrivedHops;
    private final ArrayList<ControlPlaneExtension> extensions = new ArrayList<>(2);
    private final UnsafeBuffer extensionSendBuffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_LENGTH]);
    private final RoutedFlyweight extensionRouted = new RoutedFlyweight();

    /**
     * Creates the control plane and journals its configuration (seed included) as the first record.
     *
     * @param config    settings; concluded here.
     * @param transport port for sending control frames.
     * @param dataPlane port for data-plane commands.
     * @param journal   where inputs are appended before they are applied.
     */
    public ControlPlane(
        final NodeConfig config, final ControlTransport transport, final DataPlaneCommands dataPlane,
        final InputJournal journal)
    {
        this.config = config.conclude();
        this.self = config.address();
        this.transport = transport;
        this.dataPlane = dataPlane;
        this.journal = journal;
        this.random = new DeterministicRandom(config.seed());
        this.table = new ConnectionTable(self, this);
        this.router = new Router(table);
        this.rtt = new RttEstimator(config.rttInitialNs(), config.rttMinNs(), config.rttMaxNs());
        this.linker = new Linker(
            config.realm(), table, this, rtt, config.maxSends(), config.edgeTimeoutNs(), config.maxConnections());
        this.liveness = new LivenessMonitor(this);
        this.bootstrap = new BootstrapOverlord(this, random);
        this.near = new NearOverlord(this, random);
        this.shortcuts = new ShortcutOverlord(this, random);
        this.onDemand = new OnDemandOverlord(this, dataPlane);
        journal.start(config);
    }

    // ---------------------------------------------------------------------------------------------- inputs

    /**
     * Input: a control frame received from a transport address.
     *
     * @param srcIp   source IPv4 address.
     * @param srcPort source port.
     * @param timeNs  receive time (journaled clock).
     * @param buffer  frame; read only during the call.
     * @param offset  frame offset.
     * @param length  frame length.
     */
    public void onControlFrame(
        final int srcIp, final int srcPort, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        journal.frame(timeNs, srcIp, srcPort, buffer, offset, length);
        advance(timeNs);
        counters.increment(ControlCounters.FRAMES_IN);
        if (left)
        {
            counters.increment(ControlCounters.DROP_LEFT);
            return;
        }
        final long src = TransportAddress.pack(srcIp, srcPort);
        final int type = FrameHeader.type(buffer, offset, length);
        switch (type)
        {
            case -1:
                counters.increment(ControlCounters.DROP_HEADER);
                break;
            case FrameHeader.TYPE_LINK_REQUEST:
                if (linkRequest.wrap(buffer, offset, length))
                {
                    linker.onRequest(src, linkRequest, nowNs);
                }
                else
                {
                    counters.increment(ControlCounters.DROP_MALFORMED);
                }
                break;
            case FrameHeader.TYPE_LINK_REPLY:
                if (!linkReply.wrap(buffer, offset, length))
                {
                    counters.increment(ControlCounters.DROP_MALFORMED);
                }
                else if (!linker.onReply(src, linkReply, nowNs))
                {
                    counters.increment(ControlCounters.DROP_UNMATCHED);
                }
                break;
            case FrameHeader.TYPE_PING:
            case FrameHeader.TYPE_PONG:
            case FrameHeader.TYPE_CLOSE:
            case FrameHeader.TYPE_STATUS:
                if (edgeMessage.wrap(buffer, offset, length))
                {
                    onEdgeMessage(type, src);
                }
                else
                {
                    counters.increment(ControlCounters.DROP_MALFORMED);
                }
                break;
            case FrameHeader.TYPE_ROUTED:
                onRouted(src, buffer, offset, length);
                break;
            default:
                counters.increment(ControlCounters.DROP_UNKNOWN_TYPE);
                break;
        }
    }

    /**
     * Input: a timer tick. The agent calls it every {@link NodeConfig#tickNs()}.
     *
     * @param timeNs tick time (journaled clock).
     */
    public void onTimer(final long timeNs)
    {
        journal.timer(timeNs);
        advance(timeNs);
        if (left)
        {
            return;
        }
        linker.onTimer(nowNs);
        liveness.onTick();
        bootstrap.bootstrapIfAlone();
        near.onTick();
        shortcuts.onTick();
        bootstrap.checkRing();
        onDemand.onTick();
        expireCtms();
        for (int i = 0; i < extensions.size(); i++)
        {
            extensions.get(i).onTick(nowNs);
        }
    }

    /**
     * Command: the data plane counted {@code packets} packets for {@code destination} since its last sample.
     * Sets the destination's next hop and, when traffic is high, makes an on-demand shortcut.
     *
     * @param timeNs      command time.
     * @param destination overlay destination.
     * @param packets     packets counted.
     */
    public void onTrafficSample(final long timeNs, final Address destination, final long packets)
    {
        journal.traffic(timeNs, destination, packets);
        advance(timeNs);
        if (left || destination.equals(self))
        {
            return;
        }
        onDemand.onSample(destination, packets);
    }

    /**
     * Command: route a probe to {@code destination}; nodes count probes delivered to them.
     *
     * @param timeNs      command time.
     * @param mode        a {@link RoutingMode}.
     * @param destination destination address.
     * @param param       mode parameter (signed steps for directional).
     */
    public void onProbe(final long timeNs, final int mode, final Address destination, final int param)
    {
        journal.probe(timeNs, mode, destination, param);
        advance(timeNs);
        if (left)
        {
            return;
        }
        final int length = RoutedFlyweight.writeHeader(
            sendBuffer, 0, mode, ttl(), param, self, destination, RoutedFlyweight.PAYLOAD_PROBE, random.nextLong(), 0,
            0, 0);
        originate(mode, destination, param, length);
    }

    /**
     * Command: leave the overlay, closing every connection.
     *
     * @param timeNs command time.
     */
    public void onLeave(final long timeNs)
    {
        journal.leave(timeNs);
        advance(timeNs);
        if (left)
        {
            return;
        }
        left = true;
        for (int i = table.size() - 1; i >= 0; i--)
        {
            close(table.get(i), true);
        }
    }

    /**
     * Computes the state digest and journals it as a checkpoint.
     *
     * @param timeNs time of the checkpoint.
     * @return the digest.
     */
    public byte[] checkpoint(final long timeNs)
    {
        final byte[] digest = StateDigest.compute(this);
        journal.checkpoint(timeNs, digest);
        return digest;
    }

    // ------------------------------------------------------------------------------------------- accessors

    /** @return the settings. */
    public NodeConfig config()
    {
        return config;
    }

    /** @return the overlay address. */
    public Address address()
    {
        return self;
    }

    /** @return the connection table (read only outside the control plane). */
    public ConnectionTable table()
    {
        return table;
    }

    /** @return the router over this node's table. */
    public Router router()
    {
        return router;
    }

    /** @return the linker. */
    public Linker linker()
    {
        return linker;
    }

    /** @return counters. */
    public ControlCounters counters()
    {
        return counters;
    }

    /** @return time of the latest input. */
    public long nowNs()
    {
        return nowNs;
    }

    /** @return true after {@link #onLeave}. */
    public boolean hasLeft()
    {
        return left;
    }

    /** @return true once a link other than a bootstrap (leaf) link has been made. */
    public boolean ringLinked()
    {
        return near.ringLinked();
    }

    /** @return true if the nearest connections on both sides carry the near type. */
    public boolean placed()
    {
        return table.size() > 0 && (table.right(0).types() & ConnectionType.NEAR) != 0 &&
            (table.left(0).types() & ConnectionType.NEAR) != 0;
    }

    /** @return the random generator's state. */
    public long randomState()
    {
        return random.state();
    }

    /** @return running hash of every frame sent. */
    public long outboundHash()
    {
        return outboundHash;
    }

    /** @return pending connect-to tokens in send order. */
    public long[] pendingCtmTokens()
    {
        final long[] t = new long[pendingCtmList.size()];
        for (int i = 0; i < t.length; i++)
        {
            t[i] = pendingCtmList.get(i).token;
        }
        return t;
    }

    /** @return learned public transport addresses. */
    public long[] learnedAddresses()
    {
        final long[] r = new long[learnedCount];
        System.arraycopy(learned, 0, r, 0, learnedCount);
        return r;
    }

    /** @return hops of the latest probe delivered here, or -1. */
    public int lastProbeHops()
    {
        return lastProbeHops;
    }

    /** @return token of the latest probe delivered here. */
    public long lastProbeToken()
    {
        return lastProbeToken;
    }

    /** @return the adaptive request timeout. */
    public long requestTimeoutNs()
    {
        return rtt.timeoutNs();
    }

    /** @return log2 of the network size estimated from the spacing of the near neighbours. */
    public double estimatedLog2Size()
    {
        return shortcuts.estimatedLog2Size();
    }

    /** @return shortcuts this node keeps at its current size estimate. */
    public int shortcutTarget()
    {
        return shortcuts.target();
    }

    // ------------------------------------------------------------------------------------------- edge msgs

    private void onEdgeMessage(final int type, final long src)
    {
        final Connection c = table.byTransport(src);
        if (c == null || !c.peer().equals(edgeMessage.sender()))
        {
            if (type == FrameHeader.TYPE_PING && !linker.linking(edgeMessage.sender()))
            {
                sendEdge(src, FrameHeader.TYPE_CLOSE, 0, null);
            }
            counters.increment(ControlCounters.DROP_NOT_CONNECTED);
            return;
        }
        switch (type)
        {
            case FrameHeader.TYPE_PING:
                c.heard(nowNs);
                sendEdge(src, FrameHeader.TYPE_PONG, edgeMessage.token(), null);
                break;
            case FrameHeader.TYPE_PONG:
                if (c.pingToken() != 0 && c.pingToken() == edgeMessage.token() && c.pingSends() == 1)
                {
                    rtt.sample(nowNs - c.pingSentNs());
                }
                c.heard(nowNs);
                break;
            case FrameHeader.TYPE_CLOSE:
                close(c, false);
                break;
            default:
                c.heard(nowNs);
                final int n = edgeMessage.neighbourCount();
                for (int i = 0; i < n; i++)
                {
                    neighbourOffsets[i] = edgeMessage.neighbourOffset(i);
                }
                onNeighbours(edgeMessage.buffer(), neighbourOffsets, n);
                break;
        }
    }

    void sendEdge(final long dst, final int type, final long token, final Address exclude)
    {
        final int n = type == FrameHeader.TYPE_STATUS ?
            writeNeighbours(sendBuffer, EdgeMessageFlyweight.ENTRIES_OFFSET, exclude) : 0;
        EdgeMessageFlyweight.writeHeader(sendBuffer, 0, type, token, self, n);
        send(dst, EdgeMessageFlyweight.ENTRIES_OFFSET + n * NeighbourEntries.NEIGHBOUR_LENGTH);
    }

    // ---------------------------------------------------------------------------------------------- routed

    private void onRouted(final long src, final DirectBuffer buffer, final int offset, final int length)
    {
        final Connection arrival = table.byTransport(src);
        if (arrival == null)
        {
            counters.increment(ControlCounters.DROP_NOT_CONNECTED);
            return;
        }
        rxBuffer.putBytes(0, buffer, offset, length);
        if (!routed.wrap(rxBuffer, 0, length) || !RoutingMode.isValid(routed.mode()))
        {
            counters.increment(ControlCounters.DROP_MALFORMED);
            return;
        }
        arrival.heard(nowNs);
        if (routed.ttl() == 0)
        {
            counters.increment(ControlCounters.DROP_TTL);
            return;
        }
        arrivedHops = routed.hops() + 1;
        final RouteDecision d =
            router.route(routed.mode(), routed.destination(), routed.param(), routed.flags(), routed.source(), arrival);
        final boolean deliver = d.deliver();
        final Connection next = d.next();
        if (next != null)
        {
            routed.rewrite(routed.ttl() - 1, routed.hops() + 1, d.nextFlags(), d.nextParam());
            sendFrom(rxBuffer, next.transport(), length);
            counters.increment(ControlCounters.ROUTED_FORWARDED);
        }
        if (deliver)
        {
            counters.increment(ControlCounters.ROUTED_DELIVERED);
            onDelivered();
        }
        else if (next == null)
        {
            counters.increment(ControlCounters.DROP_NO_ROUTE);
        }
    }

    private void onDelivered()
    {
        final Address source = routed.source();
        switch (routed.payloadType())
        {
            case RoutedFlyweight.PAYLOAD_PROBE:
                counters.increment(ControlCounters.PROBES_DELIVERED);
                lastProbeHops = arrivedHops;
                lastProbeToken = routed.token();
                break;
            case RoutedFlyweight.PAYLOAD_CTM_REQUEST:
            {
                if (source.equals(self))
                {
                    return;
                }
                final int types = routed.connectionTypes() & ConnectionType.ALL;
                final int n = Math.min(routed.transportCount(), oneTransport.length);
                for (int i = 0; i < n; i++)
                {
                    oneTransport[i] = routed.transport(i);
                }
                final long token = routed.token();
                linker.link(oneTransport, n, source, types, nowNs);
                final int t = writeTransports(sendBuffer, RoutedFlyweight.ENTRIES_OFFSET);
                final int nOff = RoutedFlyweight.ENTRIES_OFFSET + t * NeighbourEntries.TRANSPORT_LENGTH;
                final int nb = writeNeighbours(sendBuffer, nOff, source);
                RoutedFlyweight.writeHeader(sendBuffer, 0, RoutingMode.EXACT, ttl(), 0, self, source,
                    RoutedFlyweight.PAYLOAD_CTM_REPLY, token, types, t, nb);
                originate(RoutingMode.EXACT, source, 0, nOff + nb * NeighbourEntries.NEIGHBOUR_LENGTH);
                break;
            }
            case RoutedFlyweight.PAYLOAD_CTM_REPLY:
            {
                final PendingCtm p = pendingCtms.remove(routed.token());
                if (p != null)
                {
                    pendingCtmList.remove(p);
                    shortcuts.onCtmDone(p.token);
                }
                final int n = Math.min(routed.transportCount(), oneTransport.length);
                for (int i = 0; i < n; i++)
                {
                    oneTransport[i] = routed.transport(i);
                }
                linker.link(oneTransport, n, source, routed.connectionTypes() & ConnectionType.ALL, nowNs);
                final int nb = routed.neighbourCount();
                for (int i = 0; i < nb; i++)
                {
                    neighbourOffsets[i] = routed.neighbourOffset(i);
                }
                onNeighbours(routed.buffer(), neighbourOffsets, nb);
                break;
            }
            default:
                final ControlPlaneExtension extension = extension(routed.payloadType());
                if (extension != null)
                {
                    extension.onDelivered(routed);
                }
                else
                {
                    counters.increment(ControlCounters.DROP_UNKNOWN_TYPE);
                }
                break;
        }
    }

    private void originate(final int mode, final Address destination, final int param, final int length)
    {
        final RouteDecision d = router.route(mode, destination, param, 0, self, null);
        final Connection next = d.next();
        if (next != null)
        {
            routed.wrap(sendBuffer, 0, length);
            routed.rewrite(ttl(), 0, d.nextFlags(), d.nextParam());
            send(next.transport(), length);
        }
        else if (d.deliver())
        {
            routed.wrap(sendBuffer, 0, length);
            if (routed.payloadType() == RoutedFlyweight.PAYLOAD_PROBE)
            {
                counters.increment(ControlCounters.PROBES_DELIVERED);
                lastProbeHops = 0;
                lastProbeToken = routed.token();
            }
        }
        else
        {
            counters.increment(ControlCounters.DROP_NO_ROUTE);
        }
    }

    /**
     * Sends (or resends) a connect-to request.
     *
     * @param mode        routing mode.
     * @param destination destination.
     * @param types       connection types asked for.
     * @param resend      the pending request to resend, or null for a new one.
     * @param via         first hop forced through this connection, or null to route from here.
     * @return the pending request.
     */
    PendingCtm sendCtm(
        final int mode, final Address destination, final int types, final PendingCtm resend, final Connection via)
    {
        final PendingCtm p = resend != null ? resend : new PendingCtm(nextToken(), mode, destination, types);
        final int t = writeTransports(sendBuffer, RoutedFlyweight.ENTRIES_OFFSET);
        RoutedFlyweight.writeHeader(sendBuffer, 0, mode, ttl(), 0, self, destination,
            RoutedFlyweight.PAYLOAD_CTM_REQUEST, p.token, types, t, 0);
        final int length = RoutedFlyweight.ENTRIES_OFFSET + t * NeighbourEntries.TRANSPORT_LENGTH;
        if (via != null)
        {
            send(via.transport(), length);
        }
        else
        {
            originate(mode, destination, 0, length);
        }
        counters.increment(ControlCounters.CTM_SENT);
        p.sends++;
        p.deadlineNs = nowNs + 4 * rtt.timeoutNs() * p.sends;
        if (resend == null)
        {
            pendingCtms.put(p.token, p);
            pendingCtmList.add(p);
        }
        return p;
    }

    /**
     * @param destination a destination.
     * @return true if a connect-to toward it awaits its reply.
     */
    boolean ctmPendingTo(final Address destination)
    {
        for (int i = 0; i < pendingCtmList.size(); i++)
        {
            if (pendingCtmList.get(i).destination.equals(destination))
            {
                return true;
            }
        }
        return false;
    }

    /** @return the shared round-trip estimator. */
    RttEstimator rtt()
    {
        return rtt;
    }

    private void expireCtms()
    {
        for (int i = pendingCtmList.size() - 1; i >= 0; i--)
        {
            final PendingCtm p = pendingCtmList.get(i);
            if (nowNs < p.deadlineNs)
            {
                continue;
            }
            if (p.sends >= CTM_MAX_SENDS || table.size() == 0)
            {
                pendingCtmList.remove(i);
                pendingCtms.remove(p.token);
                shortcuts.onCtmDone(p.token);
            }
            else
            {
                sendCtm(p.mode, p.destination, p.types, p, null);
            }
        }
    }

    private int ttl()
    {
        return RoutingMode.defaultTtl(Math.pow(2, estimatedLog2Size()));
    }

    // -------------------------------------------------------------------------------------------- overlords








    /**
     * Closes a connection, telling the peer if asked; losing one of the nearest neighbours schedules a search.
     *
     * @param c          the connection.
     * @param notifyPeer send a close frame first.
     */
    void close(final Connection c, final boolean notifyPeer)
    {
        final boolean wasNear = table.placesAway(c) < config.nearPerSide();
        if (notifyPeer)
        {
            sendEdge(c.transport(), FrameHeader.TYPE_CLOSE, 0, null);
        }
        table.remove(c);
        linker.cancel(c.peer());
        if (wasNear && !left)
        {
            near.searchSoon();
        }
    }


    // -------------------------------------------------------------------------------------------- LinkHost

    @Override
    public MutableDirectBuffer sendBuffer()
    {
        return sendBuffer;
    }

    @Override
    public void send(final long dst, final int length)
    {
        sendFrom(sendBuffer, dst, length);
    }

    private void sendFrom(final UnsafeBuffer buffer, final long dst, final int length)
    {
        long h = outboundHash * 31 + dst;
        for (int i = 0; i < length; i++)
        {
            h = h * 31 + buffer.getByte(i);
        }
        outboundHash = h;
        counters.increment(ControlCounters.FRAMES_OUT);
        if (!transport.sendControl(TransportAddress.ip(dst), TransportAddress.port(dst), buffer, 0, length))
        {
            counters.increment(ControlCounters.SEND_FAILED);
        }
    }

    @Override
    public int writeNeighbours(final MutableDirectBuffer buffer, final int offset, final Address exclude)
    {
        int n = 0;
        final int per = config.nearPerSide();
        final int size = table.size();
        for (int k = 0; k < per && k < size; k++)
        {
            for (int side = 0; side < 2; side++)
            {
                final Connection c = side == 0 ? table.right(k) : table.left(k);
                if (c.peer().equals(exclude) || alreadyListed(buffer, offset, n, c.peer()))
                {
                    continue;
                }
                NeighbourEntries.putNeighbour(buffer, offset + n * NeighbourEntries.NEIGHBOUR_LENGTH, c.peer(),
                    c.transport());
                n++;
            }
        }
        return n;
    }

    private static boolean alreadyListed(final DirectBuffer buffer, final int offset, final int n, final Address a)
    {
        for (int i = 0; i < n; i++)
        {
            if (NeighbourEntries.neighbourAddress(buffer, offset + i * NeighbourEntries.NEIGHBOUR_LENGTH).equals(a))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public int writeTransports(final MutableDirectBuffer buffer, final int offset)
    {
        NeighbourEntries.putTransport(buffer, offset, config.localTransport());
        for (int i = 0; i < learnedCount; i++)
        {
            NeighbourEntries.putTransport(buffer, offset + (i + 1) * NeighbourEntries.TRANSPORT_LENGTH, learned[i]);
        }
        return 1 + learnedCount;
    }

    @Override
    public void onNeighbours(final DirectBuffer buffer, final int[] offsets, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            near.considerNeighbour(
                NeighbourEntries.neighbourAddress(buffer, offsets[i]),
                NeighbourEntries.neighbourTransport(buffer, offsets[i]));
        }
    }

    @Override
    public void onObservedAddress(final long observed, final Address reporter)
    {
        if (observed == config.localTransport())
        {
            return;
        }
        for (int i = 0; i < learnedCount; i++)
        {
            if (learned[i] == observed)
            {
                learnedReports[i]++;
                return;
            }
        }
        if (learnedCount < learned.length)
        {
            learned[learnedCount] = observed;
            learnedReports[learnedCount] = 1;
            learnedCount++;
        }
    }

    @Override
    public void onLinked(final Connection connection, final boolean initiator)
    {
        if (initiator && connection.createdNs() == nowNs)
        {
            connection.initiatedHere(true);
        }
        near.onLinked(connection);
        bootstrap.onLinked(connection, initiator);
    }

    @Override
    public void onLinkFailed(final LinkAttempt attempt, final int status)
    {
        bootstrap.onLinkFailed();
    }

    @Override
    public long nextToken()
    {
        long t;
        do
        {
            t = random.nextLong();
        }
        while (t == 0);
        return t;
    }

    @Override
    public boolean leaving()
    {
        return left;
    }

    // ---------------------------------------------------------------------------------- ConnectionListener

    @Override
    public void onConnectionAdded(final Connection c)
    {
        counters.increment(ControlCounters.CONNECTIONS_ADDED);
        dataPlane.edgeUp(c.peer(), TransportAddress.ip(c.transport()), TransportAddress.port(c.transport()), c.types());
        if (table.size() == 1)
        {
            near.searchSoon();
        }
        connectionsChanged();
    }

    @Override
    public void onConnectionTypesChanged(final Connection c)
    {
        dataPlane.edgeUp(c.peer(), TransportAddress.ip(c.transport()), TransportAddress.port(c.transport()), c.types());
        connectionsChanged();
    }

    @Override
    public void onConnectionRemoved(final Connection c)
    {
        counters.increment(ControlCounters.CONNECTIONS_REMOVED);
        dataPlane.edgeDown(c.peer());
        connectionsChanged();
    }

    // ------------------------------------------------------------------------------------ extension point

    /** {@link #sendRouted} result: the message left on a connection. */
    public static final int ROUTED_SENT = 1;
    /** {@link #sendRouted} result: this node is the destination; nothing was sent, the caller handles it. */
    public static final int ROUTED_LOCAL = 0;
    /** {@link #sendRouted} result: no connection leads toward the destination (counted as no-route). */
    public static final int ROUTED_NO_ROUTE = -1;

    /**
     * Registers an extension (the DHT) for its routed payload type and journals its configuration, so that a
     * replay attaches the same extension before the next input. Call right after construction, before inputs.
     *
     * @param extension the extension; one per payload type.
     * @param config    the extension's encoded configuration (journaled; read only during the call).
     * @param offset    of the configuration.
     * @param length    of the configuration.
     */
    public void attach(
        final ControlPlaneExtension extension, final DirectBuffer config, final int offset, final int length)
    {
        final int type = extension.payloadType();
        if (type < RoutedFlyweight.FIRST_EXTENSION_PAYLOAD || type > 255 || extension(type) != null)
        {
            throw new IllegalArgumentException("payload type taken or reserved: " + type);
        }
        journal.attach(nowNs, type, config, offset, length);
        extensions.add(extension);
    }

    /**
     * Input: a command for the extension owning {@code payloadType} (e.g. a DHT put requested by a local
     * service). Journaled before it is applied; ignored if no such extension is attached.
     *
     * @param timeNs      command time (journaled clock; earlier times are taken as the latest input's time).
     * @param payloadType the extension's payload type.
     * @param buffer      the command; read only during the call.
     * @param offset      of the command.
     * @param length      of the command.
     */
    public void onExtensionCommand(
        final long timeNs, final int payloadType, final DirectBuffer buffer, final int offset, final int length)
    {
        journal.command(timeNs, payloadType, buffer, offset, length);
        advance(timeNs);
        final ControlPlaneExtension extension = extension(payloadType);
        if (extension != null)
        {
            extension.onCommand(buffer, offset, length);
        }
    }

    /**
     * Routes a message with an extension payload from this node. Call only while an input is being applied.
     *
     * @param mode        a {@link RoutingMode} (greedy, exact, annealing...).
     * @param destination destination address.
     * @param payloadType the extension's payload type.
     * @param token       token written in the routed header.
     * @param body        bytes written from {@link RoutedFlyweight#EXTENSION_BODY_OFFSET}.
     * @param offset      of the body.
     * @param length      of the body; the frame must fit {@link FrameHeader#MAX_FRAME_LENGTH}.
     * @return {@link #ROUTED_SENT}, {@link #ROUTED_LOCAL} or {@link #ROUTED_NO_ROUTE}.
     */
    public int sendRouted(
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
            counters.increment(ControlCounters.DROP_NO_ROUTE);
            return ROUTED_NO_ROUTE;
        }
        RoutedFlyweight.writeHeader(extensionSendBuffer, 0, mode, ttl(), 0, self, destination, payloadType, token, 0,
            0, 0);
        extensionSendBuffer.putBytes(RoutedFlyweight.EXTENSION_BODY_OFFSET, body, offset, length);
        extensionRouted.wrap(extensionSendBuffer, 0, frameLength);
        extensionRouted.rewrite(ttl(), 0, d.nextFlags(), d.nextParam());
        sendFrom(extensionSendBuffer, next.transport(), frameLength);
        return ROUTED_SENT;
    }

    /**
     * Adds the attached extensions' state to a digest ({@link StateDigest}).
     *
     * @param digest the digest being computed.
     */
    public void digestExtensions(final MessageDigest digest)
    {
        for (int i = 0; i < extensions.size(); i++)
        {
            extensions.get(i).digest(digest);
        }
    }

    /**
     * @param payloadType a routed payload type.
     * @return the extension attached for it, or null.
     */
    public ControlPlaneExtension extension(final int payloadType)
    {
        for (int i = 0; i < extensions.size(); i++)
        {
            if (extensions.get(i).payloadType() == payloadType)
            {
                return extensions.get(i);
            }
        }
        return null;
    }

    private void connectionsChanged()
    {
        for (int i = 0; i < extensions.size(); i++)
        {
            extensions.get(i).onConnectionsChanged();
        }
    }

    private void advance(final long timeNs)
    {
        if (timeNs > nowNs)
        {
            nowNs = timeNs;
        }
    }
}
