package org.ipop.overlay.vnet;

import static org.ipop.overlay.service.TestFrames.HOST_MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.Engine;
import org.ipop.engine.EngineContext;
import org.ipop.engine.ThreadingMode;
import org.ipop.engine.control.EngineProxy;
import org.ipop.engine.testkit.GeneratingDatagramEndpoint;
import org.ipop.engine.testkit.GeneratingFrameDevice;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.TapServices;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.TestFrames;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.DhcpOption;
import org.ipop.overlay.service.dhcp.LeaseCallback;
import org.ipop.overlay.service.dhcp.LeaseProvider;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real frames from a TAP through a real engine (INVOKER mode, generated devices) whose punt rules the
 * {@link ServicePuntRules} installed, its event ring, the {@link EngineEventDispatcher} and the {@link TapServices}:
 * the node answers DHCP and DNS at its own service addresses, and a DNS query to a server on another virtual host
 * leaves for that host like any other frame.
 */
class ServicePuntRulesTest
{
    private static final int HOST_IP = Ipv4Address.parse("10.128.0.23");
    private static final int VIP_B = Ipv4Address.parse("10.128.0.42");
    private static final int DNS_IP = Ipv4Address.parse("10.128.0.53");
    private static final int EDGE_B = Ipv4Address.parse("192.168.7.2");
    private static final int EDGE_B_PORT = 15000;
    private static final int PEER_B = 2;
    private static final Address SELF = Address.of(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L, 0x9999_0000);
    private static final Address NODE_B = Address.of(0x7111_2222_3333_4444L, 0x5555_6666_7777_8888L, 0x9999_0000);

    @TempDir
    File dir;

    TapServicesContext context;
    GeneratingFrameDevice tap;
    GeneratingDatagramEndpoint udp;
    Engine engine;
    EngineProxy proxy;
    TapServices services;
    EngineEventDispatcher dispatcher;

    @BeforeEach
    void setUp()
    {
        context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24).dnsIp(DNS_IP).conclude();
        final byte[] queryToB = TestFrames.udpFrame(HOST_MAC, 0x02_00_00_00_00_42L, HOST_IP, VIP_B, 40000, 53,
            TestFrames.dnsQuery(1, "example.com", 1));
        final byte[] queryToNode = TestFrames.udpFrame(HOST_MAC, context.virtualMac(), HOST_IP, DNS_IP, 40001, 53,
            TestFrames.dnsQuery(2, "b.ipop", 1));
        final byte[] discover = TestFrames.dhcpFrame(HOST_MAC, TestFrames.dhcp(DhcpOption.DISCOVER, 3, HOST_MAC, 0, 0));
        tap = new GeneratingFrameDevice(queryToB, queryToNode, discover).readLimit(0);
        udp = new GeneratingDatagramEndpoint();
        engine = Engine.launch(new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(udp)
            .threadingMode(ThreadingMode.INVOKER)
            .countersFile(new File(dir, "counters.dat")));
        proxy = engine.proxy();
        assertTrue(proxy.setLocalNode(new UnsafeBuffer(SELF.toBytes()), 0));
        assertTrue(proxy.addPeer(PEER_B, new UnsafeBuffer(NODE_B.toBytes()), 0));
        assertTrue(proxy.setEdge(PEER_B, EDGE_B, EDGE_B_PORT, 0));
        assertTrue(proxy.setRoute(VIP_B, PEER_B));

        services = new TapServices(context, new GrantingLeases(), (name, callback) -> callback.onResolved(VIP_B),
            ip -> VirtualIpResolver.UNKNOWN, proxy::writeTapFrame);
        // no resolver: every frame of this test is either routed or addressed to the services
        dispatcher = new EngineEventDispatcher(engine.eventPoller(), services,
            new VipRoutes(proxy, new PeerIds(proxy), null, SELF), context.gatewayIp(), context.dnsIp(), null);
    }

    @AfterEach
    void tearDown()
    {
        services.close();
        engine.close();
    }

    @Test
    void shouldForwardADnsQueryToAnotherVirtualHostAndAnswerTheNodesOwn()
    {
        final ServicePuntRules rules = new ServicePuntRules(proxy, services.udpEndpoints());
        assertEquals(3, rules.doWork(), "DHCP at the broadcast and the gateway, DNS at the DNS address");
        assertTrue(rules.allQueued());
        assertEquals(0, rules.doWork());
        engine.invoker().invoke();
        assertEquals(3, engine.context().puntTable().count());
        tap.readLimit(3);
        engine.invoker().invoke();
        dispatcher.poll(null, 10);
        engine.invoker().invoke();

        assertEquals(1, udp.datagramsSent(), "the query to B's DNS server left for B");
        assertEquals(EDGE_B, udp.lastSentAddress());
        assertEquals(EDGE_B_PORT, udp.lastSentPort());

        assertEquals(2, services.counters().get(ServiceCounter.FRAMES_IN), "only the services' own frames punted");
        assertEquals(1, services.counters().get(ServiceCounter.DNS_HANDLED));
        assertEquals(1, services.counters().get(ServiceCounter.DHCP_HANDLED));
        assertEquals(0, services.counters().get(ServiceCounter.UNHANDLED));
        assertEquals(2, tap.framesWritten(), "a DNS answer and a DHCP offer");
    }

    @Test
    void shouldGoOnOfferingRulesWhenTheEngineRefusedThem()
    {
        while (proxy.removeMember(PEER_B))
        {
            // fill the command ring and then the proxy's backlog with the smallest command: no punt rule fits
        }
        final ServicePuntRules rules = new ServicePuntRules(proxy, services.udpEndpoints());
        assertEquals(0, rules.doWork());
        assertFalse(rules.allQueued());
        engine.invoker().invoke();
        while (!rules.allQueued())
        {
            rules.doWork();
            engine.invoker().invoke();
        }
        while (proxy.hasBackloggedCommands() || engine.context().commandRing().size() > 0)
        {
            proxy.flushCommands();
            engine.invoker().invoke();
        }
        assertEquals(3, engine.context().puntTable().count());
    }

    private static final class GrantingLeases implements LeaseProvider
    {
        @Override
        public void requestLease(final long clientMac, final int requestedIp, final String hostname, final LeaseCallback callback)
        {
            callback.onLeaseGranted(HOST_IP, 600);
        }

        @Override
        public void release(final long clientMac, final int ip)
        {
        }

        @Override
        public void decline(final long clientMac, final int ip)
        {
        }
    }
}
