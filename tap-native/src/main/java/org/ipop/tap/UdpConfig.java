package org.ipop.tap;

/** How to open and bind a UDP socket. {@link #conclude()} validates once, before any system call. */
public final class UdpConfig
{
    /** Default {@link #maxDatagramLength()}: room for an MTU 1500 frame and the overlay's headers. */
    public static final int DEFAULT_MAX_DATAGRAM_LENGTH = 2048;

    /** Largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65507;

    private int bindAddress;
    private int port;
    private int receiveBufferSize = 4 * 1024 * 1024;
    private int sendBufferSize = 4 * 1024 * 1024;
    private int maxDatagramLength = DEFAULT_MAX_DATAGRAM_LENGTH;

    /** @param ipv4 address as {@code (a << 24) | ... | d}; 0 binds all addresses. */
    public UdpConfig bindAddress(final int ipv4)
    {
        this.bindAddress = ipv4;
        return this;
    }

    /** @param port 0..65535; 0 lets the kernel pick one. */
    public UdpConfig port(final int port)
    {
        this.port = port;
        return this;
    }

    public UdpConfig receiveBufferSize(final int bytes)
    {
        this.receiveBufferSize = bytes;
        return this;
    }

    public UdpConfig sendBufferSize(final int bytes)
    {
        this.sendBufferSize = bytes;
        return this;
    }

    /**
     * @param bytes the largest payload received whole; each datagram of a receive batch needs a slot of
     *              {@code DatagramBatchDescriptor.recordLength(bytes)}, longer datagrams arrive cut and
     *              flagged {@link DatagramBatchDescriptor#FLAG_TRUNCATED}. 1..{@value #MAX_UDP_PAYLOAD}.
     */
    public UdpConfig maxDatagramLength(final int bytes)
    {
        this.maxDatagramLength = bytes;
        return this;
    }

    public int bindAddress()
    {
        return bindAddress;
    }

    public int port()
    {
        return port;
    }

    public int receiveBufferSize()
    {
        return receiveBufferSize;
    }

    public int sendBufferSize()
    {
        return sendBufferSize;
    }

    public int maxDatagramLength()
    {
        return maxDatagramLength;
    }

    /**
     * @return this.
     * @throws IllegalArgumentException naming the bad setting and value.
     */
    public UdpConfig conclude()
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("UDP port must be 0..65535, got: " + port);
        }
        if (receiveBufferSize <= 0 || sendBufferSize <= 0)
        {
            throw new IllegalArgumentException(
                "UDP buffer sizes must be positive, got: rcv=" + receiveBufferSize + " snd=" + sendBufferSize);
        }
        if (maxDatagramLength <= 0 || maxDatagramLength > MAX_UDP_PAYLOAD)
        {
            throw new IllegalArgumentException(
                "UDP max datagram length must be 1.." + MAX_UDP_PAYLOAD + ", got: " + maxDatagramLength);
        }
        return this;
    }
}
