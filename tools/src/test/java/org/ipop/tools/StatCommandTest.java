package org.ipop.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.status.CountersManager;
import org.ipop.engine.status.EngineCounter;
import org.ipop.engine.status.EngineCounters;
import org.ipop.engine.status.PrivateCountersManager;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.tools.node.NodeCounters;
import org.junit.jupiter.api.Test;

class StatCommandTest
{
    @Test
    void shouldPrintEveryCounterUnderItsFamilyWithItsRate()
    {
        final CountersManager manager = PrivateCountersManager.newManager(NodeCounters.allDescriptors().size() + 1);
        final EngineCounters engine = new EngineCounters(manager);
        final NodeCounters node = new NodeCounters(manager);
        manager.newCounter("someone else's counter", 77);   // of no family: listed last
        final Map<Integer, Long> before = StatCommand.snapshot(manager);

        engine.tapFramesIn.getAndAdd(20);
        for (int i = 0; i < 2; i++)
        {
            node.control().increment(ControlCounter.FRAMES_IN);
            node.services().increment(ServiceCounter.DHCP_ACK);
            node.services().drop(DropReason.ARP_TRUNCATED);
        }
        node.dht().add(DhtCounter.OPS_OK, 4);

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Map<Integer, Long> after =
            StatCommand.print(manager, before, 2.0, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertEquals(NodeCounters.allDescriptors().size() + 1 + 5, lines.size(), "a heading per family, a line per counter");
        final int engineAt = lines.indexOf("engine");
        final int controlAt = lines.indexOf("control plane");
        final int dhtAt = lines.indexOf("dht");
        final int servicesAt = lines.indexOf("services");
        final int otherAt = lines.indexOf("other");
        assertTrue(0 == engineAt && engineAt < controlAt && controlAt < dhtAt && dhtAt < servicesAt && servicesAt < otherAt,
            lines::toString);
        assertLine(lines, engineAt, controlAt, EngineCounter.TAP_FRAMES_IN.label(), 20, 10);
        assertLine(lines, controlAt, dhtAt, ControlCounter.FRAMES_IN.label(), 2, 1);
        assertLine(lines, dhtAt, servicesAt, DhtCounter.OPS_OK.label(), 4, 2);
        assertLine(lines, servicesAt, otherAt, ServiceCounter.DHCP_ACK.label(), 2, 1);
        assertLine(lines, servicesAt, otherAt, DropReason.ARP_TRUNCATED.label(), 2, 1);
        assertLine(lines, otherAt, lines.size(), "someone else's counter", 0, 0);
        assertEquals(20L, after.get(EngineCounter.TAP_FRAMES_IN.id()));
    }

    private static void assertLine(
        final List<String> lines, final int from, final int to, final String label, final long value, final long rate)
    {
        final String expected = String.format("  %-48s %15d %12.0f/s", label, value, (double)rate);
        final int at = lines.indexOf(expected);
        assertTrue(at > from && at < to, () -> "'" + expected + "' between lines " + from + " and " + to + ": " + lines);
    }
}
