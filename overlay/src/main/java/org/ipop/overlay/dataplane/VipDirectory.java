package org.ipop.overlay.dataplane;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.node.ControlTransport;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dns.NameCallback;
import org.ipop.overlay.service.dns.NameResolver;

/**
 * Which node holds which virtual IP and hostname, spread by gossip over the overlay's connections: every
 * {@link #GOSSIP_INTERVAL_NS} each node sends its own record and the freshest records it knows to every
 * connection; records carry their remaining lifetime and vanish {@link #RECORD_TTL_NS} after their owner
 * stopped refreshing them. This stands in for the DHT records ({@code dhcp:<ns>:<ip>}, hostnames) until the
 * DHT lands: same answers for ARP, DNS and routing, weaker consistency (two nodes claiming one address are
 * resolved in favour of the smaller overlay address, and counted).
 * <p>
 * Wire layout of an announcement (sent as a control message; the first byte tells it from the overlay's
 * own frames, whose first byte is the version 1):
 * <pre>
 *   0        1        2        3
 *  +--------+--------+--------+--------+
 *  | 0x7E   | type 1 | count  | 0      |
 *  +--------+--------+--------+--------+
 *  | count x: node address (20) | vip (4) | remaining ms (4) | name length (1) | name (0..63)
 * </pre>
 * Thread: the control-plane thread only.
 */
public final class VipDirectory implements VirtualIpResolver, NameResolver
{
    /** First byte of a directory message. */
    public static final byte MAGIC = 0x7E;
    /** Message type: announcement. */
    public static final byte TYPE_ANNOUNCE = 1;
    /** How often records are sent to every connection. */
    public static final long GOSSIP_INTERVAL_NS = 2_000_000_000L;
    /** How long a record lives without a refresh from its owner. */
    public static final long RECORD_TTL_NS = 20_000_000_000L;

    private static final int HEADER_LENGTH = 4;
    private static final int MAX_NAME_LENGTH = 63;
    private static final int MAX_ENTRY_LENGTH = Address.LENGTH + 4 + 4 + 1 + MAX_NAME_LENGTH;

    /**
     * One record.
     *
     * @param vip       the virtual IPv4 address.
     * @param node      the overlay address of its holder.
     * @param hostname  the holder's hostname, or empty.
     * @param expiresNs when it expires on this node's clock.
     */
    public record Entry(int vip, Address node, String hostname, long expiresNs)
    {
    }

    private final Address self;
    private final ControlTransport transport;
    private final int maxMessageLength;
    private final Map<Integer, Entry> byVip = new HashMap<>();
    private final UnsafeBuffer sendBuffer;
    private int selfVip;
    private String selfHostname = "";
    private long nextGossipNs;
    private long messagesIn;
    private long conflicts;
    private boolean heardFromPeer;

    /**
     * @param self             this node's overlay address.
     * @param transport        how announcements are sent.
     * @param maxMessageLength largest control message the transport accepts.
     */
    public VipDirectory(final Address self, final ControlTransport transport, final int maxMessageLength)
    {
        this.self = self;
        this.transport = transport;
        this.maxMessageLength = Math.min(maxMessageLength, 1200);
        this.sendBuffer = new UnsafeBuffer(new byte[this.maxMessageLength]);
    }

    /** Sets this node's own record (vip 0: none yet); announced from the next gossip round. */
    public void setSelf(final int vip, final String hostname)
    {
        selfVip = vip;
        if (hostname != null && !hostname.isEmpty())
        {
            selfHostname = hostname.length() > MAX_NAME_LENGTH ? hostname.substring(0, MAX_NAME_LENGTH) : hostname;
        }
        byVip.remove(vip);
        nextGossipNs = 0;
    }

    /** @return this node's virtual IP, 0 when it has none yet. */
    public int selfVip()
    {
        return selfVip;
    }

    /** @return this node's hostname, empty when none. */
    public String selfHostname()
    {
        return selfHostname;
    }

    /** @return true once an announcement from another node arrived. */
    public boolean heardFromPeer()
    {
        return heardFromPeer;
    }

    /** @return the record of {@code vip} held by another node, or null. */
    public Entry entry(final int vip)
    {
        return byVip.get(vip);
    }

    /** @return true when {@code vip} is held by another node. */
    public boolean isTakenByOther(final int vip)
    {
        return byVip.containsKey(vip);
    }

    /** @return every record of other nodes, a copy. */
    public List<Entry> entries()
    {
        return new ArrayList<>(byVip.values());
    }

    /** @return announcements received. */
    public long messagesIn()
    {
        return messagesIn;
    }

    /** @return claims of one address by two nodes seen so far. */
    public long conflicts()
    {
        return conflicts;
    }

    @Override
    public int lookup(final int virtualIp)
    {
        if (virtualIp == selfVip)
        {
            return NOT_REMOTE;
        }
        return byVip.containsKey(virtualIp) ? REMOTE : UNKNOWN;
    }

    @Override
    public void resolve(final String hostname, final NameCallback callback)
    {
        if (!selfHostname.isEmpty() && selfHostname.equalsIgnoreCase(hostname) && selfVip != 0)
        {
            callback.onResolved(selfVip);
            return;
        }
        for (final Entry entry : byVip.values())
        {
            if (entry.hostname().equalsIgnoreCase(hostname))
            {
                callback.onResolved(entry.vip());
                return;
            }
        }
        callback.onNotFound();
    }

    /**
     * @return true when the message is a directory message (handled here), false when it belongs to the
     *         overlay.
     */
    public static boolean isDirectoryMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= HEADER_LENGTH && buffer.getByte(offset) == MAGIC;
    }

    /** Merges an announcement; malformed messages are ignored. */
    public void onMessage(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH || buffer.getByte(offset) != MAGIC || buffer.getByte(offset + 1) != TYPE_ANNOUNCE)
        {
            return;
        }
        messagesIn++;
        final int count = buffer.getByte(offset + 2) & 0xFF;
        int position = offset + HEADER_LENGTH;
        final int end = offset + length;
        for (int i = 0; i < count; i++)
        {
            if (position + Address.LENGTH + 9 > end)
            {
                return;
            }
            final Address node = Address.read(buffer, position);
            final int vip = buffer.getInt(position + Address.LENGTH, java.nio.ByteOrder.BIG_ENDIAN);
            final long remainingMs = buffer.getInt(position + Address.LENGTH + 4, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            final int nameLength = buffer.getByte(position + Address.LENGTH + 8) & 0xFF;
            position += Address.LENGTH + 9;
            if (nameLength > MAX_NAME_LENGTH || position + nameLength > end)
            {
                return;
            }
            final byte[] name = new byte[nameLength];
            buffer.getBytes(position, name);
            position += nameLength;
            merge(nowNs, node, vip, new String(name, StandardCharsets.US_ASCII),
                Math.min(remainingMs * 1_000_000L, RECORD_TTL_NS));
        }
    }

    private void merge(final long nowNs, final Address node, final int vip, final String hostname, final long remainingNs)
    {
        if (node.equals(self) || vip == 0 || remainingNs <= 0)
        {
            return;
        }
        heardFromPeer = true;
        if (vip == selfVip)
        {
            conflicts++;
            return;
        }
        final Entry existing = byVip.get(vip);
        final long expires = nowNs + remainingNs;
        if (existing != null && !existing.node().equals(node))
        {
            conflicts++;
            if (existing.node().compareTo(node) < 0)
            {
                return;
            }
        }
        if (existing == null || !existing.node().equals(node) || existing.expiresNs() - expires < 0)
        {
            removeOtherClaims(node, vip);
            byVip.put(vip, new Entry(vip, node, hostname, expires));
        }
    }

    private void removeOtherClaims(final Address node, final int vip)
    {
        final Iterator<Entry> it = byVip.values().iterator();
        while (it.hasNext())
        {
            final Entry entry = it.next();
            if (entry.node().equals(node) && entry.vip() != vip)
            {
                it.remove();
            }
        }
    }

    /**
     * Expires records and, when due, announces to every connection of {@code table}.
     *
     * @return work done.
     */
    public int doWork(final long nowNs, final ConnectionTable table)
    {
        byVip.values().removeIf(entry -> entry.expiresNs() - nowNs <= 0);
        if (nowNs - nextGossipNs < 0)
        {
            return 0;
        }
        nextGossipNs = nowNs + GOSSIP_INTERVAL_NS;
        final int length = encode(nowNs);
        if (length == 0)
        {
            return 0;
        }
        int sent = 0;
        for (int i = 0, size = table.size(); i < size; i++)
        {
            final Connection c = table.get(i);
            final long t = c.transport();
            if (t != TransportAddress.NONE &&
                transport.sendControl(TransportAddress.ip(t), TransportAddress.port(t), sendBuffer, 0, length))
            {
                sent++;
            }
        }
        return sent;
    }

    private int encode(final long nowNs)
    {
        int count = 0;
        int position = HEADER_LENGTH;
        if (selfVip != 0)
        {
            position = putEntry(position, self, selfVip, RECORD_TTL_NS, selfHostname);
            count++;
        }
        for (final Entry entry : byVip.values())
        {
            if (count == 255 || position + MAX_ENTRY_LENGTH > maxMessageLength)
            {
                break;
            }
            position = putEntry(position, entry.node(), entry.vip(), entry.expiresNs() - nowNs, entry.hostname());
            count++;
        }
        if (count == 0)
        {
            return 0;
        }
        sendBuffer.putByte(0, MAGIC);
        sendBuffer.putByte(1, TYPE_ANNOUNCE);
        sendBuffer.putByte(2, (byte)count);
        sendBuffer.putByte(3, (byte)0);
        return position;
    }

    private int putEntry(final int position, final Address node, final int vip, final long remainingNs, final String name)
    {
        node.write(sendBuffer, position);
        sendBuffer.putInt(position + Address.LENGTH, vip, java.nio.ByteOrder.BIG_ENDIAN);
        sendBuffer.putInt(position + Address.LENGTH + 4, (int)Math.max(1, remainingNs / 1_000_000L), java.nio.ByteOrder.BIG_ENDIAN);
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        sendBuffer.putByte(position + Address.LENGTH + 8, (byte)bytes.length);
        sendBuffer.putBytes(position + Address.LENGTH + 9, bytes);
        return position + Address.LENGTH + 9 + bytes.length;
    }
}
