package org.ipop.overlay.namespace;

import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.frame.Ipv4Address;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A namespace's configuration, itself a DHT record under {@link IpopKeys#namespace}: the subnet, the lease time and
 * the reserved addresses (gateway, DNS, anything not to hand out). Immutable.
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  |  version = 1  | prefix length |       reserved count          |  0
 *  +---------------+---------------+-------------------------------+
 *  |                       network address                         |  4
 *  +---------------------------------------------------------------+
 *  |                       lease seconds                           |  8
 *  +---------------------------------------------------------------+
 *  |                  reserved addresses (4 each)                  | 12
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class NamespaceConfig
{
    /** Most reserved addresses (the record must fit a DHT value). */
    public static final int MAX_RESERVED = 200;

    private final String name;
    private final int network;
    private final int prefixLength;
    private final int leaseSeconds;
    private final int[] reserved;

    /**
     * @param name         namespace name (letters, digits, hyphen, dot; at most 64 characters).
     * @param network      network address.
     * @param prefixLength prefix length, 8 to 30.
     * @param leaseSeconds lease time, at least 10 s.
     * @param reserved     addresses never handed out (the network and broadcast addresses never are).
     */
    public NamespaceConfig(
        final String name, final int network, final int prefixLength, final int leaseSeconds, final int... reserved)
    {
        if (name == null || name.isEmpty() || name.length() > 64 || !name.matches("[A-Za-z0-9.-]+"))
        {
            throw new IllegalArgumentException("bad namespace name: " + name);
        }
        if (prefixLength < 8 || prefixLength > 30)
        {
            throw new IllegalArgumentException("prefix length must be 8..30: " + prefixLength);
        }
        if (leaseSeconds < 10)
        {
            throw new IllegalArgumentException("lease must be at least 10 s: " + leaseSeconds);
        }
        if (reserved.length > MAX_RESERVED)
        {
            throw new IllegalArgumentException("too many reserved addresses: " + reserved.length);
        }
        this.name = name;
        this.prefixLength = prefixLength;
        this.network = network & mask();
        this.leaseSeconds = leaseSeconds;
        this.reserved = reserved.clone();
        Arrays.sort(this.reserved);
    }

    /**
     * The configuration matching the TAP services' settings: their subnet, with the virtual gateway, DNS and router
     * addresses reserved.
     *
     * @param name         namespace name.
     * @param context      concluded TAP services settings.
     * @param leaseSeconds lease time.
     * @return the configuration.
     */
    public static NamespaceConfig of(final String name, final TapServicesContext context, final int leaseSeconds)
    {
        final int[] reserved = context.routerIp() != 0 ?
            new int[] {context.gatewayIp(), context.dnsIp(), context.routerIp()} :
            new int[] {context.gatewayIp(), context.dnsIp()};
        return new NamespaceConfig(name, context.networkAddress(), context.prefixLength(), leaseSeconds,
            Arrays.stream(reserved).distinct().toArray());
    }

    /** @return the namespace name. */
    public String name()
    {
        return name;
    }

    /** @return the network address. */
    public int network()
    {
        return network;
    }

    /** @return the prefix length. */
    public int prefixLength()
    {
        return prefixLength;
    }

    /** @return the netmask. */
    public int mask()
    {
        return (int)(0xFFFF_FFFFL << (32 - prefixLength));
    }

    /** @return lease time in seconds (the TTL of lease records). */
    public int leaseSeconds()
    {
        return leaseSeconds;
    }

    /** @return reserved addresses, sorted (a copy). */
    public int[] reserved()
    {
        return reserved.clone();
    }

    /** @return addresses in the subnet, network and broadcast included. */
    public int size()
    {
        return 1 << (32 - prefixLength);
    }

    /**
     * @param ip an IPv4 address.
     * @return true if it is a host address of the subnet and not reserved.
     */
    public boolean assignable(final int ip)
    {
        if ((ip & mask()) != network)
        {
            return false;
        }
        final int host = ip & ~mask();
        return host != 0 && host != ~mask() && Arrays.binarySearch(reserved, ip) < 0;
    }

    /** @return the record's value bytes. */
    public byte[] encode()
    {
        final ByteBuffer b = ByteBuffer.allocate(12 + 4 * reserved.length);
        b.put((byte)1).put((byte)prefixLength).putShort((short)reserved.length).putInt(network).putInt(leaseSeconds);
        for (final int r : reserved)
        {
            b.putInt(r);
        }
        return b.array();
    }

    /**
     * @param name  namespace name.
     * @param value record value.
     * @return the configuration, or null if the value is not a valid encoding.
     */
    public static NamespaceConfig decode(final String name, final byte[] value)
    {
        if (value.length < 12 || value[0] != 1)
        {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(value);
        b.get();
        final int prefix = b.get() & 0xFF;
        final int count = b.getShort() & 0xFFFF;
        if (value.length != 12 + 4 * count || count > MAX_RESERVED)
        {
            return null;
        }
        final int network = b.getInt();
        final int lease = b.getInt();
        final int[] reserved = new int[count];
        for (int i = 0; i < count; i++)
        {
            reserved[i] = b.getInt();
        }
        try
        {
            return new NamespaceConfig(name, network, prefix, lease, reserved);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof NamespaceConfig && name.equals(((NamespaceConfig)o).name) &&
            Arrays.equals(encode(), ((NamespaceConfig)o).encode());
    }

    @Override
    public int hashCode()
    {
        return name.hashCode() * 31 + Arrays.hashCode(encode());
    }

    @Override
    public String toString()
    {
        return name + " " + Ipv4Address.toString(network) + "/" + prefixLength + " lease " + leaseSeconds + " s, " +
            reserved.length + " reserved";
    }
}
