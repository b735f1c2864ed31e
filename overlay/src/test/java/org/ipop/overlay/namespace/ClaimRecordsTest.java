package org.ipop.overlay.namespace;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.dht.DhtCounters;
import org.ipop.overlay.dht.DhtKeys;
import org.ipop.overlay.dht.DhtRecordPolicy;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtStore;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.dht.signed.RecordSigner;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimRecordsTest
{
    private static final long NOW_MS = 1_790_000_000_000L;
    private static final long NOW_NS = 5_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int VIP = 0x0A00_0007;
    private static final byte[] IP_KEY = IpopKeys.address("lab", VIP);
    private static final byte[] HOST_KEY = IpopKeys.host("lab", "web");
    private static final byte[] LEASE_KEY = IpopKeys.lease("lab", VIP);
    private static final byte[] MEMBERS_KEY = IpopKeys.members("lab");

    private final FakeMembers members = new FakeMembers();
    private final ClaimRecords claims = new ClaimRecords(members);
    private final RecordSigner alice = members.newMember();
    private final RecordSigner bob = members.newMember();

    private static byte[] ip(final RecordSigner s, final long expiryMs)
    {
        return s.seal(IP_KEY, s.address().toBytes(), expiryMs);
    }

    @Test
    void shouldGovernOnlyClaimKeys()
    {
        assertTrue(claims.governs(IP_KEY));
        assertTrue(claims.governs(HOST_KEY));
        assertTrue(claims.governs(LEASE_KEY));
        assertTrue(claims.governs(MEMBERS_KEY));
        assertTrue(claims.governs(IpopKeys.namespace("lab")));
        assertFalse(claims.governs(IpopKeys.userPrefix("lab")), "user records are not claims");
        assertFalse(claims.governs("k-put".getBytes(StandardCharsets.UTF_8)));
        assertTrue(claims.exclusive(IP_KEY));
        assertFalse(claims.exclusive(MEMBERS_KEY), "every member keeps its own member record");
    }

    @Test
    void shouldAdmitAValidRecordUntilItsExpiry()
    {
        final long until = claims.admit(IP_KEY, ip(alice, NOW_MS + 120_000), NOW_NS, NOW_MS);
        assertEquals(NOW_NS + 120 * SECOND, until);
    }

    @Test
    void shouldRefuseForgedStrangeExpiredAndTamperedRecords()
    {
        final byte[] forged = bob.seal(IP_KEY, alice.address().toBytes(), NOW_MS + 60_000);
        assertEquals(DhtRecordPolicy.REFUSED_INVALID, claims.admit(IP_KEY, forged, NOW_NS, NOW_MS),
            "an ip record must name its signer");
        final byte[] forgedLease = bob.seal(LEASE_KEY,
            ByteBuffer.allocate(26).put(alice.address().toBytes()).array(), NOW_MS + 60_000);
        assertEquals(DhtRecordPolicy.REFUSED_INVALID, claims.admit(LEASE_KEY, forgedLease, NOW_NS, NOW_MS));
        final RecordSigner stranger = FakeMembers.newStranger();
        assertEquals(DhtRecordPolicy.REFUSED_NOT_MEMBER,
            claims.admit(IP_KEY, ip(stranger, NOW_MS + 60_000), NOW_NS, NOW_MS));
        assertEquals(DhtRecordPolicy.REFUSED_EXPIRED, claims.admit(IP_KEY, ip(alice, NOW_MS), NOW_NS, NOW_MS));
        assertEquals(DhtRecordPolicy.REFUSED_EXPIRED,
            claims.admit(IP_KEY, ip(alice, NOW_MS + 3_600_000), NOW_NS, NOW_MS), "the old one-hour TTL is too long");
        final byte[] tampered = ip(alice, NOW_MS + 60_000);
        tampered[tampered.length - 1] ^= 0x40;
        assertEquals(DhtRecordPolicy.REFUSED_INVALID, claims.admit(IP_KEY, tampered, NOW_NS, NOW_MS));
        assertEquals(DhtRecordPolicy.REFUSED_INVALID, claims.admit(IP_KEY, alice.address().toBytes(), NOW_NS, NOW_MS),
            "an unsigned value");
        final byte[] moved = alice.seal(IpopKeys.address("lab", VIP + 1), alice.address().toBytes(), NOW_MS + 60_000);
        assertEquals(DhtRecordPolicy.REFUSED_INVALID, claims.admit(IP_KEY, moved, NOW_NS, NOW_MS),
            "a record signed for another key");
        assertEquals(DhtRecordPolicy.REFUSED_INVALID,
            claims.admit(HOST_KEY, alice.seal(HOST_KEY, new byte[5], NOW_MS + 60_000), NOW_NS, NOW_MS),
            "a name record holds an IPv4 address");
    }

    @Test
    void shouldLetTheFirstOwnerHoldAnExclusiveKeyAndRenewIt()
    {
        final DhtStore store = new DhtStore(16).policy(claims);
        final Address at = DhtKeys.keyAddress(IP_KEY);
        final byte[] first = ip(alice, NOW_MS + 60_000);
        assertEquals(DhtStatus.OK, store.put(at, IP_KEY, 0, first, NOW_NS + 60 * SECOND, NOW_NS));
        assertEquals(DhtStatus.REFUSED, store.put(at, IP_KEY, 0, ip(bob, NOW_MS + 60_000), NOW_NS + 60 * SECOND,
            NOW_NS), "another member cannot take the virtual IP");
        assertEquals(DhtStatus.EXISTS, store.create(at, IP_KEY, 0, ip(bob, NOW_MS + 60_000), NOW_NS + 60 * SECOND,
            NOW_NS));
        final byte[] renewal = ip(alice, NOW_MS + 90_000);
        assertEquals(DhtStatus.OK, store.create(at, IP_KEY, 0, renewal, NOW_NS + 90 * SECOND, NOW_NS),
            "the owner renews with a new envelope");
        assertFalse(store.lastWasNew());
        assertEquals(1, store.valueCount(), "the renewal replaced the older envelope");
        assertEquals(DhtStatus.OK, store.put(at, IP_KEY, 0, first, NOW_NS + 60 * SECOND, NOW_NS),
            "a replayed older envelope is accepted as a no-op");
        assertEquals(1, store.valueCount());

        assertEquals(DhtStatus.REFUSED, store.deleteClaim(at,
            bob.sealDelete(IP_KEY, bob.address().toBytes(), NOW_MS + 10_000), NOW_NS), "bob cannot delete it");
        assertEquals(1, store.valueCount());
        final long after = NOW_NS + 91 * SECOND;
        assertEquals(DhtStatus.OK, store.put(at, IP_KEY, 0, ip(bob, NOW_MS + 200_000), after + 60 * SECOND, after),
            "once alice's record expired bob may claim the address");
        store.sweep(after);
        assertEquals(DhtStatus.OK, store.deleteClaim(at,
            bob.sealDelete(IP_KEY, bob.address().toBytes(), NOW_MS + 100_000), after));
        assertEquals(0, store.recordCount(), "the owner's token deleted its record");
    }

    @Test
    void shouldKeepOneMemberRecordPerMember()
    {
        final DhtStore store = new DhtStore(16).policy(claims);
        final Address at = DhtKeys.keyAddress(MEMBERS_KEY);
        for (final RecordSigner s : new RecordSigner[] {alice, bob, alice})
        {
            assertEquals(DhtStatus.OK, store.put(at, MEMBERS_KEY, 0,
                s.seal(MEMBERS_KEY, s.address().toBytes(), NOW_MS + 60_000 + store.valueCount()), NOW_NS + 70 * SECOND,
                NOW_NS));
        }
        assertEquals(2, store.valueCount());
    }

    @Test
    void shouldGiveReadersOnlyValidClaimsAndCountTheRest()
    {
        final DhtCounters counters = new DhtCounters();
        claims.counters(counters);
        final byte[] good = ip(alice, NOW_MS + 30_000);
        final List<DhtValue> read = claims.open(IP_KEY, List.of(
            new DhtValue(good, 100),
            new DhtValue(bob.seal(IP_KEY, alice.address().toBytes(), NOW_MS + 30_000), 100),
            new DhtValue(ip(alice, NOW_MS - 1), 100),
            new DhtValue(bob.address().toBytes(), 100)), NOW_MS);
        assertEquals(1, read.size());
        assertArrayEquals(alice.address().toBytes(), read.get(0).value());
        assertEquals(30, read.get(0).remainingSeconds(), "capped at the record's own expiry");
        assertEquals(3, counters.get(DhtCounter.RECORDS_IGNORED_ON_READ));
        assertEquals(3, claims.ignoredOnRead());
    }
}
