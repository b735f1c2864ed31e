package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.link.Linker;
import org.ipop.overlay.link.RttEstimator;
import org.ipop.overlay.routing.Router;
import org.ipop.overlay.routing.RoutingMode;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.security.MessageDigest;

/**
 * The control plane of one node: a deterministic state machine whose only inputs are
 * {@link #onControlFrame}, {@link #onTimer}, and the commands {@link #onTrafficSample}, {@link #onProbe},
 * {@link #onLeave} and {@link #onExtensionCommand}. Each input carries its time; each is appended to the
 * {@link InputJournal} before it is applied; randomness comes only from a generator seeded by the journaled
 * configuration. Outputs go through the {@link ControlTransport} and {@link DataPlaneCommands} ports.
 * <p>
 * What it does on each timer tick (Brunet's heartbeat): resends link requests, pings edges silent for the
 * idle time and closes those that do not answer, bootstraps when alone, sends connect-to messages to find its
 * place on the ring (annealing toward its own address) and to check it (successor and predecessor searches),
 * keeps two near neighbours per side and trims extra ones, keeps ~log2 N Symphony shortcuts, sends status to
 * its nearest neighbours, and keeps or drops on-demand shortcuts by traffic.
 * <p>
 * This class assembles the roles and is the face the rest of the node sees; the work is done by:
 * <ul>
 *     <li>{@link ControlInputDispatcher}: journals every input and dispatches it (frames on type, ticks in order);</li>
 *     <li>{@link EdgeMessenger}: ping, pong, close and status on an edge;</li>
 *     <li>{@link RoutedForwarder}: forwards, delivers and originates routed messages (probes included);</li>
 *     <li>{@link ConnectToHandler}: connect-to requests and replies, and the requests awaiting a reply;</li>
 *     <li>{@link ObservedTransports}: the addresses peers report seeing this node at;</li>
 *     <li>{@link ExtensionRegistry}: the attached {@link ControlPlaneExtension}s;</li>
 *     <li>the overlords ({@link NearOverlord}, {@link ShortcutOverlord}, {@link OnDemandOverlord},
 *     {@link BootstrapOverlord}) and the {@link LivenessMonitor}, which see it through {@link OverlordHost};</li>
 *     <li>{@link ControlSender}: every frame out, counted and hashed.</li>
 * </ul>
 * <p>
 * Extension point (the DHT): a {@link ControlPlaneExtension} attached with {@link #attach} owns a routed payload
 * type; it gets the routed messages of that type delivered here, its journaled commands, the tick and connection
 * changes, sends with {@link #sendRouted}, and is part of the {@link StateDigest}.
 * <p>
 * Single-threaded: every method is called on the control-plane thread. Malformed input is dropped and counted,
 * never thrown.
 */
public final class ControlPlane
{
    /** {@link #sendRouted} result: the message left on a connection. */
    public static final int ROUTED_SENT = RoutedForwarder.ROUTED_SENT;
    /** {@link #sendRouted} result: this node is the destination; nothing was sent, the caller handles it. */
    public static final int ROUTED_LOCAL = RoutedForwarder.ROUTED_LOCAL;
    /** {@link #sendRouted} result: no connection leads toward the destination (counted as no-route). */
    public static final int ROUTED_NO_ROUTE = RoutedForwarder.ROUTED_NO_ROUTE;

    private final NodeConfig config;
    private final Address self;
    private final ControlCounters counters;
    private final InputState state = new InputState();
    private final DeterministicRandom random;
    private final ControlSender sender;
    private final ObservedTransports observed;
    private final ExtensionRegistry extensions = new ExtensionRegistry();
    private final ConnectionTable table;
    private final Router router;
    private final RttEstimator rtt;
    private final Linker linker;
    private final NearOverlord near;
    private final ShortcutOverlord shortcuts;
    private final RoutedForwarder forwarder;
    private final ConnectToHandler connectTo;
    private final ControlInputDispatcher inputs;

    /**
     * Creates the control plane, counting in private memory, and journals its configuration (seed included) as
     * the first record.
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
        this(config, transport, dataPlane, journal, new ControlCounters());
    }

    /**
     * Creates the control plane with counters allocated by the caller (in the node's counters file) and
     * journals its configuration (seed included) as the first record.
     *
     * @param config    settings; concluded here.
     * @param transport port for sending control frames.
     * @param dataPlane port for data-plane commands.
     * @param journal   where inputs are appended before they are applied.
     * @param counters  where the control plane counts, owned by it from now on.
     */
    public ControlPlane(
        final NodeConfig config, final ControlTransport transport, final DataPlaneCommands dataPlane,
        final InputJournal journal, final ControlCounters counters)
    {
        this.counters = counters;
        this.config = config.conclude();
        this.self = config.address();
        this.random = new DeterministicRandom(config.seed());
        this.sender = new ControlSender(transport, counters);
        this.observed = new ObservedTransports(config.localTransport());
        final ControlPlaneHost host =
            new ControlPlaneHost(state, sender, random, observed, extensions, counters, dataPlane);
        this.table = new ConnectionTable(self, host);
        this.router = new Router(table);
        this.rtt = new RttEstimator(config.rttInitialNs(), config.rttMinNs(), config.rttMaxNs());
        this.linker = new Linker(
            config.realm(), table, host, rtt, config.maxSends(), config.edgeTimeoutNs(), config.maxConnections());
        final LivenessMonitor liveness = new LivenessMonitor(host, table, config, counters, rtt);
        final BootstrapOverlord bootstrap = new BootstrapOverlord(host, table, linker, config, random);
        this.near = new NearOverlord(host, table, linker, config, random);
        this.shortcuts = new ShortcutOverlord(host, table, config, random);
        final OnDemandOverlord onDemand = new OnDemandOverlord(host, table, linker, router, config, dataPlane);
        final EdgeMessenger edges = new EdgeMessenger(config, table, linker, rtt, counters, sender, state, near);
        this.forwarder = new RoutedForwarder(self, table, router, counters, sender, state, random, shortcuts);
        this.connectTo = new ConnectToHandler(
            self, table, linker, rtt, counters, sender, state, random, observed, edges, forwarder, near, shortcuts);
        host.bind(table, edges, connectTo, near, bootstrap);
        this.inputs = new ControlInputDispatcher(journal, state, counters, self, table, linker, liveness, bootstrap,
            near, shortcuts, onDemand, edges, forwarder, connectTo, extensions);
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
        inputs.onControlFrame(srcIp, srcPort, timeNs, buffer, offset, length);
    }

    /**
     * Input: a timer tick. The agent calls it every {@link NodeConfig#tickNs()}.
     *
     * @param timeNs tick time (journaled clock).
     */
    public void onTimer(final long timeNs)
    {
        inputs.onTimer(timeNs);
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
        inputs.onTrafficSample(timeNs, destination, packets);
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
        inputs.onProbe(timeNs, mode, destination, param);
    }

    /**
     * Command: leave the overlay, closing every connection.
     *
     * @param timeNs command time.
     */
    public void onLeave(final long timeNs)
    {
        inputs.onLeave(timeNs);
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
        inputs.checkpoint(timeNs, digest);
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

    /** @return the transports peers report seeing this node at (read only outside the control plane). */
    public ObservedTransports observedTransports()
    {
        return observed;
    }

    /** @return time of the latest input. */
    public long nowNs()
    {
        return state.nowNs();
    }

    /** @return true after {@link #onLeave}. */
    public boolean hasLeft()
    {
        return state.hasLeft();
    }

    /** @return true once a link other than a bootstrap (leaf) link has been made. */
    public boolean ringLinked()
    {
        return near.ringLinked();
    }

    /** @return true if the nearest connections on both sides carry the near type. */
    public boolean placed()
    {
        return near.placed();
    }

    /** @return a fresh non-zero token from the journaled random generator (call only while applying an input). */
    public long nextToken()
    {
        return random.nextToken();
    }

    /** @return the random generator's state. */
    public long randomState()
    {
        return random.state();
    }

    /** @return running hash of every frame sent. */
    public long outboundHash()
    {
        return sender.outboundHash();
    }

    /** @return pending connect-to tokens in send order. */
    public long[] pendingCtmTokens()
    {
        return connectTo.pendingTokens();
    }

    /** @return learned public transport addresses ({@link ObservedTransports#toArray()}). */
    public long[] learnedAddresses()
    {
        return observed.toArray();
    }

    /** @return hops of the latest probe delivered here, or -1. */
    public int lastProbeHops()
    {
        return forwarder.lastProbeHops();
    }

    /** @return token of the latest probe delivered here. */
    public long lastProbeToken()
    {
        return forwarder.lastProbeToken();
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

    // ------------------------------------------------------------------------------------ extension point

    /**
     * Registers an extension (the DHT) for its routed payload type and journals its configuration, so that a
     * replay attaches the same extension before the next input. Call right after construction, before inputs.
     *
     * @param extension the extension; one per payload type.
     * @param config    the extension's encoded configuration (journaled; read only during the call).
     * @param offset    of the configuration.
     * @param length    of the configuration.
     * @throws IllegalArgumentException if the payload type is reserved or taken.
     */
    public void attach(
        final ControlPlaneExtension extension, final DirectBuffer config, final int offset, final int length)
    {
        inputs.attach(extension, config, offset, length);
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
        inputs.onExtensionCommand(timeNs, payloadType, buffer, offset, length);
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
        return forwarder.sendRouted(mode, destination, payloadType, token, body, offset, length);
    }

    /**
     * Adds the attached extensions' state to a digest ({@link StateDigest}).
     *
     * @param digest the digest being computed.
     */
    public void digestExtensions(final MessageDigest digest)
    {
        extensions.digest(digest);
    }

    /**
     * @param payloadType a routed payload type.
     * @return the extension attached for it, or null.
     */
    public ControlPlaneExtension extension(final int payloadType)
    {
        return extensions.extension(payloadType);
    }
}
