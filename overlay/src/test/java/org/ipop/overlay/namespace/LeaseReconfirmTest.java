package org.ipop.overlay.namespace;

import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.service.dhcp.LeaseCallback;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.ipop.overlay.sim.DhtSimulation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseReconfirmTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final int NET = 0x0A40_0000;

    @Test
    void shouldLeaveOnlyDistinctConfirmedLeasesWhenNodesLeaseWhileTheRingForms()
    {
        final int nodes = 40;
        final DhtSimulation ring = new DhtSimulation(41, 3, new DhtContext().minRequestTimeoutNs(SECOND / 2),
            i -> InputJournal.NULL).addNodes(nodes, 40);
        // a /26: 62 addresses for 40 clients, asked for while nodes are still joining
        final NamespaceConfig config = new NamespaceConfig("early", NET, 26, 600);
        final IpopNamespace[] spaces = new IpopNamespace[nodes];
        final int[] ips = new int[nodes];
        final int[] done = new int[1];
        ring.runFor(1.5);
        for (int i = 0; i < nodes; i++)
        {
            final int index = i;
            spaces[i] = new IpopNamespace(ring.dht(i), config);
            spaces[i].leases().requestLease(100 + i, 0, null, new LeaseCallback()
            {
                @Override
                public void onLeaseGranted(final int ip, final int leaseSeconds)
                {
                    ips[index] = ip;
                    done[0]++;
                }

                @Override
                public void onLeaseDenied()
                {
                    done[0]++;
                }
            });
        }
        assertTrue(ring.runUntil(() -> done[0] == nodes, 120 * SECOND, SECOND));
        assertTrue(ring.runUntilConsistent(120));
        ring.runFor(DhtLeaseProvider.CONFIRM_DELAY_NS / 1e9 + 10);

        final HashSet<Integer> held = new HashSet<>();
        int holders = 0;
        final int[] verified = new int[1];
        final int[] checked = new int[1];
        for (int i = 0; i < nodes; i++)
        {
            final int ip = spaces[i].leases().leasedIp(100 + i);
            if (ip == 0)
            {
                continue;
            }
            holders++;
            assertTrue(held.add(ip), "address " + Ipv4Address.toString(ip) + " held by two nodes after re-confirmation");
            final byte[] owner = ring.dht(i).plane().address().toBytes();
            ring.dht((i + 11) % nodes).get(IpopKeys.lease("early", ip), (s, values) ->
            {
                checked[0]++;
                if (s == DhtStatus.OK && values.size() == 1)
                {
                    assertArrayEquals(owner, Arrays.copyOf(values.get(0).value(), owner.length));
                    verified[0]++;
                }
            });
        }
        final int want = holders;
        assertTrue(ring.runUntil(() -> checked[0] == want, 60 * SECOND, SECOND));
        assertEquals(holders, verified[0], "every lease still held is the DHT's only record for its address");
        assertTrue(holders >= nodes * 3 / 4, "most early leases survive: " + holders);
    }
}
