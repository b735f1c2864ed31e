package org.ipop.engine.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.*;

class FrameClassifierTest
{
    static int classify(final byte[] frame)
    {
        final byte[] padded = new byte[frame.length + 8];
        System.arraycopy(frame, 0, padded, 4, frame.length);
        return FrameClassifier.classify(new UnsafeBuffer(padded), 4, frame.length);
    }

    @Test
    void shouldClassifyUnicastIpv4AndReadItsDestination()
    {
        final byte[] frame = ipv4Frame(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2), 6, 60);
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(frame));
        assertEquals(ipv4(10, 0, 0, 2), FrameClassifier.ipv4Destination(new UnsafeBuffer(frame), 0));
    }

    @Test
    void shouldPickOutArpDhcpDnsAndBroadcast()
    {
        assertEquals(FrameClassifier.ARP, classify(arpFrame()));
        assertEquals(FrameClassifier.DHCP, classify(udpFrame(0, -1, 67, 300)));
        assertEquals(FrameClassifier.DHCP, classify(udpFrame(ipv4(10, 0, 0, 9), ipv4(10, 0, 0, 1), 68, 300)));
        assertEquals(FrameClassifier.DNS, classify(udpFrame(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 53), 53, 80)));
        assertEquals(FrameClassifier.BROADCAST, classify(ipv4Frame(1, -1, 1, 60)));
        assertEquals(FrameClassifier.BROADCAST, classify(ipv4Frame(1, ipv4(239, 1, 2, 3), 17, 60)));
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(udpFrame(1, ipv4(10, 0, 0, 2), 5001, 100)));
    }

    @Test
    void shouldTreatASubnetBroadcastSentToTheBroadcastMacAsBroadcast()
    {
        final byte[] frame = ipv4Frame(ipv4(10, 128, 0, 5), ipv4(10, 128, 255, 255), 1, 98);
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(frame), "the IP address alone does not tell");
        java.util.Arrays.fill(frame, 0, 6, (byte)0xFF);
        assertEquals(FrameClassifier.BROADCAST, classify(frame));
        frame[0] = 0x01;
        assertEquals(FrameClassifier.BROADCAST, classify(frame), "any group MAC");
    }

    @Test
    void shouldNotReadPortsOfNonFirstFragments()
    {
        final byte[] frame = udpFrame(1, ipv4(10, 0, 0, 2), 53, 100);
        frame[20] = 0;
        frame[21] = 10;
        assertEquals(FrameClassifier.IPV4_UNICAST, classify(frame));
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
