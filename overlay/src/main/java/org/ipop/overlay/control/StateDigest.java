package org.ipop.overlay.control;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.link.LinkAttempt;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;

/**
 * SHA-256 over a canonical encoding of a control plane's state: connections in ring order (address,
 * transport, types, liveness), the routing view (which is the ordered table), link attempts, pending
 * connect-to tokens, learned addresses, the random generator's state, the running hash of every frame sent,
 * all counters, and the state of attached extensions (the DHT store). Two control planes fed the same inputs
 * have equal digests, bit for bit.
 */
public final class StateDigest
{
    private StateDigest()
    {
    }

    /**
     * @param plane control plane to digest (on its own thread).
     * @return 32-byte digest.
     */
    public static byte[] compute(final ControlPlane plane)
    {
        final MessageDigest md;
        try
        {
            md = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
        final ByteBuffer b = ByteBuffer.allocate(128);
        md.update(plane.address().toBytes());
        final ConnectionTable table = plane.table();
        putLong(md, b, plane.nowNs());
        putLong(md, b, table.size());
        for (int i = 0; i < table.size(); i++)
        {
            final Connection c = table.get(i);
            md.update(c.peer().toBytes());
            putLong(md, b, c.transport());
            putLong(md, b, c.types());
            putLong(md, b, c.createdNs());
            putLong(md, b, c.lastHeardNs());
            putLong(md, b, c.pingToken());
            putLong(md, b, c.pingSends());
        }
        final ArrayList<LinkAttempt> attempts = plane.linker().attempts();
        putLong(md, b, attempts.size());
        for (final LinkAttempt a : attempts)
        {
            putLong(md, b, a.token());
            putLong(md, b, a.sends());
            md.update((a.target() != null ? a.target() : Address.ZERO).toBytes());
        }
        for (final long t : plane.pendingCtmTokens())
        {
            putLong(md, b, t);
        }
        for (final long t : plane.learnedAddresses())
        {
            putLong(md, b, t);
        }
        putLong(md, b, plane.randomState());
        putLong(md, b, plane.outboundHash());
        putLong(md, b, plane.requestTimeoutNs());
        for (final ControlCounter counter : ControlCounter.values())   // declaration order: the digest's order
        {
            putLong(md, b, plane.counters().get(counter));
        }
        plane.digestExtensions(md);
        return md.digest();
    }

    private static void putLong(final MessageDigest md, final ByteBuffer b, final long v)
    {
        b.clear();
        b.putLong(v);
        md.update(b.array(), 0, 8);
    }

    /**
     * @param digest a digest.
     * @return lowercase hex.
     */
    public static String hex(final byte[] digest)
    {
        final StringBuilder sb = new StringBuilder(digest.length * 2);
        for (final byte x : digest)
        {
            sb.append(Character.forDigit((x >>> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }
}
