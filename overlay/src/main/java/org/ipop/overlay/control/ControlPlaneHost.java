package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionListener;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.link.LinkAttempt;
import org.ipop.overlay.link.LinkHost;

/**
 * The wiring between the roles of a {@link ControlPlane}: the host of the overlords and the liveness monitor
 * ({@link OverlordHost}), the host of the {@link org.ipop.overlay.link.Linker} ({@link LinkHost}) and the listener
 * of the {@link ConnectionTable}. Each method forwards to the role that owns the behaviour. The roles that call
 * each other (edges close connections, losing a near neighbour makes the near overlord search, which sends edge
 * and connect-to messages) are built one after another and bound here once with {@link #bind}, before any
 * input. Control-plane thread only.
 */
final class ControlPlaneHost implements OverlordHost, LinkHost, ConnectionListener
{
    private final InputState state;
    private final ControlSender sender;
    private final DeterministicRandom random;
    private final ObservedTransports observed;
    private final ExtensionRegistry extensions;
    private final ControlCounters counters;
    private final DataPlaneCommands dataPlane;
    private ConnectionTable table;
    private EdgeMessenger edges;
    private ConnectToHandler connectTo;
    private NearOverlord near;
    private BootstrapOverlord bootstrap;

    ControlPlaneHost(
        final InputState state, final ControlSender sender, final DeterministicRandom random,
        final ObservedTransports observed, final ExtensionRegistry extensions, final ControlCounters counters,
        final DataPlaneCommands dataPlane)
    {
        this.state = state;
        this.sender = sender;
        this.random = random;
        this.observed = observed;
        this.extensions = extensions;
        this.counters = counters;
        this.dataPlane = dataPlane;
    }

    /**
     * Binds the roles built after this host; called once by the {@link ControlPlane} constructor.
     */
    void bind(
        final ConnectionTable table, final EdgeMessenger edges, final ConnectToHandler connectTo,
        final NearOverlord near, final BootstrapOverlord bootstrap)
    {
        this.table = table;
        this.edges = edges;
        this.connectTo = connectTo;
        this.near = near;
        this.bootstrap = bootstrap;
    }

    // ---------------------------------------------------------------------------------------- OverlordHost

    @Override
    public long nowNs()
    {
        return state.nowNs();
    }

    @Override
    public long nextToken()
    {
        return random.nextToken();
    }

    @Override
    public void sendEdge(final long dst, final int type, final long token, final Address exclude)
    {
        edges.sendEdge(dst, type, token, exclude);
    }

    @Override
    public void close(final Connection c, final boolean notifyPeer)
    {
        edges.close(c, notifyPeer);
    }

    @Override
    public boolean placed()
    {
        return near.placed();
    }

    @Override
    public PendingCtm sendCtm(
        final int mode, final Address destination, final int types, final PendingCtm resend, final Connection via)
    {
        return connectTo.send(mode, destination, types, resend, via);
    }

    @Override
    public boolean ctmPendingTo(final Address destination)
    {
        return connectTo.pendingTo(destination);
    }

    // -------------------------------------------------------------------------------------------- LinkHost

    @Override
    public MutableDirectBuffer sendBuffer()
    {
        return sender.sendBuffer();
    }

    @Override
    public void send(final long dst, final int length)
    {
        sender.send(dst, length);
    }

    @Override
    public int writeNeighbours(final MutableDirectBuffer buffer, final int offset, final Address exclude)
    {
        return edges.writeNeighbours(buffer, offset, exclude);
    }

    @Override
    public int writeTransports(final MutableDirectBuffer buffer, final int offset)
    {
        return observed.writeTransports(buffer, offset);
    }

    @Override
    public void onNeighbours(final DirectBuffer buffer, final int[] offsets, final int count)
    {
        near.considerNeighbours(buffer, offsets, count);
    }

    @Override
    public void onObservedAddress(final long observedTransport, final Address reporter)
    {
        observed.record(observedTransport, reporter);
    }

    @Override
    public void onLinked(final Connection connection, final boolean initiator)
    {
        if (initiator && connection.createdNs() == state.nowNs())
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
    public boolean leaving()
    {
        return state.hasLeft();
    }

    // ---------------------------------------------------------------------------------- ConnectionListener

    @Override
    public void onConnectionAdded(final Connection c)
    {
        counters.increment(ControlCounter.CONNECTIONS_ADDED);
        dataPlane.edgeUp(c.peer(), TransportAddress.ip(c.transport()), TransportAddress.port(c.transport()), c.types());
        if (table.size() == 1)
        {
            near.searchSoon();
        }
        extensions.onConnectionsChanged();
    }

    @Override
    public void onConnectionTypesChanged(final Connection c)
    {
        dataPlane.edgeUp(c.peer(), TransportAddress.ip(c.transport()), TransportAddress.port(c.transport()), c.types());
        extensions.onConnectionsChanged();
    }

    @Override
    public void onConnectionRemoved(final Connection c)
    {
        counters.increment(ControlCounter.CONNECTIONS_REMOVED);
        dataPlane.edgeDown(c.peer());
        extensions.onConnectionsChanged();
    }
}
