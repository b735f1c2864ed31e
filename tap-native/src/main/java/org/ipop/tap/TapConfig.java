package org.ipop.tap;

/**
 * How to open and configure a TAP device. Fluent setters; {@link #conclude()} validates once, before
 * any system call (e.g. a name longer than IFNAMSIZ - 1 is rejected here).
 */
public final class TapConfig
{
    /** IFNAMSIZ (16) minus the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;

    /** Bytes a frame adds to its IP packet: an Ethernet header (14) and one 802.1Q tag (4). */
    public static final int ETHERNET_OVERHEAD = 18;

    /** Bytes reserved for the {@code virtio_net_hdr} a vnet-header device puts before each frame. */
    public static final int VNET_HEADER_LENGTH = 12;

    private String name = "ipop0";
    private int mtu = 1400;
    private byte[] mac;
    private int ipv4;
    private int prefixLength = -1;
    private boolean vnetHeader;
    private boolean multiQueue;
    private boolean up = true;

    public TapConfig name(final String name)
    {
        this.name = name;
        return this;
    }

    public TapConfig mtu(final int mtu)
    {
        this.mtu = mtu;
        return this;
    }

    /** @param mac six bytes, or null to keep the kernel's random one. */
    public TapConfig mac(final byte[] mac)
    {
        this.mac = mac;
        return this;
    }

    /** @param ipv4 address as {@code (a << 24) | (b << 16) | (c << 8) | d}; prefix -1 leaves it unset. */
    public TapConfig ipv4(final int ipv4, final int prefixLength)
    {
        this.ipv4 = ipv4;
        this.prefixLength = prefixLength;
        return this;
    }

    public TapConfig vnetHeader(final boolean vnetHeader)
    {
        this.vnetHeader = vnetHeader;
        return this;
    }

    public TapConfig multiQueue(final boolean multiQueue)
    {
        this.multiQueue = multiQueue;
        return this;
    }

    public TapConfig up(final boolean up)
    {
        this.up = up;
        return this;
    }

    public String name()
    {
        return name;
    }

    public int mtu()
    {
        return mtu;
    }

    public byte[] mac()
    {
        return mac;
    }

    public int ipv4()
    {
        return ipv4;
    }

    public int prefixLength()
    {
        return prefixLength;
    }

    public boolean vnetHeader()
    {
        return vnetHeader;
    }

    public boolean multiQueue()
    {
        return multiQueue;
    }

    public boolean up()
    {
        return up;
    }

    /**
     * @return the largest frame, in bytes, a read from the device can return: MTU + {@link #ETHERNET_OVERHEAD}
     *         (+ {@link #VNET_HEADER_LENGTH} with a vnet header). A read batch needs room for a record of
     *         this size: {@code FrameBatchDescriptor.recordLength(maxFrameLength())}.
     */
    public int maxFrameLength()
    {
        return mtu + ETHERNET_OVERHEAD + (vnetHeader ? VNET_HEADER_LENGTH : 0);
    }

    /**
     * Validates the settings.
     *
     * @return this.
     * @throws IllegalArgumentException naming the bad setting and value.
     */
    public TapConfig conclude()
    {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException(
                "TAP name must be 1.." + MAX_NAME_LENGTH + " characters (IFNAMSIZ), got: " + name);
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c <= ' ' || c == '/' || c == ':' || c > '~')
            {
                throw new IllegalArgumentException("TAP name has an invalid character: " + name);
            }
        }
        if (mtu < 68 || mtu > 65521)
        {
            throw new IllegalArgumentException("TAP mtu must be 68..65521, got: " + mtu);
        }
        if (mac != null && mac.length != 6)
        {
            throw new IllegalArgumentException("TAP mac must be 6 bytes, got: " + mac.length);
        }
        if (prefixLength < -1 || prefixLength > 32)
        {
            throw new IllegalArgumentException("TAP prefix length must be 0..32 (or -1 for none), got: " + prefixLength);
        }
        return this;
    }
}
