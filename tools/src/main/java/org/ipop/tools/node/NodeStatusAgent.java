package org.ipop.tools.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.security.HandshakeCounter;
import org.ipop.overlay.vnet.RevocationWatcher;
import org.ipop.overlay.vnet.SecureChannels;
import org.ipop.overlay.vnet.EngineEventDispatcher;
import org.ipop.overlay.vnet.MemberDirectory;
import org.ipop.overlay.vnet.NodeLeases;
import org.ipop.overlay.vnet.VipRoutes;
import org.ipop.overlay.namespace.IpopNamespace;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.service.frame.Ipv4Address;

/**
 * Writes the node's status file once a second from the control-plane thread (so it reads the state
 * machine without locks): address, virtual IP, ring neighbours, connections with type and path, routes,
 * the DHT records known (own lease, cached virtual-IP owners) and counters. The file is replaced atomically and
 * lives in a directory only the node's owner can read; the lab harness reads it (see
 * {@link NodeRuntime#statusFile}). {@link #render()} also answers {@code ipop status} over the admin channel.
 */
final class NodeStatusAgent implements Agent
{
    private static final long INTERVAL_NS = 1_000_000_000L;

    private final ControlPlane plane;
    private final NodeLeases leases;
    private final IpopNamespace ipop;
    private final VipRoutes routes;
    private final MemberDirectory members;
    private final EngineEventDispatcher dispatcher;
    private final NodeCounters counters;
    private final NanoClock clock;
    private final Path file;
    private final Path temp;
    private final String header;
    private final SecureChannels secure;
    private final RevocationWatcher revocations;
    private long nextNs;

    NodeStatusAgent(
        final ControlPlane plane,
        final NodeLeases leases,
        final IpopNamespace ipop,
        final VipRoutes routes,
        final MemberDirectory members,
        final EngineEventDispatcher dispatcher,
        final NodeCounters counters,
        final NanoClock clock,
        final Path file,
        final String header,
        final SecureChannels secure,
        final RevocationWatcher revocations)
    {
        this.secure = secure;
        this.revocations = revocations;
        this.plane = plane;
        this.leases = leases;
        this.ipop = ipop;
        this.routes = routes;
        this.members = members;
        this.dispatcher = dispatcher;
        this.counters = counters;
        this.clock = clock;
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.header = header;
    }

    @Override
    public int doWork()
    {
        final long now = clock.nanoTime();
        if (now - nextNs < 0)
        {
            return 0;
        }
        nextNs = now + INTERVAL_NS;
        try
        {
            Files.writeString(temp, render(), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return 1;
    }

    private void renderSecurity(final StringBuilder out)
    {
        if (secure == null)
        {
            out.append("security plaintext\n");
            return;
        }
        out.append("security certificates\n");
        out.append("sessions ").append(secure.activeSessions()).append('\n');
        out.append("counter sessions-established ").append(secure.sessionsEstablished()).append('\n');
        out.append("counter sessions-retired ").append(secure.sessionsRetired()).append('\n');
        if (revocations != null)
        {
            out.append("counter revocations-applied ").append(revocations.applied()).append('\n');
            out.append("counter revocations-invalid ").append(revocations.invalid()).append('\n');
        }
        for (final SecureChannels.Refusal refusal : SecureChannels.Refusal.values())
        {
            out.append("counter control-refused-").append(dashed(refusal.name())).append(' ')
                .append(secure.refused(refusal)).append('\n');
        }
        for (final HandshakeCounter counter : HandshakeCounter.values())
        {
            out.append("counter handshake-").append(dashed(counter.name())).append(' ')
                .append(secure.handshakes().counter(counter)).append('\n');
        }
    }

    private static String dashed(final String name)
    {
        return name.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** @return when the status file is next written. */
    long nextDeadlineNs()
    {
        return nextNs;
    }

    String render()
    {
        final StringBuilder out = new StringBuilder(2048);
        out.append(header);
        out.append("address ").append(plane.address()).append('\n');
        out.append("vip ").append(leases.selfVip() == 0 ? "none" : Ipv4Address.toString(leases.selfVip())).append('\n');
        out.append("hostname ").append(leases.selfHostname().isEmpty() ? "-" : leases.selfHostname()).append('\n');
        out.append("placed ").append(plane.placed()).append('\n');
        out.append("ring-left ").append(neighbour(plane.table().left(0))).append('\n');
        out.append("ring-right ").append(neighbour(plane.table().right(0))).append('\n');
        out.append("connections ").append(plane.table().size()).append('\n');
        for (int i = 0; i < plane.table().size(); i++)
        {
            final Connection c = plane.table().get(i);
            out.append("connection ").append(c.peer().shortString())
                .append(" types=").append(types(c.types()))
                .append(" transport=").append(TransportAddress.toString(c.transport()))
                .append(" path=direct vip=").append(vipOf(c.peer())).append('\n');
        }
        if (leases.selfVip() != 0)
        {
            out.append("record ").append(Ipv4Address.toString(leases.selfVip())).append(' ').append(plane.address().shortString())
                .append(" name=").append(leases.selfHostname().isEmpty() ? "-" : leases.selfHostname())
                .append(" path=self\n");
        }
        ipop.addresses().forEachCached((vip, node) ->
        {
            if (!node.equals(plane.address()))
            {
                out.append("record ").append(Ipv4Address.toString(vip)).append(' ').append(node.shortString())
                    .append(" name=- path=").append(path(node)).append('\n');
            }
        });
        for (final Map.Entry<Integer, Address> r : routes.routes().entrySet())
        {
            out.append("route ").append(Ipv4Address.toString(r.getKey())).append(' ').append(r.getValue().shortString())
                .append(" path=").append(path(r.getValue())).append('\n');
        }
        out.append("members ").append(members.members().size());
        members.members().forEach(m -> out.append(' ').append(m.shortString()));
        out.append('\n');
        renderSecurity(out);
        out.append("counter control-frames-in ").append(dispatcher.controlFrames()).append('\n');
        out.append("counter tap-frames-punted ").append(dispatcher.tapFrames()).append('\n');
        out.append("counter no-route-frames ").append(dispatcher.noRouteFrames()).append('\n');
        out.append("counter source-unverified-frames ").append(dispatcher.peerFrames()).append('\n');
        out.append("counter source-verified ").append(routes.sourceVerified()).append('\n');
        out.append("counter source-spoofed-dropped ").append(routes.sourceSpoofed()).append('\n');
        out.append("counter source-unknown-dropped ").append(routes.sourceUnknown()).append('\n');
        out.append("counter source-held-dropped ").append(routes.sourceHeldDropped()).append('\n');
        out.append("counter dhcp-leases-granted ").append(leases.dht().granted()).append('\n');
        out.append("counter dhcp-lease-conflicts ").append(leases.dht().conflicts()).append('\n');
        out.append("counter dhcp-leases-lost ").append(leases.dht().lost()).append('\n');
        out.append("counter vip-lookups ").append(ipop.addresses().lookups()).append('\n');
        // the families in the counters file, read by type id; names are the labels with dashes
        // (overlay-frames-in, dht-ops-started, service-dns-forwarded, service-drop-dns-truncated)
        counters.forEachOverlayCounter((descriptor, value) ->
            out.append("counter ").append(descriptor.label().replace(' ', '-')).append(' ').append(value).append('\n'));
        return out.toString();
    }

    private String neighbour(final Connection c)
    {
        return c == null ? "-" : c.peer().shortString() + " vip=" + vipOf(c.peer());
    }

    private String vipOf(final Address node)
    {
        final String[] found = {"-"};
        ipop.addresses().forEachCached((vip, owner) ->
        {
            if (owner.equals(node))
            {
                found[0] = Ipv4Address.toString(vip);
            }
        });
        return found[0];
    }

    private String path(final Address node)
    {
        if (plane.table().get(node) != null)
        {
            return "direct";
        }
        final Connection via = plane.router().greedyNextHop(node, null);
        return via == null ? "none" : "via-" + via.peer().shortString();
    }

    private static String types(final int types)
    {
        final StringBuilder s = new StringBuilder();
        if ((types & ConnectionType.LEAF) != 0)
        {
            s.append("leaf,");
        }
        if ((types & ConnectionType.NEAR) != 0)
        {
            s.append("near,");
        }
        if ((types & ConnectionType.SHORTCUT) != 0)
        {
            s.append("shortcut,");
        }
        if ((types & ConnectionType.ON_DEMAND) != 0)
        {
            s.append("on-demand,");
        }
        return s.length() == 0 ? "none" : s.substring(0, s.length() - 1);
    }

    @Override
    public String roleName()
    {
        return "ipop-status";
    }
}
