package org.ipop.overlay.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionListener;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dns.NameCallback;
import org.junit.jupiter.api.Test;

class VipDirectoryTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final int VIP_A = 0x0A80_0105;
    private static final int VIP_B = 0x0A80_0207;

    private final Address a = Address.of(0x1111L, 1, 1);
    private final Address b = Address.of(0x2222L, 2, 3);
    private final Address c = Address.of(0x3333L, 3, 5);
    private final List<byte[]> sentByA = new ArrayList<>();
    private final VipDirectory directoryA = new VipDirectory(a, (ip, port, buffer, offset, length) ->
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        sentByA.add(copy);
        return true;
    }, 1200);
    private final VipDirectory directoryB = new VipDirectory(b, (ip, port, buffer, offset, length) -> true, 1200);

    @Test
    void shouldAnnounceOwnRecordToEveryConnectionAndResolveItOnThePeer()
    {
        directoryA.setSelf(VIP_A, "alice");
        directoryA.doWork(10 * SECOND, tableOf(a, b));

        assertEquals(1, sentByA.size());
        final byte[] message = sentByA.get(0);
        assertTrue(VipDirectory.isDirectoryMessage(new UnsafeBuffer(message), 0, message.length));
        directoryB.onMessage(10 * SECOND, new UnsafeBuffer(message), 0, message.length);

        assertEquals(a, directoryB.entry(VIP_A).node());
        assertEquals(VirtualIpResolver.REMOTE, directoryB.lookup(VIP_A));
        assertEquals(VIP_A, resolve(directoryB, "alice"));
        assertEquals(-1, resolve(directoryB, "bob"));
    }

    @Test
    void shouldForgetARecordWhoseOwnerStoppedRefreshingIt()
    {
        directoryA.setSelf(VIP_A, "alice");
        directoryA.doWork(0, tableOf(a, b));
        directoryB.onMessage(0, new UnsafeBuffer(sentByA.get(0)), 0, sentByA.get(0).length);

        directoryB.doWork(VipDirectory.RECORD_TTL_NS + SECOND, tableOf(b));

        assertNull(directoryB.entry(VIP_A));
        assertEquals(VirtualIpResolver.UNKNOWN, directoryB.lookup(VIP_A));
    }

    @Test
    void shouldKeepTheSmallerAddressWhenTwoNodesClaimOneVirtualIp()
    {
        final VipDirectory fromC = new VipDirectory(c, (ip, port, buffer, offset, length) ->
        {
            directoryB.onMessage(0, buffer, offset, length);
            return true;
        }, 1200);
        final VipDirectory fromA = new VipDirectory(a, (ip, port, buffer, offset, length) ->
        {
            directoryB.onMessage(0, buffer, offset, length);
            return true;
        }, 1200);
        fromC.setSelf(VIP_B, "carol");
        fromA.setSelf(VIP_B, "alice");

        fromC.doWork(0, tableOf(c, b));
        fromA.doWork(0, tableOf(a, b));

        assertEquals(a, directoryB.entry(VIP_B).node());
        assertEquals(1, directoryB.conflicts());
    }

    @Test
    void shouldIgnoreTruncatedAndHostileMessagesWithoutThrowing()
    {
        directoryA.setSelf(VIP_A, "alice");
        directoryA.doWork(0, tableOf(a, b));
        final byte[] good = sentByA.get(0);
        for (int length = 0; length < good.length; length++)
        {
            directoryB.onMessage(0, new UnsafeBuffer(good), 0, length);
        }
        final Random random = new Random(42);
        for (int i = 0; i < 10_000; i++)
        {
            final byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 1)
            {
                junk[0] = VipDirectory.MAGIC;
                junk[1] = VipDirectory.TYPE_ANNOUNCE;
            }
            directoryB.onMessage(0, new UnsafeBuffer(junk), 0, junk.length);
        }
        assertNull(directoryB.entry(VIP_A), "a truncated announcement is never half-applied for the cut entry");
    }

    private ConnectionTable tableOf(final Address self, final Address... peers)
    {
        final ConnectionTable table = new ConnectionTable(self, new ConnectionListener()
        {
            @Override
            public void onConnectionAdded(final Connection connection)
            {
            }

            @Override
            public void onConnectionTypesChanged(final Connection connection)
            {
            }

            @Override
            public void onConnectionRemoved(final Connection connection)
            {
            }
        });
        int port = 5000;
        for (final Address peer : peers)
        {
            if (!peer.equals(self))
            {
                table.add(peer, TransportAddress.pack(0x0A00_0001, port++), 2, 0);
            }
        }
        return table;
    }

    private static int resolve(final VipDirectory directory, final String name)
    {
        final int[] result = {0};
        directory.resolve(name, new NameCallback()
        {
            @Override
            public void onResolved(final int ip)
            {
                result[0] = ip;
            }

            @Override
            public void onNotFound()
            {
                result[0] = -1;
            }

            @Override
            public void onFailed()
            {
                result[0] = -2;
            }
        });
        return result[0];
    }
}
