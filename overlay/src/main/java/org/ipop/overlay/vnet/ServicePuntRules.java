package org.ipop.overlay.vnet;

import java.util.List;

import org.ipop.engine.control.EngineProxy;
import org.ipop.engine.control.PuntReason;
import org.ipop.engine.protocol.EthernetDescriptor;
import org.ipop.overlay.service.TapServices;
import org.ipop.overlay.service.UdpServiceEndpoint;

/**
 * Tells the engine which datagrams from the TAP belong to the node's services: one punt rule per
 * {@link TapServices#udpEndpoints() UDP endpoint} of the services (DHCP as {@link PuntReason#DHCP}, DNS as
 * {@link PuntReason#DNS}). The engine forwards every other datagram, so a DNS query to a server on another
 * virtual host reaches it. ARP, and unicast frames without a route (ICMP to the gateway among them), reach the
 * control plane without a rule.
 * <p>
 * {@link #doWork()} offers the rules not yet queued, in order, and stops at the first the proxy refuses (its
 * command ring and its backlog full: the proxy counts it lost) to go on at the next duty cycle; once all are
 * queued it does nothing. Run it on the control-plane thread, in the
 * {@link NodeGlueAgent}.
 */
public final class ServicePuntRules
{
    private final EngineProxy proxy;
    private final List<UdpServiceEndpoint> endpoints;
    private int queued;

    /**
     * @param proxy     the engine's proxy.
     * @param endpoints the services' UDP endpoints, {@link TapServices#udpEndpoints()}.
     */
    public ServicePuntRules(final EngineProxy proxy, final List<UdpServiceEndpoint> endpoints)
    {
        this.proxy = proxy;
        this.endpoints = List.copyOf(endpoints);
    }

    /**
     * Offers the rules not yet queued.
     *
     * @return rules queued by this call.
     */
    public int doWork()
    {
        final int before = queued;
        while (queued < endpoints.size())
        {
            final UdpServiceEndpoint endpoint = endpoints.get(queued);
            if (!proxy.addPuntRule(
                endpoint.ipv4(), EthernetDescriptor.IP_PROTOCOL_UDP, endpoint.port(), reason(endpoint.service())))
            {
                break;
            }
            queued++;
        }
        return queued - before;
    }

    /** @return true once every rule is queued for the engine (applied when its conductor drains them). */
    public boolean allQueued()
    {
        return queued == endpoints.size();
    }

    private static int reason(final UdpServiceEndpoint.Service service)
    {
        return switch (service)
        {
            case DHCP -> PuntReason.DHCP;
            case DNS -> PuntReason.DNS;
        };
    }
}
