package org.ipop.engine.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.control.PuntReason;
import org.ipop.engine.table.PuntTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.ipop.engine.TestFrames.*;
import static org.ipop.engine.protocol.EthernetDescriptor.IP_PROTOCOL_UDP;
import static org.junit.jupiter.api.Assertions.*;

class FrameClassifierTest
{
    static final int DNS_IP = ipv4(10, 0, 0, 53);
    static final int GATEWAY = ipv4(10, 0, 0, 1);
    static final int OTHER_HOST = ipv4(10, 0, 0, 2);

    final PuntTable rules = new PuntTable();
    final FrameClassifier classifier = new FrameClassifier(rules);

    /** The rules a node registers for its services: DHCP at the broadcast and the gateway, DNS at its DNS address. */
    @BeforeEach
    void registerServices()
    {
        assertTrue(rules.add(-1, IP_PROTOCOL_UDP, 67, PuntReason.DHCP));
        assertTrue(rules.add(GATEWAY, IP_PROTOCOL_UDP, 67, PuntReason.DHCP));
        assertTrue(rules.add(DNS_IP, IP_PROTOCOL_UDP, 53, PuntReason.DNS));
    }

    int classify(final byte[] frame)
    {
        final byte[] padded = new byte[frame.length + 8];
        System.arraycopy(frame, 0, padded, 4, frame.length);
        return classifier.classify(new UnsafeBuffer(padded), 4, frame.length);
    }

    static byte[] fragment(final byte[] frame, final int flags, final int offsetUnits)
    {
        frame[20] = (byte)(flags | (offsetUnits >>> 8));
        frame[21] = (byte)offsetUnits;
        return frame;
    }

    @Test
    void shouldClassifyUnicastIpv4AndReadItsDestination()
    {
        final byte[] frame = ipv4Frame(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2), 6, 60);
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(frame));
        assertEquals(ipv4(10, 0, 0, 2), FrameClassifier.ipv4Destination(new UnsafeBuffer(frame), 0));
    }

    @Test
    void shouldPickOutArpAndBroadcast()
    {
        assertEquals(FrameClassifier.ARP, classify(arpFrame()));
        assertEquals(FrameClassifier.BROADCAST, classify(ipv4Frame(1, -1, 1, 60)));
        assertEquals(FrameClassifier.BROADCAST, classify(ipv4Frame(1, ipv4(239, 1, 2, 3), 17, 60)));
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(udpFrame(1, OTHER_HOST, 5001, 100)));
    }

    @Test
    void shouldPuntDnsOnlyWhenAddressedToTheServiceAddress()
    {
        assertEquals(FrameClassifier.PUNT, classify(udpFrame(ipv4(10, 0, 0, 9), DNS_IP, 53, 80)));
        assertEquals(PuntReason.DNS, classifier.puntReason());
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(udpFrame(ipv4(10, 0, 0, 9), OTHER_HOST, 53, 80)),
            "a DNS server on another virtual host is reached like any other");
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(udpFrame(ipv4(10, 0, 0, 9), DNS_IP, 5353, 80)));
    }

    @Test
    void shouldPuntDhcpFromAnUnconfiguredClientAndRenewalsToTheServer()
    {
        assertEquals(FrameClassifier.PUNT, classify(udpFrame(0, -1, 67, 300)), "DISCOVER from 0.0.0.0");
        assertEquals(PuntReason.DHCP, classifier.puntReason());
        assertEquals(FrameClassifier.PUNT, classify(udpFrame(ipv4(10, 0, 0, 9), GATEWAY, 67, 300)), "RENEW");
        assertEquals(PuntReason.DHCP, classifier.puntReason());
        assertEquals(FrameClassifier.BROADCAST, classify(udpFrame(ipv4(10, 0, 0, 9), -1, 68, 300)),
            "nobody asked for port 68");
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(udpFrame(ipv4(10, 0, 0, 9), OTHER_HOST, 67, 300)));
    }

    @Test
    void shouldForwardNothingButRulesAndPreferTheExactAddress()
    {
        final PuntTable empty = new PuntTable();
        final byte[] dns = udpFrame(1, DNS_IP, 53, 80);
        assertEquals(FrameClassifier.IPV4_UNICAST, new FrameClassifier(empty).classify(new UnsafeBuffer(dns), 0, dns.length));
        assertEquals(FrameClassifier.BROADCAST,
            new FrameClassifier(empty).classify(new UnsafeBuffer(udpFrame(0, -1, 67, 300)), 0, 300));

        assertTrue(rules.add(PuntTable.ANY_ADDRESS, IP_PROTOCOL_UDP, 53, 200));
        assertEquals(FrameClassifier.PUNT, classify(udpFrame(1, OTHER_HOST, 53, 80)));
        assertEquals(200, classifier.puntReason(), "the wildcard's reason");
        assertEquals(FrameClassifier.PUNT, classify(udpFrame(1, DNS_IP, 53, 80)));
        assertEquals(PuntReason.DNS, classifier.puntReason(), "the exact rule wins");
    }

    @Test
    void shouldNeverPuntAFragment()
    {
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(fragment(udpFrame(1, DNS_IP, 53, 100), 0x20, 0)),
            "a first fragment is not the whole datagram");
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(fragment(udpFrame(1, DNS_IP, 53, 100), 0x00, 10)),
            "the last fragment has no UDP header");
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(fragment(udpFrame(1, DNS_IP, 53, 100), 0x20, 10)));
        assertEquals(FrameClassifier.BROADCAST, classify(fragment(udpFrame(0, -1, 67, 600), 0x20, 0)),
            "a fragmented broadcast is copied like any broadcast");
        assertEquals(FrameClassifier.PUNT, classify(fragment(udpFrame(1, DNS_IP, 53, 100), 0x40, 0)),
            "don't-fragment is no fragment");
    }

    @Test
    void shouldTreatASubnetBroadcastSentToTheBroadcastMacAsBroadcast()
    {
        final byte[] frame = ipv4Frame(ipv4(10, 128, 0, 5), ipv4(10, 128, 255, 255), 1, 98);
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(frame), "the IP address alone does not tell");
        Arrays.fill(frame, 0, 6, (byte)0xFF);
        assertEquals(FrameClassifier.BROADCAST, classify(frame));
        frame[0] = 0x01;
        assertEquals(FrameClassifier.BROADCAST, classify(frame), "any group MAC");
    }

    @Test
    void shouldReportTruncatedHeaders()
    {
        assertEquals(FrameClassifier.TRUNCATED, classify(new byte[13]));
        assertEquals(FrameClassifier.TRUNCATED, classify(Arrays.copyOf(ipv4Frame(1, 2, 6, 60), 33)));
        assertEquals(FrameClassifier.TRUNCATED, classify(Arrays.copyOf(udpFrame(1, 2, 53, 60), 40)));
    }

    @Test
    void shouldRejectOtherEtherTypesAndBadIpHeaders()
    {
        assertEquals(FrameClassifier.UNSUPPORTED, classify(ipv6Frame()));
        final byte[] badVersion = ipv4Frame(1, 2, 6, 60);
        badVersion[14] = 0x65;
        assertEquals(FrameClassifier.UNSUPPORTED, classify(badVersion));
        final byte[] shortIhl = ipv4Frame(1, 2, 6, 60);
        shortIhl[14] = 0x44;
        assertEquals(FrameClassifier.UNSUPPORTED, classify(shortIhl));
    }
}
