package org.ipop.overlay.service;

import java.util.List;

import org.agrona.DirectBuffer;
import org.ipop.overlay.service.arp.ProxyArpResponder;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.DhcpMessageFlyweight;
import org.ipop.overlay.service.dhcp.DhcpResponder;
import org.ipop.overlay.service.dhcp.LeaseProvider;
import org.ipop.overlay.service.dns.DnsForwarder;
import org.ipop.overlay.service.dns.DnsHeaderFlyweight;
import org.ipop.overlay.service.dns.DnsResponder;
import org.ipop.overlay.service.dns.NameResolver;
import org.ipop.overlay.service.frame.EthernetFlyweight;
import org.ipop.overlay.service.frame.FrameSink;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.ipop.overlay.service.frame.Ipv4Flyweight;
import org.ipop.overlay.service.frame.UdpFlyweight;
import org.ipop.overlay.service.icmp.IcmpEchoResponder;

/**
 * Entry point of the services the node answers on its TAP. Classifies a frame the data plane punted and
 * hands it to the right service:
 * <ul>
 *   <li>ARP: proxy ARP;</li>
 *   <li>IPv4/UDP to port 67 of the limited broadcast address (clients without an address) or of the virtual
 *   gateway (the server identifier: renewals, releases, informs): DHCP;</li>
 *   <li>IPv4/UDP to the virtual DNS address, port 53: DNS (names outside the domain forwarded to the
 *   context's upstreams, if any, through a {@link DnsForwarder});</li>
 *   <li>IPv4/ICMP to the virtual gateway or DNS address: ICMP echo;</li>
 *   <li>anything else well formed: counted as {@link ServiceCounter#UNHANDLED}.</li>
 * </ul>
 * Every frame is counted exactly once: {@code FRAMES_IN == ARP_HANDLED + DHCP_HANDLED + DNS_HANDLED +
 * ICMP_HANDLED + UNHANDLED + totalDrops()}. The source MAC and IP of every valid IPv4 frame (and the sender of every
 * valid ARP packet) feed the {@link HostAddressTable}. No exception escapes for any input bytes.
 * <p>
 * The UDP destinations of the list above are {@link #udpEndpoints()}: the node's data plane punts exactly those
 * to the services and forwards every other datagram, so a DNS server on another virtual host stays reachable.
 * <p>
 * Thread: the control-plane thread only: {@link #onFrame}, {@link #doWork()} and every callback of the
 * {@link LeaseProvider} and {@link NameResolver}. Buffer ownership: frames are only read during
 * {@code onFrame}; replies are written to the {@link FrameSink} from buffers owned by the services.
 * {@link #close()} releases the DNS forwarding socket, if any.
 */
public final class TapServices implements AutoCloseable
{
    private final TapServicesContext context;
    private final ServiceCounters counters;
    private final HostAddressTable hostAddresses;
    private final DhcpResponder dhcp;
    private final DnsResponder dns;
    private final DnsForwarder dnsForwarder;
    private final ProxyArpResponder arp;
    private final IcmpEchoResponder icmp;
    private final EthernetFlyweight ethernet = new EthernetFlyweight();
    private final Ipv4Flyweight ipv4 = new Ipv4Flyweight();
    private final UdpFlyweight udp = new UdpFlyweight();
    private final List<UdpServiceEndpoint> udpEndpoints;

    /**
     * Services counting in private memory.
     *
     * @param context       settings; concluded here.
     * @param leaseProvider addresses for DHCP.
     * @param nameResolver  hostnames for DNS.
     * @param ipResolver    remote virtual IPs for proxy ARP.
     * @param sink          the host side of the TAP.
     */
    public TapServices(
        final TapServicesContext context,
        final LeaseProvider leaseProvider,
        final NameResolver nameResolver,
        final VirtualIpResolver ipResolver,
        final FrameSink sink)
    {
        this(context, leaseProvider, nameResolver, ipResolver, sink, new ServiceCounters());
    }

    /**
     * Services counting where the caller allocated their counters (in the node's counters file).
     *
     * @param context       settings; concluded here.
     * @param leaseProvider addresses for DHCP.
     * @param nameResolver  hostnames for DNS.
     * @param ipResolver    remote virtual IPs for proxy ARP.
     * @param sink          the host side of the TAP.
     * @param counters      where the services count, owned by them from now on.
     */
    public TapServices(
        final TapServicesContext context,
        final LeaseProvider leaseProvider,
        final NameResolver nameResolver,
        final VirtualIpResolver ipResolver,
        final FrameSink sink,
        final ServiceCounters counters)
    {
        this.counters = counters;
        this.context = context.conclude();
        final TapWriter writer = new TapWriter(sink, counters);
        this.hostAddresses = new HostAddressTable(context, counters);
        this.dhcp = new DhcpResponder(context, leaseProvider, writer, counters, hostAddresses);
        this.dnsForwarder = context.dnsUpstreams().isEmpty() ? null : new DnsForwarder(context, writer, counters);
        this.dns = new DnsResponder(context, nameResolver, writer, counters, dnsForwarder);
        this.arp = new ProxyArpResponder(context, ipResolver, writer, counters, hostAddresses);
        this.icmp = new IcmpEchoResponder(context, writer, counters);
        this.udpEndpoints = List.of(
            new UdpServiceEndpoint(UdpServiceEndpoint.Service.DHCP, Ipv4Address.LIMITED_BROADCAST,
                DhcpMessageFlyweight.SERVER_PORT),
            new UdpServiceEndpoint(UdpServiceEndpoint.Service.DHCP, context.gatewayIp(), DhcpMessageFlyweight.SERVER_PORT),
            new UdpServiceEndpoint(UdpServiceEndpoint.Service.DNS, context.dnsIp(), DnsHeaderFlyweight.PORT));
    }

    /**
     * @return the UDP destinations the services answer (immutable); a datagram to any other destination is
     * counted {@link ServiceCounter#UNHANDLED}.
     */
    public List<UdpServiceEndpoint> udpEndpoints()
    {
        return udpEndpoints;
    }

    /**
     * Handles one Ethernet frame read from the TAP (no FCS).
     *
     * @param buffer holding the frame; read only during the call.
     * @param offset of the frame.
     * @param length of the frame.
     */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.increment(ServiceCounter.FRAMES_IN);
        if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            counters.drop(DropReason.FRAME_OUT_OF_BOUNDS);
            return;
        }
        ethernet.wrap(buffer, offset, length);
        final DropReason ethernetResult = ethernet.validate();
        if (ethernetResult != DropReason.NONE)
        {
            counters.drop(ethernetResult);
            return;
        }
        final long sourceMac = ethernet.source();
        switch (ethernet.etherType())
        {
            case EthernetFlyweight.ETHER_TYPE_ARP:
                account(arp.onArp(buffer, ethernet.payloadOffset(), ethernet.payloadLength()),
                    ServiceCounter.ARP_HANDLED);
                break;

            case EthernetFlyweight.ETHER_TYPE_IPV4:
                onIpv4(buffer, sourceMac);
                break;

            default:
                counters.increment(ServiceCounter.UNHANDLED);
                break;
        }
    }

    /**
     * Expires pending DHCP transactions and DNS queries and polls the DNS forwarding socket; call once per
     * control-plane duty cycle. Never blocks.
     *
     * @return number of entries expired plus upstream datagrams read.
     */
    public int doWork()
    {
        final long now = context.nanoClock().nanoTime();
        final int forwarded = dnsForwarder == null ? 0 : dnsForwarder.doWork(now);
        return dhcp.expirePending(now) + dns.expirePending(now) + forwarded;
    }

    /**
     * @return the DNS forwarder, or null when no upstream is configured.
     */
    public DnsForwarder dnsForwarder()
    {
        return dnsForwarder;
    }

    /**
     * Closes the DNS forwarding socket, if any. Idempotent.
     */
    @Override
    public void close()
    {
        if (dnsForwarder != null)
        {
            dnsForwarder.close();
        }
    }

    /**
     * @return the counters (live, not a copy).
     */
    public ServiceCounters counters()
    {
        return counters;
    }

    /**
     * @return what has been learned about the host.
     */
    public HostAddressTable hostAddresses()
    {
        return hostAddresses;
    }

    /**
     * @return the DHCP responder.
     */
    public DhcpResponder dhcp()
    {
        return dhcp;
    }

    /**
     * @return the DNS responder.
     */
    public DnsResponder dns()
    {
        return dns;
    }

    private void onIpv4(final DirectBuffer buffer, final long sourceMac)
    {
        ipv4.wrap(buffer, ethernet.payloadOffset(), ethernet.payloadLength());
        final DropReason ipResult = ipv4.validate();
        if (ipResult != DropReason.NONE)
        {
            counters.drop(ipResult);
            return;
        }
        final int sourceIp = ipv4.source();
        hostAddresses.learn(sourceMac, sourceIp);
        final int protocol = ipv4.protocol();
        if (protocol == Ipv4Flyweight.PROTOCOL_ICMP &&
            (ipv4.destination() == context.gatewayIp() || ipv4.destination() == context.dnsIp()))
        {
            account(icmp.onIcmp(buffer, ipv4.payloadOffset(), ipv4.payloadLength(), sourceMac, sourceIp,
                ipv4.destination()), ServiceCounter.ICMP_HANDLED);
            return;
        }
        if (protocol != Ipv4Flyweight.PROTOCOL_UDP)
        {
            counters.increment(ServiceCounter.UNHANDLED);
            return;
        }
        udp.wrap(buffer, ipv4.payloadOffset(), ipv4.payloadLength());
        final DropReason udpResult = udp.validate();
        if (udpResult != DropReason.NONE)
        {
            counters.drop(udpResult);
            return;
        }
        final int destinationIp = ipv4.destination();
        final UdpServiceEndpoint endpoint = udpEndpoint(destinationIp, udp.destinationPort());
        if (endpoint == null)
        {
            counters.increment(ServiceCounter.UNHANDLED);
            return;
        }
        if (context.verifyUdpChecksums() && !udp.isChecksumValid(sourceIp, destinationIp))
        {
            counters.drop(DropReason.UDP_BAD_CHECKSUM);
            return;
        }
        if (endpoint.service() == UdpServiceEndpoint.Service.DHCP)
        {
            account(dhcp.onMessage(buffer, udp.payloadOffset(), udp.payloadLength()), ServiceCounter.DHCP_HANDLED);
        }
        else
        {
            account(dns.onQuery(buffer, udp.payloadOffset(), udp.payloadLength(), sourceMac, sourceIp,
                udp.sourcePort()), ServiceCounter.DNS_HANDLED);
        }
    }

    private UdpServiceEndpoint udpEndpoint(final int destinationIp, final int port)
    {
        for (int i = 0, size = udpEndpoints.size(); i < size; i++)
        {
            final UdpServiceEndpoint endpoint = udpEndpoints.get(i);
            if (endpoint.ipv4() == destinationIp && endpoint.port() == port)
            {
                return endpoint;
            }
        }
        return null;
    }

    private void account(final DropReason result, final ServiceCounter handled)
    {
        if (result == DropReason.NONE)
        {
            counters.increment(handled);
        }
        else
        {
            counters.drop(result);
        }
    }
}
