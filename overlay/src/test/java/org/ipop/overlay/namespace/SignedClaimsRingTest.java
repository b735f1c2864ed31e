package org.ipop.overlay.namespace;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.dht.DhtKeeper;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.dht.signed.RecordSigner;
import org.ipop.overlay.dht.signed.SignedRecord;
import org.ipop.overlay.service.dns.NameCallback;
import org.ipop.overlay.sim.DhtSimulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members and strangers attack each other's claim records on a simulated ring whose replicas apply
 * {@link ClaimRecords} (a fake trust store decides membership).
 */
class SignedClaimsRingTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final String NS = "lab";
    private static final int NET = 0x0A40_0000;
    private static final int ALICE = 1;
    private static final int BOB = 2;

    private static DhtSimulation ring;
    private static FakeMembers members;
    private static RecordSigner alice;
    private static RecordSigner bob;

    @BeforeAll
    static void buildRing()
    {
        ring = new DhtSimulation(43, 3, new DhtContext(), i -> InputJournal.NULL).addNodes(24, 20);
        assertTrue(ring.runUntilConsistent(120), "ring consistent");
        members = new FakeMembers();
        installPolicies();
        alice = members.newMember();
        bob = members.newMember();
        ring.dht(ALICE).recordSealer(alice);
        ring.dht(BOB).recordSealer(bob);
    }

    private static void installPolicies()
    {
        for (final ReplicatedDht dht : ring.dhts())
        {
            dht.recordPolicy(new ClaimRecords(members));
        }
    }

    private static ClaimRecords readerOf(final int node)
    {
        return new ClaimRecords(members).counters(ring.dht(node).counters());
    }

    private static DhtStatus put(final int node, final byte[] key, final byte[] value, final int ttl)
    {
        final AtomicReference<DhtStatus> result = new AtomicReference<>();
        ring.dht(node).put(key, value, ttl, result::set);
        assertTrue(ring.runUntil(() -> result.get() != null, 60 * SECOND, 100_000_000L), "put completes");
        return result.get();
    }

    private static DhtStatus delete(final int node, final byte[] key, final byte[] value)
    {
        final AtomicReference<DhtStatus> result = new AtomicReference<>();
        ring.dht(node).delete(key, value, result::set);
        assertTrue(ring.runUntil(() -> result.get() != null, 60 * SECOND, 100_000_000L), "delete completes");
        return result.get();
    }

    private static List<DhtValue> get(final int node, final byte[] key)
    {
        final AtomicReference<List<DhtValue>> result = new AtomicReference<>();
        ring.dht(node).get(key, (status, values) ->
        {
            assertEquals(DhtStatus.OK, status);
            result.set(new ArrayList<>(values));
        });
        assertTrue(ring.runUntil(() -> result.get() != null, 60 * SECOND, 100_000_000L), "get completes");
        return result.get();
    }

    private static long total(final DhtCounter counter)
    {
        long sum = 0;
        for (final ReplicatedDht dht : ring.dhts())
        {
            sum += dht.counters().get(counter);
        }
        return sum;
    }

    private static long epoch()
    {
        return ring.dht(0).epochMillis();
    }

    private static byte[] ipRecord(final RecordSigner owner, final byte[] key, final Address named, final long ms)
    {
        return owner.seal(key, named.toBytes(), epoch() + ms);
    }

    private static Address resolveIp(final int node, final int vip, final ClaimRecords claims)
    {
        final AtomicReference<Object> result = new AtomicReference<>();
        new DhtVirtualIpResolver(ring.dht(node), NS, 60, 5, claims)
            .resolve(vip, (ip, owner) -> result.set(owner == null ? "none" : owner));
        assertTrue(ring.runUntil(() -> result.get() != null, 60 * SECOND, 100_000_000L), "resolve completes");
        return result.get() instanceof Address ? (Address)result.get() : null;
    }

    private static int resolveName(final DhtNameResolver names, final String hostname)
    {
        final AtomicReference<Integer> result = new AtomicReference<>();
        names.resolve(hostname, new NameCallback()
        {
            @Override
            public void onResolved(final int ip)
            {
                result.set(ip);
            }

            @Override
            public void onNotFound()
            {
                result.set(-1);
            }

            @Override
            public void onFailed()
            {
                result.set(-2);
            }
        });
        assertTrue(ring.runUntil(() -> result.get() != null, 60 * SECOND, 100_000_000L), "name lookup completes");
        return result.get();
    }

    @Test
    void shouldRefuseAnotherMembersIpRecordForgeryAndDeletes()
    {
        final int vip = NET + 11;
        final byte[] key = IpopKeys.address(NS, vip);
        final byte[] record = ipRecord(alice, key, alice.address(), 120_000);
        assertEquals(DhtStatus.OK, put(ALICE, key, record, 120));

        final long ownerRefusals = total(DhtCounter.RECORDS_REFUSED_OWNER);
        assertEquals(DhtStatus.REFUSED, put(BOB, key, ipRecord(bob, key, bob.address(), 120_000), 120),
            "bob cannot redirect alice's virtual IP to himself");
        assertTrue(total(DhtCounter.RECORDS_REFUSED_OWNER) >= ownerRefusals + 5, "a majority of replicas refused");

        final long invalid = total(DhtCounter.RECORDS_REFUSED_INVALID);
        assertEquals(DhtStatus.REFUSED, put(BOB, key, ipRecord(bob, key, alice.address(), 120_000), 120));
        assertEquals(DhtStatus.REFUSED, put(BOB, IpopKeys.address(NS, vip + 1),
            ipRecord(bob, IpopKeys.address(NS, vip + 1), alice.address(), 120_000), 120),
            "nor forge a record naming alice on a free address");
        assertTrue(total(DhtCounter.RECORDS_REFUSED_INVALID) >= invalid + 10);

        assertEquals(DhtStatus.REFUSED, delete(BOB, key, bob.sealDelete(key, alice.address().toBytes(), epoch() + 20_000)),
            "bob's delete token does not remove alice's record");
        assertEquals(DhtStatus.REFUSED, delete(BOB, key, record), "a record read from the DHT is no delete token");
        assertEquals(alice.address(), resolveIp(7, vip, readerOf(7)));
        assertEquals(1, get(9, key).size());
    }

    @Test
    void shouldRefuseStrangersExpiredAndTamperedRecords()
    {
        final byte[] key = IpopKeys.address(NS, NET + 21);
        final RecordSigner stranger = FakeMembers.newStranger();
        final long notMember = total(DhtCounter.RECORDS_REFUSED_NOT_MEMBER);
        assertEquals(DhtStatus.REFUSED, put(3, key, ipRecord(stranger, key, stranger.address(), 60_000), 60));
        assertTrue(total(DhtCounter.RECORDS_REFUSED_NOT_MEMBER) >= notMember + 5);

        final long expired = total(DhtCounter.RECORDS_REFUSED_EXPIRED);
        assertEquals(DhtStatus.REFUSED, put(ALICE, key, ipRecord(alice, key, alice.address(), -1), 60));
        assertTrue(total(DhtCounter.RECORDS_REFUSED_EXPIRED) >= expired + 5);

        final byte[] tampered = ipRecord(alice, key, alice.address(), 60_000);
        tampered[tampered.length - 5] ^= 0x10;
        final long invalid = total(DhtCounter.RECORDS_REFUSED_INVALID);
        assertEquals(DhtStatus.REFUSED, put(ALICE, key, tampered, 60));
        assertTrue(total(DhtCounter.RECORDS_REFUSED_INVALID) >= invalid + 5);
        assertEquals(List.of(), get(4, key));
    }

    @Test
    void shouldRefuseAReplayedPutOnceItsRecordExpired()
    {
        final byte[] key = IpopKeys.address(NS, NET + 31);
        final byte[] captured = ipRecord(alice, key, alice.address(), 10_000);
        assertEquals(DhtStatus.OK, put(ALICE, key, captured, 60));
        assertEquals(1, get(5, key).size());
        assertTrue(get(5, key).get(0).remainingSeconds() <= 10, "the replicas hold it no longer than it is valid");
        ring.runFor(12);
        assertEquals(List.of(), get(5, key));

        final long expired = total(DhtCounter.RECORDS_REFUSED_EXPIRED);
        assertEquals(DhtStatus.REFUSED, put(6, key, captured, 60), "the captured put replayed");
        assertTrue(total(DhtCounter.RECORDS_REFUSED_EXPIRED) >= expired + 5);
        assertEquals(List.of(), get(5, key));
    }

    @Test
    void shouldLetTheOwnerRefreshAndDelete()
    {
        final byte[] key = IpopKeys.address(NS, NET + 41);
        assertEquals(DhtStatus.OK, put(ALICE, key, ipRecord(alice, key, alice.address(), 30_000), 30));
        final byte[] refreshed = ipRecord(alice, key, alice.address(), 100_000);
        assertEquals(DhtStatus.OK, put(ALICE, key, refreshed, 100));
        final List<DhtValue> held = get(8, key);
        assertEquals(1, held.size(), "the refresh replaced the older envelope");
        assertArrayEquals(refreshed, held.get(0).value());
        assertTrue(held.get(0).remainingSeconds() > 30);

        assertEquals(DhtStatus.OK,
            delete(ALICE, key, alice.sealDelete(key, alice.address().toBytes(), epoch() + 20_000)));
        assertEquals(List.of(), get(8, key));
    }

    @Test
    void shouldKeepLeasesAndNamesWithTheirOwnerAndDropThemSoonAfterItLeaves()
    {
        final NamespaceConfig config = new NamespaceConfig(NS, NET, 24, 600);
        final RecordSigner carol = members.newMember();
        final IpopNamespace first = new IpopNamespace(ring.dht(10), config, readerOf(10), carol);
        ring.dht(10).recordSealer(carol);
        final IpopNamespace second = new IpopNamespace(ring.dht(BOB), config, readerOf(BOB), bob);
        final IpopNamespace reader = new IpopNamespace(ring.dht(12), config, readerOf(12), members.newMember());
        final int vip = NET + 77;

        final DhtLeaseProviderTest.Outcome granted = new DhtLeaseProviderTest.Outcome();
        first.leases().requestLease(0x0200_0000_0001L, vip, "web", granted);
        assertTrue(ring.runUntil(() -> granted.calls > 0, 60 * SECOND, 100_000_000L));
        assertEquals(vip, granted.ip);
        ring.runFor(2);

        final DhtLeaseProviderTest.Outcome taken = new DhtLeaseProviderTest.Outcome();
        second.leases().requestLease(0x0200_0000_0002L, vip, null, taken);
        assertTrue(ring.runUntil(() -> taken.calls > 0, 60 * SECOND, 100_000_000L));
        assertTrue(taken.denied, "another member cannot take a leased address");
        final AtomicReference<DhtStatus> name = new AtomicReference<>();
        second.names().register("web", NET + 78, 120, name::set);
        assertTrue(ring.runUntil(() -> name.get() != null, 60 * SECOND, 100_000_000L));
        assertEquals(DhtStatus.EXISTS, name.get(), "nor its name");

        final byte[] raw = get(13, IpopKeys.address(NS, vip)).get(0).value();
        final SignedRecord view = new SignedRecord();
        assertTrue(view.wrap(raw), "the virtual-IP record is signed");
        assertTrue(view.expiryEpochMs() <= epoch() + ClaimRecords.RECORD_TTL_SECONDS * 1000L);

        ring.runFor(3 * ClaimRecords.RECORD_TTL_SECONDS);
        assertEquals(vip, resolveName(reader.names(), "web"), "refreshed while the owner lives");
        assertEquals(carol.address(), resolveIp(12, vip, readerOf(12)));

        ring.simulator().kill(10);
        ring.runFor(ClaimRecords.RECORD_TTL_SECONDS + 10);
        assertNull(resolveIp(12, vip, readerOf(12)), "the virtual IP is free soon after its owner left");
        assertEquals(-1, resolveName(reader.names(), "web"));
    }

    @Test
    void shouldKeepASignedMemberRecordAliveAndDeleteItWithAToken()
    {
        final byte[] key = IpopKeys.members("keepers");
        final DhtKeeper keeper = new DhtKeeper(ring.dht(ALICE));
        final List<DhtStatus> results = new ArrayList<>();
        keeper.keep(key, alice.address().toBytes(), ClaimRecords.RECORD_TTL_SECONDS, false, alice, results::add);
        ring.runFor(2.5 * ClaimRecords.RECORD_TTL_SECONDS);
        assertTrue(results.size() >= 7, "written every third of the TTL: " + results.size());
        assertTrue(results.stream().allMatch(s -> s == DhtStatus.OK), results.toString());
        final List<DhtValue> held = get(3, key);
        assertEquals(1, held.size(), "each refresh replaced the previous envelope");
        final SignedRecord view = new SignedRecord();
        assertTrue(view.wrap(held.get(0).value()));
        assertTrue(view.expiryEpochMs() >= epoch() + 2 * ClaimRecords.RECORD_TTL_SECONDS * 1000L / 3 - 1000,
            "sealed anew with a fresh expiry");

        assertTrue(keeper.stop(key, alice.address().toBytes(), true));
        ring.runFor(2);
        assertEquals(List.of(), get(3, key), "deleted with alice's token");
    }

    @Test
    void shouldIgnoreBadValuesThatGotPastTheReplicas()
    {
        final int vip = NET + 91;
        final byte[] key = IpopKeys.address(NS, vip);
        final byte[] host = IpopKeys.host(NS, "db");
        for (final ReplicatedDht dht : ring.dhts())
        {
            dht.recordPolicy(null);
        }
        try
        {
            assertEquals(DhtStatus.OK, put(BOB, key, bob.seal(key, alice.address().toBytes(), epoch() + 60_000), 60));
            assertEquals(DhtStatus.OK, put(BOB, key, bob.address().toBytes(), 60));
            assertEquals(DhtStatus.OK, put(BOB, host, DhtLeaseProvider.ipBytes(vip), 60));
        }
        finally
        {
            installPolicies();
        }
        assertEquals(2, get(14, key).size(), "the bad values are held");
        final ClaimRecords claims = readerOf(14);
        final long ignored = ring.dht(14).counters().get(DhtCounter.RECORDS_IGNORED_ON_READ);
        assertNull(resolveIp(14, vip, claims), "the reader ignores a forged and an unsigned value");
        assertEquals(-1, resolveName(new DhtNameResolver(ring.dht(14), NS, claims, null), "db"));
        assertEquals(ignored + 3, ring.dht(14).counters().get(DhtCounter.RECORDS_IGNORED_ON_READ));
        assertTrue(resolveIp(15, vip, null) != null, "a plaintext reader would have been fooled");
    }
}
