package org.ipop.overlay.namespace;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.service.dhcp.LeaseCallback;
import org.ipop.overlay.service.dns.NameCallback;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.sim.DhtSimulation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhtLeaseProviderTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final int NET = 0x0A80_0000;

    static final class Outcome implements LeaseCallback
    {
        int ip;
        int leaseSeconds;
        boolean denied;
        int calls;

        @Override
        public void onLeaseGranted(final int ip, final int leaseSeconds)
        {
            this.ip = ip;
            this.leaseSeconds = leaseSeconds;
            calls++;
        }

        @Override
        public void onLeaseDenied()
        {
            denied = true;
            calls++;
        }
    }

    @Test
    void shouldGiveDistinctAddressesToManyNodesLeasingAtOnceAndResolveThem()
    {
        final int nodes = 250;
        final DhtSimulation ring = new DhtSimulation(31, 3, new DhtContext(), i -> InputJournal.NULL)
            .addNodes(nodes, 50);
        assertTrue(ring.runUntilConsistent(120));
        ring.runFor(6);
        // a /23: 510 host addresses, 2 reserved, for 250 clients: conflicts are certain
        final NamespaceConfig config = new NamespaceConfig("lab", NET, 23, 600, NET + 1, NET + 2);
        final List<IpopNamespace> spaces = new ArrayList<>();
        final List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < nodes; i++)
        {
            spaces.add(new IpopNamespace(ring.dht(i), config));
        }
        for (int i = 0; i < nodes; i++)
        {
            final Outcome o = new Outcome();
            outcomes.add(o);
            spaces.get(i).leases().requestLease(0x0200_0000_0000L + i, 0, "host-" + i, o);
        }
        assertTrue(ring.runUntil(() -> outcomes.stream().allMatch(o -> o.calls > 0), 120 * SECOND, SECOND));
        final HashSet<Integer> distinct = new HashSet<>();
        long conflicts = 0;
        for (int i = 0; i < nodes; i++)
        {
            final Outcome o = outcomes.get(i);
            assertEquals(1, o.calls, "one completion for node " + i);
            assertTrue(!o.denied && config.assignable(o.ip), "node " + i + " got an address");
            assertEquals(600, o.leaseSeconds);
            distinct.add(o.ip);
            conflicts += spaces.get(i).leases().conflicts();
        }
        assertEquals(nodes, distinct.size(), "every lease is a distinct address");
        assertTrue(conflicts > 0, "the test exercised conflicts");

        ring.runFor(3);
        final AtomicReference<Integer> resolved = new AtomicReference<>();
        spaces.get(7).names().resolve("host-200", new NameCallback()
        {
            @Override
            public void onResolved(final int ip)
            {
                resolved.set(ip);
            }

            @Override
            public void onNotFound()
            {
                resolved.set(-1);
            }

            @Override
            public void onFailed()
            {
                resolved.set(-2);
            }
        });
        assertTrue(ring.runUntil(() -> resolved.get() != null, 30 * SECOND, 100_000_000L));
        assertEquals(outcomes.get(200).ip, resolved.get());

        final DhtVirtualIpResolver arp = spaces.get(9).addresses();
        final int vip = outcomes.get(123).ip;
        assertEquals(VirtualIpResolver.UNKNOWN, arp.lookup(vip), "first lookup starts a DHT get");
        final AtomicReference<Address> owner = new AtomicReference<>();
        arp.resolve(vip, (ip, node) -> owner.set(node));
        assertTrue(ring.runUntil(() -> owner.get() != null, 30 * SECOND, 100_000_000L));
        assertEquals(ring.dht(123).plane().address(), owner.get());
        assertEquals(VirtualIpResolver.REMOTE, arp.lookup(vip));
        final DhtVirtualIpResolver own = spaces.get(123).addresses();
        final AtomicReference<Address> mine = new AtomicReference<>();
        own.resolve(vip, (ip, node) -> mine.set(node));
        assertTrue(ring.runUntil(() -> mine.get() != null, 30 * SECOND, 100_000_000L));
        assertEquals(VirtualIpResolver.NOT_REMOTE, own.lookup(vip), "the node's own address is not remote");
    }

    @Test
    void shouldRenewTheSameAddressAndDenyItToOthersAndKeepNamespacesApart()
    {
        final DhtSimulation ring = new DhtSimulation(37, 3, new DhtContext(), i -> InputJournal.NULL)
            .addNodes(40, 20);
        assertTrue(ring.runUntilConsistent(120));
        ring.runFor(6);
        final NamespaceConfig alpha = new NamespaceConfig("alpha", NET, 24, 60);
        final NamespaceConfig beta = new NamespaceConfig("beta", NET, 24, 60);
        final IpopNamespace a1 = new IpopNamespace(ring.dht(1), alpha);
        final IpopNamespace a2 = new IpopNamespace(ring.dht(2), alpha);
        final IpopNamespace b3 = new IpopNamespace(ring.dht(3), beta);

        final Outcome first = lease(ring, a1, 0xA1, 0, "same-name");
        assertTrue(config(alpha, first.ip));
        final Outcome renewed = lease(ring, a1, 0xA1, first.ip, null);
        assertEquals(first.ip, renewed.ip, "renewal keeps the address");
        final Outcome taken = lease(ring, a2, 0xA2, first.ip, null);
        assertTrue(taken.denied, "another node cannot take a held address");
        final Outcome otherSpace = lease(ring, b3, 0xB3, first.ip, "same-name");
        assertEquals(first.ip, otherSpace.ip, "the same address is free in another namespace");

        final AtomicReference<DhtStatus> published = new AtomicReference<>();
        NamespaceRecords.publish(ring.dht(4), alpha, 600, published::set);
        assertTrue(ring.runUntil(() -> published.get() != null, 30 * SECOND, 100_000_000L));
        assertEquals(DhtStatus.OK, published.get());
        final AtomicReference<NamespaceConfig> fetched = new AtomicReference<>();
        NamespaceRecords.fetch(ring.dht(30), "alpha", (s, c) -> fetched.set(c));
        assertTrue(ring.runUntil(() -> fetched.get() != null, 30 * SECOND, 100_000_000L));
        assertEquals(alpha, fetched.get());
        final AtomicReference<DhtStatus> conflicting = new AtomicReference<>();
        NamespaceRecords.publish(ring.dht(5), new NamespaceConfig("alpha", NET, 16, 60), 600, conflicting::set);
        assertTrue(ring.runUntil(() -> conflicting.get() != null, 30 * SECOND, 100_000_000L));
        assertEquals(DhtStatus.EXISTS, conflicting.get(), "a namespace's configuration is claimed once");

        ring.runFor(3);
        final AtomicReference<Address> alphaOwner = new AtomicReference<>(Address.ZERO);
        final AtomicReference<Address> betaOwner = new AtomicReference<>(Address.ZERO);
        a2.addresses().resolve(first.ip, (ip, node) -> alphaOwner.set(node));
        new IpopNamespace(ring.dht(20), beta).addresses().resolve(first.ip, (ip, node) -> betaOwner.set(node));
        assertTrue(ring.runUntil(() -> alphaOwner.get() != Address.ZERO && betaOwner.get() != Address.ZERO,
            30 * SECOND, 100_000_000L));
        assertEquals(ring.dht(1).plane().address(), alphaOwner.get());
        assertEquals(ring.dht(3).plane().address(), betaOwner.get());
        assertNotEquals(alphaOwner.get(), betaOwner.get());

        // the lease lives only as long as it is renewed
        a1.leases().release(0xA1, first.ip);
        ring.runFor(3);
        final Outcome afterRelease = lease(ring, a2, 0xA2, first.ip, null);
        assertEquals(first.ip, afterRelease.ip, "a released address can be leased again");
    }

    private static boolean config(final NamespaceConfig c, final int ip)
    {
        return c.assignable(ip);
    }

    private static Outcome lease(
        final DhtSimulation ring, final IpopNamespace space, final long mac, final int ip, final String hostname)
    {
        final Outcome o = new Outcome();
        space.leases().requestLease(mac, ip, hostname, o);
        assertTrue(ring.runUntil(() -> o.calls > 0, 60 * SECOND, 100_000_000L));
        assertEquals(1, o.calls);
        return o;
    }
}
